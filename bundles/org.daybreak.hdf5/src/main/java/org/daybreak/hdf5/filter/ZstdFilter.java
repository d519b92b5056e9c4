package org.daybreak.hdf5.filter;

import java.io.IOException;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;

/** HDF5 filter 32015 (Zstandard): one zstd frame per chunk, decoded with zstd-jni. */
final class ZstdFilter implements ChunkFilter {
    @Override
    public int id() {
        return 32015;
    }

    @Override
    public String name() {
        return "zstd";
    }

    @Override
    public byte[] decode(byte[] in, int[] clientData, int expectedSize) throws IOException {
        return decompress(in, 0, in.length, expectedSize, "zstd");
    }

    /** Decodes one zstd frame of {@code length} bytes; {@code size} is the decoded size or -1 (read from the frame). */
    static byte[] decompress(byte[] in, int offset, int length, int size, String filter) throws IOException {
        try {
            long n = size >= 0 ? size : Zstd.getFrameContentSize(in, offset, length);
            if (n < 0 || n > Integer.MAX_VALUE - 8) {
                throw Filters.corrupt(filter, "the zstd frame does not state a usable decoded size");
            }
            byte[] out = new byte[(int) n];
            long got = Zstd.decompressByteArray(out, 0, out.length, in, offset, length);
            if (got != n) {
                throw Filters.corrupt(filter, "a zstd frame decodes to " + got + " bytes instead of " + n);
            }
            return out;
        } catch (ZstdException e) {
            throw Filters.corrupt(filter, e.getMessage());
        }
    }
}
