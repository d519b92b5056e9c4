package org.daybreak.plot.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.daybreak.core.data.NDArray;

/**
 * The value scale along one image dimension of {@code n} pixels, as pixel-edge positions u in [0, n] (u = i + 0.5
 * is the centre of pixel i). Axis values may be given per pixel centre (n values; edges are the midpoints, the
 * outer ones extrapolated by half a step) or as bin edges (n + 1 values), and must be 1-d, finite and strictly
 * monotonic; otherwise pixel i has the value i. Shared by the headless {@link ImagePainter} and the workbench's
 * image canvas, so both place an image and its ticks the same way. Immutable; thread-safe.
 */
public final class ImageAxis {
    private final double[] edges;
    private final boolean fromValues;

    /**
     * @param values axis values (per pixel centre or bin edges), or null for pixel indices
     * @param n      number of pixels along the dimension
     */
    public ImageAxis(NDArray values, int n) {
        double[] e = values == null || values.rank() != 1 ? null : edgesOf(values.toDoubleArray(), n);
        if (e == null || !strictlyMonotonic(e)) {
            e = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                e[i] = i - 0.5;
            }
            fromValues = false;
        } else {
            fromValues = true;
        }
        this.edges = e;
    }

    /** True when the given axis values are used; false when pixel indices stand in for them. */
    public boolean usesValues() {
        return fromValues;
    }

    public int pixels() {
        return edges.length - 1;
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

    private static boolean strictlyMonotonic(double[] e) {
        boolean up = e[e.length - 1] > e[0];
        for (int i = 1; i < e.length; i++) {
            if (!Double.isFinite(e[i]) || !(up ? e[i] > e[i - 1] : e[i] < e[i - 1])) {
                return false;
            }
        }
        return Double.isFinite(e[0]);
    }

    /** Value at the start (u = 0) and end (u = n) of the axis. */
    public double start() {
        return edges[0];
    }

    public double end() {
        return edges[edges.length - 1];
    }

    /** Value at edge position u (linear between edges, extrapolated beyond the ends). */
    public double value(double u) {
        int n = edges.length - 1;
        int i = (int) Math.floor(u);
        i = Math.max(0, Math.min(n - 1, i));
        return edges[i] + (u - i) * (edges[i + 1] - edges[i]);
    }

    /** Value at the centre of pixel i. */
    public double centre(int i) {
        return value(i + 0.5);
    }

    /** Edge position u of a value, linear between edges and extrapolated beyond the ends. */
    public double position(double value) {
        int n = edges.length - 1;
        boolean up = edges[n] > edges[0];
        int lo = 0;
        int hi = n;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (up ? edges[mid] <= value : edges[mid] >= value) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double span = edges[lo + 1] - edges[lo];
        return lo + (span == 0 ? 0 : (value - edges[lo]) / span);
    }

    /** Edge position u in [0, n] of a value, linear between edges; NaN outside the axis. */
    public double positionOf(double value) {
        boolean up = end() > start();
        int hi = edges.length - 1;
        if (!(up ? value >= edges[0] && value <= edges[hi] : value <= edges[0] && value >= edges[hi])) {
            return Double.NaN;
        }
        return position(value);
    }

    /** About {@code count} round tick values between a and b (either order); empty for an empty or bad range. */
    public static List<Double> ticks(double a, double b, int count) {
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

    /** A short label for a tick or read-out value (whole numbers without a decimal point, else 3-4 digits). */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return String.valueOf((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1000 && a < 1e7) {
            return String.valueOf(Math.round(v));
        }
        if (a != 0 && (a < 1e-3 || a >= 1e7)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
