package org.daybreak.tomo;

import java.util.Arrays;

/**
 * Sinogram pre-processing steps. Arrays are float, C order; a sinogram is [angle][detector]. All methods are
 * pure functions of their arguments (thread-safe) unless they say "in place".
 */
public final class Preprocessing {
    /** Transmission below this is clipped before the logarithm (attenuation at most -ln(1e-6) = 13.8). */
    public static final float MIN_TRANSMISSION = 1e-6f;

    private Preprocessing() {
    }

    /**
     * Flat/dark correction and -log of one projection's pixels, in place:
     * {@code p = -ln(max((p - dark) / (flat - dark), MIN_TRANSMISSION))}. Where {@code flat - dark <= 0} (a dead
     * pixel) the transmission is taken as 1 (attenuation 0). NaN inputs give MIN_TRANSMISSION's attenuation.
     */
    public static void flatFieldLog(float[] p, int offset, int count, float[] dark, float[] flat, int fieldOffset) {
        for (int i = 0; i < count; i++) {
            float d = dark[fieldOffset + i];
            float den = flat[fieldOffset + i] - d;
            float t = den > 0 ? (p[offset + i] - d) / den : 1f;
            if (!(t >= MIN_TRANSMISSION)) {
                t = MIN_TRANSMISSION;
            }
            p[offset + i] = (float) -Math.log(t);
        }
    }

    /**
     * Removes zingers (isolated outliers) from a sinogram, in place: a value further than {@code threshold}
     * (in the sinogram's units) from the median of its 3x3 neighbourhood (angle x detector, edges repeated) is
     * replaced by that median. Returns the number of values replaced.
     */
    public static int removeOutliers(float[] sinogram, int angles, int detectors, float threshold) {
        float[] src = sinogram.clone();
        float[] win = new float[9];
        int replaced = 0;
        for (int a = 0; a < angles; a++) {
            for (int i = 0; i < detectors; i++) {
                int k = 0;
                for (int da = -1; da <= 1; da++) {
                    int aa = Math.max(0, Math.min(angles - 1, a + da));
                    for (int di = -1; di <= 1; di++) {
                        int ii = Math.max(0, Math.min(detectors - 1, i + di));
                        win[k++] = src[aa * detectors + ii];
                    }
                }
                Arrays.sort(win);
                float med = win[4];
                float v = src[a * detectors + i];
                if (Math.abs(v - med) > threshold) {
                    sinogram[a * detectors + i] = med;
                    replaced++;
                }
            }
        }
        return replaced;
    }

    /**
     * Ring (stripe) removal by sorting, algorithm 3 of N. T. Vo, R. C. Atwood and M. Drakopoulos, "Superior
     * techniques for eliminating ring artifacts in X-ray micro-tomography", Opt. Express 26, 28396-28412 (2018).
     * Each detector column is sorted along the angle axis; the sorted image is median-filtered along the
     * detector axis with a window of {@code size} bins (edges reflected), which removes the column-wise offsets
     * that make stripes; the values are then put back in their original order. Returns a new sinogram.
     *
     * @param size median window along the detector, odd, at least 3 (even values are rounded up)
     */
    public static float[] removeStripesSorting(float[] sinogram, int angles, int detectors, int size) {
        if (size < 3) {
            throw new IllegalArgumentException("ring removal window must be at least 3 bins, not " + size);
        }
        int maxWindow = detectors % 2 == 1 ? detectors : detectors - 1;
        int win = Math.max(3, Math.min(size | 1, maxWindow));
        int half = win / 2;
        float[] sorted = new float[angles * detectors];
        int[] rank = new int[angles * detectors];
        Integer[] order = new Integer[angles];
        float[] column = new float[angles];
        for (int i = 0; i < detectors; i++) {
            for (int a = 0; a < angles; a++) {
                column[a] = sinogram[a * detectors + i];
                order[a] = a;
            }
            Arrays.sort(order, (x, y) -> Float.compare(column[x], column[y]));
            for (int r = 0; r < angles; r++) {
                sorted[r * detectors + i] = column[order[r]];
                rank[r * detectors + i] = order[r];
            }
        }
        float[] out = new float[angles * detectors];
        float[] buf = new float[win];
        for (int r = 0; r < angles; r++) {
            int o = r * detectors;
            for (int i = 0; i < detectors; i++) {
                for (int k = -half; k <= half; k++) {
                    buf[k + half] = sorted[o + reflect(i + k, detectors)];
                }
                float med = select(buf, half);
                out[rank[o + i] * detectors + i] = med;
            }
        }
        return out;
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        while (i < 0 || i >= n) {
            i = i < 0 ? -i - 1 : 2 * n - i - 1;
        }
        return i;
    }

    /** The k-th smallest value of buf (buf is reordered). */
    static float select(float[] buf, int k) {
        int lo = 0;
        int hi = buf.length - 1;
        while (lo < hi) {
            float pivot = buf[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (buf[i] < pivot) {
                    i++;
                }
                while (buf[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = buf[i];
                    buf[i] = buf[j];
                    buf[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return buf[k];
            }
        }
        return buf[k];
    }

    /** Averages {@code factor} adjacent detector bins of each row ([rows][detectors] to [rows][detectors/factor]). */
    public static float[] binDetector(float[] data, int rows, int detectors, int factor) {
        int w = detectors / factor;
        float[] out = new float[rows * w];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < w; j++) {
                float s = 0;
                for (int k = 0; k < factor; k++) {
                    s += data[r * detectors + j * factor + k];
                }
                out[r * w + j] = s / factor;
            }
        }
        return out;
    }
}
