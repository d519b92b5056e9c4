package org.daybreak.hdf5.filter;

import java.io.IOException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** HDF5 filter 1 (deflate): a zlib stream (RFC 1950), decoded with {@link Inflater} straight into the output. */
final class DeflateFilter implements ChunkFilter {
    @Override
    public int id() {
        return 1;
    }

    @Override
    public String name() {
        return "deflate";
    }

    @Override
    public byte[] decode(byte[] in, int[] clientData, int expectedSize) throws IOException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(in);
            byte[] out = new byte[expectedSize > 0 ? expectedSize : Math.max(64, in.length * 4)];
            int n = 0;
            while (!inf.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw Filters.corrupt("deflate", "the stream ends early after " + n + " bytes");
                }
                n += k;
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw Filters.corrupt("deflate", e.getMessage());
        } finally {
            inf.end();
        }
    }
}
