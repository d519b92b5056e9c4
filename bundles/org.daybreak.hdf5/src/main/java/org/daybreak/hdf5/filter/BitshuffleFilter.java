package org.daybreak.hdf5.filter;

import java.io.IOException;

import net.jpountz.lz4.LZ4Exception;

/**
 * HDF5 filter 32008 (bitshuffle, K. Masui, https://github.com/kiyo-masui/bitshuffle), with no compression, LZ4
 * or zstd. Client data: [2] element size, [3] block size in elements (0: default), [4] compression (0 none,
 * 2 LZ4, 3 zstd).
 *
 * <p>Compressed chunks start with a 12-byte header: the decoded size in bytes (8 bytes, big-endian) and the block
 * size in bytes (4 bytes, big-endian); then, per block, a 4-byte big-endian compressed size and the compressed
 * bit-shuffled block. The last block holds the remaining elements rounded down to a multiple of 8; the final
 * {@code n % 8} elements are stored verbatim at the end. Uncompressed chunks have no header and the same blocks
 * back to back. Unlike jHDF 0.13, every block including the short last one and the verbatim tail is decoded.
 */
final class BitshuffleFilter implements ChunkFilter {
    static final int TARGET_BLOCK_BYTES = 8192;
    static final int MIN_BLOCK = 128;

    @Override
    public int id() {
        return 32008;
    }

    @Override
    public String name() {
        return "bitshuffle";
    }

    static int defaultBlockSize(int elemSize) {
        int b = TARGET_BLOCK_BYTES / elemSize;
        b = (b / 8) * 8;
        return Math.max(b, MIN_BLOCK);
    }

    @Override
    public byte[] decode(byte[] in, int[] cd, int expectedSize) throws IOException {
        if (cd == null || cd.length < 3 || cd[2] <= 0) {
            throw new IOException("bitshuffle filter has no element size in its parameters");
        }
        int elemSize = cd[2];
        int blockSize = cd.length > 3 && cd[3] > 0 ? cd[3] : defaultBlockSize(elemSize);
        int compression = cd.length > 4 ? cd[4] : 0;
        int ip = 0;
        long total;
        if (compression != 0) {
            if (in.length < 12) {
                throw Filters.corrupt("bitshuffle", "the chunk is shorter than its 12-byte header");
            }
            total = Filters.readLongBE(in, 0);
            int blockBytes = Filters.readIntBE(in, 8);
            if (blockBytes <= 0 || blockBytes % elemSize != 0) {
                throw Filters.corrupt("bitshuffle", "the header gives a block size of " + blockBytes + " bytes");
            }
            blockSize = blockBytes / elemSize;
            ip = 12;
        } else {
            total = in.length;
        }
        if (total < 0 || total > Integer.MAX_VALUE - 8 || total % elemSize != 0) {
            throw Filters.corrupt("bitshuffle", "the decoded size " + total + " is not a whole number of "
                    + elemSize + "-byte elements");
        }
        if (compression != 0 && compression != 2 && compression != 3) {
            throw new IOException("bitshuffle compression " + compression + " is not supported (only LZ4 and zstd)");
        }
        int n = (int) (total / elemSize);
        byte[] out = new byte[(int) total];
        byte[] tmp = new byte[blockSize * elemSize];
        int done = 0;
        try {
            while (n - done >= 8) {
                int m = Math.min(blockSize, n - done);
                m -= m % 8;
                int bytes = m * elemSize;
                if (compression == 0) {
                    BitShuffle.unshuffle(in, ip, out, done * elemSize, m, elemSize);
                    ip += bytes;
                } else {
                    int c = Filters.readIntBE(in, ip);
                    ip += 4;
                    if (c < 0 || ip + c > in.length) {
                        throw Filters.corrupt("bitshuffle", "a block runs past the end of the chunk");
                    }
                    if (compression == 2) {
                        int got = Lz4Filter.Codec.LZ4.decompress(in, ip, c, tmp, 0, bytes);
                        if (got != bytes) {
                            throw Filters.corrupt("bitshuffle", "an LZ4 block decodes to " + got + " bytes, not "
                                    + bytes);
                        }
                        BitShuffle.unshuffle(tmp, 0, out, done * elemSize, m, elemSize);
                    } else {
                        byte[] d = ZstdFilter.decompress(in, ip, c, bytes, "bitshuffle");
                        BitShuffle.unshuffle(d, 0, out, done * elemSize, m, elemSize);
                    }
                    ip += c;
                }
                done += m;
            }
            int rest = (n - done) * elemSize;
            if (ip + rest > in.length) {
                throw Filters.corrupt("bitshuffle", "the chunk ends before its last " + (n - done) + " elements");
            }
            System.arraycopy(in, ip, out, done * elemSize, rest);
        } catch (LZ4Exception | ArrayIndexOutOfBoundsException e) {
            throw Filters.corrupt("bitshuffle", "a block cannot be decoded (" + e.getMessage() + ")");
        }
        return out;
    }
}
