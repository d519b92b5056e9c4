package org.daybreak.fit;

/**
 * A nonlinear least-squares problem for {@link LevenbergMarquardt}: minimise the sum of squares of
 * {@code m} residuals {@code f_i(u)} over {@code n <= m} unknowns. Implementations may reuse internal
 * buffers; one instance is used by one thread at a time.
 */
public interface LeastSquaresProblem {

    int residualCount();

    int unknownCount();

    /** Writes the residuals at {@code u} into {@code f} (length m). Non-finite values mark a point to avoid. */
    void residuals(double[] u, double[] f);

    /** Writes the Jacobian at {@code u} column by column: {@code jac[j][i] = d f_i / d u_j}. */
    void jacobian(double[] u, double[][] jac);
}
