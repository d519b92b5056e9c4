package org.daybreak.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The optimised kernels of long fits against their plain references: the blocked Gram matrix against inner
 * products one at a time, the Gaussian's recurrence on evenly spaced x against one exponential per point, the
 * covariance from the Gram matrix against the one from the Householder QR, and the grid detection itself.
 */
class FastKernelsTest {

    @Test
    void blockedGramMatrixEqualsPlainInnerProducts() {
        Random rnd = new Random(5);
        for (int k = 1; k <= 11; k++) {
            for (int trial = 0; trial < 3; trial++) {
                int m = 1 + rnd.nextInt(700);
                double[][] c = new double[k][m];
                for (double[] col : c) {
                    double scale = Math.pow(10, rnd.nextInt(7) - 3);
                    for (int i = 0; i < m; i++) {
                        col[i] = scale * rnd.nextGaussian();
                    }
                }
                double[][] g = new double[k][k];
                for (double[] row : g) {
                    java.util.Arrays.fill(row, Double.NaN);
                }
                LevenbergMarquardt.gram(c, k, m, g, new double[m]);
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        double plain = 0;
                        double abs = 0;
                        for (int i = 0; i < m; i++) {
                            plain += c[a][i] * c[b][i];
                            abs += Math.abs(c[a][i] * c[b][i]);
                        }
                        assertEquals(plain, g[a][b], 1e-13 * abs, "k=" + k + " m=" + m + " entry " + a + "," + b);
                    }
                }
            }
        }
    }

    @Test
    void gaussianOnAGridMatchesOneExponentialPerPoint() {
        Random rnd = new Random(9);
        Component gauss = LineShapes.create("gaussian");
        int checked = 0;
        for (int trial = 0; trial < 300; trial++) {
            int n = 3 + rnd.nextInt(3000);
            double step = (rnd.nextBoolean() ? 1 : -1) * Math.pow(10, -2 + 4 * rnd.nextDouble());
            double start = (rnd.nextDouble() - 0.5) * 1000 * Math.abs(step);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = start + i * step;
            }
            Grid grid = Grid.of(x, n);
            assertNotNull(grid, "x = start + i * step is a grid");
            // widths from below one step (direct path) to the whole range; centres inside and far outside
            double sigma = Math.abs(step) * Math.pow(10, -0.5 + 3.5 * rnd.nextDouble());
            double center = start + step * n * (-1 + 3 * rnd.nextDouble());
            double[] p = {0.5 + 100 * rnd.nextDouble(), center, sigma};
            double[] yFast = new double[n];
            double[] yPlain = new double[n];
            double[][] jFast = new double[3][n];
            double[][] jPlain = new double[3][n];
            boolean withJacobian = rnd.nextBoolean();
            gauss.evaluate(x, n, grid, p, 0, yFast, withJacobian ? jFast : null, 0);
            LineShapes.Gaussian.plain(x, 0, n, p[0], p[1], p[2], yPlain, withJacobian ? jPlain : null, 0);
            assertClose(yPlain, yFast, "values, trial " + trial);
            if (withJacobian) {
                for (int k = 0; k < 3; k++) {
                    assertClose(jPlain[k], jFast[k], "derivative " + k + ", trial " + trial);
                }
            }
            checked += n;
        }
        assertTrue(checked > 100_000);
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-11 * Math.abs(expected[i]) + 1e-290;
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
                    what + " at " + i + ": " + actual[i] + " instead of " + expected[i]);
        }
    }

    @Test
    void gridDetectionAcceptsEvenSpacingOnly() {
        double[] arange = new double[100];
        double[] linspace = new double[100];
        for (int i = 0; i < 100; i++) {
            arange[i] = i;
            linspace[i] = 3.7 + i * (12.9 - 3.7) / 99; // rounding of a few ulps
        }
        Grid g = Grid.of(arange, 100);
        assertEquals(0, g.start());
        assertEquals(1, g.step());
        assertNotNull(Grid.of(linspace, 100));
        double[] descending = new double[50];
        for (int i = 0; i < 50; i++) {
            descending[i] = 10 - 0.25 * i;
        }
        assertEquals(-0.25, Grid.of(descending, 50).step(), 1e-15);
        double[] bumped = arange.clone();
        bumped[40] += 1e-9;
        assertNull(Grid.of(bumped, 100), "a point 1e-9 steps off the grid");
        assertNull(Grid.of(new double[] {1, 1, 1, 1}, 4), "no spacing");
        assertNull(Grid.of(new double[] {0, 1}, 2), "too short");
        assertNull(Grid.of(new double[] {0, 1, Double.NaN, 3}, 4));
        assertNotNull(Grid.of(arange, 50), "only the first n points count");
    }

    @Test
    void covarianceFromTheGramMatrixEqualsTheOneFromTheQrFactor() {
        Random rnd = new Random(13);
        for (int trial = 0; trial < 20; trial++) {
            int m = 500 + rnd.nextInt(2000);
            int n = 1 + rnd.nextInt(7);
            double[][] cols = new double[n][m];
            double previous = 1;
            for (int j = 0; j < n; j++) {
                double scale = Math.pow(10, rnd.nextInt(9) - 4);
                for (int i = 0; i < m; i++) {
                    // correlated with the previous column, as peak parameters are
                    cols[j][i] = scale * (rnd.nextGaussian() + (j > 0 ? 0.3 * cols[j - 1][i] / previous : 0));
                }
                previous = scale;
            }
            double[][] g = new double[n][n];
            LevenbergMarquardt.gram(cols, n, m, g, new double[m]);
            double[][] fromGram = Fitter.invertGram(g, n);
            assertNotNull(fromGram);
            double[][] fromQr = qrCovariance(cols, m, n);
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double scale = Math.sqrt(fromQr[a][a] * fromQr[b][b]);
                    assertEquals(fromQr[a][b], fromGram[a][b], 1e-10 * scale, "trial " + trial + " entry " + a + "," + b);
                }
            }
        }
        // nearly dependent columns: the Gram route declines, the QR route decides
        int m = 1000;
        double[][] cols = new double[2][m];
        for (int i = 0; i < m; i++) {
            cols[0][i] = i;
            cols[1][i] = i * (1 + 1e-9 * Math.sin(i));
        }
        double[][] g = new double[2][2];
        LevenbergMarquardt.gram(cols, 2, m, g, new double[m]);
        assertNull(Fitter.invertGram(g, 2));
    }

    /** (J^T J)^-1 through the fitter's other route: the pivoted Householder QR of J. */
    private static double[][] qrCovariance(double[][] cols, int m, int n) {
        double[][] a = new double[n][];
        for (int j = 0; j < n; j++) {
            a[j] = cols[j].clone();
        }
        int[] ipvt = new int[n];
        double[] rdiag = new double[n];
        LevenbergMarquardt.qrfac(a, m, n, ipvt, rdiag, new double[n], new double[n]);
        return Fitter.covarianceFromQr(a, rdiag, ipvt, n);
    }
}
