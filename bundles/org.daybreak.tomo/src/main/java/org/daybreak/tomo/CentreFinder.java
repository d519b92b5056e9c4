package org.daybreak.tomo;

import java.util.Arrays;

import org.jtransforms.fft.FloatFFT_2D;

/**
 * Automatic centre of rotation by the Fourier-space method of N. T. Vo, M. Drakopoulos, R. C. Atwood and
 * C. Reinhard, "Reliable method for calculating the center of rotation in parallel-beam tomography",
 * Opt. Express 22, 19078-19086 (2014).
 *
 * <p>Idea: a 180-degree sinogram S and its mirror S(theta, 2c - t) together form a 360-degree sinogram, which
 * is seamless only for the true centre c. The 2-D Fourier transform of a seamless 360-degree sinogram of an object
 * inside a radius R has (almost) no energy in the double wedge |nu_t| &lt; |m| / (2 pi R) (m: angular harmonic,
 * nu_t: detector frequency); a wrong c puts energy there. The metric is the summed Fourier magnitude in that
 * wedge (without the lowest harmonics); the centre minimises it.
 *
 * <p>Search: a coarse search on a decimated sinogram (at most 256 bins, 256 angles, chosen so that FFT lengths
 * have small prime factors) across the middle half of the detector, then finer steps (0.5 px, then 0.1 px) at
 * full detector resolution, then a parabola through the best fine point and its neighbours. Mirrored values between bins use cubic (Keys) interpolation.
 *
 * <p>Input contract: a sinogram [angle][detector] after flat-field and -log, angles in degrees covering at least
 * 180 degrees (a wider scan uses its first 180 degrees); the object should not touch the detector edges too much.
 * The result is in detector-index units (bin i centred at i).
 */
public final class CentreFinder {
    private static final double RATIO = 0.5;

    private CentreFinder() {
    }

    /** The centre of rotation of a sinogram [angle][detector] with angles in degrees. */
    public static double find(float[] sinogram, double[] anglesDegrees, int detectors) {
        int angles = anglesDegrees.length;
        if (sinogram.length != angles * detectors) {
            throw new IllegalArgumentException("sinogram has " + sinogram.length + " values, not " + angles + " x "
                    + detectors);
        }
        if (detectors < 8) {
            throw new IllegalArgumentException("centre finding needs at least 8 detector bins, not " + detectors);
        }
        float[][] half = firstHalfTurn(sinogram, anglesDegrees, detectors);
        if (half.length < 4) {
            throw new IllegalArgumentException("centre finding needs at least 4 projections within 180 degrees");
        }
        // coarse search on a decimated copy
        int bin = Math.max(1, (int) Math.ceil(detectors / 256.0));
        float[][] rows = pickRows(half, 256);
        float[][] small = decimate(rows, bin);
        int w = small[0].length;
        double bestSmall = w / 2.0;
        double bestMetric = Double.POSITIVE_INFINITY;
        Metric coarse = new Metric(small);
        for (double c = Math.floor(w / 4.0); c <= 3.0 * w / 4.0; c += 1.0) {
            double m = coarse.at(c);
            if (m < bestMetric) {
                bestMetric = m;
                bestSmall = c;
            }
        }
        double centre = bestSmall * bin + (bin - 1) / 2.0;
        Metric fine = new Metric(rows);
        centre = scan(fine, centre, bin + 1.0, 0.5, detectors);
        centre = scan(fine, centre, 0.5, 0.1, detectors);
        // parabola through the best point and its neighbours
        double h = 0.1;
        double m0 = fine.at(centre - h);
        double m1 = fine.at(centre);
        double m2 = fine.at(centre + h);
        double denom = m0 - 2 * m1 + m2;
        if (denom > 0) {
            double off = 0.5 * h * (m0 - m2) / denom;
            if (Math.abs(off) <= h) {
                centre += off;
            }
        }
        return centre;
    }

    private static double scan(Metric metric, double around, double halfRange, double step, int detectors) {
        double best = around;
        double bestValue = Double.POSITIVE_INFINITY;
        int n = (int) Math.round(halfRange / step);
        for (int k = -n; k <= n; k++) {
            double c = around + k * step;
            if (c < 1 || c > detectors - 2) {
                continue;
            }
            double m = metric.at(c);
            if (m < bestValue) {
                bestValue = m;
                best = c;
            }
        }
        return best;
    }

    /** Rows sorted by angle and limited to [first angle, first angle + 180) degrees. */
    static float[][] firstHalfTurn(float[] sinogram, double[] anglesDegrees, int detectors) {
        Integer[] order = new Integer[anglesDegrees.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(anglesDegrees[a], anglesDegrees[b]));
        double first = anglesDegrees[order[0]];
        double spacing = (anglesDegrees[order[order.length - 1]] - first) / Math.max(1, order.length - 1);
        double limit = first + 180 - 0.5 * Math.abs(spacing);
        int count = 0;
        while (count < order.length && anglesDegrees[order[count]] < limit) {
            count++;
        }
        float[][] rows = new float[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = Arrays.copyOfRange(sinogram, order[i] * detectors, (order[i] + 1) * detectors);
        }
        return rows;
    }

    /**
     * At most {@code max} rows spread evenly over the half turn, their count chosen so that the stacked
     * 360-degree sinogram (twice as many rows) has a length with prime factors 2, 3 and 5 only (fast FFTs).
     */
    static float[][] pickRows(float[][] rows, int max) {
        int m = Math.min(rows.length, max);
        while (m > 4 && !smooth(2 * m)) {
            m--;
        }
        if (m == rows.length) {
            return rows;
        }
        float[][] out = new float[m][];
        for (int i = 0; i < m; i++) {
            out[i] = rows[(int) ((long) i * rows.length / m)];
        }
        return out;
    }

    /** Whether n has no prime factor above 5. */
    static boolean smooth(int n) {
        for (int p : new int[] {2, 3, 5}) {
            while (n % p == 0) {
                n /= p;
            }
        }
        return n == 1;
    }

    private static float[][] decimate(float[][] rows, int bin) {
        int n = rows.length;
        int w = rows[0].length / bin;
        float[][] out = new float[n][w];
        for (int i = 0; i < n; i++) {
            float[] src = rows[i];
            for (int j = 0; j < w; j++) {
                float s = 0;
                for (int k = 0; k < bin; k++) {
                    s += src[j * bin + k];
                }
                out[i][j] = s / bin;
            }
        }
        return out;
    }

    /** Vo's metric for one sinogram; not thread-safe (reuses buffers). */
    static final class Metric {
        private final float[][] rows;
        private final int n;
        private final int w;
        private final FloatFFT_2D fft;
        private final float[] buffer;
        private final boolean[] mask;

        /** Columns dropped on the left to make the width FFT-friendly (the metric is evaluated on the middle). */
        private final int offset;

        Metric(float[][] all) {
            int full = all[0].length;
            int width = full;
            while (width > 8 && !smooth(width)) {
                width--;
            }
            offset = (full - width) / 2;
            float[][] cropped = new float[all.length][];
            for (int i = 0; i < all.length; i++) {
                cropped[i] = offset == 0 && width == full ? all[i] : Arrays.copyOfRange(all[i], offset, offset + width);
            }
            this.rows = cropped;
            this.n = rows.length;
            this.w = width;
            int nrow = 2 * n;
            fft = new FloatFFT_2D(nrow, w);
            buffer = new float[2 * nrow * w];
            mask = new boolean[nrow * w];
            double radius = 0.5 * RATIO * w;
            double dv = (nrow - 1.0) / (nrow * 2.0 * Math.PI);
            double du = 1.0 / w;
            int drop = Math.min(20, (int) Math.ceil(0.05 * nrow));
            for (int u = 0; u < nrow; u++) {
                int au = Math.min(u, nrow - u);
                if (au <= drop) {
                    continue;
                }
                int pos = (int) Math.ceil(au * dv / radius / du);
                for (int v = 0; v < w; v++) {
                    int av = Math.min(v, w - v);
                    mask[u * w + v] = av <= pos && av > 1;
                }
            }
        }

        /** Fourier energy in the forbidden wedge of the 360-degree sinogram built for {@code centre}. */
        double at(double centre) {
            double c = centre - offset;
            Arrays.fill(buffer, 0f);
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows[i], 0, buffer, i * w, w);
                float[] src = rows[i];
                int o = (n + i) * w;
                for (int t = 0; t < w; t++) {
                    buffer[o + t] = cubic(src, 2 * c - t);
                }
            }
            fft.realForwardFull(buffer);
            double sum = 0;
            for (int k = 0; k < mask.length; k++) {
                if (mask[k]) {
                    float re = buffer[2 * k];
                    float im = buffer[2 * k + 1];
                    sum += Math.sqrt(re * re + im * im);
                }
            }
            return sum;
        }
    }

    /** Keys cubic convolution (a = -0.5) of a row at fractional index u, with edge values repeated outside. */
    static float cubic(float[] row, double u) {
        int last = row.length - 1;
        int i = (int) Math.floor(u);
        double f = u - i;
        float p0 = row[Math.max(0, Math.min(last, i - 1))];
        float p1 = row[Math.max(0, Math.min(last, i))];
        float p2 = row[Math.max(0, Math.min(last, i + 1))];
        float p3 = row[Math.max(0, Math.min(last, i + 2))];
        double a = -0.5 * p0 + 1.5 * p1 - 1.5 * p2 + 0.5 * p3;
        double b = p0 - 2.5 * p1 + 2 * p2 - 0.5 * p3;
        double cc = -0.5 * p0 + 0.5 * p2;
        return (float) (((a * f + b) * f + cc) * f + p1);
    }
}
