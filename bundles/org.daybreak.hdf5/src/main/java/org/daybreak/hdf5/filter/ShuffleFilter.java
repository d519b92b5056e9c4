package org.daybreak.hdf5.filter;

/**
 * HDF5 filter 2 (byte shuffle). Client data [0] is the element size. The encoded form holds byte 0 of every
 * element, then byte 1 of every element, ...; bytes after the last whole element are stored unchanged at the end.
 */
final class ShuffleFilter implements ChunkFilter {
    @Override
    public int id() {
        return 2;
    }

    @Override
    public String name() {
        return "shuffle";
    }

    @Override
    public byte[] decode(byte[] in, int[] clientData, int expectedSize) {
        int size = clientData != null && clientData.length > 0 ? clientData[0] : 1;
        return unshuffle(in, size);
    }

    /** Inverse byte shuffle of a whole buffer with elements of {@code size} bytes. */
    static byte[] unshuffle(byte[] in, int size) {
        if (size <= 1 || in.length < size) {
            return in;
        }
        byte[] out = new byte[in.length];
        unshuffle(in, 0, out, 0, in.length, size);
        return out;
    }

    /** Inverse byte shuffle of {@code length} bytes from {@code in[inPos]} into {@code out[outPos]}. */
    static void unshuffle(byte[] in, int inPos, byte[] out, int outPos, int length, int size) {
        int n = length / size;
        if (size == 4) {
            int p0 = inPos;
            int p1 = inPos + n;
            int p2 = inPos + 2 * n;
            int p3 = inPos + 3 * n;
            for (int i = 0, o = outPos; i < n; i++, o += 4) {
                out[o] = in[p0 + i];
                out[o + 1] = in[p1 + i];
                out[o + 2] = in[p2 + i];
                out[o + 3] = in[p3 + i];
            }
        } else if (size == 2) {
            int p1 = inPos + n;
            for (int i = 0, o = outPos; i < n; i++, o += 2) {
                out[o] = in[inPos + i];
                out[o + 1] = in[p1 + i];
            }
        } else {
            for (int j = 0; j < size; j++) {
                int src = inPos + j * n;
                for (int i = 0, o = outPos + j; i < n; i++, o += size) {
                    out[o] = in[src + i];
                }
            }
        }
        int done = n * size;
        System.arraycopy(in, inPos + done, out, outPos + done, length - done);
    }
}
