package org.daybreak.hdf5.filter;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import net.jpountz.lz4.LZ4Exception;

/**
 * HDF5 filter 32001 (Blosc 1, https://github.com/Blosc/c-blosc; the frame format of its README_HEADER.rst).
 *
 * <p>A chunk is one Blosc buffer: a 16-byte header (version, codec version, flags, type size, then little-endian
 * decoded size, block size and compressed size), then, unless the buffer is a plain copy (flag 0x02, data right
 * after the header), one little-endian start offset per block. Each block is split into {@code typesize} streams
 * (when flag 0x10 is clear, the type size is at most 16, the block has at least 128 elements and it is not the
 * short last block) or kept whole; each stream is a little-endian compressed size and the data, stored raw when
 * that size equals the stream's decoded size. Codec (flags bits 5-7): 0 BloscLZ, 1 LZ4/LZ4HC, 3 zlib, 4 zstd;
 * Snappy (2) is not supported. After decoding, a block is byte-unshuffled (flag 0x01, type size above 1) or
 * bit-unshuffled (flag 0x04): format version 2 bit-unshuffles only blocks of a multiple of 8 elements, later
 * versions the largest multiple of 8 elements and copy the rest.
 */
final class BloscFilter implements ChunkFilter {
    @Override
    public int id() {
        return 32001;
    }

    @Override
    public String name() {
        return "blosc";
    }

    @Override
    public byte[] decode(byte[] in, int[] clientData, int expectedSize) throws IOException {
        if (in.length < 16) {
            throw Filters.corrupt("blosc", "the chunk is shorter than the 16-byte Blosc header");
        }
        int version = in[0] & 0xff;
        int flags = in[2] & 0xff;
        int typesize = in[3] & 0xff;
        int nbytes = Filters.readIntLE(in, 4);
        int blocksize = Filters.readIntLE(in, 8);
        int cbytes = Filters.readIntLE(in, 12);
        if (nbytes < 0 || cbytes > in.length || cbytes < 16 || typesize == 0) {
            throw Filters.corrupt("blosc", "the header gives " + nbytes + " decoded and " + cbytes
                    + " compressed bytes for a chunk of " + in.length + " bytes");
        }
        byte[] out = new byte[nbytes];
        if (nbytes == 0) {
            return out;
        }
        if ((flags & 0x02) != 0) {
            if (16 + nbytes > in.length) {
                throw Filters.corrupt("blosc", "the copied buffer is shorter than its stated size");
            }
            System.arraycopy(in, 16, out, 0, nbytes);
            return out;
        }
        if (blocksize <= 0) {
            throw Filters.corrupt("blosc", "the header gives a block size of " + blocksize);
        }
        int codec = (flags >>> 5) & 7;
        boolean byteShuffle = (flags & 0x01) != 0 && typesize > 1;
        boolean bitShuffle = (flags & 0x04) != 0 && blocksize >= typesize;
        boolean dontSplit = (flags & 0x10) != 0;
        int nblocks = nbytes / blocksize;
        int leftover = nbytes % blocksize;
        if (leftover > 0) {
            nblocks++;
        }
        if (16 + 4L * nblocks > in.length) {
            throw Filters.corrupt("blosc", "the block table runs past the end of the chunk");
        }
        byte[] tmp = new byte[blocksize];
        try {
            for (int j = 0; j < nblocks; j++) {
                int bsize = (j == nblocks - 1 && leftover > 0) ? leftover : blocksize;
                boolean leftoverBlock = j == nblocks - 1 && leftover > 0;
                int src = Filters.readIntLE(in, 16 + 4 * j);
                int nsplits = !dontSplit && typesize <= 16 && blocksize / typesize >= 128 && !leftoverBlock
                        ? typesize : 1;
                int neblock = bsize / nsplits;
                boolean filtered = byteShuffle || bitShuffle;
                byte[] dst = filtered ? tmp : out;
                int dpos = filtered ? 0 : j * blocksize;
                for (int s = 0; s < nsplits; s++) {
                    if (src < 0 || src + 4 > in.length) {
                        throw Filters.corrupt("blosc", "block " + j + " starts outside the chunk");
                    }
                    int c = Filters.readIntLE(in, src);
                    src += 4;
                    if (c < 0 || src + c > in.length) {
                        throw Filters.corrupt("blosc", "block " + j + " runs past the end of the chunk");
                    }
                    if (c == neblock) {
                        System.arraycopy(in, src, dst, dpos, neblock);
                    } else {
                        decodeStream(codec, in, src, c, dst, dpos, neblock);
                    }
                    src += c;
                    dpos += neblock;
                }
                int o = j * blocksize;
                if (byteShuffle) {
                    ShuffleFilter.unshuffle(tmp, 0, out, o, bsize, typesize);
                } else if (bitShuffle) {
                    int elems = bsize / typesize;
                    if (version <= 2) {
                        if (elems % 8 == 0) {
                            BitShuffle.unshuffle(tmp, 0, out, o, elems, typesize);
                        } else {
                            System.arraycopy(tmp, 0, out, o, bsize);
                        }
                    } else {
                        int m = elems - elems % 8;
                        BitShuffle.unshuffle(tmp, 0, out, o, m, typesize);
                        System.arraycopy(tmp, m * typesize, out, o + m * typesize, bsize - m * typesize);
                    }
                }
            }
        } catch (LZ4Exception e) {
            throw Filters.corrupt("blosc", "an LZ4 stream cannot be decoded (" + e.getMessage() + ")");
        }
        return out;
    }

    private static void decodeStream(int codec, byte[] in, int ip, int len, byte[] out, int op, int outLen)
            throws IOException {
        switch (codec) {
            case 0 -> BloscLz.decompress(in, ip, len, out, op, outLen);
            case 1 -> {
                int got = Lz4Filter.Codec.LZ4.decompress(in, ip, len, out, op, outLen);
                if (got != outLen) {
                    throw Filters.corrupt("blosc", "an LZ4 stream decodes to " + got + " bytes, not " + outLen);
                }
            }
            case 3 -> {
                Inflater inf = new Inflater();
                try {
                    inf.setInput(in, ip, len);
                    int n = 0;
                    while (n < outLen && !inf.finished()) {
                        int k = inf.inflate(out, op + n, outLen - n);
                        if (k == 0 && inf.needsInput()) {
                            break;
                        }
                        n += k;
                    }
                    if (n != outLen) {
                        throw Filters.corrupt("blosc", "a zlib stream decodes to " + n + " bytes, not " + outLen);
                    }
                } catch (DataFormatException e) {
                    throw Filters.corrupt("blosc", "a zlib stream cannot be decoded (" + e.getMessage() + ")");
                } finally {
                    inf.end();
                }
            }
            case 4 -> {
                byte[] d = ZstdFilter.decompress(in, ip, len, outLen, "blosc");
                System.arraycopy(d, 0, out, op, outLen);
            }
            case 2 -> throw new IOException("blosc data compressed with Snappy is not supported");
            default -> throw Filters.corrupt("blosc", "unknown codec " + codec);
        }
    }
}
