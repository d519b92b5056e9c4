package org.daybreak.plot.render;

import java.util.Arrays;

/**
 * Thins a polyline for drawing without changing what it looks like: the x range is cut into equal buckets no
 * wider than a pixel column, and each bucket keeps its first point, the points of smallest and largest y, and
 * its last point (the "M4" aggregation of Jugel et al., "M4: A Visualization-Oriented Time Series Data
 * Aggregation", PVLDB 7(10), 2014). Joining the kept points in order draws, in every pixel column, the same
 * vertical extent as joining all points, so a trace of millions of points draws like the full one.
 *
 * <p>Contract: x must be non-decreasing (NaN x not allowed) for thinning; otherwise every index is returned.
 * A point with NaN y breaks the line: the first NaN after finite points is kept, so the gap stays. The nearest
 * point on each side outside [xLo, xHi] is kept, so lines entering the view are drawn. With {@code logX} the
 * buckets are equal in log10 x and points with x &lt;= 0 are dropped.
 */
public final class Decimator {
    private Decimator() {
    }

    /**
     * Indices (ascending) of the points to draw.
     *
     * @param buckets number of buckets across [xLo, xHi], at least the pixel width of the plot's data area
     */
    public static int[] keep(double[] x, double[] y, double xLo, double xHi, int buckets, boolean logX) {
        int n = y.length;
        if (x.length != n) {
            throw new IllegalArgumentException("x has " + x.length + " values but y has " + n);
        }
        if (buckets < 1 || !(xHi > xLo)) {
            throw new IllegalArgumentException("decimation needs at least one bucket over a non-empty x range");
        }
        if (n <= 4L * buckets || !nonDecreasing(x)) {
            return identity(n, x, logX);
        }
        double a = logX ? Math.log10(xLo) : xLo;
        double b = logX ? Math.log10(xHi) : xHi;
        double scale = buckets / (b - a);
        int[] out = new int[Math.min(n, 4 * buckets + 8 + 2 * countNaN(y, buckets))];
        int count = 0;
        int first = 0;
        if (logX) {
            while (first < n && !(x[first] > 0)) {
                first++;
            }
        }
        // points before the range: keep only the last of them
        int start = first;
        while (start < n && x[start] < xLo) {
            start++;
        }
        if (start > first) {
            out[count++] = start - 1;
        }
        int end = start;
        while (end < n && x[end] <= xHi) {
            end++;
        }
        int bucket = -1;
        int bFirst = -1;
        int bMin = -1;
        int bMax = -1;
        int bLast = -1;
        boolean lastWasNaN = false;
        for (int i = start; i < end; i++) {
            if (count + 5 > out.length) {
                out = Arrays.copyOf(out, out.length * 2 + 5);
            }
            double yi = y[i];
            if (yi != yi) {
                if (bFirst >= 0) {
                    count = flush(out, count, bFirst, bMin, bMax, bLast);
                    bFirst = -1;
                }
                if (!lastWasNaN) {
                    out[count++] = i;
                    lastWasNaN = true;
                }
                continue;
            }
            lastWasNaN = false;
            double t = logX ? Math.log10(x[i]) : x[i];
            int k = (int) ((t - a) * scale);
            k = k >= buckets ? buckets - 1 : k < 0 ? 0 : k;
            if (k != bucket || bFirst < 0) {
                if (bFirst >= 0) {
                    count = flush(out, count, bFirst, bMin, bMax, bLast);
                }
                bucket = k;
                bFirst = i;
                bMin = i;
                bMax = i;
            } else {
                if (yi < y[bMin]) {
                    bMin = i;
                }
                if (yi > y[bMax]) {
                    bMax = i;
                }
            }
            bLast = i;
        }
        out = ensure(out, count + 5);
        if (bFirst >= 0) {
            count = flush(out, count, bFirst, bMin, bMax, bLast);
        }
        if (end < n) {
            out[count++] = end;
        }
        return Arrays.copyOf(out, count);
    }

    private static int[] ensure(int[] out, int needed) {
        return needed <= out.length ? out : Arrays.copyOf(out, Math.max(needed, out.length * 2));
    }

    private static int flush(int[] out, int count, int first, int min, int max, int last) {
        // the four indices in ascending order without repeats, so the polyline keeps the original order
        int lo = Math.min(min, max);
        int hi = Math.max(min, max);
        int[] four = {first, lo, hi, last};
        int prev = -1;
        for (int idx : four) {
            if (idx != prev) {
                out[count++] = idx;
                prev = idx;
            }
        }
        return count;
    }

    private static int countNaN(double[] y, int cap) {
        int c = 0;
        for (double v : y) {
            if (v != v && ++c >= cap) {
                break;
            }
        }
        return c;
    }

    private static boolean nonDecreasing(double[] x) {
        for (int i = 1; i < x.length; i++) {
            if (!(x[i] >= x[i - 1])) {
                return false;
            }
        }
        return x.length == 0 || x[0] == x[0];
    }

    private static int[] identity(int n, double[] x, boolean logX) {
        int[] all = new int[n];
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (!logX || x[i] > 0) {
                all[c++] = i;
            }
        }
        return c == n ? all : Arrays.copyOf(all, c);
    }
}
