package org.daybreak.fit.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daybreak.fit.ParameterSpec;

/**
 * One line of the parameter table: what the user set for a parameter (starting value, fixed, bounds, tie) and
 * the last fit's value and standard error. A NaN value means "let the fitter choose". UI thread only.
 * Widget-free, but it stays in the UI bundle: it is the table's editing model (cells as typed, "auto", "inf").
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

    /**
     * Sets one cell as the user typed it ({@link FittingPanel#setParameter} gives the syntax). The whole row is
     * checked with the new cell before anything is assigned: on bad input (a number that cannot be read, min not
     * below max, a column that cannot be edited) this throws {@link IllegalArgumentException} with one sentence
     * naming the text or the parameter, and the row is left exactly as it was.
     */
    void set(String column, String text) {
        String t = text == null ? "" : text.trim();
        double newValue = value;
        double newMin = min;
        double newMax = max;
        boolean newFixed = fixed;
        String newTie = tie;
        switch (column) {
            case "value" -> newValue = t.isEmpty() || t.equals("auto") ? Double.NaN : parseNumber(t);
            case "min" -> newMin = t.isEmpty() ? Double.NEGATIVE_INFINITY : parseNumber(t);
            case "max" -> newMax = t.isEmpty() ? Double.POSITIVE_INFINITY : parseNumber(t);
            case "fixed" -> newFixed = Boolean.parseBoolean(t);
            case "tie" -> newTie = t;
            default -> throw new IllegalArgumentException("column '" + column + "' cannot be edited");
        }
        if (!(newMin < newMax)) {
            throw new IllegalArgumentException("parameter '" + name + "': min must be below max");
        }
        value = newValue;
        min = newMin;
        max = newMax;
        fixed = newFixed;
        tie = newTie;
    }

    /**
     * A number as typed in the table: a Java double literal or inf, +inf, infinity, -inf, -infinity (any case).
     *
     * @throws IllegalArgumentException "'TEXT' is not a number", also for NaN
     */
    static double parseNumber(String t) {
        switch (t.toLowerCase(Locale.ROOT)) {
            case "inf", "+inf", "infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    double v = Double.parseDouble(t);
                    if (Double.isNaN(v)) {
                        throw new NumberFormatException();
                    }
                    return v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + t + "' is not a number");
                }
            }
        }
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
