package org.daybreak.corr;

/**
 * Plain, obviously correct F- and X-engines that the optimized ones are held against. No blocking, no threads,
 * no clever layouts: straight from the definitions in docs/correlator.md.
 */
final class ReferenceCorrelator {
    private ReferenceCorrelator() {
    }

    /** x [time][channel][input][2] int8 -> [time/K][channel][baseline][2] int64, V_ij = sum x_i conj(x_j). */
    static long[] xengine(byte[] x, int time, int channels, int inputs, int k) {
        int nb = inputs * (inputs + 1) / 2;
        long[] v = new long[time / k * channels * nb * 2];
        for (int t = 0; t < time; t++) {
            int d = t / k;
            for (int c = 0; c < channels; c++) {
                int b = 0;
                for (int i = 0; i < inputs; i++) {
                    for (int j = i; j < inputs; j++, b++) {
                        long ar = x[((t * channels + c) * inputs + i) * 2], ai = x[((t * channels + c) * inputs + i) * 2 + 1];
                        long br = x[((t * channels + c) * inputs + j) * 2], bi = x[((t * channels + c) * inputs + j) * 2 + 1];
                        int o = ((d * channels + c) * nb + b) * 2;
                        v[o] += ar * br + ai * bi;
                        v[o + 1] += ai * br - ar * bi;
                    }
                }
            }
        }
        return v;
    }

    /** Float version, accumulated in double. */
    static double[] xengine(float[] x, int time, int channels, int inputs, int k) {
        int nb = inputs * (inputs + 1) / 2;
        double[] v = new double[time / k * channels * nb * 2];
        for (int t = 0; t < time; t++) {
            int d = t / k;
            for (int c = 0; c < channels; c++) {
                int b = 0;
                for (int i = 0; i < inputs; i++) {
                    for (int j = i; j < inputs; j++, b++) {
                        double ar = x[((t * channels + c) * inputs + i) * 2], ai = x[((t * channels + c) * inputs + i) * 2 + 1];
                        double br = x[((t * channels + c) * inputs + j) * 2], bi = x[((t * channels + c) * inputs + j) * 2 + 1];
                        int o = ((d * channels + c) * nb + b) * 2;
                        v[o] += ar * br + ai * bi;
                        v[o + 1] += ai * br - ar * bi;
                    }
                }
            }
        }
        return v;
    }
}
