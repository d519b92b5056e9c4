package org.daybreak.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Compares the MINPACK-style {@link LevenbergMarquardt} with a plain textbook Levenberg-Marquardt (normal
 * equations, Marquardt's diagonal damping, Gaussian elimination) on random Gaussian-on-a-line problems,
 * and the QR kernel with a direct reconstruction.
 */
class ReferenceLevenbergMarquardtTest {

    /** Textbook LM on the normal equations; returns the parameters. */
    static double[] referenceFit(LeastSquaresProblem prob, double[] start) {
        int m = prob.residualCount();
        int n = prob.unknownCount();
        double[] x = start.clone();
        double[] f = new double[m];
        double[][] j = new double[n][m];
        prob.residuals(x, f);
        double cost = dot(f, f);
        double lambda = 1e-3;
        for (int it = 0; it < 2000 && lambda < 1e16; it++) {
            prob.jacobian(x, j);
            double[][] a = new double[n][n];
            double[] g = new double[n];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    a[r][c] = dot(j[r], j[c]);
                }
                g[r] = -dot(j[r], f);
            }
            while (lambda < 1e16) {
                double[][] aa = new double[n][];
                for (int r = 0; r < n; r++) {
                    aa[r] = a[r].clone();
                    aa[r][r] *= 1 + lambda;
                }
                double[] step = solve(aa, g.clone());
                double[] xt = new double[n];
                for (int r = 0; r < n; r++) {
                    xt[r] = x[r] + step[r];
                }
                double[] ft = new double[m];
                prob.residuals(xt, ft);
                double ct = dot(ft, ft);
                if (ct < cost) {
                    boolean small = cost - ct <= 1e-14 * cost;
                    x = xt;
                    f = ft;
                    cost = ct;
                    lambda /= 10;
                    if (small) {
                        return x;
                    }
                    break;
                }
                lambda *= 10;
            }
        }
        return x;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] t = a[c];
            a[c] = a[piv];
            a[piv] = t;
            double tb = b[c];
            b[c] = b[piv];
            b[piv] = tb;
            for (int r = c + 1; r < n; r++) {
                double q = a[r][c] / a[c][c];
                for (int k = c; k < n; k++) {
                    a[r][k] -= q * a[c][k];
                }
                b[r] -= q * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) {
                s -= a[r][k] * x[k];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }

    /** Gaussian on a line: residual model - data. */
    static LeastSquaresProblem problem(double[] x, double[] y) {
        Model model = Model.parse("gaussian+linear");
        return new LeastSquaresProblem() {
            final double[] buf = new double[x.length];

            @Override
            public int residualCount() {
                return x.length;
            }

            @Override
            public int unknownCount() {
                return 5;
            }

            @Override
            public void residuals(double[] u, double[] f) {
                model.evaluate(x, x.length, u, f, null);
                for (int i = 0; i < x.length; i++) {
                    f[i] -= y[i];
                }
            }

            @Override
            public void jacobian(double[] u, double[][] jac) {
                model.evaluate(x, x.length, u, buf, jac);
            }
        };
    }

    @Test
    void minpackStyleAndTextbookLevenbergMarquardtAgree() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 25; trial++) {
            int n = 50 + rnd.nextInt(400);
            double[] x = new double[n];
            double[] y = new double[n];
            double a = 1 + 10 * rnd.nextDouble();
            double c = 3 + 4 * rnd.nextDouble();
            double s = 0.2 + rnd.nextDouble();
            for (int i = 0; i < n; i++) {
                x[i] = 10.0 * i / n;
                y[i] = a * Math.exp(-0.5 * Math.pow((x[i] - c) / s, 2)) / (s * Math.sqrt(2 * Math.PI)) + 0.3 * x[i] - 1
                        + 0.02 * rnd.nextGaussian();
            }
            double[] start = {a * 1.3, c + 0.3 * s, s * 1.4, 0, 0};
            LeastSquaresProblem prob = problem(x, y);
            double[] ref = referenceFit(prob, start);
            double[] u = start.clone();
            LevenbergMarquardt.Status st = new LevenbergMarquardt().minimize(prob, u);
            assertTrue(st.converged, st.message);
            for (int k = 0; k < 5; k++) {
                assertEquals(ref[k], u[k], 1e-5 * Math.max(1, Math.abs(ref[k])), "trial " + trial + " parameter " + k);
            }
        }
    }

    @Test
    void qrFactorisationReproducesTheMatrix() {
        Random rnd = new Random(2);
        for (int trial = 0; trial < 20; trial++) {
            int m = 3 + rnd.nextInt(30);
            int n = 1 + rnd.nextInt(Math.min(m, 8));
            double[][] a = new double[n][m];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    a[j][i] = rnd.nextGaussian() * (trial == 0 && j == 1 ? 0 : 1);
                }
            }
            double[][] orig = new double[n][];
            for (int j = 0; j < n; j++) {
                orig[j] = a[j].clone();
            }
            int[] ipvt = new int[n];
            double[] rdiag = new double[n];
            double[] acnorm = new double[n];
            LevenbergMarquardt.qrfac(a, m, n, ipvt, rdiag, acnorm, new double[n]);
            // R^T R must equal P^T A^T A P
            for (int p = 0; p < n; p++) {
                for (int q = 0; q < n; q++) {
                    double rr = 0;
                    for (int k = 0; k <= Math.min(p, q); k++) {
                        double rkp = k == p ? rdiag[p] : a[p][k];
                        double rkq = k == q ? rdiag[q] : a[q][k];
                        rr += rkp * rkq;
                    }
                    double ata = dot(orig[ipvt[p]], orig[ipvt[q]]);
                    assertEquals(ata, rr, 1e-10 * Math.max(1, Math.abs(ata)));
                }
            }
            for (int k = 1; k < n; k++) {
                assertTrue(Math.abs(rdiag[k]) <= Math.abs(rdiag[k - 1]) * (1 + 1e-12) + 1e-12, "pivoting order");
            }
        }
    }

    @Test
    void enormAndDotMatchPlainLoopsIncludingExtremeMagnitudes() {
        Random rnd = new Random(4);
        double[] scales = {1, 1e-200, 1e200, 1e-160, 1e160};
        for (double scale : scales) {
            for (int trial = 0; trial < 20; trial++) {
                int n = rnd.nextInt(50);
                double[] v = new double[n + 3];
                double[] w = new double[n + 3];
                for (int i = 0; i < v.length; i++) {
                    v[i] = rnd.nextGaussian() * scale;
                    w[i] = rnd.nextGaussian();
                }
                int from = rnd.nextInt(3);
                int to = from + n;
                // reference: the norm in BigDecimal arithmetic
                java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
                double plainDot = 0;
                for (int i = from; i < to; i++) {
                    java.math.BigDecimal b = new java.math.BigDecimal(v[i]);
                    sum = sum.add(b.multiply(b));
                    plainDot += v[i] / scale * w[i];
                }
                double expected = sum.sqrt(java.math.MathContext.DECIMAL64).doubleValue();
                assertEquals(expected, LevenbergMarquardt.enorm(v, from, to), 1e-14 * expected);
                double[] vs = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    vs[i] = v[i] / scale;
                }
                assertEquals(plainDot, LevenbergMarquardt.dot(vs, w, from, to), 1e-12 * Math.max(1, Math.abs(plainDot)));
            }
        }
        assertTrue(Double.isNaN(LevenbergMarquardt.enorm(new double[] {1, Double.NaN}, 0, 2)));
        assertEquals(Double.POSITIVE_INFINITY, LevenbergMarquardt.enorm(new double[] {1, Double.NEGATIVE_INFINITY}, 0, 2));
        assertEquals(0, LevenbergMarquardt.enorm(new double[] {0, 0}, 0, 2));
        assertEquals(0, LevenbergMarquardt.enorm(new double[0], 0, 0));
    }

    @Test
    void fusedValueAndJacobianPassGivesTheSameValuesAsTheValueOnlyPass() {
        Random rnd = new Random(8);
        for (String name : new String[] {"gaussian", "lorentzian", "pseudovoigt", "voigt", "pearson7", "linear",
            "poly4", "exponential", "step", "step_arctan"}) {
            Component c = LineShapes.create(name);
            int np = c.parameterNames().size();
            double[] p = new double[np];
            for (int k = 0; k < np; k++) {
                p[k] = 0.6 + rnd.nextDouble();
            }
            double[] x = new double[257];
            for (int i = 0; i < x.length; i++) {
                x[i] = -5 + 10 * rnd.nextDouble();
            }
            double[] a = new double[x.length];
            double[] b = new double[x.length];
            c.evaluate(x, x.length, p, 0, a, null, 0);
            c.evaluate(x, x.length, p, 0, b, new double[np][x.length], 0);
            for (int i = 0; i < x.length; i++) {
                assertEquals(a[i], b[i], 1e-14 * Math.max(1, Math.abs(a[i])), name);
            }
        }
    }

    @Test
    void normalEquationsPathAgreesWithHouseholderPath() {
        Random rnd = new Random(21);
        for (int trial = 0; trial < 10; trial++) {
            int n = 600 + rnd.nextInt(1500);
            double[] x = new double[n];
            double[] y = new double[n];
            double a = 100 + 1000 * rnd.nextDouble();
            double c = 300 + 400 * rnd.nextDouble();
            double s = 20 + 40 * rnd.nextDouble();
            for (int i = 0; i < n; i++) {
                x[i] = i;
                y[i] = a * Math.exp(-0.5 * Math.pow((x[i] - c) / s, 2)) / (s * Math.sqrt(2 * Math.PI)) + 0.001 * x[i]
                        + 3 + 0.05 * rnd.nextGaussian();
            }
            double[] start = {a * 1.5, c + 0.5 * s, s * 1.3, 0, 1};
            LeastSquaresProblem prob = problem(x, y);
            double[] qr = start.clone();
            double[] ne = start.clone();
            LevenbergMarquardt.Status s1 = new LevenbergMarquardt().normalEquations(false).minimize(prob, qr);
            LevenbergMarquardt.Status s2 = new LevenbergMarquardt().minimize(prob, ne);
            assertTrue(s1.converged && s2.converged, s1 + " " + s2);
            for (int k = 0; k < 5; k++) {
                assertEquals(qr[k], ne[k], 1e-9 * Math.max(1e-3, Math.abs(qr[k])), "trial " + trial + " parameter " + k);
            }
        }
        // a rank-deficient long problem (two identical columns) falls back to the QR path and still converges
        int n = 800;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i / 100.0;
            y[i] = 2 * x[i] + 1;
        }
        LeastSquaresProblem twin = new LeastSquaresProblem() {
            @Override
            public int residualCount() {
                return n;
            }

            @Override
            public int unknownCount() {
                return 3;
            }

            @Override
            public void residuals(double[] u, double[] f) {
                for (int i = 0; i < n; i++) {
                    f[i] = (u[0] + u[1]) * x[i] + u[2] - y[i];
                }
            }

            @Override
            public void jacobian(double[] u, double[][] jac) {
                for (int i = 0; i < n; i++) {
                    jac[0][i] = x[i];
                    jac[1][i] = x[i];
                    jac[2][i] = 1;
                }
            }
        };
        double[] u = {0.5, 0.5, 0};
        LevenbergMarquardt lm = new LevenbergMarquardt();
        assertTrue(lm.minimize(twin, u).converged);
        assertEquals(2, u[0] + u[1], 1e-10);
        assertEquals(1, u[2], 1e-10);
    }
}
