package org.daybreak.fit.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real-valued expression of the independent variable {@code x} and named parameters, parsed by a
 * recursive-descent parser into an immutable tree.
 *
 * <p>Syntax (Python-like): numbers ({@code 2}, {@code .5}, {@code 1.5e-3}), {@code + - * /}, power as
 * {@code **} or {@code ^} (right-associative, binding tighter than unary minus: {@code -x**2 = -(x**2)}),
 * parentheses, the constants {@code pi} and {@code e}, and the functions {@code exp log log10 sqrt sin cos tan
 * arctan (atan) arcsin (asin) arccos (acos) sinh cosh tanh abs} ({@code ln} is {@code log}). Every other
 * identifier except {@code x} is a parameter; parameters are numbered in order of first appearance.
 *
 * <p>Errors are {@link ExpressionException}s naming the 1-based column: "unexpected ')' at column 14".
 * Instances are immutable and thread-safe.
 */
public final class Expression {
    static final Set<String> FUNCTIONS = Set.of("exp", "log", "log10", "sqrt", "sin", "cos", "tan", "arctan",
            "arcsin", "arccos", "sinh", "cosh", "tanh", "abs");
    private static final Map<String, String> ALIASES = Map.of("atan", "arctan", "asin", "arcsin", "acos", "arccos",
            "ln", "log");

    private final String text;
    private final Node root;
    private final List<String> parameters;
    private final boolean usesX;

    private Expression(String text, Node root, List<String> parameters, boolean usesX) {
        this.text = text;
        this.root = root;
        this.parameters = Collections.unmodifiableList(parameters);
        this.usesX = usesX;
    }

    /** Parses a model expression: {@code x} is the variable, every other free identifier a parameter. */
    public static Expression parse(String text) {
        return new Parser(text, null, true).parseAll();
    }

    /**
     * Parses an expression over known names only (a tie such as {@code p1_center+1.5}): an identifier not in
     * {@code allowed} is an error naming it; {@code x} is allowed only when {@code allowX}. The expression's
     * {@link #parameters()} are the names it uses, in order of first appearance.
     */
    public static Expression parse(String text, Set<String> allowed, boolean allowX) {
        return new Parser(text, allowed, allowX).parseAll();
    }

    /** Parameter names in order of first appearance; index i is p[i] in {@link #evaluate}. */
    public List<String> parameters() {
        return parameters;
    }

    public boolean usesX() {
        return usesX;
    }

    /** The value at {@code x} with parameter values {@code p} (in {@link #parameters()} order). */
    public double evaluate(double x, double[] p) {
        return root.eval(x, p);
    }

    /** The symbolic partial derivative with respect to parameter {@code index}. */
    public Expression derivative(int index) {
        return new Expression(null, root.derivative(index), new ArrayList<>(parameters), usesX);
    }

    /** True when the expression is the constant 0 (e.g. the derivative by a parameter it does not use). */
    public boolean isZero() {
        return root.isConstant(0);
    }

    /** The text it was parsed from, or a fully parenthesised form for derived expressions. */
    @Override
    public String toString() {
        if (text != null) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        root.print(b);
        return b.toString();
    }

    // ---------------------------------------------------------------- parser

    private static final class Parser {
        private final String s;
        private final Set<String> allowed;
        private final boolean allowX;
        private final Map<String, Integer> names = new LinkedHashMap<>();
        private boolean usesX;
        private int pos;

        Parser(String s, Set<String> allowed, boolean allowX) {
            if (s == null) {
                throw new ExpressionException("empty expression", 1);
            }
            this.s = s;
            this.allowed = allowed;
            this.allowX = allowX;
        }

        Expression parseAll() {
            skip();
            if (pos >= s.length()) {
                throw new ExpressionException("empty expression", 1);
            }
            Node n = sum();
            skip();
            if (pos < s.length()) {
                throw unexpected();
            }
            return new Expression(s, n, new ArrayList<>(names.keySet()), usesX);
        }

        private void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private ExpressionException unexpected() {
            if (pos >= s.length()) {
                return new ExpressionException("unexpected end of expression at column " + (pos + 1), pos + 1);
            }
            return new ExpressionException("unexpected '" + s.charAt(pos) + "' at column " + (pos + 1), pos + 1);
        }

        private boolean accept(String token) {
            skip();
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        private Node sum() {
            Node n = product();
            while (true) {
                skip();
                if (accept("+")) {
                    n = Node.add(n, product());
                } else if (accept("-")) {
                    n = Node.sub(n, product());
                } else {
                    return n;
                }
            }
        }

        private Node product() {
            Node n = unary();
            while (true) {
                skip();
                if (s.startsWith("**", pos)) {
                    return n; // handled in power(); cannot happen here
                }
                if (accept("*")) {
                    n = Node.mul(n, unary());
                } else if (accept("/")) {
                    n = Node.div(n, unary());
                } else {
                    return n;
                }
            }
        }

        private Node unary() {
            skip();
            if (accept("-")) {
                return Node.neg(unary());
            }
            if (accept("+")) {
                return unary();
            }
            return power();
        }

        private Node power() {
            Node base = primary();
            skip();
            if (accept("**") || accept("^")) {
                Node exponent = unary();
                return Node.pow(base, exponent);
            }
            return base;
        }

        private Node primary() {
            skip();
            if (pos >= s.length()) {
                throw unexpected();
            }
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                Node n = sum();
                skip();
                if (pos >= s.length()) {
                    throw new ExpressionException("missing ')' at column " + (pos + 1), pos + 1);
                }
                if (s.charAt(pos) != ')') {
                    throw unexpected();
                }
                pos++;
                return n;
            }
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                    pos++;
                }
                String id = s.substring(start, pos);
                skip();
                if (pos < s.length() && s.charAt(pos) == '(') {
                    String f = ALIASES.getOrDefault(id, id);
                    if (!FUNCTIONS.contains(f)) {
                        throw new ExpressionException("unknown function '" + id + "' at column " + (start + 1),
                                start + 1);
                    }
                    pos++;
                    Node arg = sum();
                    skip();
                    if (pos >= s.length()) {
                        throw new ExpressionException("missing ')' at column " + (pos + 1), pos + 1);
                    }
                    if (s.charAt(pos) != ')') {
                        throw unexpected();
                    }
                    pos++;
                    return new Node.Function(f, arg);
                }
                if (id.equals("pi")) {
                    return new Node.Const(Math.PI);
                }
                if (id.equals("e")) {
                    return new Node.Const(Math.E);
                }
                if (id.equals("x") && allowX) {
                    usesX = true;
                    return new Node.Variable();
                }
                if (FUNCTIONS.contains(ALIASES.getOrDefault(id, id))) {
                    throw new ExpressionException("function '" + id + "' needs an argument in parentheses at column "
                            + (pos + 1), pos + 1);
                }
                if (allowed != null && !allowed.contains(id)) {
                    throw new ExpressionException("unknown parameter '" + id + "' at column " + (start + 1), start + 1);
                }
                Integer index = names.get(id);
                if (index == null) {
                    index = names.size();
                    names.put(id, index);
                }
                return new Node.Parameter(index, id);
            }
            throw unexpected();
        }

        private Node number() {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                int save = pos;
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                        pos++;
                    }
                } else {
                    pos = save; // "2e" is 2 times e? no: treat as a malformed number
                    throw new ExpressionException("malformed number at column " + (start + 1), start + 1);
                }
            }
            String t = s.substring(start, pos);
            if (t.equals(".")) {
                pos = start;
                throw unexpected();
            }
            if (pos < s.length() && (Character.isLetter(s.charAt(pos)) || s.charAt(pos) == '_')) {
                throw unexpected();
            }
            return new Node.Const(Double.parseDouble(t));
        }
    }
}
