package org.daybreak.plot.color;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;

/** Histogram-based percentiles against a full sort (numpy.percentile's linear method). */
class ContrastTest {

    static double referencePercentile(double[] values, boolean positiveOnly, double p) {
        double[] v = Arrays.stream(values).filter(d -> Double.isFinite(d) && (!positiveOnly || d > 0)).sorted()
                .toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        double h = (v.length - 1) * (p / 100);
        int k = (int) Math.floor(h);
        double t = h - k;
        double a = v[k];
        double b = v[Math.min(k + 1, v.length - 1)];
        return a == b ? a : t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
    }

    private static void check(NDArray a, boolean positiveOnly) {
        double[] values = a.toDoubleArray();
        double[] ps = {0, 0.1, 1, 5, 25, 50, 73.3, 99, 99.9, 100};
        double[] got = Contrast.percentiles(a, positiveOnly, ps);
        for (int i = 0; i < ps.length; i++) {
            double want = referencePercentile(values, positiveOnly, ps[i]);
            assertEquals(want, got[i], Math.abs(want) * 1e-12, "percentile " + ps[i]);
        }
    }

    @Test
    void randomDataOfSeveralShapesAndTypes() {
        Random r = new Random(3);
        float[] f = new float[512 * 600];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.exp(r.nextGaussian() * 3);
        }
        check(NDArray.of(f, 512, 600), false);
        check(NDArray.of(f, 512, 600), true);
        double[] d = new double[5000];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian();
        }
        check(NDArray.of(d), false);
        check(NDArray.of(d, 10, 20, 25), true);
        short[] s = new short[400 * 400];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) r.nextInt(70000);
        }
        check(NDArray.wrap(DType.UINT16, s, 400, 400), false);
        check(NDArray.wrap(DType.UINT16, s, 400, 400).slice("::3, 7:300"), false);
    }

    @Test
    void heavyTiesNanAndInfinities() {
        // mostly zeros with a few hot pixels, NaN gaps and infinities: the shape of a masked detector frame
        Random r = new Random(4);
        float[] f = new float[700 * 700];
        for (int i = 0; i < f.length; i++) {
            int k = r.nextInt(1000);
            f[i] = k < 900 ? 0 : k < 990 ? r.nextInt(50) : k < 995 ? 1e6f : k < 998 ? Float.NaN
                    : k < 999 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        }
        check(NDArray.of(f, 700, 700), false);
        check(NDArray.of(f, 700, 700), true);
        // extremes of the double range
        check(NDArray.of(new double[] {-Double.MAX_VALUE, Double.MAX_VALUE, 0, 1, -1, Double.MIN_VALUE}), false);
    }

    @Test
    void noCandidatesGiveNanAndADefaultRange() {
        float[] nan = new float[100];
        Arrays.fill(nan, Float.NaN);
        assertTrue(Double.isNaN(Contrast.percentiles(NDArray.of(nan, 10, 10), false, 50)[0]));
        assertArrayEquals(new double[] {0, 1}, Contrast.autoRange(NDArray.of(nan, 10, 10), 1, 99, Scaling.LINEAR));
        double[] negative = {-1, -2, -3};
        assertArrayEquals(new double[] {1, 1}, Contrast.autoRange(NDArray.of(negative), 1, 99, Scaling.LOG));
        assertArrayEquals(new double[] {-3, -1}, Contrast.autoRange(NDArray.of(negative), 0, 100, Scaling.LINEAR));
    }

    @Test
    void histogramMatchesPlainCounting() {
        Random r = new Random(5);
        float[] f = new float[300 * 300];
        for (int i = 0; i < f.length; i++) {
            f[i] = i % 97 == 0 ? Float.NaN : (float) (r.nextGaussian() * 10);
        }
        f[5] = 10;
        f[6] = -10;
        NDArray a = NDArray.of(f, 300, 300);
        for (boolean log : new boolean[] {false, true}) {
            double lo = log ? 0.1 : -10;
            double hi = 10;
            int bins = 37;
            Histogram h = Histogram.compute(a, lo, hi, bins, log);
            long[] want = new long[bins];
            long below = 0;
            long above = 0;
            long nan = 0;
            for (float v : f) {
                if (Float.isNaN(v)) {
                    nan++;
                } else if (v < lo || (log && v <= 0)) {
                    below++;
                } else if (v > hi) {
                    above++;
                } else {
                    double t = log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
                    int k = Math.min(bins - 1, (int) Math.floor(t * bins));
                    // the kernel computes (v - lo) * (bins / (hi - lo)); agree on exact bin edges by recomputing so
                    double a2 = log ? Math.log(lo) : lo;
                    double scale = bins / ((log ? Math.log(hi) : hi) - a2);
                    k = Math.min(bins - 1, Math.max(0, (int) (((log ? Math.log(v) : v) - a2) * scale)));
                    want[k]++;
                }
            }
            assertArrayEquals(want, h.counts());
            assertEquals(below, h.below());
            assertEquals(above, h.above());
            assertEquals(nan, h.nanCount());
            assertEquals(lo, h.edge(0));
            assertEquals(hi, h.edge(bins));
        }
    }
}
