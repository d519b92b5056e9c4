package org.daybreak.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FitterTest {

    /** Two Gaussians on a line, with noise. */
    static double[][] data(long seed, double noise) {
        Random rnd = new Random(seed);
        int n = 500;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.04;
            double g1 = 12 * Math.exp(-0.5 * Math.pow((x[i] - 7) / 0.6, 2)) / (0.6 * Math.sqrt(2 * Math.PI));
            double g2 = 8 * Math.exp(-0.5 * Math.pow((x[i] - 8.5) / 0.6, 2)) / (0.6 * Math.sqrt(2 * Math.PI));
            y[i] = g1 + g2 + 0.1 * x[i] + 0.5 + noise * rnd.nextGaussian();
        }
        return new double[][] {x, y};
    }

    static FitResult fit(String model, String params, double[] x, double[] y) {
        FitPlan plan = new FitPlan(Model.parse(model), ParameterSpec.parseList(params));
        return plan.newFitter().fit(x, y, null, x.length, plan.startValues(x, y, x.length, null));
    }

    @Test
    void compositeNamesArePrefixedInModelOrder() {
        Model m = Model.parse("gaussian+gaussian+linear");
        assertEquals(List.of("p1_amplitude", "p1_center", "p1_sigma", "p2_amplitude", "p2_center", "p2_sigma",
                "p3_slope", "p3_intercept"), m.parameterNames());
        assertEquals(List.of("amplitude", "center", "sigma"), Model.parse("gaussian").parameterNames());
        assertEquals(List.of("b1", "b2"), Model.expression("b1*x^b2").parameterNames());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.parse("gaussian+gausian"));
        assertTrue(e.getMessage().contains("unknown function 'gausian'"), e.getMessage());
    }

    @Test
    void automaticStartingValuesFindBothPeaks() {
        double[][] d = data(1, 0.02);
        FitResult r = fit("gaussian+gaussian+linear", "", d[0], d[1]);
        assertTrue(r.success(), r.message());
        assertEquals(7, r.value("p1_center"), 0.01);
        assertEquals(8.5, r.value("p2_center"), 0.01);
        assertEquals(12, r.value("p1_amplitude"), 0.1);
        assertEquals(0.1, r.value("p3_slope"), 0.01);
        assertEquals(0.6 * LineShapes.GAUSS_FWHM, r.derived().get("p1_fwhm"), 0.01);
    }

    @Test
    void fixedBoundedAndTiedParametersAreHonoured() {
        double[][] d = data(2, 0.02);
        FitResult r = fit("gaussian+gaussian+linear",
                "p1_center=6.9, p2_sigma=p1_sigma, p2_center=p1_center+1.5, p3_slope=0.1!, p1_amplitude=10[0,11.5]",
                d[0], d[1]);
        assertEquals(0.1, r.value("p3_slope"), 0);
        assertEquals(0, r.stderr("p3_slope"), 0);
        assertEquals(r.value("p1_sigma"), r.value("p2_sigma"), 0);
        assertEquals(r.value("p1_center") + 1.5, r.value("p2_center"), 1e-12);
        assertEquals(r.stderr("p1_center"), r.stderr("p2_center"), 1e-12);
        assertTrue(r.value("p1_amplitude") <= 11.5 && r.value("p1_amplitude") > 11.4, "bounded: " + r.value("p1_amplitude"));
        assertEquals(5, r.free());
    }

    @Test
    void boundsAreAppliedWithoutChangingAnInteriorOptimum() {
        double[][] d = data(3, 0.02);
        FitResult free = fit("gaussian+gaussian+linear", "", d[0], d[1]);
        FitResult bounded = fit("gaussian+gaussian+linear", "p1_sigma=0.5:0.1:2, p2_center=8.4[8,9], p1_amplitude=[0,inf]",
                d[0], d[1]);
        assertTrue(bounded.success(), bounded.message());
        for (String n : free.names()) {
            assertEquals(free.value(n), bounded.value(n), 1e-6 * Math.max(1, Math.abs(free.value(n))), n);
            assertEquals(free.stderr(n), bounded.stderr(n), 1e-3 * free.stderr(n), n);
        }
    }

    @Test
    void aStartOnOrBeyondABoundStillFitsTheOtherParameters() {
        // one peak of sigma 0.6; sigma is bounded to [0.1, 0.5] and starts outside, at 0.6: the constrained optimum
        // has sigma on its bound and the centre where the peak is (a start exactly at a bound has a zero slope in
        // the bound transform, which used to freeze the whole fit at its start)
        Random rnd = new Random(17);
        int n = 201;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 10.0 * i / (n - 1);
            y[i] = 8 * Math.exp(-0.5 * Math.pow((x[i] - 4.2) / 0.6, 2)) / (0.6 * Math.sqrt(2 * Math.PI)) + 0.3 * x[i]
                    + 1.5 + 0.02 * rnd.nextGaussian();
        }
        for (String params : new String[] {"p2_slope=0.3!, p1_sigma=0.6[0.1,0.5], p1_center=4",
            "p2_slope=0.3!, p1_sigma=0.5[0.1,0.5], p1_center=4", "p2_slope=0.3!, p1_sigma=0.7:0.1:0.5, p1_center=4"}) {
            FitResult r = fit("gaussian+linear", params, x, y);
            assertTrue(r.success(), params + ": " + r.message());
            assertEquals(0.5, r.value("p1_sigma"), 1e-6, params);
            assertEquals(4.2, r.value("p1_center"), 0.02, params);
        }
        // one-sided: amplitude starts below its lower bound
        FitResult r = fit("gaussian+linear", "p1_amplitude=-5[0,inf], p1_center=4", x, y);
        assertTrue(r.success(), r.message());
        assertEquals(8, r.value("p1_amplitude"), 0.2);
    }

    @Test
    void unknownParametersAndBadTiesAreReported() {
        Model m = Model.parse("gaussian+linear");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FitPlan(m, ParameterSpec.parseList("p4_center=3")));
        assertTrue(e.getMessage().startsWith("unknown parameter 'p4_center'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new FitPlan(m, ParameterSpec.parseList("p1_sigma=p1_center+q")));
        assertTrue(e.getMessage().contains("unknown parameter 'q'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new FitPlan(m, ParameterSpec.parseList("p1_sigma=p1_center, p1_center=p1_sigma")));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ParameterSpec.parseList("p1_sigma=2[3,1]"));
        assertTrue(e.getMessage().contains("lower bound"), e.getMessage());
        // short forms: a bare name unique in a sum, p1_ for a single component
        assertEquals(4, FitPlan.resolve(m, "intercept"));
        assertEquals(1, FitPlan.resolve(Model.parse("gaussian"), "p1_center"));
        Map<String, ParameterSpec> s = ParameterSpec.parseList("a=1:0.5:, b=2!, c=3[-inf,4], d=x1+2, e=4 fixed");
        assertEquals(0.5, s.get("a").min());
        assertTrue(s.get("b").fixed());
        assertEquals(4, s.get("c").max());
        assertEquals("x1+2", s.get("d").tie());
        assertTrue(s.get("e").fixed());
    }

    @Test
    void degenerateModelIsReportedNotSilentlyAccepted() {
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] y = {2.1, 3.9, 6.2, 7.8, 10.1, 12.2};
        FitPlan plan = new FitPlan(Model.expression("a*x + b*x"), ParameterSpec.parseList("a=1,b=1"));
        FitResult r = plan.newFitter().fit(x, y, null, 6, plan.startValues(x, y, 6, null));
        assertFalse(r.success());
        assertTrue(r.message().contains("singular"), r.message());
        double[] yn = y.clone();
        yn[2] = Double.NaN;
        r = plan.newFitter().fit(x, yn, null, 6, plan.startValues(x, y, 6, null));
        assertFalse(r.success());
        assertTrue(r.message().contains("NaN"), r.message());
        FitPlan bad = new FitPlan(Model.expression("a*log(x-b)"), ParameterSpec.parseList("a=1,b=10"));
        r = bad.newFitter().fit(x, y, null, 6, bad.startValues(x, y, 6, null));
        assertFalse(r.success());
        assertTrue(r.message().contains("not finite at the starting values"), r.message());
    }

    @Test
    void weightsScaleChiSquareAndErrorsAsCurveFit() {
        double[][] d = data(4, 0.05);
        int n = d[0].length;
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1 / 0.05);
        FitPlan plan = new FitPlan(Model.parse("gaussian+gaussian+linear"), Map.of());
        double[] p0 = plan.startValues(d[0], d[1], n, null);
        FitResult plain = plan.newFitter().fit(d[0], d[1], null, n, p0);
        FitResult weighted = plan.newFitter().fit(d[0], d[1], w, n, p0);
        assertEquals(plain.chi2() * 400, weighted.chi2(), 1e-6 * weighted.chi2());
        // uniform weights change neither the values nor the (redchi-scaled) errors
        for (String p : plain.names()) {
            assertEquals(plain.value(p), weighted.value(p), 1e-7 * Math.max(1, Math.abs(plain.value(p))));
            assertEquals(plain.stderr(p), weighted.stderr(p), 1e-5 * plain.stderr(p));
        }
    }

    @Test
    void everyPeakShapeRecoversItsOwnParameters() {
        String[] shapes = {"gaussian", "lorentzian", "pseudovoigt", "voigt", "pearson7"};
        double[][] truth = {{5, 3, 0.4}, {5, 3, 0.4}, {5, 3, 0.4, 0.3}, {5, 3, 0.3, 0.2}, {5, 3, 0.4, 1.8}};
        for (int k = 0; k < shapes.length; k++) {
            Component c = LineShapes.create(shapes[k]);
            int n = 300;
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = i * 0.02;
            }
            double[] y = new double[n];
            c.evaluate(x, n, truth[k], 0, y, null, 0);
            FitResult r = fit(shapes[k], "", x, y);
            assertTrue(r.success(), shapes[k] + ": " + r.message());
            for (int j = 0; j < truth[k].length; j++) {
                assertEquals(truth[k][j], r.values()[j], 1e-6, shapes[k] + " " + r.names().get(j));
            }
        }
    }
}
