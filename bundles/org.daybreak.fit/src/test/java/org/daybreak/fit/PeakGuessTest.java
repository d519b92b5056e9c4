package org.daybreak.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Starting values of a peak added by hand, read off a Gaussian on a sloping baseline. */
class PeakGuessTest {

    private static double[][] peakOnSlope(double center, double height, double fwhm) {
        int n = 401;
        double[] x = new double[n];
        double[] y = new double[n];
        double sigma = fwhm / (2 * Math.sqrt(2 * Math.log(2)));
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.05;
            double d = (x[i] - center) / sigma;
            y[i] = 1 + 0.1 * x[i] + height * Math.exp(-0.5 * d * d);
        }
        return new double[][] {x, y};
    }

    @Test
    void largestRemainingPeakWithoutAModel() {
        double[][] xy = peakOnSlope(8, 5, 2);
        double[] r = PeakGuess.remaining(null, null, xy[0], xy[1]);
        PeakGuess g = PeakGuess.at(xy[0], r, PeakGuess.largest(r));
        assertEquals(8, g.center(), 0.05);
        assertEquals(5, g.height(), 0.05);
        assertEquals(2, g.fwhm(), 0.05);
    }

    @Test
    void remainingAfterAModelIsTheDataMinusTheModel() {
        double[][] xy = peakOnSlope(8, 5, 2);
        Model linear = Model.parse("linear");
        double[] values = new double[linear.parameterCount()];
        int slope = linear.parameterNames().indexOf("slope");
        int intercept = linear.parameterNames().indexOf("intercept");
        values[slope] = 0.1;
        values[intercept] = 1;
        double[] r = PeakGuess.remaining(linear, values, xy[0], xy[1]);
        assertEquals(0, r[0], 1e-9);
        assertEquals(5, r[PeakGuess.nearest(xy[0], 8)], 1e-9);
    }

    @Test
    void nearestPointAndNarrowPeakWidthIsAtLeastOneStep() {
        double[] x = {0, 1, 2, 3, 4};
        assertEquals(2, PeakGuess.nearest(x, 2.2));
        assertEquals(4, PeakGuess.nearest(x, 9));
        PeakGuess g = PeakGuess.at(x, new double[] {0, 0, 3, 0, 0}, 2);
        assertEquals(2, g.center());
        assertEquals(1, g.fwhm(), 1e-12);
    }

    @Test
    void gaussianStartValuesHaveTheAreaOfThePeak() {
        Map<String, Double> m = new PeakGuess(8, 5, 2).startValues("gaussian");
        double sigma = 2 / (2 * Math.sqrt(2 * Math.log(2)));
        assertEquals(8, m.get("center"));
        assertEquals(sigma, m.get("sigma"), 1e-12);
        assertEquals(5 * sigma * Math.sqrt(2 * Math.PI), m.get("amplitude"), 1e-12);
        assertEquals(1.0, new PeakGuess(0, 1, 2).startValues("lorentzian").get("sigma"));
    }
}
