package org.daybreak.fit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.fit.expr.Expression;

/**
 * A fit model: either a sum of built-in {@link Component}s ({@code gaussian+gaussian+linear}) or one typed
 * {@link Expression}. Parameter naming: a single component uses lmfit's bare names ({@code center}); a sum
 * prefixes each component's names with {@code pK_} in model order ({@code p1_center}, {@code p3_slope}); an
 * expression's parameters are its identifiers ({@code b1}, {@code b2}). Immutable and thread-safe.
 */
public final class Model {
    private final String description;
    private final List<Component> components;
    private final int[] offsets;
    private final Expression expression;
    private final Expression[] derivatives;
    private final List<String> names;

    private Model(String description, List<Component> components, Expression expression) {
        this.description = description;
        this.components = components;
        this.expression = expression;
        List<String> n = new ArrayList<>();
        if (expression != null) {
            offsets = new int[0];
            n.addAll(expression.parameters());
            derivatives = new Expression[n.size()];
            for (int k = 0; k < derivatives.length; k++) {
                derivatives[k] = expression.derivative(k);
            }
        } else {
            derivatives = null;
            offsets = new int[components.size()];
            int o = 0;
            for (int c = 0; c < components.size(); c++) {
                offsets[c] = o;
                for (String p : components.get(c).parameterNames()) {
                    n.add(components.size() == 1 ? p : prefix(c) + p);
                }
                o += components.get(c).parameterNames().size();
            }
        }
        names = Collections.unmodifiableList(n);
    }

    /** The prefix of component {@code index} (0-based) in a sum: {@code p1_}, {@code p2_}... */
    public static String prefix(int index) {
        return "p" + (index + 1) + "_";
    }

    /**
     * Parses a sum of built-in function names such as {@code gaussian+gaussian+linear}.
     *
     * @throws IllegalArgumentException naming an unknown function and listing the known ones
     */
    public static Model parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("the model is empty; give function names such as gaussian+linear");
        }
        List<Component> list = new ArrayList<>();
        for (String part : spec.split("\\+", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("model '" + spec + "' has an empty term; write e.g. gaussian+linear");
            }
            Component c = LineShapes.create(name);
            if (c == null) {
                if (name.equalsIgnoreCase("polynomial") || name.equalsIgnoreCase("poly")) {
                    throw new IllegalArgumentException("give the polynomial's order in its name, e.g. polynomial2 or poly3");
                }
                throw new IllegalArgumentException("unknown function '" + name + "' in model '" + spec + "'; known: "
                        + LineShapes.KNOWN + " (or use --expr for a formula)");
            }
            list.add(c);
        }
        return new Model(spec.trim(), Collections.unmodifiableList(list), null);
    }

    /** A model from a typed expression of x; its parameters are its free identifiers. */
    public static Model expression(String text) {
        Expression e = Expression.parse(text);
        if (e.parameters().isEmpty()) {
            throw new IllegalArgumentException("expression '" + text + "' has no parameters to fit");
        }
        return new Model(text.trim(), List.of(), e);
    }

    /** A model from components (for callers building models in code). */
    public static Model of(List<Component> components) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one component");
        }
        StringBuilder b = new StringBuilder();
        for (Component c : components) {
            b.append(b.length() > 0 ? "+" : "").append(c.name());
        }
        return new Model(b.toString(), List.copyOf(components), null);
    }

    public String description() {
        return description;
    }

    /** Full parameter names in vector order. */
    public List<String> parameterNames() {
        return names;
    }

    public int parameterCount() {
        return names.size();
    }

    /** The components (empty for an expression model). */
    public List<Component> components() {
        return components;
    }

    /** Offset of component {@code c}'s parameters in the vector. */
    public int offset(int c) {
        return offsets[c];
    }

    public Expression expression() {
        return expression;
    }

    public boolean isExpression() {
        return expression != null;
    }

    /**
     * Writes the model at x[0..n) into {@code y} (overwriting) and, when {@code jac} is not null, the partial
     * derivatives {@code jac[k][i] = d y_i / d p_k} for every parameter k.
     */
    public void evaluate(double[] x, int n, double[] p, double[] y, double[][] jac) {
        evaluate(x, n, Grid.of(x, n), p, y, jac);
    }

    /** As {@link #evaluate(double[], int, double[], double[], double[][])} with x's {@link Grid} (or null) known. */
    public void evaluate(double[] x, int n, Grid grid, double[] p, double[] y, double[][] jac) {
        if (expression != null) {
            for (int i = 0; i < n; i++) {
                y[i] = expression.evaluate(x[i], p);
            }
            if (jac != null) {
                for (int k = 0; k < derivatives.length; k++) {
                    double[] col = jac[k];
                    Expression d = derivatives[k];
                    if (d.isZero()) {
                        Fill.zero(col, n);
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        col[i] = d.evaluate(x[i], p);
                    }
                }
            }
            return;
        }
        Fill.zero(y, n);
        for (int c = 0; c < components.size(); c++) {
            components.get(c).evaluate(x, n, grid, p, offsets[c], y, jac, offsets[c]);
        }
    }

    /** Derived quantities per peak ({@code height}, {@code fwhm}), keyed by full name ({@code p1_height}). */
    public Map<String, Double> derived(double[] p) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int c = 0; c < components.size(); c++) {
            String prefix = components.size() == 1 ? "" : prefix(c);
            for (Map.Entry<String, Double> e : components.get(c).derived(p, offsets[c]).entrySet()) {
                m.put(prefix + e.getKey(), e.getValue());
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return description;
    }
}
