package org.daybreak.hdf5.filter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/** HDF5 filter 307 (bzip2): a plain bzip2 stream, decoded with commons-compress. */
final class Bzip2Filter implements ChunkFilter {
    @Override
    public int id() {
        return 307;
    }

    @Override
    public String name() {
        return "bzip2";
    }

    @Override
    public byte[] decode(byte[] in, int[] clientData, int expectedSize) throws IOException {
        try (InputStream s = new BZip2CompressorInputStream(new ByteArrayInputStream(in), true)) {
            return s.readAllBytes();
        } catch (IOException e) {
            throw Filters.corrupt("bzip2", e.getMessage());
        }
    }
}
