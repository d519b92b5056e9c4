package org.daybreak.hdf5.filter;

import java.io.IOException;

/**
 * HDF5 filter 4 (szip): the Adaptive Entropy Coder (Rice coding) of CCSDS 121.0-B-2, "Lossless Data
 * Compression", as HDF5 stores it through the szip interface (the original SZIP library, or libaec's
 * compatible implementation of it). An independent decoder written from the CCSDS document and the stream
 * conventions of HDF5's filter and of libaec's szip interface:
 *
 * <ul>
 * <li>the chunk starts with the decoded size (4 bytes, little-endian); the coded stream follows;</li>
 * <li>client data: options mask, pixels per block J, bits per pixel, pixels per scanline (HDF5's order); mask
 * bit 16 = samples big-endian (MSB), 32 = nearest-neighbour preprocessing (NN);</li>
 * <li>32- and 64-bit pixels are coded as 8-bit samples of the byte-interleaved chunk (all first bytes, then all
 * second bytes...), other widths as samples of their own width (1, 2 or 4 bytes in the output);</li>
 * <li>a reference sample interval (RSI) is one scanline, ceil(scanline / J) blocks; a scanline that J does not
 * divide is padded to whole blocks, and the padding is dropped after decoding;</li>
 * <li>each block starts with an option id of 3 (samples up to 8 bits), 4 (up to 16) or 5 bits: 0 low entropy
 * (next bit 0: a run of zero blocks, 1: second extension), all ones: uncompressed, k + 1: split samples with k
 * low bits; with NN the first block of every RSI carries a raw reference sample, and the other samples are
 * mapped prediction residuals (CCSDS 121.0-B-2, section 4).</li>
 * </ul>
 */
final class SzipFilter implements ChunkFilter {
    /** Remainder-of-segment code of the zero-block option (CCSDS 121.0-B-2, table 5-4). */
    private static final int ROS = 5;
    private static final int OPTION_MSB = 16;
    private static final int OPTION_NN = 32;

    @Override
    public int id() {
        return 4;
    }

    @Override
    public String name() {
        return "szip";
    }

    @Override
    public byte[] decode(byte[] in, int[] clientData, int expectedSize) throws IOException {
        if (clientData == null || clientData.length < 4) {
            throw Filters.corrupt("szip", "the filter needs 4 parameters, the file gives "
                    + (clientData == null ? 0 : clientData.length));
        }
        int mask = clientData[0];
        int block = clientData[1];
        int bitsPerPixel = clientData[2];
        int scanline = clientData[3];
        if (block < 2 || block > 64 || (block & 1) != 0 || scanline < 1 || bitsPerPixel < 1
                || bitsPerPixel > 32 && bitsPerPixel != 64) {
            throw Filters.corrupt("szip", "unsupported parameters (pixels per block " + block + ", bits per pixel "
                    + bitsPerPixel + ", pixels per scanline " + scanline + ")");
        }
        if (in.length < 4) {
            throw Filters.corrupt("szip", "the chunk is shorter than its 4-byte size header");
        }
        long size = Filters.readIntLE(in, 0) & 0xffffffffL;
        if (expectedSize >= 0 && size != expectedSize || size > Integer.MAX_VALUE - 8) {
            throw Filters.corrupt("szip", "the chunk says it holds " + size + " bytes"
                    + (expectedSize >= 0 ? ", the dataset needs " + expectedSize : ""));
        }
        boolean interleaved = bitsPerPixel == 32 || bitsPerPixel == 64;
        int bits = interleaved ? 8 : bitsPerPixel;
        int bytesPerSample = bits > 16 ? 4 : bits > 8 ? 2 : 1;
        boolean msb = (mask & OPTION_MSB) != 0;
        boolean nn = (mask & OPTION_NN) != 0;
        int n = (int) size;
        if (n % bytesPerSample != 0) {
            throw Filters.corrupt("szip", "the decoded size " + n + " is not a whole number of " + bytesPerSample
                    + "-byte samples");
        }
        byte[] out = new byte[n];
        new Decoder(in, bits, block, scanline, nn).decode(out, n / bytesPerSample, bytesPerSample, msb);
        if (interleaved) {
            int word = bitsPerPixel / 8;
            if (n % word != 0) {
                throw Filters.corrupt("szip", "the decoded size " + n + " is not a whole number of " + word
                        + "-byte pixels");
            }
            byte[] words = new byte[n];
            int count = n / word;
            for (int j = 0; j < word; j++) {
                for (int i = 0; i < count; i++) {
                    words[i * word + j] = out[j * count + i];
                }
            }
            out = words;
        }
        return out;
    }

    /** One chunk's coded stream; samples are decoded one reference sample interval (scanline) at a time. */
    private static final class Decoder {
        private final byte[] in;
        private int pos = 4;
        private long acc;
        private int avail; // valid low bits of acc

        private final int bits;
        private final int block;
        private final int scanline;
        private final int blocksPerRsi;
        private final boolean nn;
        private final int idLength;
        private final long xmax;

        Decoder(byte[] in, int bits, int block, int scanline, boolean nn) {
            this.in = in;
            this.bits = bits;
            this.block = block;
            this.scanline = scanline;
            this.blocksPerRsi = (scanline + block - 1) / block;
            this.nn = nn;
            this.idLength = bits > 16 ? 5 : bits > 8 ? 4 : 3;
            this.xmax = (1L << bits) - 1;
        }

        void decode(byte[] out, int samples, int bytesPerSample, boolean msb) throws IOException {
            long[] rsi = new long[blocksPerRsi * block];
            int done = 0;
            while (done < samples) {
                int wanted = Math.min(scanline, samples - done);
                // the stream of the last scanline may end early (the encoder stops with the data); decode only the
                // blocks that hold wanted samples
                int filled = decodeRsi(rsi, wanted);
                if (nn) {
                    unmap(rsi, filled);
                }
                for (int i = 0; i < wanted; i++) {
                    put(out, (done + i) * bytesPerSample, rsi[i], bytesPerSample, msb);
                }
                done += wanted;
            }
        }

        /** Decodes the blocks of one RSI that cover its first {@code wanted} samples; returns the samples decoded. */
        private int decodeRsi(long[] rsi, int wanted) throws IOException {
            int p = 0;
            int b = 0;
            while (b < blocksPerRsi && p < wanted) {
                boolean ref = nn && b == 0;
                int id = (int) read(idLength);
                if (id == 0) {
                    boolean secondExtension = read(1) == 1;
                    if (ref) {
                        rsi[p++] = read(bits);
                    }
                    if (secondExtension) {
                        p = secondExtension(rsi, p, ref);
                        b++;
                    } else {
                        int zeroBlocks = (int) Math.min(readFs(), Integer.MAX_VALUE - 1) + 1;
                        if (zeroBlocks == ROS) {
                            zeroBlocks = Math.min(blocksPerRsi - b, 64 - (b % 64));
                        } else if (zeroBlocks > ROS) {
                            zeroBlocks--;
                        }
                        if (zeroBlocks > blocksPerRsi - b) {
                            throw Filters.corrupt("szip", "a run of " + zeroBlocks + " zero blocks passes the end of"
                                    + " its scanline");
                        }
                        int end = (b + zeroBlocks) * block;
                        while (p < end) {
                            rsi[p++] = 0;
                        }
                        b += zeroBlocks;
                    }
                } else if (id == (1 << idLength) - 1) {
                    for (int i = 0; i < block; i++) {
                        rsi[p++] = read(bits);
                    }
                    b++;
                } else {
                    int k = id - 1;
                    if (k >= bits) {
                        throw Filters.corrupt("szip", "block option " + id + " does not fit " + bits + "-bit samples");
                    }
                    if (ref) {
                        rsi[p++] = read(bits);
                    }
                    int start = p;
                    int end = (b + 1) * block;
                    for (int i = start; i < end; i++) {
                        rsi[i] = readFs() << k;
                    }
                    if (k > 0) {
                        for (int i = start; i < end; i++) {
                            rsi[i] += read(k);
                        }
                    }
                    p = end;
                    b++;
                }
            }
            return p;
        }

        /** The second-extension option: pairs (a, b) coded as one fundamental sequence of (a+b)(a+b+1)/2 + b. */
        private int secondExtension(long[] rsi, int p, boolean ref) throws IOException {
            int end = p - (ref ? 1 : 0) + block;
            int i = ref ? 1 : 0; // with a reference sample the first pair has only its second member
            while (i < block) {
                long m = readFs();
                // sum s = a + b is the largest with s(s+1)/2 <= m
                long s = (long) ((Math.sqrt(8.0 * m + 1) - 1) / 2);
                while (s * (s + 1) / 2 > m) {
                    s--;
                }
                while ((s + 1) * (s + 2) / 2 <= m) {
                    s++;
                }
                long second = m - s * (s + 1) / 2;
                if ((i & 1) == 0) {
                    rsi[p++] = s - second;
                    i++;
                }
                rsi[p++] = second;
                i++;
            }
            if (p != end) {
                throw Filters.corrupt("szip", "a second-extension block has the wrong length");
            }
            return p;
        }

        /**
         * Undoes the unit-delay prediction and the mapping of residuals to non-negative numbers (CCSDS 121.0-B-2,
         * 4.3): the first sample of the RSI is the reference, each following one a mapped difference from its
         * predecessor, bounded by [0, xmax].
         */
        private void unmap(long[] rsi, int count) {
            if (count == 0) {
                return;
            }
            long x = rsi[0];
            long med = xmax / 2 + 1;
            for (int i = 1; i < count; i++) {
                long d = rsi[i];
                long half = (d + 1) >> 1;
                if (x < med) {
                    x = half <= x ? ((d & 1) != 0 ? x - half : x + half) : d;
                } else {
                    x = half <= xmax - x ? ((d & 1) != 0 ? x - half : x + half) : xmax - d;
                }
                rsi[i] = x;
            }
        }

        private static void put(byte[] out, int at, long v, int bytes, boolean msb) {
            for (int i = 0; i < bytes; i++) {
                int shift = msb ? 8 * (bytes - 1 - i) : 8 * i;
                out[at + i] = (byte) (v >>> shift);
            }
        }

        /** The next n bits (n <= 32), most significant first. */
        private long read(int n) throws IOException {
            while (avail < n) {
                refill();
            }
            avail -= n;
            return (acc >>> avail) & ((1L << n) - 1);
        }

        /** A fundamental sequence: the number of 0 bits before the next 1 bit. */
        private long readFs() throws IOException {
            long zeros = 0;
            while (true) {
                long v = avail == 0 ? 0 : acc & ((1L << avail) - 1);
                if (v != 0) {
                    int top = 63 - Long.numberOfLeadingZeros(v);
                    zeros += avail - 1 - top;
                    avail = top;
                    return zeros;
                }
                zeros += avail;
                avail = 0;
                refill();
            }
        }

        private void refill() throws IOException {
            if (pos >= in.length) {
                throw Filters.corrupt("szip", "the coded stream ends early");
            }
            acc = (acc << 8) | (in[pos++] & 0xff);
            avail += 8;
        }
    }
}
