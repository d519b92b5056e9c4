package org.daybreak.plot.tools;

import org.daybreak.core.data.NDArray;

/**
 * Sums or means of a rectangular region of an image {@code [y][x]} along one axis: {@link Along#X} collapses the
 * columns and gives one value per row; {@link Along#Y} collapses the rows and gives one value per column. NaN
 * elements are left out; a mean over no finite element is NaN.
 */
public final class BoxProfile {
    private BoxProfile() {
    }

    /** The axis that is summed over. */
    public enum Along {
        X, Y
    }

    /** Per-row or per-column results, with the number of finite elements that went into each. */
    public record Result(double[] sum, double[] mean, long[] count) {
    }

    /**
     * @param x0 first column (inclusive), x1 last column (exclusive); likewise rows y0..y1
     * @throws IllegalArgumentException for a region outside the image or an empty one
     */
    public static Result compute(NDArray image, int x0, int y0, int x1, int y1, Along along) {
        RegionStatistics.checkRegion(image, x0, y0, x1, y1);
        int n = along == Along.X ? y1 - y0 : x1 - x0;
        double[] sum = new double[n];
        long[] count = new long[n];
        NDArray region = image.slice(y0 + ":" + y1 + "," + x0 + ":" + x1);
        double[] v = region.toDoubleArray();
        int w = x1 - x0;
        for (int r = 0; r < y1 - y0; r++) {
            for (int c = 0; c < w; c++) {
                double d = v[r * w + c];
                if (d == d) {
                    int k = along == Along.X ? r : c;
                    sum[k] += d;
                    count[k]++;
                }
            }
        }
        double[] mean = new double[n];
        for (int k = 0; k < n; k++) {
            mean[k] = count[k] == 0 ? Double.NaN : sum[k] / count[k];
        }
        return new Result(sum, mean, count);
    }
}
