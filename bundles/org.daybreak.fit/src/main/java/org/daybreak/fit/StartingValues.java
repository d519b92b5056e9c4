package org.daybreak.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Automatic starting values from the data, for parameters the user gave none.
 *
 * <p>Method: a straight baseline through the means of the first and last 5% of the trace (at least 3 points)
 * starts the background components; the peaks are found on the baseline-subtracted trace smoothed by a
 * moving average (width about n/200, odd): the largest remaining maximum gives a peak's centre (refined by a
 * parabola through three points), height and full width at half maximum (interpolated half-height
 * crossings); a Gaussian of that height and width is subtracted before the next peak is sought, so that
 * shoulders of overlapping peaks are found. Peaks are assigned to the model's peak components in order of
 * position. Negative peaks are searched when the most extreme deviation from the baseline is negative.
 * Expression models get 1 for every parameter. Thread-safe (no state).
 */
public final class StartingValues {
    private StartingValues() {
    }

    /** Starting values for every parameter of the model (x may be in any order, ascending or descending). */
    public static double[] guess(Model model, double[] x, double[] y, int n) {
        double[] p = new double[model.parameterCount()];
        if (model.isExpression() || n == 0) {
            Arrays.fill(p, 1.0);
            return p;
        }
        int k = Math.max(3, n / 20);
        k = Math.min(k, Math.max(1, n / 2));
        double xs = 0;
        double ys = 0;
        double xe = 0;
        double ye = 0;
        for (int i = 0; i < k; i++) {
            xs += x[i];
            ys += y[i];
            xe += x[n - 1 - i];
            ye += y[n - 1 - i];
        }
        xs /= k;
        ys /= k;
        xe /= k;
        ye /= k;
        double slope = xe != xs ? (ye - ys) / (xe - xs) : 0;
        double intercept = ys - slope * xs;
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            xmin = Math.min(xmin, x[i]);
            xmax = Math.max(xmax, x[i]);
        }
        double range = xmax > xmin ? xmax - xmin : 1;

        List<Component> comps = model.components();
        boolean hasBackground = false;
        boolean backgroundSet = false;
        double[] baseline = new double[n];
        for (int c = 0; c < comps.size(); c++) {
            Component comp = comps.get(c);
            int o = model.offset(c);
            if (comp.role() == Component.Role.BACKGROUND) {
                hasBackground = true;
                if (backgroundSet) {
                    continue; // later background terms start at zero (exponential: see below)
                }
                backgroundSet = true;
                if (comp instanceof LineShapes.Polynomial poly) {
                    if (poly.order() == 0) {
                        p[o] = 0.5 * (ys + ye);
                        Arrays.fill(baseline, p[o]);
                    } else {
                        p[o + poly.coefficientIndex(0)] = intercept;
                        p[o + poly.coefficientIndex(1)] = slope;
                        for (int i = 0; i < n; i++) {
                            baseline[i] = intercept + slope * x[i];
                        }
                    }
                } else if (comp instanceof LineShapes.Exponential) {
                    double decay = range;
                    if (ys > 0 && ye > 0 && ys != ye && xe != xs) {
                        decay = (xe - xs) / Math.log(ys / ye);
                    }
                    double amplitude = ys * Math.exp(xs / decay);
                    if (!Double.isFinite(amplitude)) {
                        amplitude = ys;
                        decay = range;
                    }
                    p[o] = amplitude;
                    p[o + 1] = decay;
                    for (int i = 0; i < n; i++) {
                        baseline[i] = amplitude * Math.exp(-x[i] / decay);
                    }
                }
            }
        }
        for (int c = 0; c < comps.size(); c++) {
            Component comp = comps.get(c);
            int o = model.offset(c);
            if (comp instanceof LineShapes.Exponential && p[o + 1] == 0) {
                p[o + 1] = range; // a second exponential: zero amplitude, finite decay
            }
        }
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = y[i] - (hasBackground ? baseline[i] : 0);
        }
        // steps: the rise between the ends, centred where the trace crosses half-way
        for (int c = 0; c < comps.size(); c++) {
            if (comps.get(c).role() == Component.Role.STEP) {
                int o = model.offset(c);
                double amp = ye - ys;
                double mid = 0.5 * (ys + ye);
                int cross = n / 2;
                for (int i = 1; i < n; i++) {
                    if ((y[i - 1] - mid) * (y[i] - mid) <= 0) {
                        cross = i;
                        break;
                    }
                }
                p[o] = amp;
                p[o + 1] = x[cross];
                p[o + 2] = range / 20;
            }
        }
        List<Integer> peakComps = new ArrayList<>();
        for (int c = 0; c < comps.size(); c++) {
            if (comps.get(c).role() == Component.Role.PEAK) {
                peakComps.add(c);
            }
        }
        if (peakComps.isEmpty()) {
            return p;
        }
        double[] s = smooth(r, n);
        double hi = Double.NEGATIVE_INFINITY;
        double low = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            hi = Math.max(hi, s[i]);
            low = Math.min(low, s[i]);
        }
        double sign = hi >= -low ? 1 : -1;
        for (int i = 0; i < n; i++) {
            s[i] *= sign;
        }
        double dx = n > 1 ? range / (n - 1) : 1;
        double[][] peaks = new double[peakComps.size()][]; // center, height, fwhm
        for (int q = 0; q < peaks.length; q++) {
            int im = 0;
            for (int i = 1; i < n; i++) {
                if (s[i] > s[im]) {
                    im = i;
                }
            }
            double h = s[im];
            double center = x[im];
            if (im > 0 && im < n - 1) {
                double den = s[im - 1] - 2 * s[im] + s[im + 1];
                if (den < 0) {
                    double shift = 0.5 * (s[im - 1] - s[im + 1]) / den;
                    if (Math.abs(shift) < 1) {
                        double xn = shift > 0 ? x[im + 1] : x[im - 1];
                        center = x[im] + Math.abs(shift) * (xn - x[im]);
                        h = s[im] - 0.25 * (s[im - 1] - s[im + 1]) * shift;
                    }
                }
            }
            double half = h / 2;
            double left = x[0];
            for (int i = im; i > 0; i--) {
                if (s[i - 1] <= half) {
                    left = interpolate(x[i - 1], s[i - 1], x[i], s[i], half);
                    break;
                }
            }
            double right = x[n - 1];
            for (int i = im; i < n - 1; i++) {
                if (s[i + 1] <= half) {
                    right = interpolate(x[i], s[i], x[i + 1], s[i + 1], half);
                    break;
                }
            }
            double fwhm = Math.abs(right - left);
            if (!(fwhm >= 2 * dx)) {
                fwhm = 2 * dx;
            }
            if (!(h > 0)) {
                h = Math.max(Math.abs(hi), Math.abs(low)) * 0.1 + 1e-12;
            }
            peaks[q] = new double[] {center, h * sign, fwhm};
            double sg = fwhm / LineShapes.GAUSS_FWHM;
            for (int i = 0; i < n; i++) {
                double t = (x[i] - center) / sg;
                s[i] -= h * Math.exp(-0.5 * t * t);
            }
        }
        Arrays.sort(peaks, (a, b) -> Double.compare(a[0], b[0]));
        for (int q = 0; q < peaks.length; q++) {
            int c = peakComps.get(q);
            setPeak(comps.get(c), p, model.offset(c), peaks[q][0], peaks[q][1], peaks[q][2]);
        }
        return p;
    }

    private static double interpolate(double x0, double y0, double x1, double y1, double level) {
        if (y1 == y0) {
            return x0;
        }
        return x0 + (level - y0) * (x1 - x0) / (y1 - y0);
    }

    /** Moving average of odd width about n/200 (at least 1), shrinking at the ends. */
    static double[] smooth(double[] r, int n) {
        int half = Math.max(0, n / 400);
        double[] s = new double[n];
        if (half == 0) {
            System.arraycopy(r, 0, s, 0, n);
            return s;
        }
        double[] cum = new double[n + 1];
        for (int i = 0; i < n; i++) {
            cum[i + 1] = cum[i] + r[i];
        }
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - half);
            int b = Math.min(n, i + half + 1);
            s[i] = (cum[b] - cum[a]) / (b - a);
        }
        return s;
    }

    /** Sets a peak component's parameters from centre, signed height and FWHM. */
    static void setPeak(Component comp, double[] p, int o, double center, double height, double fwhm) {
        p[o + 1] = center;
        switch (comp.name()) {
            case "gaussian": {
                double sigma = fwhm / LineShapes.GAUSS_FWHM;
                p[o + 2] = sigma;
                p[o] = height * sigma * LineShapes.SQRT_2PI;
                break;
            }
            case "lorentzian": {
                double sigma = fwhm / 2;
                p[o + 2] = sigma;
                p[o] = height * Math.PI * sigma;
                break;
            }
            case "pseudovoigt": {
                double sigma = fwhm / 2;
                double eta = 0.5;
                double sg = sigma / Math.sqrt(2 * Math.log(2));
                p[o + 2] = sigma;
                p[o + 3] = eta;
                p[o] = height / ((1 - eta) / (sg * LineShapes.SQRT_2PI) + eta / (Math.PI * sigma));
                break;
            }
            case "voigt": {
                // with gamma = sigma the Voigt FWHM is about 3.6 sigma (Olivero and Longbothum 1977)
                double sigma = fwhm / 3.6;
                p[o + 2] = sigma;
                p[o + 3] = sigma;
                double[] w = new double[2];
                Faddeeva.w(0, 1 / LineShapes.SQRT2, w);
                p[o] = height * sigma * LineShapes.SQRT_2PI / w[0];
                break;
            }
            case "pearson7": {
                double m = 1.5;
                double sigma = fwhm / (2 * Math.sqrt(Math.pow(2, 1 / m) - 1));
                p[o + 2] = sigma;
                p[o + 3] = m;
                p[o] = height * sigma * Math.exp(LineShapes.Pearson7.logBeta(m));
                break;
            }
            default:
                throw new IllegalStateException("no starting values for peak " + comp.name());
        }
    }
}
