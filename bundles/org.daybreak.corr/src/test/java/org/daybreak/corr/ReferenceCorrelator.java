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

    /** Window w(n) of length L straight from the formulas (symmetric forms). */
    static double window(String name, int n, int length) {
        double x = 2 * Math.PI * n / (length - 1);
        return switch (name) {
            case "rect" -> 1;
            case "hann" -> 0.5 * (1 - Math.cos(x));
            case "hamming" -> 0.54 - 0.46 * Math.cos(x);
            case "blackman-harris" -> 0.35875 - 0.48829 * Math.cos(x) + 0.14128 * Math.cos(2 * x) - 0.01168 * Math.cos(3 * x);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * PFB + DFT of one stream, in double, by the definitions: h[n] = w(n) sinc((n - (L-1)/2) / 2C) scaled to sum 2C;
     * y[n] = sum_p h[2C p + n] s[start + 2C m + 2C p + n]; X_k = sum_n y[n] exp(-2 pi i k n / 2C), k = 0..C-1; then
     * X_k *= exp(i (2 pi k frac / 2C + phase)). Returns [spectrum][channel][2].
     */
    static double[] fengine(float[] s, int start, int count, int channels, int taps, String window, double frac,
            double phase) {
        int frame = 2 * channels, length = taps * frame;
        double[] h = new double[length];
        double sum = 0;
        for (int n = 0; n < length; n++) {
            double x = (n - (length - 1) / 2.0) / frame;
            h[n] = (length == 1 ? 1 : window(window, n, length)) * (x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
            sum += h[n];
        }
        double[] out = new double[count * channels * 2];
        for (int m = 0; m < count; m++) {
            double[] y = new double[frame];
            for (int n = 0; n < frame; n++) {
                for (int p = 0; p < taps; p++) {
                    y[n] += h[p * frame + n] * frame / sum * s[start + m * frame + p * frame + n];
                }
            }
            for (int k = 0; k < channels; k++) {
                double re = 0, im = 0;
                for (int n = 0; n < frame; n++) {
                    double a = -2 * Math.PI * (long) k * n / frame;
                    re += y[n] * Math.cos(a);
                    im += y[n] * Math.sin(a);
                }
                double r = 2 * Math.PI * k * frac / frame + phase;
                out[(m * channels + k) * 2] = re * Math.cos(r) - im * Math.sin(r);
                out[(m * channels + k) * 2 + 1] = re * Math.sin(r) + im * Math.cos(r);
            }
        }
        return out;
    }
}
