package org.daybreak.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the user says about one parameter: a starting value (NaN: let the fitter choose), bounds, whether it
 * is fixed, or a tie expression over other parameters. Mutable value object; not thread-safe.
 *
 * <p>Text syntax of {@link #parseList} (the {@code --params} option), items separated by commas or semicolons:
 * <pre>
 *   p1_center=5            starting value
 *   p1_sigma=1:0.1:3       value:min:max (either bound may be empty: 1:0: or 1::3)
 *   p1_sigma=1[0.1,3]      value[min,max] (same meaning; inf/-inf allowed)
 *   p1_sigma=[0.1,3]       bounds only, automatic starting value
 *   p3_slope=0!            fixed at 0 (also: p3_slope=0 fixed)
 *   p2_sigma=p1_sigma      tied: computed from the others by an expression
 *   p2_center=p1_center+1.5
 * </pre>
 */
public final class ParameterSpec {
    private final String name;
    private double value = Double.NaN;
    private double min = Double.NEGATIVE_INFINITY;
    private double max = Double.POSITIVE_INFINITY;
    private boolean fixed;
    private String tie;

    public ParameterSpec(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public double value() {
        return value;
    }

    public ParameterSpec value(double v) {
        value = v;
        return this;
    }

    public boolean hasValue() {
        return !Double.isNaN(value);
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public ParameterSpec bounds(double lo, double hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("parameter '" + name + "': the lower bound " + lo
                    + " must be below the upper bound " + hi);
        }
        min = lo;
        max = hi;
        return this;
    }

    public boolean fixed() {
        return fixed;
    }

    public ParameterSpec fixed(boolean f) {
        fixed = f;
        return this;
    }

    /** The tie expression, or null. */
    public String tie() {
        return tie;
    }

    public ParameterSpec tie(String expression) {
        tie = expression;
        return this;
    }

    public ParameterSpec copy() {
        ParameterSpec s = new ParameterSpec(name);
        s.value = value;
        s.min = min;
        s.max = max;
        s.fixed = fixed;
        s.tie = tie;
        return s;
    }

    @Override
    public String toString() {
        if (tie != null) {
            return name + "=" + tie;
        }
        return name + "=" + value + (fixed ? "!" : "") + (min > Double.NEGATIVE_INFINITY || max < Double.POSITIVE_INFINITY
                ? "[" + min + "," + max + "]" : "");
    }

    /**
     * Parses a {@code --params} text into specs keyed by the name as written (not yet checked against a model).
     *
     * @throws IllegalArgumentException naming the item that cannot be read
     */
    public static Map<String, ParameterSpec> parseList(String text) {
        Map<String, ParameterSpec> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String item : splitItems(text)) {
            String it = item.trim();
            if (it.isEmpty()) {
                continue;
            }
            int eq = it.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("parameter setting '" + it + "' needs the form name=value");
            }
            String name = it.substring(0, eq).trim();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("'" + name + "' is not a parameter name");
            }
            String rhs = it.substring(eq + 1).trim();
            if (rhs.isEmpty()) {
                throw new IllegalArgumentException("parameter '" + name + "' has no value after '='");
            }
            ParameterSpec s = new ParameterSpec(name);
            parseValue(s, rhs);
            if (out.put(name, s) != null) {
                throw new IllegalArgumentException("parameter '" + name + "' is set twice");
            }
        }
        return out;
    }

    /** Splits at commas and semicolons outside square brackets and parentheses. */
    private static List<String> splitItems(String text) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if ((c == ',' || c == ';') && depth == 0) {
                items.add(text.substring(start, i));
                start = i + 1;
            }
        }
        items.add(text.substring(start));
        return items;
    }

    private static void parseValue(ParameterSpec s, String rhs) {
        String r = rhs;
        String lower = r.toLowerCase(Locale.ROOT);
        if (r.endsWith("!")) {
            s.fixed = true;
            r = r.substring(0, r.length() - 1).trim();
        } else if (lower.endsWith(" fixed")) {
            s.fixed = true;
            r = r.substring(0, r.length() - 6).trim();
        }
        int br = r.indexOf('[');
        if (br >= 0) {
            if (!r.endsWith("]")) {
                throw new IllegalArgumentException("parameter '" + s.name + "': bounds '" + r.substring(br)
                        + "' need the form [min,max]");
            }
            String[] b = r.substring(br + 1, r.length() - 1).split(",", -1);
            if (b.length != 2) {
                throw new IllegalArgumentException("parameter '" + s.name + "': bounds '" + r.substring(br)
                        + "' need the form [min,max]");
            }
            String v = r.substring(0, br).trim();
            setNumbers(s, v, b[0], b[1], rhs);
            return;
        }
        if (r.indexOf(':') >= 0) {
            String[] b = r.split(":", -1);
            if (b.length != 3) {
                throw new IllegalArgumentException("parameter '" + s.name + "': '" + rhs
                        + "' needs the form value:min:max");
            }
            setNumbers(s, b[0], b[1], b[2], rhs);
            return;
        }
        Double v = number(r);
        if (v != null) {
            s.value = v;
            return;
        }
        if (s.fixed) {
            throw new IllegalArgumentException("parameter '" + s.name + "': only a number can be fixed, not '" + r + "'");
        }
        s.tie = r;
    }

    private static void setNumbers(ParameterSpec s, String v, String lo, String hi, String rhs) {
        if (!v.isBlank()) {
            Double d = number(v.trim());
            if (d == null) {
                throw new IllegalArgumentException("parameter '" + s.name + "': '" + v.trim() + "' in '" + rhs
                        + "' is not a number");
            }
            s.value = d;
        }
        double min = Double.NEGATIVE_INFINITY;
        double max = Double.POSITIVE_INFINITY;
        if (!lo.isBlank()) {
            Double d = number(lo.trim());
            if (d == null) {
                throw new IllegalArgumentException("parameter '" + s.name + "': lower bound '" + lo.trim()
                        + "' is not a number");
            }
            min = d;
        }
        if (!hi.isBlank()) {
            Double d = number(hi.trim());
            if (d == null) {
                throw new IllegalArgumentException("parameter '" + s.name + "': upper bound '" + hi.trim()
                        + "' is not a number");
            }
            max = d;
        }
        s.bounds(min, max);
    }

    private static Double number(String t) {
        String l = t.toLowerCase(Locale.ROOT);
        switch (l) {
            case "inf":
            case "+inf":
            case "infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (!l.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
            return null;
        }
        return Double.parseDouble(t);
    }
}
