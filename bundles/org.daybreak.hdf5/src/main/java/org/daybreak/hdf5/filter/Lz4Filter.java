package org.daybreak.hdf5.filter;

import java.io.IOException;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * HDF5 filter 32004 (LZ4, the HDF Group's registered plugin): an 8-byte big-endian decoded size, a 4-byte
 * big-endian block size, then per block a 4-byte big-endian compressed size and the LZ4 block; a block whose
 * compressed size equals its decoded size is stored raw.
 */
final class Lz4Filter implements ChunkFilter {
    /** The LZ4 block decoder, created on first use (lz4-java loads its native library then). */
    static final class Codec {
        static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();

        private Codec() {
        }
    }

    @Override
    public int id() {
        return 32004;
    }

    @Override
    public String name() {
        return "lz4";
    }

    @Override
    public byte[] decode(byte[] in, int[] clientData, int expectedSize) throws IOException {
        if (in.length < 12) {
            throw Filters.corrupt("lz4", "the chunk is shorter than its 12-byte header");
        }
        long total = Filters.readLongBE(in, 0);
        int block = Filters.readIntBE(in, 8);
        if (total < 0 || total > Integer.MAX_VALUE - 8 || block <= 0) {
            throw Filters.corrupt("lz4", "the header gives a size of " + total + " bytes and blocks of " + block);
        }
        // LZ4 expands a byte of input to at most 255 bytes of output (a match length grows by 255 per extra byte),
        // so a header claiming more than that for this chunk is damaged: refused before allocating it (found by
        // H5FileFuzzTest: a small chunk claiming 2 GB cost seconds of CPU; fuzz/found/lz4-size-past-ratio.h5)
        if (total > 255L * in.length + 65536) {
            throw Filters.corrupt("lz4", "the header gives a size of " + total + " bytes, more than LZ4 can expand a "
                    + in.length + "-byte chunk to");
        }
        byte[] out = new byte[(int) total];
        int ip = 12;
        int op = 0;
        try {
            while (op < total) {
                int want = (int) Math.min(block, total - op);
                int c = Filters.readIntBE(in, ip);
                ip += 4;
                if (c < 0 || ip + c > in.length) {
                    throw Filters.corrupt("lz4", "a block runs past the end of the chunk");
                }
                if (c == want) {
                    System.arraycopy(in, ip, out, op, want);
                } else {
                    int got = Codec.LZ4.decompress(in, ip, c, out, op, want);
                    if (got != want) {
                        throw Filters.corrupt("lz4", "a block decodes to " + got + " bytes instead of " + want);
                    }
                }
                ip += c;
                op += want;
            }
        } catch (LZ4Exception | ArrayIndexOutOfBoundsException e) {
            throw Filters.corrupt("lz4", "a block cannot be decoded (" + e.getMessage() + ")");
        }
        return out;
    }
}
