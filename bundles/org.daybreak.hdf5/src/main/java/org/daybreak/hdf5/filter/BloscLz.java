package org.daybreak.hdf5.filter;

import java.io.IOException;

/**
 * Decoder for BloscLZ, Blosc's default codec (a FastLZ-derived LZ77), written from its stream format:
 *
 * <ul>
 * <li>The first control byte has its top 3 bits set to the codec marker and is read modulo 32.</li>
 * <li>A control byte {@code c < 32} starts a literal run of {@code c+1} bytes.</li>
 * <li>Otherwise {@code len = (c >> 5) - 1}; when that is 6, bytes are added to {@code len} until one is not 255.
 *     The distance is {@code ((c & 31) << 8) + next byte + 1}; when the next byte is 255 and {@code c & 31} is 31,
 *     two more bytes give a 16-bit distance {@code d} and the distance is {@code d + 8191 + 1}. The match copies
 *     {@code len + 3} bytes from that far back (overlapping copies repeat bytes).</li>
 * </ul>
 */
final class BloscLz {
    private static final int MAX_DISTANCE = 8191;

    private BloscLz() {
    }

    /** Decodes {@code length} bytes at {@code in[ip0]} into exactly {@code outLen} bytes at {@code out[op0]}. */
    static void decompress(byte[] in, int ip0, int length, byte[] out, int op0, int outLen) throws IOException {
        int ip = ip0;
        int ipLimit = ip0 + length;
        int op = op0;
        int opLimit = op0 + outLen;
        try {
            int ctrl = in[ip++] & 31;
            while (true) {
                if (ctrl >= 32) {
                    int len = (ctrl >>> 5) - 1;
                    int ofs = (ctrl & 31) << 8;
                    if (len == 6) {
                        int code;
                        do {
                            code = in[ip++] & 0xff;
                            len += code;
                        } while (code == 255);
                    }
                    int code = in[ip++] & 0xff;
                    int ref = op - ofs - code;
                    if (code == 255 && ofs == (31 << 8)) {
                        int far = ((in[ip] & 0xff) << 8) | (in[ip + 1] & 0xff);
                        ip += 2;
                        ref = op - far - MAX_DISTANCE;
                    }
                    ref--;
                    len += 3;
                    if (ref < op0 || op + len > opLimit) {
                        throw Filters.corrupt("blosc", "a BloscLZ match falls outside the block");
                    }
                    if (op - ref >= len) {
                        System.arraycopy(out, ref, out, op, len);
                        op += len;
                    } else {
                        for (int k = 0; k < len; k++) {
                            out[op++] = out[ref++];
                        }
                    }
                } else {
                    int len = ctrl + 1;
                    if (op + len > opLimit || ip + len > ipLimit) {
                        throw Filters.corrupt("blosc", "a BloscLZ literal run falls outside the block");
                    }
                    System.arraycopy(in, ip, out, op, len);
                    ip += len;
                    op += len;
                }
                if (ip >= ipLimit) {
                    break;
                }
                ctrl = in[ip++] & 0xff;
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw Filters.corrupt("blosc", "a BloscLZ stream ends inside an instruction");
        }
        if (op != opLimit) {
            throw Filters.corrupt("blosc", "a BloscLZ block decodes to " + (op - op0) + " bytes instead of " + outLen);
        }
    }
}
