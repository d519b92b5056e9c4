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

    private double[] xs;
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
        boolean anyBound = false;
        for (int j = 0; j < nf; j++) {
            anyBound |= kind[j] != NONE;
        }
        unbounded = !anyBound;
    }

    private final boolean unbounded;

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
        if (cachedAt != null) {
            java.util.Arrays.fill(cachedAt, Double.NaN);
        }
        LevenbergMarquardt.Status status = lm.minimize(problem, u);
        setExternal(u);
        if (status == LevenbergMarquardt.Status.NOT_FINITE_START) {
            return failure(p.clone(), "the model is not finite at the starting values " + describe(p)
                    + "; give other starting values");
        }
        model.evaluate(xs, n, p, yfit, modelJac);
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
        for (int j = 0; j < nf; j++) {
            column(j, weights, 1, extJac[j]);
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
        // R^-1 (upper triangular), R[i][j] = a[j][i] for i < j, diag rdiag
        double[][] rinv = new double[nf][nf];
        for (int j = 0; j < nf; j++) {
            rinv[j][j] = 1 / rdiag[j];
            for (int i = j - 1; i >= 0; i--) {
                double s = 0;
                for (int k = i + 1; k <= j; k++) {
                    s += a[k][i] * rinv[k][j];
                }
                rinv[i][j] = -s / rdiag[i];
            }
        }
        // covariance in pivoted order: C = R^-1 R^-T
        double[][] cov = new double[nf][nf];
        for (int i = 0; i < nf; i++) {
            for (int j = 0; j < nf; j++) {
                double s = 0;
                for (int k = Math.max(i, j); k < nf; k++) {
                    s += rinv[i][k] * rinv[j][k];
                }
                cov[ipvt[i]][ipvt[j]] = s * redchi;
            }
        }
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
            stderr[k] = Math.sqrt(var);
        }
        return null;
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

    private double toInternal(int j, double v) {
        switch (kind[j]) {
            case BOTH:
                double t = 2 * (v - lo[j]) / (hi[j] - lo[j]) - 1;
                return Math.asin(Math.max(-1, Math.min(1, t)));
            case LOWER:
                double a = v - lo[j] + 1;
                return Math.sqrt(Math.max(0, a * a - 1));
            case UPPER:
                double b = hi[j] - v + 1;
                return Math.sqrt(Math.max(0, b * b - 1));
            default:
                return v;
        }
    }

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
                model.evaluate(xs, n, p, f, modelJac);
                if (cachedAt == null || cachedAt.length != u.length) {
                    cachedAt = new double[u.length];
                }
                System.arraycopy(u, 0, cachedAt, 0, u.length);
            } else {
                model.evaluate(xs, n, p, f, null);
            }
            subtract(f, ys, ws, n);
        }

        @Override
        public void jacobian(double[] u, double[][] jac) {
            setExternal(u);
            if (!fused || !java.util.Arrays.equals(u, cachedAt)) {
                model.evaluate(xs, n, p, yfit, modelJac);
            }
            if (hasTies) {
                updateChain();
            }
            if (unbounded && !hasTies && ws == null) {
                // the optimiser's columns are plain work buffers of the same length: exchange instead of copying
                for (int j = 0; j < nf; j++) {
                    int k = plan.free[j];
                    double[] t = jac[j];
                    jac[j] = modelJac[k];
                    modelJac[k] = t;
                }
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
