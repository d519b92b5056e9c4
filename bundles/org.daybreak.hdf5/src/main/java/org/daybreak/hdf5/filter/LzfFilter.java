package org.daybreak.hdf5.filter;

import java.io.IOException;
import java.util.Arrays;

/**
 * HDF5 filter 32000 (LZF, as written by h5py). The chunk is a raw liblzf stream: a control byte below 32 starts
 * a literal run of control+1 bytes; otherwise the top 3 bits are the match length - 2 (7 means an extra length
 * byte follows), and the low 5 bits with the next byte give the distance - 1. Client data [2] is the decoded size.
 */
final class LzfFilter implements ChunkFilter {
    @Override
    public int id() {
        return 32000;
    }

    @Override
    public String name() {
        return "lzf";
    }

    @Override
    public byte[] decode(byte[] in, int[] clientData, int expectedSize) throws IOException {
        int size = expectedSize > 0 ? expectedSize
                : clientData != null && clientData.length > 2 && clientData[2] > 0 ? clientData[2] : in.length * 4;
        byte[] out = new byte[size];
        int ip = 0;
        int op = 0;
        int n = in.length;
        try {
            while (ip < n) {
                int ctrl = in[ip++] & 0xff;
                if (ctrl < 32) {
                    int len = ctrl + 1;
                    if (op + len > out.length) {
                        out = Arrays.copyOf(out, Math.max(out.length * 2, op + len));
                    }
                    System.arraycopy(in, ip, out, op, len);
                    ip += len;
                    op += len;
                } else {
                    int len = ctrl >>> 5;
                    if (len == 7) {
                        len += in[ip++] & 0xff;
                    }
                    int ref = op - ((ctrl & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
                    len += 2;
                    if (ref < 0) {
                        throw Filters.corrupt("lzf", "a match points before the start of the chunk");
                    }
                    if (op + len > out.length) {
                        out = Arrays.copyOf(out, Math.max(out.length * 2, op + len));
                    }
                    for (int k = 0; k < len; k++) {
                        out[op++] = out[ref++];
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw Filters.corrupt("lzf", "the stream ends inside an instruction");
        }
        return op == out.length ? out : Arrays.copyOf(out, op);
    }
}
