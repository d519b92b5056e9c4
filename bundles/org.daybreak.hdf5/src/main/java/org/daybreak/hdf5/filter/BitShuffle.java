package org.daybreak.hdf5.filter;

/**
 * The bit transpose of K. Masui's bitshuffle (Masui et al. 2015, Astronomy and Computing 12, 181), undone.
 *
 * <p>Layout of a shuffled block of {@code n} elements ({@code n} a multiple of 8) of {@code size} bytes: for byte
 * {@code j} of the element and bit {@code b} of that byte (least significant first), a row of {@code n/8} bytes
 * whose byte {@code g} holds, in bit {@code m}, bit {@code b} of byte {@code j} of element {@code 8g+m}. Rows are
 * ordered by {@code j*8+b}. The fast path gathers the 8 rows of one byte position and transposes 8x8 bit squares
 * inside a {@code long}.
 */
public final class BitShuffle {
    private BitShuffle() {
    }

    /**
     * Undoes the bit transpose of {@code n} elements of {@code size} bytes, {@code n % 8 == 0}.
     */
    public static void unshuffle(byte[] in, int inPos, byte[] out, int outPos, int n, int size) {
        int rowLen = n >>> 3;
        for (int j = 0; j < size; j++) {
            int rowBase = inPos + j * 8 * rowLen;
            for (int g = 0; g < rowLen; g++) {
                int p = rowBase + g;
                long x = (in[p] & 0xffL)
                        | (in[p + rowLen] & 0xffL) << 8
                        | (in[p + 2 * rowLen] & 0xffL) << 16
                        | (in[p + 3 * rowLen] & 0xffL) << 24
                        | (in[p + 4 * rowLen] & 0xffL) << 32
                        | (in[p + 5 * rowLen] & 0xffL) << 40
                        | (in[p + 6 * rowLen] & 0xffL) << 48
                        | (in[p + 7 * rowLen] & 0xffL) << 56;
                x = transpose8(x);
                int o = outPos + (g << 3) * size + j;
                for (int m = 0; m < 8; m++) {
                    out[o] = (byte) x;
                    x >>>= 8;
                    o += size;
                }
            }
        }
    }

    /**
     * Transposes the 8x8 bit matrix held in a long (row r = byte r, column c = bit c of that byte): the result's
     * byte c bit r is the input's byte r bit c (Hacker's Delight, 2nd ed., section 7-3).
     */
    static long transpose8(long x) {
        long t = (x ^ (x >>> 7)) & 0x00AA00AA00AA00AAL;
        x = x ^ t ^ (t << 7);
        t = (x ^ (x >>> 14)) & 0x0000CCCC0000CCCCL;
        x = x ^ t ^ (t << 14);
        t = (x ^ (x >>> 28)) & 0x00000000F0F0F0F0L;
        x = x ^ t ^ (t << 28);
        return x;
    }
}
