package org.daybreak.hdf5.filter;

import java.io.IOException;

/** HDF5 filter 1 (deflate): a zlib stream (RFC 1950), decoded by {@link Inflate} straight into the output. */
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
        return Inflate.inflate(in, expectedSize);
    }
}
