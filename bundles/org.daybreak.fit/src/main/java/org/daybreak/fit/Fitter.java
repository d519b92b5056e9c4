package org.daybreak.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fits one trace at a time for a {@link FitPlan}, reusing its work arrays between fits of the same length
 * (a batch of equal spectra allocates almost nothing per fit). Not thread-safe: one per thread.
 */
public final class Fitter {
    private static final int NONE = 0;
    private static final int BOTH = 1;
    private static final int LOWER = 2;
    private static final int UPPER = 3;

    private final FitPlan plan;
    private final Model model;
    private final LevenbergMarquardt lm = new LevenbergMarquardt();
    private final int np;
    private final int nf;
    private final int[] kind;
    private final double[] lo;
    private final double[] hi;
    private final double[] p;
    /** dp_k / dp_free_j for every parameter k (identity rows for free, zero for fixed, chain rule for ties). */
    private final double[][] dp;
    private final boolean hasTies;

    private int capacity = -1;
    private double[] yfit;
    private double[][] modelJac;
    private double[][] extJac;
    /** Stays zero: padding columns for {@link LevenbergMarquardt#gram}. */
    private double[] zeros;

    private double[] xs;
    private Grid grid;
    private double[] ys;
    private double[] ws;
    private int n;

    Fitter(FitPlan plan) {
        this.plan = plan;
        this.model = plan.model();
        np = model.parameterCount();
        nf = plan.free.length;
        kind = new int[nf];
        lo = new double[nf];
        hi = new double[nf];
        for (int j = 0; j < nf; j++) {
            ParameterSpec s = plan.rawSpec(plan.free[j]);
            lo[j] = s.min();
            hi[j] = s.max();
            boolean l = s.min() > Double.NEGATIVE_INFINITY;
            boolean h = s.max() < Double.POSITIVE_INFINITY;
            kind[j] = l && h ? BOTH : l ? LOWER : h ? UPPER : NONE;
        }
        p = new double[np];
        dp = new double[np][nf];
        for (int j = 0; j < nf; j++) {
            dp[plan.free[j]][j] = 1;
        }
        hasTies = plan.tiedOrder.length > 0;
        fused = !model.isExpression();
    }

    private final boolean fused;

    /** The optimiser, for changing its tolerances (defaults: ftol = xtol = 1e-15, gtol = 0). */
    public LevenbergMarquardt optimizer() {
        return lm;
    }

    public FitPlan plan() {
        return plan;
    }

    private void ensure(int size) {
        if (size == capacity) {
            return;
        }
        capacity = size;
        yfit = new double[size];
        modelJac = new double[np][size];
        extJac = new double[nf][size];
        zeros = new double[size];
    }

    /**
     * Fits y(x) over the first {@code count} points with optional weights (multiplying the residuals, i.e.
     * 1/sigma; null for none), starting from {@code start} (all parameters, e.g. from
     * {@link FitPlan#startValues}). A fit that cannot run (too few points, non-finite data) or does not
     * converge returns a result with {@code success = false} and the reason; it never throws for bad data.
     */
    public FitResult fit(double[] x, double[] y, double[] weights, int count, double[] start) {
        ensure(count);
        xs = x;
        grid = Grid.of(x, count);
        ys = y;
        ws = weights;
        n = count;
        int bad = countNonFinite(x, y, weights, count);
        if (bad > 0) {
            return failure(start, "the data contain " + bad + " NaN or infinite value" + (bad == 1 ? "" : "s"));
        }
        if (count < nf) {
            return failure(start, count + " data points are too few to determine " + nf + " free parameters");
        }
        System.arraycopy(start, 0, p, 0, np);
        double[] u = new double[nf];
        for (int j = 0; j < nf; j++) {
            u[j] = toInternal(j, start[plan.free[j]]);
        }
        Problem problem = new Problem();
        cacheValid = false;
        LevenbergMarquardt.Status status = lm.minimize(problem, u);
        setExternal(u);
        if (status == LevenbergMarquardt.Status.NOT_FINITE_START) {
            return failure(p.clone(), "the model is not finite at the starting values " + describe(p)
                    + "; give other starting values");
        }
        model.evaluate(xs, n, grid, p, yfit, modelJac);
        double[] stats = statistics(y, yfit, weights, n);
        double chi2 = stats[0];
        double ssRes = stats[1];
        double ssTot = stats[2];
        boolean finite = Double.isFinite(ssRes);
        int dof = n - nf;
        double redchi = dof > 0 ? chi2 / dof : Double.NaN;
        double rsq = ssTot > 0 ? 1 - ssRes / ssTot : Double.NaN;
        double[] values = p.clone();
        double[] stderr = new double[np];
        StringBuilder message = new StringBuilder(status.converged ? "converged: " : "not converged: ")
                .append(status.message);
        boolean success = status.converged && finite;
        if (!finite) {
            message.append("; the model is not finite at the result");
        }
        String singular = covariance(weights, redchi, stderr);
        if (singular != null) {
            success = false;
            message.append("; ").append(singular);
        }
        return new FitResult(model.parameterNames(), values, stderr, chi2, redchi, rsq, lm.jacobianEvaluations(),
                lm.evaluations(), n, nf, success, message.toString(), model.derived(values));
    }

    /** col[i] *= w[i] s (w null: 1); nothing to do for s = 1 without weights. */
    private static void scale(double[] col, double[] w, double s, int n) {
        if (w == null) {
            if (s != 1) {
                for (int i = 0; i < n; i++) {
                    col[i] *= s;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                col[i] *= w[i] * s;
            }
        }
    }

    /** f = (f - y) w (w null: 1). */
    private static void subtract(double[] f, double[] y, double[] w, int n) {
        if (w == null) {
            for (int i = 0; i < n; i++) {
                f[i] -= y[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                f[i] = (f[i] - y[i]) * w[i];
            }
        }
    }

    private static int countNonFinite(double[] x, double[] y, double[] w, int count) {
        int bad = 0;
        for (int i = 0; i < count; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i]) || w != null && !Double.isFinite(w[i])) {
                bad++;
            }
        }
        return bad;
    }

    /** {chi2 (weighted), sum of squared residuals, total sum of squares about the mean}. */
    private static double[] statistics(double[] y, double[] fit, double[] w, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += y[i];
        }
        mean /= n;
        double chi2 = 0;
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < n; i++) {
            double r = fit[i] - y[i];
            double wr = w == null ? r : r * w[i];
            chi2 += wr * wr;
            ssRes += r * r;
            ssTot += (y[i] - mean) * (y[i] - mean);
        }
        return new double[] {chi2, ssRes, ssTot};
    }

    private FitResult failure(double[] values, String why) {
        double[] err = new double[np];
        java.util.Arrays.fill(err, Double.NaN);
        return new FitResult(model.parameterNames(), values.clone(), err, Double.NaN, Double.NaN, Double.NaN, 0, 0, n,
                nf, false, why, model.derived(values));
    }

    private String describe(double[] values) {
        StringBuilder b = new StringBuilder("(");
        for (int k = 0; k < np; k++) {
            b.append(k > 0 ? ", " : "").append(model.parameterNames().get(k)).append('=').append(values[k]);
        }
        return b.append(')').toString();
    }

    /**
     * Fills stderr from the covariance of the external free parameters at the solution, which is in p and
     * modelJac. Returns null, or a sentence when the covariance is singular (stderr then NaN).
     */
    private String covariance(double[] weights, double redchi, double[] stderr) {
        updateChain();
        boolean direct = !hasTies && weights == null; // the columns are the model's own derivatives
        double[][] cols = direct ? new double[nf][] : extJac;
        for (int j = 0; j < nf; j++) {
            if (direct) {
                cols[j] = modelJac[plan.free[j]];
            } else {
                column(j, weights, 1, extJac[j]);
            }
        }
        if (n >= COVARIANCE_NORMAL_MIN && n >= COVARIANCE_NORMAL_RATIO * nf && covarianceFromGram(cols, redchi, stderr)) {
            return null;
        }
        if (direct) {
            for (int j = 0; j < nf; j++) {
                column(j, weights, 1, extJac[j]);
            }
        }
        double[][] a = new double[nf][];
        System.arraycopy(extJac, 0, a, 0, nf);
        int[] ipvt = new int[nf];
        double[] rdiag = new double[nf];
        double[] acnorm = new double[nf];
        double[] wa = new double[nf];
        LevenbergMarquardt.qrfac(a, n, nf, ipvt, rdiag, acnorm, wa);
        double tol = 1e-14 * Math.abs(rdiag[0]);
        List<String> undetermined = new ArrayList<>();
        for (int k = 0; k < nf; k++) {
            if (!(Math.abs(rdiag[k]) > tol)) {
                undetermined.add(model.parameterNames().get(plan.free[ipvt[k]]));
            }
        }
        if (!undetermined.isEmpty()) {
            java.util.Arrays.fill(stderr, Double.NaN);
            for (int k = 0; k < np; k++) {
                if (plan.rawSpec(k).fixed() && plan.ties[k] == null) {
                    stderr[k] = 0;
                }
            }
            return "the covariance matrix is singular: the data do not determine " + String.join(", ", undetermined)
                    + " (a parameter without effect, or parameters that only act together)";
        }
        setStderr(covarianceFromQr(a, rdiag, ipvt, nf), redchi, stderr);
        return null;
    }

    /**
     * (J^T J)^-1 from the pivoted QR factor of J as {@link LevenbergMarquardt#qrfac} leaves it (R above the
     * diagonal of {@code a}, its diagonal in {@code rdiag}, the permutation in {@code ipvt}): C = P R^-1 R^-T P^T,
     * as MINPACK's covar computes it.
     */
    static double[][] covarianceFromQr(double[][] a, double[] rdiag, int[] ipvt, int n) {
        // R^-1 (upper triangular), R[i][j] = a[j][i] for i < j, diag rdiag
        double[][] rinv = new double[n][n];
        for (int j = 0; j < n; j++) {
            rinv[j][j] = 1 / rdiag[j];
            for (int i = j - 1; i >= 0; i--) {
                double s = 0;
                for (int k = i + 1; k <= j; k++) {
                    s += a[k][i] * rinv[k][j];
                }
                rinv[i][j] = -s / rdiag[i];
            }
        }
        double[][] cov = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = Math.max(i, j); k < n; k++) {
                    s += rinv[i][k] * rinv[j][k];
                }
                cov[ipvt[i]][ipvt[j]] = s;
            }
        }
        return cov;
    }

    /**
     * Standard errors of every parameter from the covariance of the free ones scaled by {@code redchi}: through
     * dp (identity rows for free parameters, zero for fixed ones, the tie's gradient for tied ones).
     */
    private void setStderr(double[][] cov, double redchi, double[] stderr) {
        for (int k = 0; k < np; k++) {
            double var = 0;
            for (int i = 0; i < nf; i++) {
                if (dp[k][i] == 0) {
                    continue;
                }
                for (int j = 0; j < nf; j++) {
                    var += dp[k][i] * cov[i][j] * dp[k][j];
                }
            }
            stderr[k] = Math.sqrt(var * redchi);
        }
    }

    /** Long traces: the covariance from the Gram matrix when it is well conditioned (see {@link #invertGram}). */
    private static final int COVARIANCE_NORMAL_MIN = 500;
    private static final int COVARIANCE_NORMAL_RATIO = 32;

    /**
     * The covariance of long traces as (J^T J)^-1 instead of through a Householder QR of the whole Jacobian: the
     * Gram matrix of the external columns {@code cols} costs n(n+1)/2 inner products. Returns false, leaving the QR
     * path to decide, when the Gram matrix is not safely positive definite.
     */
    private boolean covarianceFromGram(double[][] cols, double redchi, double[] stderr) {
        double[][] g = new double[nf][nf];
        LevenbergMarquardt.gram(cols, nf, n, g, zeros);
        double[][] cov = invertGram(g, nf);
        if (cov == null) {
            return false;
        }
        setStderr(cov, redchi, stderr);
        return true;
    }

    /**
     * The inverse of a symmetric positive definite n x n matrix by Cholesky factorisation of its Jacobi-scaled form
     * S = D^-1 G D^-1 (D = sqrt(diag G)). Null when a pivot is not positive or the scaled factor's diagonal spans
     * more than a factor 1e3 (condition of S above about 1e6), where the inverse would lose more than ~1e-10 of
     * relative accuracy; the caller then uses the QR factorisation of the Jacobian itself.
     */
    static double[][] invertGram(double[][] g, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(g[i][i] > 0) || !Double.isFinite(g[i][i])) {
                return null;
            }
            d[i] = Math.sqrt(g[i][i]);
        }
        double[][] l = new double[n][n];
        double lmin = Double.POSITIVE_INFINITY;
        double lmax = 0;
        for (int j = 0; j < n; j++) {
            double sum = g[j][j] / (d[j] * d[j]);
            for (int k = 0; k < j; k++) {
                sum -= l[j][k] * l[j][k];
            }
            if (!(sum > 0)) {
                return null;
            }
            double ljj = Math.sqrt(sum);
            l[j][j] = ljj;
            lmin = Math.min(lmin, ljj);
            lmax = Math.max(lmax, ljj);
            for (int i = j + 1; i < n; i++) {
                double v = g[i][j] / (d[i] * d[j]);
                for (int k = 0; k < j; k++) {
                    v -= l[i][k] * l[j][k];
                }
                l[i][j] = v / ljj;
            }
        }
        if (!(lmin >= 1e-3 * lmax)) {
            return null;
        }
        // L^-1 (lower triangular), then S^-1 = L^-T L^-1 and G^-1 = D^-1 S^-1 D^-1
        double[][] li = new double[n][n];
        for (int j = 0; j < n; j++) {
            li[j][j] = 1 / l[j][j];
            for (int i = j + 1; i < n; i++) {
                double v = 0;
                for (int k = j; k < i; k++) {
                    v -= l[i][k] * li[k][j];
                }
                li[i][j] = v / l[i][i];
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 0;
                for (int k = i; k < n; k++) {
                    v += li[k][i] * li[k][j];
                }
                v /= d[i] * d[j];
                inv[i][j] = v;
                inv[j][i] = v;
            }
        }
        return inv;
    }

    /** col[i] = w_i * scale * sum_k modelJac[k][i] dp[k][j]. */
    private void column(int j, double[] weights, double scale, double[] col) {
        double[] base = modelJac[plan.free[j]];
        if (!hasTies) {
            if (weights == null) {
                for (int i = 0; i < n; i++) {
                    col[i] = base[i] * scale;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    col[i] = base[i] * weights[i] * scale;
                }
            }
            return;
        }
        System.arraycopy(base, 0, col, 0, n);
        for (int k : plan.tiedOrder) {
            double d = dp[k][j];
            if (d != 0) {
                double[] jk = modelJac[k];
                for (int i = 0; i < n; i++) {
                    col[i] += jk[i] * d;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            col[i] *= weights == null ? scale : weights[i] * scale;
        }
    }

    /** Updates dp for tied parameters at the current p (the chain rule through the tie expressions). */
    private void updateChain() {
        for (int k : plan.tiedOrder) {
            int[] in = plan.tieInputs[k];
            double[] args = new double[in.length];
            for (int r = 0; r < in.length; r++) {
                args[r] = p[in[r]];
            }
            java.util.Arrays.fill(dp[k], 0);
            for (int r = 0; r < in.length; r++) {
                double g = plan.tieDerivatives[k][r].evaluate(0, args);
                if (g != 0) {
                    for (int j = 0; j < nf; j++) {
                        dp[k][j] += g * dp[in[r]][j];
                    }
                }
            }
        }
    }

    /**
     * The internal value of a start value. A start on or beyond a bound is moved inside by {@link #INSIDE} of the
     * range (of the bound's magnitude, at least 1, for one-sided bounds): exactly at a bound the transform's slope is zero,
     * the Jacobian column vanishes and the optimiser could never move that parameter (nor, through the scaling,
     * the others).
     */
    private double toInternal(int j, double v) {
        switch (kind[j]) {
            case BOTH:
                double t = 2 * (v - lo[j]) / (hi[j] - lo[j]) - 1;
                return Math.asin(Math.max(-1 + 2 * INSIDE, Math.min(1 - 2 * INSIDE, t)));
            case LOWER:
                double a = (v > lo[j] ? v - lo[j] : INSIDE * Math.max(1, Math.abs(lo[j]))) + 1;
                return Math.sqrt(a * a - 1);
            case UPPER:
                double b = (v < hi[j] ? hi[j] - v : INSIDE * Math.max(1, Math.abs(hi[j]))) + 1;
                return Math.sqrt(b * b - 1);
            default:
                return v;
        }
    }

    /** How far inside its bounds a start value is placed at least (see {@link #toInternal}). */
    private static final double INSIDE = 1e-3;

    private double toExternal(int j, double u) {
        switch (kind[j]) {
            case BOTH:
                return lo[j] + (Math.sin(u) + 1) * (hi[j] - lo[j]) / 2;
            case LOWER:
                return lo[j] - 1 + Math.sqrt(u * u + 1);
            case UPPER:
                return hi[j] + 1 - Math.sqrt(u * u + 1);
            default:
                return u;
        }
    }

    /** d external / d internal. */
    private double transformSlope(int j, double u) {
        switch (kind[j]) {
            case BOTH:
                return Math.cos(u) * (hi[j] - lo[j]) / 2;
            case LOWER:
                return u / Math.sqrt(u * u + 1);
            case UPPER:
                return -u / Math.sqrt(u * u + 1);
            default:
                return 1;
        }
    }

    private void setExternal(double[] u) {
        for (int j = 0; j < nf; j++) {
            p[plan.free[j]] = toExternal(j, u[j]);
        }
        if (hasTies) {
            plan.applyTies(p);
        }
    }

    /**
     * For built-in components (analytic, cheap derivatives) every residual evaluation also fills modelJac, so
     * that the Jacobian LM asks for next (always at the point of the last residual evaluation, when that step
     * was accepted) costs no second pass of exponentials. {@code cachedAt} is that point.
     */
    private double[] cachedAt;
    private boolean cacheValid;

    private final class Problem implements LeastSquaresProblem {
        @Override
        public int residualCount() {
            return n;
        }

        @Override
        public int unknownCount() {
            return nf;
        }

        @Override
        public void residuals(double[] u, double[] f) {
            setExternal(u);
            if (fused) {
                model.evaluate(xs, n, grid, p, f, modelJac);
                if (cachedAt == null || cachedAt.length != u.length) {
                    cachedAt = new double[u.length];
                }
                System.arraycopy(u, 0, cachedAt, 0, u.length);
                cacheValid = true;
            } else {
                model.evaluate(xs, n, grid, p, f, null);
            }
            subtract(f, ys, ws, n);
        }

        @Override
        public void jacobian(double[] u, double[][] jac) {
            setExternal(u);
            if (!fused || !cacheValid || !java.util.Arrays.equals(u, cachedAt)) {
                model.evaluate(xs, n, grid, p, yfit, modelJac);
            }
            if (hasTies) {
                updateChain();
            }
            if (!hasTies) {
                // each free parameter's column is the model's own derivative times the weight and the slope of the
                // bound transform: exchange the work buffers (same length) instead of copying, then scale in place
                for (int j = 0; j < nf; j++) {
                    int k = plan.free[j];
                    double[] t = jac[j];
                    jac[j] = modelJac[k];
                    modelJac[k] = t;
                    scale(jac[j], ws, transformSlope(j, u[j]), n);
                }
                cacheValid = false; // modelJac now holds the optimiser's old buffers
                return;
            }
            for (int j = 0; j < nf; j++) {
                column(j, ws, transformSlope(j, u[j]), jac[j]);
            }
        }
    }

    /** Derived quantities of the model at given values (delegates to the model). */
    public Map<String, Double> derived(double[] values) {
        return model.derived(values);
    }
}
