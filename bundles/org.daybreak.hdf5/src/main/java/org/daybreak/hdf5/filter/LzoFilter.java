package org.daybreak.hdf5.filter;

import java.io.IOException;
import java.util.Arrays;

/**
 * HDF5 filter 305 (LZO, as PyTables writes it): an LZO1X stream, optionally followed by 8 bytes, the Adler-32
 * checksum of the decoded chunk and its length (both 4 bytes, little-endian), which PyTables appends for most
 * objects. An independent decoder of the LZO1X format as documented with the Linux kernel's LZO implementation
 * (Documentation/staging/lzo.rst):
 *
 * <ul>
 * <li>a first byte of 18..255 copies byte - 17 literals;</li>
 * <li>0000LLLL after a match that copied no literals: a run of 3 + L literals (L = 0: 15 plus a length
 * extension of 255 per zero byte and a final non-zero byte);</li>
 * <li>0000DDSS otherwise: a 2-byte match within 1 KiB (after 1..3 literals) or a 3-byte match 2..3 KiB back
 * (after a longer literal run), one distance byte H follows;</li>
 * <li>0001HLLL: a match 16..48 KiB back (distance 16384 exactly ends the stream), 001LLLLL: a match within
 * 16 KiB, each followed by a little-endian 16-bit distance whose low 2 bits S are trailing literals;</li>
 * <li>01LDDDSS and 1LLDDDSS: matches of 3..4 and 5..8 bytes within 2 KiB, with one distance byte;</li>
 * <li>after a match, S (0..3) literals follow directly.</li>
 * </ul>
 */
final class LzoFilter implements ChunkFilter {
    @Override
    public int id() {
        return 305;
    }

    @Override
    public String name() {
        return "lzo";
    }

    @Override
    public byte[] decode(byte[] in, int[] clientData, int expectedSize) throws IOException {
        Output out = new Output(expectedSize > 0 ? expectedSize : Math.max(64, in.length * 4),
                expectedSize >= 0 ? expectedSize : Integer.MAX_VALUE - 8);
        int end = decompress(in, out);
        int rest = in.length - end;
        byte[] data = out.bytes();
        if (rest == 8) {
            long checksum = Filters.readIntLE(in, end) & 0xffffffffL;
            long length = Filters.readIntLE(in, end + 4) & 0xffffffffL;
            if (length != data.length) {
                throw Filters.corrupt("lzo", "the chunk decodes to " + data.length + " bytes, its trailer says "
                        + length);
            }
            if (adler32(data) != checksum) {
                throw Filters.corrupt("lzo", "the Adler-32 checksum of the decoded chunk does not match");
            }
        } else if (rest != 0) {
            throw Filters.corrupt("lzo", rest + " bytes follow the end of the LZO stream");
        }
        if (expectedSize >= 0 && data.length != expectedSize) {
            throw Filters.corrupt("lzo", "the chunk decodes to " + data.length + " bytes, the dataset needs "
                    + expectedSize);
        }
        return data;
    }

    /** Decodes one LZO1X stream into out; returns the input position after its end marker. */
    static int decompress(byte[] in, Output out) throws IOException {
        int ip = 0;
        int n = in.length;
        int state = 0; // literals copied by the last instruction: 0, 1..3, or 4 for a longer run
        try {
            if (n > 0 && (in[0] & 0xff) > 17) {
                int t = (in[ip++] & 0xff) - 17;
                out.literals(in, ip, t);
                ip += t;
                state = t < 4 ? t : 4;
            }
            while (true) {
                int t = in[ip++] & 0xff;
                int length;
                int distance;
                int trailing;
                if (t < 16) {
                    if (state == 0) {
                        int run = 3 + (t != 0 ? t : 15 + extension(in, ip));
                        ip = skipExtension(in, ip, t);
                        out.literals(in, ip, run);
                        ip += run;
                        state = 4;
                        continue;
                    }
                    int h = in[ip++] & 0xff;
                    trailing = t & 3;
                    if (state == 4) {
                        length = 3;
                        distance = (h << 2) + ((t >> 2) & 3) + 2049;
                    } else {
                        length = 2;
                        distance = (h << 2) + ((t >> 2) & 3) + 1;
                    }
                } else if (t < 32) {
                    int l = t & 7;
                    length = 2 + (l != 0 ? l : 7 + extension(in, ip));
                    ip = skipExtension(in, ip, l);
                    int le16 = (in[ip] & 0xff) | (in[ip + 1] & 0xff) << 8;
                    ip += 2;
                    distance = 16384 + ((t & 8) << 11) + (le16 >> 2);
                    trailing = le16 & 3;
                    if (distance == 16384) {
                        if (length != 3) {
                            throw Filters.corrupt("lzo", "a malformed end-of-stream marker");
                        }
                        return ip;
                    }
                } else if (t < 64) {
                    int l = t & 31;
                    length = 2 + (l != 0 ? l : 31 + extension(in, ip));
                    ip = skipExtension(in, ip, l);
                    int le16 = (in[ip] & 0xff) | (in[ip + 1] & 0xff) << 8;
                    ip += 2;
                    distance = (le16 >> 2) + 1;
                    trailing = le16 & 3;
                } else {
                    int h = in[ip++] & 0xff;
                    length = t < 128 ? 3 + ((t >> 5) & 1) : 5 + ((t >> 5) & 3);
                    distance = (h << 3) + ((t >> 2) & 7) + 1;
                    trailing = t & 3;
                }
                out.match(distance, length);
                out.literals(in, ip, trailing);
                ip += trailing;
                state = trailing;
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw Filters.corrupt("lzo", "the stream ends without its end-of-stream marker");
        }
    }

    /** The value of a length extension at ip: 255 per zero byte plus the final non-zero byte. */
    private static int extension(byte[] in, int ip) throws IOException {
        int total = 0;
        while (in[ip] == 0) {
            total += 255;
            ip++;
            if (total > Integer.MAX_VALUE / 2) {
                throw Filters.corrupt("lzo", "a length extension is implausibly long");
            }
        }
        return total + (in[ip] & 0xff);
    }

    /** The position after a length extension (only present when the instruction's own length field is 0). */
    private static int skipExtension(byte[] in, int ip, int field) {
        if (field != 0) {
            return ip;
        }
        while (in[ip] == 0) {
            ip++;
        }
        return ip + 1;
    }

    /** Adler-32 (RFC 1950) of the whole array. */
    static long adler32(byte[] b) {
        java.util.zip.Adler32 a = new java.util.zip.Adler32();
        a.update(b, 0, b.length);
        return a.getValue();
    }

    /** A growing output buffer with LZ77 back-references, never longer than its limit (the chunk's size). */
    static final class Output {
        private byte[] buf;
        private int size;
        private final int limit;

        Output(int capacity, int limit) {
            buf = new byte[Math.max(16, capacity)];
            this.limit = limit;
        }

        private void room(int extra) throws IOException {
            if ((long) size + extra > limit) {
                throw Filters.corrupt("lzo", "the chunk decodes to more than the " + limit + " bytes it should hold");
            }
            if (size + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
            }
        }

        void literals(byte[] in, int from, int count) throws IOException {
            if (count == 0) {
                return;
            }
            room(count);
            System.arraycopy(in, from, buf, size, count); // throws (index out of bounds) on a truncated stream
            size += count;
        }

        void match(int distance, int length) throws IOException {
            if (distance > size) {
                throw Filters.corrupt("lzo", "a match points " + distance + " bytes back, before the start of the chunk");
            }
            room(length);
            int from = size - distance;
            for (int i = 0; i < length; i++) {
                buf[size + i] = buf[from + i]; // byte by byte: overlapping copies repeat a pattern
            }
            size += length;
        }

        byte[] bytes() {
            return size == buf.length ? buf : Arrays.copyOf(buf, size);
        }
    }
}
