package org.daybreak.hdf5.filter;

import java.io.IOException;
import java.util.Arrays;

/**
 * HDF5 filter 3 (Fletcher-32 checksum): the data followed by a 4-byte checksum. The checksum is verified; a
 * mismatch is an error, never a silent wrong value. The sum follows HDF5's {@code H5_checksum_fletcher32}: 16-bit
 * words taken big-endian, an odd last byte as the high byte of a word, stored little-endian; HDF5 also accepts
 * the byte-swapped sum written by 1.6.0-1.6.2, and so do we.
 */
final class Fletcher32Filter implements ChunkFilter {
    @Override
    public int id() {
        return 3;
    }

    @Override
    public String name() {
        return "fletcher32";
    }

    @Override
    public byte[] decode(byte[] in, int[] clientData, int expectedSize) throws IOException {
        if (in.length < 4) {
            throw Filters.corrupt("fletcher32", "the chunk is shorter than its checksum");
        }
        int n = in.length - 4;
        int sum = checksum(in, n);
        int stored = Filters.readIntLE(in, n);
        int reversed = ((sum & 0x00ff00ff) << 8) | ((sum >>> 8) & 0x00ff00ff);
        if (stored != sum && stored != reversed) {
            throw new IOException("fletcher32 checksum mismatch: the chunk is corrupt (stored "
                    + Integer.toHexString(stored) + ", computed " + Integer.toHexString(sum) + ")");
        }
        return Arrays.copyOf(in, n);
    }

    static int checksum(byte[] data, int length) {
        long sum1 = 0;
        long sum2 = 0;
        int words = length / 2;
        int p = 0;
        while (words > 0) {
            int t = Math.min(words, 360);
            words -= t;
            for (int k = 0; k < t; k++) {
                sum1 += ((data[p] & 0xff) << 8) | (data[p + 1] & 0xff);
                p += 2;
                sum2 += sum1;
            }
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        }
        if ((length & 1) != 0) {
            sum1 += (data[p] & 0xff) << 8;
            sum2 += sum1;
            sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
            sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        }
        sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
        return (int) ((sum2 << 16) | sum1);
    }
}
