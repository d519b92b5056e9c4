package org.daybreak.plot.tools;

import org.daybreak.core.data.NDArray;

/**
 * Statistics of a rectangular region of an image {@code [y][x]}: columns x0..x1 and rows y0..y1, ends exclusive.
 * NaN elements are counted apart and left out of the others; infinities take part (so the mean can be infinite).
 * The standard deviation is the population one (divide by the count, NumPy's {@code std} default), computed with
 * Welford's update for accuracy. With no finite element min, max, mean and std are NaN and sum is 0.
 */
public record RegionStatistics(double min, double max, double mean, double std, double sum, long count, long nanCount) {

    public static RegionStatistics compute(NDArray image, int x0, int y0, int x1, int y1) {
        checkRegion(image, x0, y0, x1, y1);
        return of(image.slice(y0 + ":" + y1 + "," + x0 + ":" + x1));
    }

    /** Statistics of every element of an array of any rank. */
    public static RegionStatistics of(NDArray values) {
        if (!values.dtype().isNumeric()) {
            throw new IllegalArgumentException("statistics need numbers, not " + values.dtype() + " values");
        }
        double[] v = values.toDoubleArray();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double mean = 0;
        double m2 = 0;
        double sum = 0;
        long count = 0;
        long nan = 0;
        for (double d : v) {
            if (d != d) {
                nan++;
                continue;
            }
            count++;
            sum += d;
            min = Math.min(min, d);
            max = Math.max(max, d);
            double delta = d - mean;
            mean += delta / count;
            m2 += delta * (d - mean);
        }
        if (count == 0) {
            return new RegionStatistics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0, nan);
        }
        return new RegionStatistics(min, max, mean, Math.sqrt(Math.max(0, m2 / count)), sum, count, nan);
    }

    static void checkRegion(NDArray image, int x0, int y0, int x1, int y1) {
        if (image.rank() != 2 || !image.dtype().isNumeric()) {
            throw new IllegalArgumentException("a region needs a 2-D numeric image, not shape "
                    + java.util.Arrays.toString(image.shape()));
        }
        int h = image.shape(0);
        int w = image.shape(1);
        if (x0 < 0 || y0 < 0 || x1 > w || y1 > h || x0 >= x1 || y0 >= y1) {
            throw new IllegalArgumentException("region x " + x0 + ".." + x1 + ", y " + y0 + ".." + y1
                    + " is empty or outside the " + w + " x " + h + " image");
        }
    }
}
