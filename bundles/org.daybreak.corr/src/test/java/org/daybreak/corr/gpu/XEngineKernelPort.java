package org.daybreak.corr.gpu;

/**
 * A line-for-line Java port of the per-thread function of {@code xengine.cu}: the same dp4a, byte permutation, masks,
 * int32 sums flushed into int64 every FLUSH pairs, run here for every thread of the launch grid over the packed
 * words (the kernel's shared-memory staging only caches those words, so it is left out).
 */
final class XEngineKernelPort {
    static final int FLUSH = 16384;

    private XEngineKernelPort() {
    }

    /** __dp4a(a, b, c): c plus the sum of the four products of signed bytes. */
    static int dp4a(int a, int b, int c) {
        return c + (byte) a * (byte) b + (byte) (a >> 8) * (byte) (b >> 8) + (byte) (a >> 16) * (byte) (b >> 16)
                + (byte) (a >> 24) * (byte) (b >> 24);
    }

    /** __byte_perm(x, 0, 0x2301): the bytes of x swapped in pairs. */
    static int swapPairs(int x) {
        return ((x & 0x00ff00ff) << 8) | ((x >>> 8) & 0x00ff00ff);
    }

    /** Thread {@code tile} of block (channel, dump): adds its 2 x 2 baselines into out. */
    static void thread(int[] words, long[] out, int inputs, int channels, int pairs, int tile, int channel, int dump) {
        int t = (inputs + 1) / 2;
        int ti = 0, rest = tile;
        while (ti < t && rest >= t - ti) {
            rest -= t - ti;
            ti++;
        }
        int tj = ti + rest;
        if (tile >= GpuXEngine.tiles(inputs)) {
            return;
        }
        int i0 = 2 * ti, j0 = 2 * tj;
        int src = (dump * channels + channel) * pairs * inputs;
        long[] re64 = new long[4], im64 = new long[4];
        int[] re = new int[4], pos = new int[4], neg = new int[4];
        int sinceFlush = 0;
        for (int p = 0; p < pairs; p++) {
            int row = src + p * inputs;
            int a0 = words[row + i0];
            int a1 = i0 + 1 < inputs ? words[row + i0 + 1] : 0;
            int b0 = words[row + j0];
            int b1 = j0 + 1 < inputs ? words[row + j0 + 1] : 0;
            int s0 = swapPairs(a0), s1 = swapPairs(a1);
            int b0r = b0 & 0x00ff00ff, b0i = b0 & 0xff00ff00;
            int b1r = b1 & 0x00ff00ff, b1i = b1 & 0xff00ff00;
            re[0] = dp4a(a0, b0, re[0]);
            pos[0] = dp4a(s0, b0r, pos[0]);
            neg[0] = dp4a(s0, b0i, neg[0]);
            re[1] = dp4a(a0, b1, re[1]);
            pos[1] = dp4a(s0, b1r, pos[1]);
            neg[1] = dp4a(s0, b1i, neg[1]);
            re[2] = dp4a(a1, b0, re[2]);
            pos[2] = dp4a(s1, b0r, pos[2]);
            neg[2] = dp4a(s1, b0i, neg[2]);
            re[3] = dp4a(a1, b1, re[3]);
            pos[3] = dp4a(s1, b1r, pos[3]);
            neg[3] = dp4a(s1, b1i, neg[3]);
            if (++sinceFlush == FLUSH) {
                for (int k = 0; k < 4; k++) {
                    re64[k] += re[k];
                    im64[k] += (long) pos[k] - neg[k];
                    re[k] = 0;
                    pos[k] = 0;
                    neg[k] = 0;
                }
                sinceFlush = 0;
            }
        }
        int nb = inputs * (inputs + 1) / 2;
        int o = (dump * channels + channel) * nb * 2;
        for (int k = 0; k < 4; k++) {
            int i = i0 + (k >> 1);
            int j = j0 + (k & 1);
            if (i < inputs && j < inputs && i <= j) {
                int b = i * inputs - i * (i - 1) / 2 + (j - i);
                out[o + 2 * b] = re64[k] + re[k];
                out[o + 2 * b + 1] = im64[k] + ((long) pos[k] - neg[k]);
            }
        }
    }

    /** The whole launch, as the GPU would run it. */
    static long[] run(byte[] x, int time, int channels, int inputs, int integrate) {
        int dumps = time / integrate;
        int pairs = GpuXEngine.pairs(integrate);
        int[] words = GpuXEngine.pack(x, channels, inputs, integrate, 0, dumps);
        long[] out = new long[dumps * channels * inputs * (inputs + 1)];
        var l = GpuXEngine.launch(inputs, channels, dumps);
        for (int d = 0; d < l.gridZ(); d++) {
            for (int c = 0; c < l.gridY(); c++) {
                for (int tile = 0; tile < l.gridX() * l.blockX(); tile++) {
                    thread(words, out, inputs, channels, pairs, tile, c, d);
                }
            }
        }
        return out;
    }
}
