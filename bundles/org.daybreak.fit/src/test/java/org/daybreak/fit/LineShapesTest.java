package org.daybreak.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;

import org.junit.jupiter.api.Test;

class LineShapesTest {

    static double value(Component c, double x, double... p) {
        double[] y = new double[1];
        c.evaluate(new double[] {x}, 1, p, 0, y, null, 0);
        return y[0];
    }

    /** The Voigt profile by direct numerical convolution of a Gaussian and a Lorentzian (reference). */
    static double voigtByConvolution(double x, double sigma, double gamma) {
        // integral G(t) L(x - t) dt with t = sigma * u, trapezoid over |u| <= 12
        int n = 200_000;
        double lim = 12;
        double h = 2 * lim / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double u = -lim + i * h;
            double g = Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
            double d = x - sigma * u;
            double l = gamma / (Math.PI * (d * d + gamma * gamma));
            s += (i == 0 || i == n ? 0.5 : 1) * g * l;
        }
        return s * h;
    }

    @Test
    void faddeevaMatchesScipyWofz() {
        // scipy.special.wofz 1.10.1
        double[][] ref = {{0.5, 0.1, 0.7175877421575946, 0.4084744016030165}, {1, 1, 0.30474420525691254, 0.2082189382028316},
            {3, 0.01, 0.0009088307067415815, 0.20114646254019664}, {6, 0.5, 0.008124885586462557, 0.09468791486012665},
            {0.1, 5, 0.11066424464977836, 0.002132526329130048}, {12, 0.001, 3.959521844750748e-06, 0.047180778373535084},
            {2.5, 0, 0.0019304541362277093, 0.25172302461185764}, {0, 0, 1, 0}, {20, 20, 0.014113538470519283, 0.014095907649337071},
            {0.3, 1e-8, 0.9139311759009305, 0.31891567728797865}};
        double[] w = new double[2];
        for (double[] r : ref) {
            Faddeeva.w(r[0], r[1], w);
            assertEquals(r[2], w[0], 1e-12 * Math.abs(r[2]) + 1e-300, "Re w(" + r[0] + "+" + r[1] + "i)");
            assertEquals(r[3], w[1], 1e-12 * Math.abs(r[3]) + 1e-300, "Im w(" + r[0] + "+" + r[1] + "i)");
        }
    }

    @Test
    void faddeevaIsContinuousWhereTheMethodChanges() {
        double[] a = new double[2];
        double[] b = new double[2];
        for (double t = 0.05; t < Math.PI / 2; t += 0.1) {
            double x = 8 * Math.cos(t);
            double y = 8 * Math.sin(t);
            Faddeeva.w(x * (1 - 1e-12), y * (1 - 1e-12), a);
            Faddeeva.w(x * (1 + 1e-12), y * (1 + 1e-12), b);
            assertEquals(a[0], b[0], 1e-10 * Math.hypot(a[0], a[1]));
            assertEquals(a[1], b[1], 1e-10 * Math.hypot(a[0], a[1]));
        }
    }

    @Test
    void voigtMatchesScipyConvolutionAndLimits() {
        Component v = LineShapes.create("voigt");
        // scipy.special.voigt_profile(0.7, 1.3, 0.4)
        assertEquals(0.2178358251845474, value(v, 0.7, 1, 0, 1.3, 0.4), 1e-13);
        Random rnd = new Random(5);
        for (int i = 0; i < 8; i++) {
            double x = rnd.nextDouble() * 6 - 3;
            double s = 0.2 + rnd.nextDouble();
            double g = 0.05 + rnd.nextDouble();
            assertEquals(voigtByConvolution(x, s, g), value(v, x, 1, 0, s, g), 1e-7);
        }
        Component gauss = LineShapes.create("gaussian");
        Component lor = LineShapes.create("lorentzian");
        for (double x = -4; x <= 4; x += 0.37) {
            assertEquals(value(gauss, x, 2.5, 0.3, 0.8), value(v, x, 2.5, 0.3, 0.8, 0), 1e-14);
            assertEquals(value(lor, x, 2.5, 0.3, 0.9), value(v, x, 2.5, 0.3, 1e-7, 0.9), 1e-7);
        }
    }

    @Test
    void peakAreasEqualTheAmplitude() {
        String[] peaks = {"gaussian", "lorentzian", "pseudovoigt", "voigt", "pearson7"};
        double[][] params = {{3.7, 1.0, 0.5}, {3.7, 1.0, 0.5}, {3.7, 1.0, 0.5, 0.3}, {3.7, 1.0, 0.4, 0.2}, {3.7, 1.0, 0.5, 2.5}};
        for (int k = 0; k < peaks.length; k++) {
            Component c = LineShapes.create(peaks[k]);
            int n = 2_000_001;
            double lo = -2000;
            double hi = 2000;
            double h = (hi - lo) / (n - 1);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = lo + i * h;
            }
            double[] y = new double[n];
            c.evaluate(x, n, params[k], 0, y, null, 0);
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += y[i];
            }
            s *= h;
            // Lorentzian tails beyond +-2000 hold about 2 sigma/(pi 2000) of the area
            assertEquals(3.7, s, 3.7 * 3e-4, peaks[k]);
        }
    }

    @Test
    void heightAndFwhmAreThoseOfTheCurve() {
        String[] peaks = {"gaussian", "lorentzian", "pseudovoigt", "voigt", "pearson7"};
        double[][] params = {{3.7, 1.0, 0.5}, {3.7, 1.0, 0.5}, {3.7, 1.0, 0.5, 0.3}, {3.7, 1.0, 0.4, 0.2}, {3.7, 1.0, 0.5, 2.5}};
        for (int k = 0; k < peaks.length; k++) {
            Component c = LineShapes.create(peaks[k]);
            double height = c.derived(params[k], 0).get("height");
            double fwhm = c.derived(params[k], 0).get("fwhm");
            assertEquals(value(c, 1.0, params[k]), height, 1e-12 * height, peaks[k]);
            double half = value(c, 1.0 + fwhm / 2, params[k]) / height;
            // the Voigt FWHM is Olivero's approximation (0.02%)
            assertEquals(0.5, half, peaks[k].equals("voigt") ? 1e-3 : 1e-9, peaks[k]);
        }
    }

    @Test
    void analyticJacobiansMatchCentralDifferences() {
        String[] names = {"gaussian", "lorentzian", "pseudovoigt", "voigt", "pearson7", "linear", "constant", "poly3",
            "exponential", "step", "step_arctan", "step_logistic"};
        double[][] params = {{3.7, 1.0, 0.5}, {3.7, 1.0, 0.5}, {3.7, 1.0, 0.5, 0.3}, {3.7, 1.0, 0.4, 0.2},
            {3.7, 1.0, 0.5, 2.5}, {0.3, -1.2}, {2.0}, {1, -0.5, 0.2, 0.03}, {2.0, 1.7}, {1.5, 0.8, 0.6},
            {1.5, 0.8, 0.6}, {1.5, 0.8, 0.6}};
        double[] x = new double[41];
        for (int i = 0; i < x.length; i++) {
            x[i] = -1 + 0.075 * i;
        }
        for (int k = 0; k < names.length; k++) {
            Component c = LineShapes.create(names[k]);
            int np = params[k].length;
            double[][] jac = new double[np][x.length];
            double[] y = new double[x.length];
            c.evaluate(x, x.length, params[k], 0, y, jac, 0);
            for (int j = 0; j < np; j++) {
                double h = 1e-6 * Math.max(1, Math.abs(params[k][j]));
                double[] a = params[k].clone();
                double[] b = params[k].clone();
                a[j] += h;
                b[j] -= h;
                double[] ya = new double[x.length];
                double[] yb = new double[x.length];
                c.evaluate(x, x.length, a, 0, ya, null, 0);
                c.evaluate(x, x.length, b, 0, yb, null, 0);
                for (int i = 0; i < x.length; i++) {
                    double numeric = (ya[i] - yb[i]) / (2 * h);
                    assertEquals(numeric, jac[j][i], 2e-6 * Math.max(1, Math.abs(numeric)),
                            names[k] + " " + c.parameterNames().get(j) + " at x=" + x[i]);
                }
            }
        }
    }

    @Test
    void namesAndParameters() {
        assertEquals("pseudovoigt", LineShapes.create("pseudo_voigt").name());
        assertEquals(java.util.List.of("c0", "c1", "c2", "c3"), LineShapes.create("polynomial3").parameterNames());
        assertEquals(java.util.List.of("c0", "c1"), LineShapes.create("poly1").parameterNames());
        assertEquals(java.util.List.of("slope", "intercept"), LineShapes.create("linear").parameterNames());
        assertEquals(java.util.List.of("amplitude", "decay"), LineShapes.create("exponential").parameterNames());
        assertEquals(java.util.List.of("amplitude", "center", "sigma", "m"), LineShapes.create("pearson7").parameterNames());
        assertEquals(java.util.List.of("amplitude", "center", "sigma", "fraction"), LineShapes.create("pseudovoigt").parameterNames());
        assertEquals(java.util.List.of("amplitude", "center", "sigma", "gamma"), LineShapes.create("voigt").parameterNames());
        assertNotNull(LineShapes.create("step_atan"));
        assertNull(LineShapes.create("bogus"));
        assertEquals(2.5, value(LineShapes.create("step"), 1e9, 2.5, 0, 1), 0);
        assertEquals(1.25, value(LineShapes.create("step_arctan"), 0.8, 2.5, 0.8, 1), 1e-15);
    }
}
