package org.daybreak.fit;

/**
 * Levenberg-Marquardt minimisation of a sum of squares with a trust region, following MINPACK's
 * {@code lmder} (J. J. Moré, B. S. Garbow, K. E. Hillstrom, "User Guide for MINPACK-1", Argonne ANL-80-74,
 * 1980; J. J. Moré, "The Levenberg-Marquardt algorithm: implementation and theory", Lecture Notes in
 * Mathematics 630, 1978): QR factorisation with column pivoting, the Levenberg parameter found by
 * {@code lmpar}'s safeguarded Newton iteration, variables scaled by the running maximum of the Jacobian
 * column norms ({@code mode = 1}). This is an independent implementation of the published algorithm.
 *
 * <p>Thread rules: an instance keeps its work arrays between calls (so a batch of fits of the same size
 * allocates nothing per fit) and must be used by one thread at a time.
 */
public final class LevenbergMarquardt {
    private static final double EPSMCH = Math.ulp(1.0);
    private static final double DWARF = Double.MIN_NORMAL;
    /**
     * The normal-equations factorisation is tried for long traces only: at least this many residuals per
     * unknown and in all (small problems such as the NIST reference set always use the Householder QR).
     */
    private static final int NORMAL_EQUATIONS_RATIO = 32;
    private static final int NORMAL_EQUATIONS_MIN = 500;

    /** Why {@link #minimize} stopped (MINPACK's {@code info} 1 to 8, plus problems of the model). */
    public enum Status {
        /** info 1: both the actual and the predicted relative reduction of the sum of squares are at most ftol. */
        FTOL(true, "relative reduction of the sum of squares is at most ftol"),
        /** info 2: the relative change of the parameters (in the scaled norm) is at most xtol. */
        XTOL(true, "relative change of the parameters is at most xtol"),
        /** info 3: both 1 and 2. */
        FTOL_XTOL(true, "relative reduction of the sum of squares and relative change of the parameters are at most ftol and xtol"),
        /** info 4: the residual vector is orthogonal to the Jacobian columns to within gtol. */
        GTOL(true, "the residuals are orthogonal to the Jacobian columns (gradient at most gtol)"),
        /** info 5. */
        MAX_EVALUATIONS(false, "maximum number of model evaluations reached before convergence"),
        /** info 6: ftol is too small; no further reduction of the sum of squares is possible. */
        FTOL_MACHINE(true, "no further reduction of the sum of squares is possible at machine precision"),
        /** info 7: xtol is too small; no further improvement of the parameters is possible. */
        XTOL_MACHINE(true, "no further improvement of the parameters is possible at machine precision"),
        /** info 8: gtol is too small. */
        GTOL_MACHINE(true, "the residuals are orthogonal to the Jacobian columns at machine precision"),
        /** The residuals at the start are not finite. */
        NOT_FINITE_START(false, "the model is not finite at the starting values"),
        /** The residuals are exactly zero at the start. */
        ZERO_RESIDUAL(true, "the residuals are zero");

        public final boolean converged;
        public final String message;

        Status(boolean converged, String message) {
            this.converged = converged;
            this.message = message;
        }
    }

    private double ftol = 1e-15;
    private double xtol = 1e-15;
    private double gtol = 0;
    private double stepBound = 100;
    private int maxEvaluations = 0;
    private boolean normalEquationsAllowed = true;

    private int m = -1;
    private int n = -1;
    private double[] fvec;
    private double[][] fjac;
    private double[] diag;
    private double[] qtf;
    private double[] wa1;
    private double[] wa2;
    private double[] wa3;
    private double[] wa4;
    private double[] acnorm;
    private double[] rdiag;
    private double[] sdiag;
    private double[] lwa1;
    private double[] lwa2;
    private int[] ipvt;
    private double[][] gram;
    private double[][] chol;
    private double[] jtf;
    private double[] scale;
    private int[] perm;
    private double[][] augmented;
    private double[][] augmentedGram;
    private double[] zeros;

    private int evaluations;
    private int jacobianEvaluations;
    private int iterations;
    private double cost;

    public LevenbergMarquardt() {
    }

    /** Relative tolerance on the sum of squares (MINPACK ftol); default 1e-15. */
    public LevenbergMarquardt ftol(double v) {
        ftol = v;
        return this;
    }

    /** Relative tolerance on the parameters (MINPACK xtol); default 1e-15. */
    public LevenbergMarquardt xtol(double v) {
        xtol = v;
        return this;
    }

    /** Orthogonality tolerance (MINPACK gtol); default 0. */
    public LevenbergMarquardt gtol(double v) {
        gtol = v;
        return this;
    }

    /** Largest number of residual evaluations; 0 means 200 * (n + 1) as MINPACK's lmder1 chooses. */
    public LevenbergMarquardt maxEvaluations(int v) {
        maxEvaluations = v;
        return this;
    }

    /** Initial step bound factor (MINPACK factor); default 100. */
    public LevenbergMarquardt stepBound(double v) {
        stepBound = v;
        return this;
    }

    /** Allows (default) or forbids the normal-equations factorisation of long problems (tests compare both). */
    LevenbergMarquardt normalEquations(boolean allowed) {
        normalEquationsAllowed = allowed;
        return this;
    }

    public int evaluations() {
        return evaluations;
    }

    public int jacobianEvaluations() {
        return jacobianEvaluations;
    }

    /** Number of accepted steps + 1, as MINPACK counts iterations. */
    public int iterations() {
        return iterations;
    }

    /** Sum of squares of the residuals at the returned point. */
    public double cost() {
        return cost;
    }

    /** The residuals at the returned point (work array: valid until the next call). */
    public double[] residuals() {
        return fvec;
    }

    private void allocate(int mm, int nn) {
        if (mm == m && nn == n) {
            return;
        }
        m = mm;
        n = nn;
        fvec = new double[m];
        fjac = new double[n][m];
        diag = new double[n];
        qtf = new double[n];
        wa1 = new double[n];
        wa2 = new double[n];
        wa3 = new double[n];
        wa4 = new double[m];
        acnorm = new double[n];
        rdiag = new double[n];
        sdiag = new double[n];
        lwa1 = new double[n];
        lwa2 = new double[n];
        ipvt = new int[n];
        gram = new double[n][n];
        chol = new double[n][n];
        jtf = new double[n];
        scale = new double[n];
        perm = new int[n];
        augmented = new double[n + 1][];
        augmentedGram = new double[n + 1][n + 1];
        zeros = new double[m];
    }

    /**
     * Minimises from {@code x} (overwritten with the solution, or the best point found).
     *
     * @throws IllegalArgumentException when there are fewer residuals than unknowns
     */
    public Status minimize(LeastSquaresProblem problem, double[] x) {
        int mm = problem.residualCount();
        int nn = problem.unknownCount();
        if (nn < 1 || mm < nn) {
            throw new IllegalArgumentException(mm + " data points are too few to determine " + nn
                    + " free parameters");
        }
        allocate(mm, nn);
        int maxfev = maxEvaluations > 0 ? maxEvaluations : 200 * (n + 1);
        evaluations = 0;
        jacobianEvaluations = 0;
        iterations = 0;
        double[] xtrial = new double[n];

        problem.residuals(x, fvec);
        evaluations = 1;
        double fnorm = enorm(fvec, 0, m);
        cost = fnorm * fnorm;
        if (!Double.isFinite(fnorm)) {
            return Status.NOT_FINITE_START;
        }
        double par = 0;
        double delta = 0;
        double xnorm = 0;
        iterations = 1;
        Status info = null;
        while (true) {
            problem.jacobian(x, fjac);
            jacobianEvaluations++;
            boolean normal = normalEquationsAllowed && m >= NORMAL_EQUATIONS_MIN && m >= NORMAL_EQUATIONS_RATIO * n && normalEquations();
            if (!normal) {
                for (int j = 0; j < n; j++) {
                    double[] col = fjac[j];
                    acnorm[j] = enorm(col, 0, m);
                    if (!Double.isFinite(acnorm[j])) {
                        for (int i = 0; i < m; i++) {
                            if (!Double.isFinite(col[i])) {
                                col[i] = 0; // a non-finite derivative carries no direction information
                            }
                        }
                        acnorm[j] = enorm(col, 0, m);
                    }
                }
                qrfac(fjac, m, n, ipvt, rdiag, acnorm, wa3, true);
            }
            if (iterations == 1) {
                for (int j = 0; j < n; j++) {
                    diag[j] = acnorm[j] == 0 ? 1 : acnorm[j];
                    wa3[j] = diag[j] * x[j];
                }
                xnorm = enorm(wa3, 0, n);
                delta = stepBound * xnorm;
                if (delta == 0) {
                    delta = stepBound;
                }
            }
            // Q^T f into wa4; its first n components into qtf (already there from the normal equations)
            System.arraycopy(fvec, 0, wa4, 0, normal ? 0 : m);
            for (int j = 0; j < (normal ? 0 : n); j++) {
                double[] col = fjac[j];
                if (col[j] != 0) {
                    double temp = -dot(col, wa4, j, m) / col[j];
                    axpy(temp, col, wa4, j, m);
                }
                col[j] = rdiag[j];
                qtf[j] = wa4[j];
            }
            double gnorm = 0;
            if (fnorm != 0) {
                for (int j = 0; j < n; j++) {
                    int l = ipvt[j];
                    if (acnorm[l] != 0) {
                        double sum = 0;
                        for (int i = 0; i <= j; i++) {
                            sum += fjac[j][i] * (qtf[i] / fnorm);
                        }
                        gnorm = Math.max(gnorm, Math.abs(sum / acnorm[l]));
                    }
                }
            } else {
                return finish(Status.ZERO_RESIDUAL, fnorm);
            }
            if (gnorm <= gtol) {
                return finish(Status.GTOL, fnorm);
            }
            for (int j = 0; j < n; j++) {
                diag[j] = Math.max(diag[j], acnorm[j]);
            }
            while (true) {
                par = lmpar(fjac, n, ipvt, diag, qtf, delta, par, wa1, sdiag, lwa1, lwa2);
                for (int j = 0; j < n; j++) {
                    wa1[j] = -wa1[j];
                    xtrial[j] = x[j] + wa1[j];
                    wa3[j] = diag[j] * wa1[j];
                }
                double pnorm = enorm(wa3, 0, n);
                if (iterations == 1) {
                    delta = Math.min(delta, pnorm);
                }
                problem.residuals(xtrial, wa4);
                evaluations++;
                double fnorm1 = enorm(wa4, 0, m);
                double actred = -1;
                if (0.1 * fnorm1 < fnorm) {
                    double r = fnorm1 / fnorm;
                    actred = 1 - r * r;
                }
                for (int j = 0; j < n; j++) {
                    wa3[j] = 0;
                    int l = ipvt[j];
                    double temp = wa1[l];
                    double[] col = fjac[j];
                    for (int i = 0; i <= j; i++) {
                        wa3[i] += col[i] * temp;
                    }
                }
                double temp1 = enorm(wa3, 0, n) / fnorm;
                double temp2 = Math.sqrt(par) * pnorm / fnorm;
                double prered = temp1 * temp1 + temp2 * temp2 / 0.5;
                double dirder = -(temp1 * temp1 + temp2 * temp2);
                double ratio = prered != 0 ? actred / prered : 0;
                if (ratio <= 0.25) {
                    double temp = actred >= 0 ? 0.5 : 0.5 * dirder / (dirder + 0.5 * actred);
                    if (0.1 * fnorm1 >= fnorm || !(temp >= 0.1)) {
                        temp = 0.1;
                    }
                    delta = temp * Math.min(delta, pnorm / 0.1);
                    par = par / temp;
                } else if (par == 0 || ratio >= 0.75) {
                    delta = pnorm / 0.5;
                    par = 0.5 * par;
                }
                if (ratio >= 1e-4) {
                    for (int j = 0; j < n; j++) {
                        x[j] = xtrial[j];
                        wa2[j] = diag[j] * x[j];
                    }
                    System.arraycopy(wa4, 0, fvec, 0, m);
                    xnorm = enorm(wa2, 0, n);
                    fnorm = fnorm1;
                    iterations++;
                }
                boolean f1 = Math.abs(actred) <= ftol && prered <= ftol && 0.5 * ratio <= 1;
                boolean x2 = delta <= xtol * xnorm;
                if (f1 && x2) {
                    info = Status.FTOL_XTOL;
                } else if (f1) {
                    info = Status.FTOL;
                } else if (x2) {
                    info = Status.XTOL;
                }
                if (info != null) {
                    return finish(info, fnorm);
                }
                if (evaluations >= maxfev) {
                    return finish(Status.MAX_EVALUATIONS, fnorm);
                }
                if (Math.abs(actred) <= EPSMCH && prered <= EPSMCH && 0.5 * ratio <= 1) {
                    return finish(Status.FTOL_MACHINE, fnorm);
                }
                if (delta <= EPSMCH * xnorm) {
                    return finish(Status.XTOL_MACHINE, fnorm);
                }
                if (gnorm <= EPSMCH) {
                    return finish(Status.GTOL_MACHINE, fnorm);
                }
                if (ratio >= 1e-4) {
                    break;
                }
            }
        }
    }

    /**
     * For m much larger than n (long spectra), the triangular factor may come from the n x n Gram matrix instead of
     * a Householder QR of the m x n Jacobian: P^T J^T J P = R^T R by Cholesky with diagonal pivoting of the
     * Jacobi-scaled matrix, and Q^T f = R^-T P^T J^T f. This needs n(n+3)/2 inner products instead of about
     * 2n^2 passes over the data. It squares the condition number, so it is used only while the scaled factor
     * is well conditioned (smallest/largest diagonal of the scaled factor >= 1e-3, so that the relative error of
     * R stays near 1e-10; it affects the step, not the converged point where J^T f = 0); otherwise, and for
     * non-finite or rank-deficient Jacobians, the QR path runs. On success fjac's leading n x n block, rdiag,
     * ipvt, acnorm and qtf are set exactly as after qrfac and the Q^T f loop.
     */
    private boolean normalEquations() {
        // the Gram matrix of [J f]: J^T J and J^T f together, in as few passes over the data as possible
        System.arraycopy(fjac, 0, augmented, 0, n);
        augmented[n] = fvec;
        gram(augmented, n + 1, m, augmentedGram, zeros);
        for (int a = 0; a < n; a++) {
            System.arraycopy(augmentedGram[a], 0, gram[a], 0, n);
            jtf[a] = augmentedGram[a][n];
            if (!(gram[a][a] > 0) || !Double.isFinite(gram[a][a]) || !Double.isFinite(jtf[a])) {
                return false;
            }
            scale[a] = Math.sqrt(gram[a][a]);
        }
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double v = gram[a][b] / (scale[a] * scale[b]);
                chol[a][b] = v;
                chol[b][a] = v;
            }
            perm[a] = a;
        }
        double rmax = 0;
        double rmin = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            int k = j;
            for (int i = j + 1; i < n; i++) {
                if (chol[i][i] > chol[k][k]) {
                    k = i;
                }
            }
            if (k != j) {
                double[] t = chol[j];
                chol[j] = chol[k];
                chol[k] = t;
                for (double[] row : chol) {
                    double v = row[j];
                    row[j] = row[k];
                    row[k] = v;
                }
                int p = perm[j];
                perm[j] = perm[k];
                perm[k] = p;
            }
            double pivot = chol[j][j];
            if (!(pivot > 0)) {
                return false;
            }
            double r = Math.sqrt(pivot);
            chol[j][j] = r;
            for (int i = j + 1; i < n; i++) {
                chol[j][i] /= r;
            }
            for (int i = j + 1; i < n; i++) {
                for (int l = j + 1; l < n; l++) {
                    chol[i][l] -= chol[j][i] * chol[j][l];
                }
            }
            rmax = Math.max(rmax, r);
            rmin = Math.min(rmin, r);
        }
        if (!(rmin >= 1e-3 * rmax)) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            ipvt[j] = perm[j];
            acnorm[j] = scale[j];
            double dj = scale[perm[j]];
            double[] col = fjac[j];
            for (int i = 0; i < j; i++) {
                col[i] = chol[i][j] * dj;
            }
            rdiag[j] = chol[j][j] * dj;
            col[j] = rdiag[j];
        }
        for (int j = 0; j < n; j++) {
            double sum = jtf[perm[j]];
            for (int i = 0; i < j; i++) {
                sum -= fjac[j][i] * qtf[i];
            }
            qtf[j] = sum / rdiag[j];
        }
        return true;
    }

    private Status finish(Status s, double fnorm) {
        cost = fnorm * fnorm;
        return s;
    }

    /**
     * Euclidean norm of v[from..to). One unscaled pass (four partial sums) when the sum of squares is safely
     * inside the double range; otherwise a second pass scaled by the largest magnitude, so that neither
     * overflow nor underflow spoils the result (the purpose of MINPACK's three-range enorm).
     */
    static double enorm(double[] v, int from, int to) {
        double s = dot(v, v, from, to);
        if (s > 1e-280 && s < 1e280) {
            return Math.sqrt(s);
        }
        if (s != s) {
            return Double.NaN;
        }
        double max = 0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, Math.abs(v[i]));
        }
        if (max == 0 || !Double.isFinite(max)) {
            return max;
        }
        double t = 0;
        double inv = 1 / max;
        for (int i = from; i < to; i++) {
            double q = v[i] * inv;
            t += q * q;
        }
        return max * Math.sqrt(t);
    }

    /*
     * The loops over the data points live in these small methods so that the just-in-time compiler optimises
     * them early and separately, instead of recompiling the whole iteration (which costs seconds of compile
     * time in a short command-line run).
     */

    /** y[i] += a x[i] over [from, to). */
    static void axpy(double a, double[] x, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] += a * x[i];
        }
    }

    /** v[i] /= d over [from, to). */
    static void divide(double[] v, double d, int from, int to) {
        for (int i = from; i < to; i++) {
            v[i] /= d;
        }
    }

    /**
     * The Gram matrix g[a][b] = sum over [0, m) of c_a[i] c_b[i] of the k columns {@code c} (both triangles written).
     * The columns are taken in blocks of three (six for k <= 6), each pass over the data accumulating every product
     * of a block pair at once: 3 passes for six columns instead of 15 inner products, which is what bounds the
     * speed of long fits. Missing columns of the last block read {@code zeros} (at least m long). {@link #dot} is
     * the plain reference the tests compare with.
     */
    static void gram(double[][] c, int k, int m, double[][] g, double[] zeros) {
        if (k <= 6 && k >= 4) {
            double[] o = new double[21];
            sym6(c[0], c[1], c[2], c[3], k > 4 ? c[4] : zeros, k > 5 ? c[5] : zeros, m, o);
            int at = 0;
            for (int a = 0; a < 6; a++) {
                for (int b = a; b < 6; b++, at++) {
                    if (a < k && b < k) {
                        g[a][b] = o[at];
                        g[b][a] = o[at];
                    }
                }
            }
            return;
        }
        int blocks = (k + 2) / 3;
        double[] o = new double[9];
        for (int bi = 0; bi < blocks; bi++) {
            int i0 = 3 * bi;
            double[] a0 = c[i0];
            double[] a1 = i0 + 1 < k ? c[i0 + 1] : zeros;
            double[] a2 = i0 + 2 < k ? c[i0 + 2] : zeros;
            sym3(a0, a1, a2, m, o);
            int at = 0;
            for (int a = 0; a < 3; a++) {
                for (int b = a; b < 3; b++, at++) {
                    if (i0 + b < k) {
                        g[i0 + a][i0 + b] = o[at];
                        g[i0 + b][i0 + a] = o[at];
                    }
                }
            }
            for (int bj = bi + 1; bj < blocks; bj++) {
                int j0 = 3 * bj;
                rect3(a0, a1, a2, c[j0], j0 + 1 < k ? c[j0 + 1] : zeros, j0 + 2 < k ? c[j0 + 2] : zeros, m, o);
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        if (i0 + a < k && j0 + b < k) {
                            g[i0 + a][j0 + b] = o[3 * a + b];
                            g[j0 + b][i0 + a] = o[3 * a + b];
                        }
                    }
                }
            }
        }
    }

    /** The 21 products c_a c_b (a <= b, row by row) of six columns summed over [0, m) in one pass. */
    static void sym6(double[] c0, double[] c1, double[] c2, double[] c3, double[] c4, double[] c5, int m,
            double[] o) {
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s04 = 0, s05 = 0;
        double s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0;
        double s22 = 0, s23 = 0, s24 = 0, s25 = 0;
        double s33 = 0, s34 = 0, s35 = 0;
        double s44 = 0, s45 = 0, s55 = 0;
        for (int i = 0; i < m; i++) {
            double v0 = c0[i], v1 = c1[i], v2 = c2[i], v3 = c3[i], v4 = c4[i], v5 = c5[i];
            s00 = madd(v0, v0, s00); s01 = madd(v0, v1, s01); s02 = madd(v0, v2, s02); s03 = madd(v0, v3, s03); s04 = madd(v0, v4, s04); s05 = madd(v0, v5, s05);
            s11 = madd(v1, v1, s11); s12 = madd(v1, v2, s12); s13 = madd(v1, v3, s13); s14 = madd(v1, v4, s14); s15 = madd(v1, v5, s15);
            s22 = madd(v2, v2, s22); s23 = madd(v2, v3, s23); s24 = madd(v2, v4, s24); s25 = madd(v2, v5, s25);
            s33 = madd(v3, v3, s33); s34 = madd(v3, v4, s34); s35 = madd(v3, v5, s35);
            s44 = madd(v4, v4, s44); s45 = madd(v4, v5, s45); s55 = madd(v5, v5, s55);
        }
        o[0] = s00; o[1] = s01; o[2] = s02; o[3] = s03; o[4] = s04; o[5] = s05;
        o[6] = s11; o[7] = s12; o[8] = s13; o[9] = s14; o[10] = s15;
        o[11] = s22; o[12] = s23; o[13] = s24; o[14] = s25;
        o[15] = s33; o[16] = s34; o[17] = s35;
        o[18] = s44; o[19] = s45; o[20] = s55;
    }

    /** The six products c_a c_b (a <= b) of three columns summed over [0, m) in one pass. */
    static void sym3(double[] c0, double[] c1, double[] c2, int m, double[] o) {
        double s00 = 0, s01 = 0, s02 = 0, s11 = 0, s12 = 0, s22 = 0;
        for (int i = 0; i < m; i++) {
            double v0 = c0[i], v1 = c1[i], v2 = c2[i];
            s00 = madd(v0, v0, s00); s01 = madd(v0, v1, s01); s02 = madd(v0, v2, s02);
            s11 = madd(v1, v1, s11); s12 = madd(v1, v2, s12); s22 = madd(v2, v2, s22);
        }
        o[0] = s00; o[1] = s01; o[2] = s02; o[3] = s11; o[4] = s12; o[5] = s22;
    }

    /** o[3a + b] = sum over [0, m) of a_a[i] b_b[i] for two blocks of three columns, in one pass. */
    static void rect3(double[] a0, double[] a1, double[] a2, double[] b0, double[] b1, double[] b2, int m,
            double[] o) {
        double s00 = 0, s01 = 0, s02 = 0, s10 = 0, s11 = 0, s12 = 0, s20 = 0, s21 = 0, s22 = 0;
        for (int i = 0; i < m; i++) {
            double x0 = a0[i], x1 = a1[i], x2 = a2[i], y0 = b0[i], y1 = b1[i], y2 = b2[i];
            s00 = madd(x0, y0, s00); s01 = madd(x0, y1, s01); s02 = madd(x0, y2, s02);
            s10 = madd(x1, y0, s10); s11 = madd(x1, y1, s11); s12 = madd(x1, y2, s12);
            s20 = madd(x2, y0, s20); s21 = madd(x2, y1, s21); s22 = madd(x2, y2, s22);
        }
        o[0] = s00; o[1] = s01; o[2] = s02; o[3] = s10; o[4] = s11; o[5] = s12; o[6] = s20; o[7] = s21; o[8] = s22;
    }

    /**
     * Whether {@link Math#fma} runs as one hardware instruction here. It does on every x86-64 processor since 2013
     * and on aarch64, but on processors (or virtual machines) without FMA the JDK computes it in BigDecimal
     * arithmetic, a hundred times slower than a multiplication and an addition; a short probe at class
     * initialisation compares the two.
     */
    static final boolean FMA = fmaIsFast();

    private static boolean fmaIsFast() {
        double[] v = new double[256];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1 + i * 1e-3;
        }
        long fused = Long.MAX_VALUE;
        long plain = Long.MAX_VALUE;
        double sink = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            double s = 0;
            for (double x : v) {
                s = Math.fma(x, x, s);
            }
            long t1 = System.nanoTime();
            double q = 0;
            for (double x : v) {
                q = x * x + q;
            }
            long t2 = System.nanoTime();
            sink += s - q;
            fused = Math.min(fused, t1 - t0);
            plain = Math.min(plain, t2 - t1);
        }
        return fused <= 4 * plain + 20_000 && sink == sink;
    }

    /** a b + c: fused (one rounding) where the hardware has FMA, else a multiplication and an addition. */
    static double madd(double a, double b, double c) {
        return FMA ? Math.fma(a, b, c) : a * b + c;
    }

    /** Sum of a[i] b[i] over [from, to) with two partial sums (for instruction-level parallelism). */
    static double dot(double[] a, double[] b, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        int i = from;
        for (; i + 1 < to; i += 2) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
        }
        if (i < to) {
            s0 += a[i] * b[i];
        }
        return s0 + s1;
    }

    /**
     * Householder QR with column pivoting of the m x n matrix held by columns in {@code a} (MINPACK qrfac with
     * pivot = true). On return the upper triangle of the permuted R sits above the diagonal of {@code a}
     * (columns are swapped by reference), {@code rdiag} holds R's diagonal, {@code acnorm} the norms of the
     * original columns and {@code ipvt} the permutation.
     */
    static void qrfac(double[][] a, int m, int n, int[] ipvt, double[] rdiag, double[] acnorm, double[] wa) {
        qrfac(a, m, n, ipvt, rdiag, acnorm, wa, false);
    }

    /** As above; with {@code normsGiven} the caller has already put the column norms in {@code acnorm}. */
    static void qrfac(double[][] a, int m, int n, int[] ipvt, double[] rdiag, double[] acnorm, double[] wa,
            boolean normsGiven) {
        for (int j = 0; j < n; j++) {
            if (!normsGiven) {
                acnorm[j] = enorm(a[j], 0, m);
            }
            rdiag[j] = acnorm[j];
            wa[j] = rdiag[j];
            ipvt[j] = j;
        }
        int minmn = Math.min(m, n);
        for (int j = 0; j < minmn; j++) {
            int kmax = j;
            for (int k = j; k < n; k++) {
                if (rdiag[k] > rdiag[kmax]) {
                    kmax = k;
                }
            }
            if (kmax != j) {
                double[] t = a[j];
                a[j] = a[kmax];
                a[kmax] = t;
                rdiag[kmax] = rdiag[j];
                wa[kmax] = wa[j];
                int k = ipvt[j];
                ipvt[j] = ipvt[kmax];
                ipvt[kmax] = k;
            }
            double[] aj = a[j];
            double ajnorm = enorm(aj, j, m);
            if (ajnorm != 0) {
                if (aj[j] < 0) {
                    ajnorm = -ajnorm;
                }
                divide(aj, ajnorm, j, m);
                aj[j] += 1;
                for (int k = j + 1; k < n; k++) {
                    double[] ak = a[k];
                    double temp = dot(aj, ak, j, m) / aj[j];
                    axpy(-temp, aj, ak, j, m);
                    if (rdiag[k] != 0) {
                        temp = ak[j] / rdiag[k];
                        rdiag[k] *= Math.sqrt(Math.max(0, 1 - temp * temp));
                        double q = rdiag[k] / wa[k];
                        if (0.05 * q * q <= EPSMCH) {
                            rdiag[k] = enorm(ak, j + 1, m);
                            wa[k] = rdiag[k];
                        }
                    }
                }
            }
            rdiag[j] = -ajnorm;
        }
    }

    /**
     * MINPACK lmpar: the Levenberg parameter {@code par} such that the scaled step {@code x} solving
     * (J^T J + par D^2) x = -J^T f has ||D x|| within 10% of {@code delta} (or par = 0 when the Gauss-Newton
     * step is already inside). Returns the new par; x holds the step (to be negated by the caller, as in
     * MINPACK where x solves J x = Q^T f in the least-squares sense).
     */
    static double lmpar(double[][] r, int n, int[] ipvt, double[] diag, double[] qtb, double delta, double par,
            double[] x, double[] sdiag, double[] wa1, double[] wa2) {
        int nsing = n;
        for (int j = 0; j < n; j++) {
            wa1[j] = qtb[j];
            if (r[j][j] == 0 && nsing == n) {
                nsing = j;
            }
            if (nsing < n) {
                wa1[j] = 0;
            }
        }
        for (int k = nsing - 1; k >= 0; k--) {
            wa1[k] /= r[k][k];
            double temp = wa1[k];
            for (int i = 0; i < k; i++) {
                wa1[i] -= r[k][i] * temp;
            }
        }
        for (int j = 0; j < n; j++) {
            x[ipvt[j]] = wa1[j];
        }
        for (int j = 0; j < n; j++) {
            wa2[j] = diag[j] * x[j];
        }
        double dxnorm = enorm(wa2, 0, n);
        double fp = dxnorm - delta;
        if (fp <= 0.1 * delta) {
            return 0;
        }
        double parl = 0;
        if (nsing >= n) {
            for (int j = 0; j < n; j++) {
                int l = ipvt[j];
                wa1[j] = diag[l] * (wa2[l] / dxnorm);
            }
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int i = 0; i < j; i++) {
                    sum += r[j][i] * wa1[i];
                }
                wa1[j] = (wa1[j] - sum) / r[j][j];
            }
            double temp = enorm(wa1, 0, n);
            parl = ((fp / delta) / temp) / temp;
        }
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int i = 0; i <= j; i++) {
                sum += r[j][i] * qtb[i];
            }
            wa1[j] = sum / diag[ipvt[j]];
        }
        double gnorm = enorm(wa1, 0, n);
        double paru = gnorm / delta;
        if (paru == 0) {
            paru = DWARF / Math.min(delta, 0.1);
        }
        par = Math.max(par, parl);
        par = Math.min(par, paru);
        if (par == 0) {
            par = gnorm / dxnorm;
        }
        int iter = 0;
        while (true) {
            iter++;
            if (par == 0) {
                par = Math.max(DWARF, 0.001 * paru);
            }
            double temp = Math.sqrt(par);
            for (int j = 0; j < n; j++) {
                wa1[j] = temp * diag[j];
            }
            qrsolv(r, n, ipvt, wa1, qtb, x, sdiag, wa2);
            for (int j = 0; j < n; j++) {
                wa2[j] = diag[j] * x[j];
            }
            dxnorm = enorm(wa2, 0, n);
            temp = fp;
            fp = dxnorm - delta;
            if (Math.abs(fp) <= 0.1 * delta || (parl == 0 && fp <= temp && temp < 0) || iter == 10) {
                return par;
            }
            for (int j = 0; j < n; j++) {
                int l = ipvt[j];
                wa1[j] = diag[l] * (wa2[l] / dxnorm);
            }
            for (int j = 0; j < n; j++) {
                wa1[j] /= sdiag[j];
                temp = wa1[j];
                for (int i = j + 1; i < n; i++) {
                    wa1[i] -= r[j][i] * temp;
                }
            }
            temp = enorm(wa1, 0, n);
            double parc = ((fp / delta) / temp) / temp;
            if (fp > 0) {
                parl = Math.max(parl, par);
            }
            if (fp < 0) {
                paru = Math.min(paru, par);
            }
            par = Math.max(parl, par + parc);
        }
    }

    /**
     * MINPACK qrsolv: given the pivoted QR factor R (upper triangle of {@code r}), solves the least-squares
     * problem [J; D] x = [f; 0] by Givens rotations; the strict lower triangle of {@code r} receives S^T and
     * {@code sdiag} the diagonal of S, where P^T (J^T J + D D) P = S^T S.
     */
    static void qrsolv(double[][] r, int n, int[] ipvt, double[] diag, double[] qtb, double[] x, double[] sdiag,
            double[] wa) {
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                r[j][i] = r[i][j];
            }
            x[j] = r[j][j];
            wa[j] = qtb[j];
        }
        for (int j = 0; j < n; j++) {
            int l = ipvt[j];
            if (diag[l] != 0) {
                for (int k = j; k < n; k++) {
                    sdiag[k] = 0;
                }
                sdiag[j] = diag[l];
                double qtbpj = 0;
                for (int k = j; k < n; k++) {
                    if (sdiag[k] == 0) {
                        continue;
                    }
                    double sin;
                    double cos;
                    if (Math.abs(r[k][k]) < Math.abs(sdiag[k])) {
                        double cotan = r[k][k] / sdiag[k];
                        sin = 0.5 / Math.sqrt(0.25 + 0.25 * cotan * cotan);
                        cos = sin * cotan;
                    } else {
                        double tan = sdiag[k] / r[k][k];
                        cos = 0.5 / Math.sqrt(0.25 + 0.25 * tan * tan);
                        sin = cos * tan;
                    }
                    r[k][k] = cos * r[k][k] + sin * sdiag[k];
                    double temp = cos * wa[k] + sin * qtbpj;
                    qtbpj = -sin * wa[k] + cos * qtbpj;
                    wa[k] = temp;
                    for (int i = k + 1; i < n; i++) {
                        temp = cos * r[k][i] + sin * sdiag[i];
                        sdiag[i] = -sin * r[k][i] + cos * sdiag[i];
                        r[k][i] = temp;
                    }
                }
            }
            sdiag[j] = r[j][j];
            r[j][j] = x[j];
        }
        int nsing = n;
        for (int j = 0; j < n; j++) {
            if (sdiag[j] == 0 && nsing == n) {
                nsing = j;
            }
            if (nsing < n) {
                wa[j] = 0;
            }
        }
        for (int k = nsing - 1; k >= 0; k--) {
            double sum = 0;
            for (int i = k + 1; i < nsing; i++) {
                sum += r[k][i] * wa[i];
            }
            wa[k] = (wa[k] - sum) / sdiag[k];
        }
        for (int j = 0; j < n; j++) {
            x[ipvt[j]] = wa[j];
        }
    }
}
