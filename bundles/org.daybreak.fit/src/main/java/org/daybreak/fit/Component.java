package org.daybreak.fit;

import java.util.List;
import java.util.Map;

/**
 * One built-in term of a model (a Gaussian, a linear background...). Parameters follow lmfit's documented
 * model formulas; a component's parameter values sit at {@code p[offset ..]} in {@link #parameterNames()} order.
 * Implementations are immutable and thread-safe.
 */
public interface Component {

    /** What the automatic starting values treat the component as. */
    enum Role {
        PEAK, BACKGROUND, STEP
    }

    /** The name as typed on the command line, e.g. {@code "gaussian"}, {@code "polynomial3"}. */
    String name();

    /** Parameter names without prefix, e.g. amplitude, center, sigma. */
    List<String> parameterNames();

    Role role();

    /**
     * Adds f(x[i]) to {@code y[i]} for i in [0, n); when {@code jac} is not null also writes
     * {@code jac[column + k][i] = df/dp_k} (overwriting).
     */
    void evaluate(double[] x, int n, double[] p, int offset, double[] y, double[][] jac, int column);

    /**
     * As {@link #evaluate(double[], int, double[], int, double[], double[][], int)} when the caller knows that
     * x lies on an evenly spaced {@code grid} (null when it does not), which some components use to evaluate
     * faster; the results agree with the plain evaluation to rounding.
     */
    default void evaluate(double[] x, int n, Grid grid, double[] p, int offset, double[] y, double[][] jac,
            int column) {
        evaluate(x, n, p, offset, y, jac, column);
    }

    /**
     * Bounds applied when the user sets none for a parameter (lmfit's parameter hints): widths are
     * non-negative, a pseudo-Voigt fraction lies in [0, 1], a Pearson VII exponent above 1/2. Keyed by bare
     * name; each value is {min, max}.
     */
    default Map<String, double[]> defaultBounds() {
        return Map.of();
    }

    /** Derived quantities (peaks: {@code height}, {@code fwhm}); empty for other components. */
    default Map<String, Double> derived(double[] p, int offset) {
        return Map.of();
    }
}
