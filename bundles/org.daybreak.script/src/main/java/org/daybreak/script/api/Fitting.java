package org.daybreak.script.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.daybreak.core.data.NDArray;
import org.daybreak.fit.FitPlan;
import org.daybreak.fit.FitResult;
import org.daybreak.fit.Model;
import org.daybreak.fit.ParameterSpec;

/**
 * {@code daybreak.fit(x, y, model, params)} on top of org.daybreak.fit: Levenberg-Marquardt with bounds, fixed
 * and tied parameters, automatic starting values for peak models. Parameter names are the fitting bundle's:
 * bare names for one function ({@code center}), {@code p1_center}, {@code p2_sigma}... for a sum, the free
 * identifiers of an expression.
 */
public final class Fitting {

    private Fitting() {
    }

    /**
     * A model from text: a sum of built-in functions ({@code gaussian+linear}) when the text is only names and
     * {@code +}, otherwise an expression of {@code x} ({@code a*exp(-b*x) + c}).
     */
    public static Model model(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the fit model is empty; give e.g. 'gaussian+linear' or 'a*exp(-b*x)'");
        }
        if (text.trim().matches("[A-Za-z][A-Za-z0-9_]*(\\s*\\+\\s*[A-Za-z][A-Za-z0-9_]*)*")) {
            try {
                return Model.parse(text);
            } catch (IllegalArgumentException e) {
                if (!text.matches(".*\\bx\\b.*")) {
                    throw e;
                }
            }
        }
        return Model.expression(text);
    }

    /**
     * A parameter setting from a Python value: a number (starting value), a map with any of {@code value},
     * {@code min}, {@code max}, {@code fixed}, {@code tie} ({@code expr} is accepted for {@code tie}, as in
     * lmfit), or a text in the {@code fit} command's syntax ({@code "5"}, {@code "5!"}, {@code "5[4,6]"},
     * {@code "=2*p1_sigma"}).
     */
    public static ParameterSpec parameter(String name, Object setting) {
        if (setting instanceof Number n) {
            return new ParameterSpec(name).value(n.doubleValue());
        }
        if (setting instanceof String s) {
            return ParameterSpec.parseList(name + "=" + s).get(name);
        }
        if (setting instanceof Map<?, ?> m) {
            ParameterSpec p = new ParameterSpec(name);
            double lo = Double.NEGATIVE_INFINITY;
            double hi = Double.POSITIVE_INFINITY;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                Object v = e.getValue();
                switch (k) {
                    case "value" -> p.value(number(name, k, v));
                    case "min" -> lo = v == null ? lo : number(name, k, v);
                    case "max" -> hi = v == null ? hi : number(name, k, v);
                    case "fixed", "vary" -> {
                        boolean b = v instanceof Boolean bb ? bb : Boolean.parseBoolean(String.valueOf(v));
                        p.fixed(k.equals("fixed") == b);
                    }
                    case "tie", "expr" -> p.tie(v == null ? null : v.toString());
                    default -> throw new IllegalArgumentException("parameter '" + name + "': unknown setting '" + k
                            + "'; use value, min, max, fixed (or vary), tie");
                }
            }
            if (lo > Double.NEGATIVE_INFINITY || hi < Double.POSITIVE_INFINITY) {
                p.bounds(lo, hi);
            }
            return p;
        }
        throw new IllegalArgumentException("parameter '" + name + "': give a number, a dict (value, min, max, fixed, "
                + "tie) or a text like '5[4,6]', not " + (setting == null ? "None" : setting.getClass().getSimpleName()));
    }

    private static double number(String name, String key, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("parameter '" + name + "': " + key + " must be a number");
    }

    /**
     * Fits {@code y(x)}.
     *
     * @param settings parameter name → setting (see {@link #parameter}); may be null
     * @param weights  per-point weights multiplying the residuals (1/sigma), or null
     * @throws IllegalArgumentException for mismatched lengths, an unknown parameter or a bad model
     */
    public static FitResult fit(NDArray x, NDArray y, Model model, Map<String, Object> settings, NDArray weights) {
        if (x.rank() != 1 || y.rank() != 1) {
            throw new IllegalArgumentException("fit needs 1-D x and y, not shapes " + java.util.Arrays.toString(x.shape())
                    + " and " + java.util.Arrays.toString(y.shape()));
        }
        if (x.size() != y.size()) {
            throw new IllegalArgumentException("x has " + x.size() + " points but y has " + y.size());
        }
        if (weights != null && weights.size() != y.size()) {
            throw new IllegalArgumentException("weights has " + weights.size() + " values but y has " + y.size());
        }
        Map<String, ParameterSpec> specs = new LinkedHashMap<>();
        if (settings != null) {
            for (Map.Entry<String, Object> e : settings.entrySet()) {
                specs.put(e.getKey(), parameter(e.getKey(), e.getValue()));
            }
        }
        FitPlan plan = new FitPlan(model, specs);
        double[] xs = x.toDoubleArray();
        double[] ys = y.toDoubleArray();
        double[] start = plan.startValues(xs, ys, xs.length, null);
        return plan.newFitter().fit(xs, ys, weights == null ? null : weights.toDoubleArray(), xs.length, start);
    }

    /** The model at {@code x} for the parameter values of a result (FLOAT64, same length as x). */
    public static NDArray evaluate(Model model, FitResult result, NDArray x) {
        double[] xs = x.toDoubleArray();
        double[] y = new double[xs.length];
        model.evaluate(xs, xs.length, result.values(), y, null);
        return NDArray.of(y, x.shape());
    }
}
