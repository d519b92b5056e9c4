package org.daybreak.fit.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daybreak.fit.ParameterSpec;

/**
 * One line of the parameter table: what the user set for a parameter (starting value, fixed, bounds, tie) and
 * the last fit's value and standard error. A NaN value means "let the fitter choose". UI thread only.
 */
final class ParameterRow {
    final String name;
    double value = Double.NaN;
    double error = Double.NaN;
    boolean fixed;
    double min = Double.NEGATIVE_INFINITY;
    double max = Double.POSITIVE_INFINITY;
    String tie = "";

    ParameterRow(String name) {
        this.name = name;
    }

    ParameterRow copyAs(String newName) {
        ParameterRow r = new ParameterRow(newName);
        r.value = value;
        r.error = error;
        r.fixed = fixed;
        r.min = min;
        r.max = max;
        r.tie = tie;
        return r;
    }

    boolean bounded() {
        return min > Double.NEGATIVE_INFINITY || max < Double.POSITIVE_INFINITY;
    }

    /**
     * The fitter's settings for these rows, keyed by parameter name.
     *
     * @throws IllegalArgumentException naming the parameter whose settings contradict each other
     */
    static Map<String, ParameterSpec> specs(List<ParameterRow> rows) {
        Map<String, ParameterSpec> m = new LinkedHashMap<>();
        for (ParameterRow r : rows) {
            ParameterSpec s = new ParameterSpec(r.name);
            if (!r.tie.isBlank()) {
                s.tie(r.tie.trim());
            } else {
                if (r.fixed && Double.isNaN(r.value)) {
                    throw new IllegalArgumentException("parameter '" + r.name + "' is fixed but has no value; "
                            + "give it one or untick 'fixed'");
                }
                s.value(r.value).fixed(r.fixed);
                if (r.bounded()) {
                    s.bounds(r.min, r.max);
                }
            }
            m.put(r.name, s);
        }
        return m;
    }

    /** The same settings in the {@code --params} text of the fit command and the fit.batch job. */
    static String paramsText(List<ParameterRow> rows) {
        specs(rows); // the same checks
        StringBuilder b = new StringBuilder();
        for (ParameterRow r : rows) {
            String item;
            if (!r.tie.isBlank()) {
                item = r.name + "=" + r.tie.trim();
            } else if (!Double.isNaN(r.value) || r.bounded()) {
                item = r.name + "=" + (Double.isNaN(r.value) ? "" : number(r.value))
                        + (r.bounded() ? "[" + number(r.min) + "," + number(r.max) + "]" : "") + (r.fixed ? "!" : "");
            } else {
                continue;
            }
            b.append(b.length() > 0 ? ";" : "").append(item);
        }
        return b.toString();
    }

    static String number(double v) {
        if (v == Double.POSITIVE_INFINITY) {
            return "inf";
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return "-inf";
        }
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }
}
