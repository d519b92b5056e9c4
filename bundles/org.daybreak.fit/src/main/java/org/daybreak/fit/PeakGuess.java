package org.daybreak.fit;

/**
 * Starting values of a peak added by hand: its centre, height and full width at half maximum read off what the
 * current model leaves unexplained (the data minus the model at its current values; with no model yet, the
 * data minus a straight baseline through the means of the first and last 5% of the points). Positive peaks
 * only. Thread-safe (no state).
 *
 * @param center position in x units
 * @param height above the remaining baseline, in y units
 * @param fwhm   full width at half maximum in x units (positive)
 */
public record PeakGuess(double center, double height, double fwhm) {

    /** The data minus the model at {@code values} (model null: minus the end-to-end baseline). */
    public static double[] remaining(Model model, double[] values, double[] x, double[] y) {
        int n = y.length;
        double[] r = new double[n];
        if (model != null) {
            double[] f = new double[n];
            model.evaluate(x, n, values, f, null);
            for (int i = 0; i < n; i++) {
                r[i] = y[i] - f[i];
            }
            return r;
        }
        int k = Math.max(1, Math.min(n / 2, Math.max(3, n / 20)));
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        for (int i = 0; i < k; i++) {
            x0 += x[i];
            y0 += y[i];
            x1 += x[n - 1 - i];
            y1 += y[n - 1 - i];
        }
        x0 /= k;
        y0 /= k;
        x1 /= k;
        y1 /= k;
        double slope = x1 == x0 ? 0 : (y1 - y0) / (x1 - x0);
        for (int i = 0; i < n; i++) {
            r[i] = y[i] - (y0 + slope * (x[i] - x0));
        }
        return r;
    }

    /** Index of the largest remaining value after a moving average over about n/200 points (odd width). */
    public static int largest(double[] r) {
        int n = r.length;
        int half = Math.max(0, n / 400);
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = 0;
            int c = 0;
            for (int j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) {
                if (Double.isFinite(r[j])) {
                    s += r[j];
                    c++;
                }
            }
            if (c > 0 && s / c > bestValue) {
                bestValue = s / c;
                best = i;
            }
        }
        return best;
    }

    /** The index of the point nearest to {@code position}. */
    public static int nearest(double[] x, double position) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (Math.abs(x[i] - position) < Math.abs(x[best] - position)) {
                best = i;
            }
        }
        return best;
    }

    /** The peak whose top is at point {@code index} of the remaining values {@code r}. */
    public static PeakGuess at(double[] x, double[] r, int index) {
        double h = r[index];
        double half = h / 2;
        double left = Double.NaN;
        for (int i = index; i > 0; i--) {
            if (r[i - 1] <= half) {
                left = interpolate(x[i - 1], r[i - 1], x[i], r[i], half);
                break;
            }
        }
        double right = Double.NaN;
        for (int i = index; i < r.length - 1; i++) {
            if (r[i + 1] <= half) {
                right = interpolate(x[i], r[i], x[i + 1], r[i + 1], half);
                break;
            }
        }
        double span = Math.abs(x[x.length - 1] - x[0]);
        double fwhm;
        if (!Double.isNaN(left) && !Double.isNaN(right)) {
            fwhm = Math.abs(right - left);
        } else if (!Double.isNaN(left)) {
            fwhm = 2 * Math.abs(x[index] - left);
        } else if (!Double.isNaN(right)) {
            fwhm = 2 * Math.abs(right - x[index]);
        } else {
            fwhm = span / 10;
        }
        double step = x.length > 1 ? span / (x.length - 1) : 1;
        return new PeakGuess(x[index], h, Math.max(fwhm, step));
    }

    private static double interpolate(double xa, double ya, double xb, double yb, double level) {
        return ya == yb ? (xa + xb) / 2 : xa + (level - ya) * (xb - xa) / (yb - ya);
    }

    /**
     * Starting values for a peak component of that shape, keyed by its parameter names (lmfit's forms: amplitude
     * is the area, sigma the width parameter); only the names the component has are used.
     */
    public java.util.Map<String, Double> startValues(String shape) {
        double h = height > 0 ? height : Math.abs(height);
        double sigma;
        double area;
        switch (shape) {
            case "gaussian" -> {
                sigma = fwhm / (2 * Math.sqrt(2 * Math.log(2)));
                area = h * sigma * Math.sqrt(2 * Math.PI);
            }
            case "lorentzian" -> {
                sigma = fwhm / 2;
                area = h * Math.PI * sigma;
            }
            case "voigt" -> {
                sigma = fwhm / 3.6013;
                area = h * sigma * Math.sqrt(2 * Math.PI) * 1.4;
            }
            default -> { // pseudovoigt, pearson7: between the Gaussian and Lorentzian areas
                sigma = fwhm / 2;
                area = h * sigma * 2.6;
            }
        }
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("amplitude", area);
        m.put("center", center);
        m.put("sigma", sigma);
        return m;
    }
}
