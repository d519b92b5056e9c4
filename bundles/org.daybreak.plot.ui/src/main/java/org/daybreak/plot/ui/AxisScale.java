package org.daybreak.plot.ui;

import java.util.ArrayList;
import java.util.List;

import org.daybreak.core.data.NDArray;

/**
 * Values along one image dimension of {@code n} pixels, as a function of the pixel-edge position u in [0, n]
 * (u = i + 0.5 is the centre of pixel i). Axis values may be given per pixel centre (n values; edges are the
 * midpoints, the outer ones extrapolated by half a step) or as bin edges (n + 1 values) and must be strictly
 * monotonic; otherwise pixel i has the value i (the same convention as the headless ImagePainter).
 */
final class AxisScale {
    private final double[] edges;
    private final boolean fromValues;

    AxisScale(NDArray values, int n) {
        double[] e = values == null || values.rank() != 1 ? null : edgesOf(values.toDoubleArray(), n);
        if (e == null || !monotonic(e)) {
            e = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                e[i] = i - 0.5;
            }
            fromValues = false;
        } else {
            fromValues = true;
        }
        edges = e;
    }

    boolean usesValues() {
        return fromValues;
    }

    private static double[] edgesOf(double[] v, int n) {
        if (v.length == n + 1) {
            return v;
        }
        if (v.length != n || n == 0) {
            return null;
        }
        double[] e = new double[n + 1];
        if (n == 1) {
            e[0] = v[0] - 0.5;
            e[1] = v[0] + 0.5;
            return e;
        }
        for (int i = 1; i < n; i++) {
            e[i] = (v[i - 1] + v[i]) / 2;
        }
        e[0] = v[0] - (v[1] - v[0]) / 2;
        e[n] = v[n - 1] + (v[n - 1] - v[n - 2]) / 2;
        return e;
    }

    private static boolean monotonic(double[] e) {
        boolean up = e[e.length - 1] > e[0];
        for (int i = 1; i < e.length; i++) {
            if (!Double.isFinite(e[i]) || !(up ? e[i] > e[i - 1] : e[i] < e[i - 1])) {
                return false;
            }
        }
        return Double.isFinite(e[0]);
    }

    /** Value at edge position u (linear between edges, extrapolated beyond the ends). */
    double value(double u) {
        int n = edges.length - 1;
        int i = (int) Math.floor(u);
        i = Math.max(0, Math.min(n - 1, i));
        return edges[i] + (u - i) * (edges[i + 1] - edges[i]);
    }

    /** Value at the centre of pixel i. */
    double centre(int i) {
        return value(i + 0.5);
    }

    /** Edge position of a value, linear between edges and extrapolated beyond the ends. */
    double position(double v) {
        int n = edges.length - 1;
        boolean up = edges[n] > edges[0];
        int lo = 0;
        int hi = n;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (up ? edges[mid] <= v : edges[mid] >= v) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double span = edges[lo + 1] - edges[lo];
        return lo + (span == 0 ? 0 : (v - edges[lo]) / span);
    }

    /** About {@code count} round tick values between a and b (either order). */
    static List<Double> ticks(double a, double b, int count) {
        List<Double> out = new ArrayList<>();
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi) || count < 1) {
            return out;
        }
        double raw = (hi - lo) / count;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double r = raw / mag;
        double step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
            if (out.size() > 100) {
                break;
            }
        }
        return out;
    }

    /** A short label for a tick or read-out value. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return String.valueOf((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1000 && a < 1e7) {
            return String.valueOf(Math.round(v));
        }
        if (a != 0 && (a < 1e-3 || a >= 1e7)) {
            return String.format(java.util.Locale.ROOT, "%.3g", v);
        }
        String s = String.format(java.util.Locale.ROOT, "%.4g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
