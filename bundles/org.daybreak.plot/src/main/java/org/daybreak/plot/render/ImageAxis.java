package org.daybreak.plot.render;

import org.daybreak.core.data.NDArray;

/**
 * The value scale along one image dimension of {@code n} pixels, as pixel-edge positions u in [0, n] (u = i + 0.5
 * is the centre of pixel i). Axis values may be given per pixel centre (n values; edges are the midpoints, the
 * outer ones extrapolated by half a step) or as bin edges (n + 1 values), and must be strictly monotonic;
 * without values (or with non-monotonic ones) pixel i has the value i.
 */
final class ImageAxis {
    private final double[] edges;
    private final boolean fromValues;

    ImageAxis(NDArray values, int n) {
        double[] e = values == null ? null : edgesOf(values.toDoubleArray(), n);
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
    boolean usesValues() {
        return fromValues;
    }

    int pixels() {
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
            if (!(up ? e[i] > e[i - 1] : e[i] < e[i - 1])) {
                return false;
            }
        }
        return true;
    }

    /** Value at the start (u = 0) and end (u = n) of the axis. */
    double start() {
        return edges[0];
    }

    double end() {
        return edges[edges.length - 1];
    }

    /** Edge position u in [0, n] of a value, linear between edges; NaN outside the axis. */
    double positionOf(double value) {
        boolean up = end() > start();
        int lo = 0;
        int hi = edges.length - 1;
        if (!(up ? value >= edges[lo] && value <= edges[hi] : value <= edges[lo] && value >= edges[hi])) {
            return Double.NaN;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (up ? edges[mid] <= value : edges[mid] >= value) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double span = edges[hi] - edges[lo];
        return lo + (span == 0 ? 0 : (value - edges[lo]) / span);
    }
}
