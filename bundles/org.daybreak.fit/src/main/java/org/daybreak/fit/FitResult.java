package org.daybreak.fit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one fit. Standard errors are the square roots of the diagonal of the covariance
 * (J^T W J)^-1 scaled by the reduced chi-square (as lmfit and scipy's curve_fit with absolute_sigma=False);
 * NaN where they cannot be estimated. Fixed parameters have stderr 0; tied ones get theirs by propagating the
 * covariance through the tie expression.
 *
 * @param names      parameter names in model order
 * @param values     best-fit values
 * @param stderr     standard errors
 * @param chi2       sum of squared weighted residuals
 * @param redchi     chi2 / (points - free parameters)
 * @param rsquared   1 - sum (y - f)^2 / sum (y - mean y)^2 (unweighted)
 * @param iterations accepted Levenberg-Marquardt steps + 1 (MINPACK's count)
 * @param evaluations model evaluations
 * @param points     data points used
 * @param free       free parameters
 * @param success    whether the fit converged to a usable result
 * @param message    why it stopped (and, for a failure, what went wrong)
 * @param derived    derived quantities (peak height and FWHM), keyed by full name
 */
public record FitResult(List<String> names, double[] values, double[] stderr, double chi2, double redchi,
        double rsquared, int iterations, int evaluations, int points, int free, boolean success, String message,
        Map<String, Double> derived) {

    public double value(String name) {
        return values[index(name)];
    }

    public double stderr(String name) {
        return stderr[index(name)];
    }

    private int index(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no parameter '" + name + "'; the parameters are " + names);
        }
        return i;
    }

    /**
     * The JSON-ready form: {@code {"params": {NAME: {"value", "stderr"}}, "chi2", "redchi", "iterations",
     * "success", "message", "rsquared", "nfev", "ndata", "nfree", "derived": {...}}}. Non-finite numbers become
     * null so that strict JSON readers accept the text.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> params = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("value", finite(values[k]));
            p.put("stderr", finite(stderr[k]));
            params.put(names.get(k), p);
        }
        m.put("params", params);
        m.put("chi2", finite(chi2));
        m.put("redchi", finite(redchi));
        m.put("iterations", iterations);
        m.put("success", success);
        m.put("message", message);
        m.put("rsquared", finite(rsquared));
        m.put("nfev", evaluations);
        m.put("ndata", points);
        m.put("nfree", free);
        if (!derived.isEmpty()) {
            Map<String, Object> d = new LinkedHashMap<>();
            derived.forEach((k, v) -> d.put(k, finite(v)));
            m.put("derived", d);
        }
        return m;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? (Object) v : null;
    }
}
