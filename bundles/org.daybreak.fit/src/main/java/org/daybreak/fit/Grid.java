package org.daybreak.fit;

/**
 * Evenly spaced abscissae: {@code x[i] = start + i * step} to within {@link #TOLERANCE} of the step. Components
 * may use the spacing to replace transcendental functions by recurrences (see {@link LineShapes}); they still
 * read the actual x values for everything else.
 */
public record Grid(double start, double step) {
    /** Largest allowed deviation of an abscissa from its grid position, in units of the step. */
    public static final double TOLERANCE = 1e-11;

    /** The grid that x[0..n) lies on, or null when the points are not evenly spaced (or fewer than 3). */
    public static Grid of(double[] x, int n) {
        if (n < 3) {
            return null;
        }
        double x0 = x[0];
        double h = (x[n - 1] - x0) / (n - 1);
        if (!(h != 0) || !Double.isFinite(h)) {
            return null;
        }
        double limit = TOLERANCE * Math.abs(h);
        for (int i = 1; i < n - 1; i++) {
            if (!(Math.abs(x[i] - (x0 + i * h)) <= limit)) {
                return null;
            }
        }
        return new Grid(x0, h);
    }
}
