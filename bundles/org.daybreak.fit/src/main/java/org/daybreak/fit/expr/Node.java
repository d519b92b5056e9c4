package org.daybreak.fit.expr;

/**
 * One node of a parsed expression tree. Nodes are immutable and thread-safe; {@link #eval} reads the
 * independent variable {@code x} and the parameter vector {@code p} (indices fixed at parse time).
 */
abstract class Node {

    abstract double eval(double x, double[] p);

    /** Symbolic derivative with respect to parameter {@code index} (simplified, never null). */
    abstract Node derivative(int index);

    /** Python-like text that parses back to an equal tree. */
    abstract void print(StringBuilder b);

    boolean isConstant(double v) {
        return false;
    }

    static final class Const extends Node {
        final double value;

        Const(double value) {
            this.value = value;
        }

        @Override
        double eval(double x, double[] p) {
            return value;
        }

        @Override
        Node derivative(int index) {
            return ZERO;
        }

        @Override
        boolean isConstant(double v) {
            return value == v;
        }

        @Override
        void print(StringBuilder b) {
            if (value == Math.PI) {
                b.append("pi");
            } else if (value == Math.E) {
                b.append("e");
            } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                b.append((long) value);
            } else {
                b.append(value);
            }
        }
    }

    static final Node ZERO = new Const(0);
    static final Node ONE = new Const(1);

    static final class Variable extends Node {
        @Override
        double eval(double x, double[] p) {
            return x;
        }

        @Override
        Node derivative(int index) {
            return ZERO;
        }

        @Override
        void print(StringBuilder b) {
            b.append('x');
        }
    }

    static final class Parameter extends Node {
        final int index;
        final String name;

        Parameter(int index, String name) {
            this.index = index;
            this.name = name;
        }

        @Override
        double eval(double x, double[] p) {
            return p[index];
        }

        @Override
        Node derivative(int i) {
            return i == index ? ONE : ZERO;
        }

        @Override
        void print(StringBuilder b) {
            b.append(name);
        }
    }

    static final class Negate extends Node {
        final Node a;

        Negate(Node a) {
            this.a = a;
        }

        @Override
        double eval(double x, double[] p) {
            return -a.eval(x, p);
        }

        @Override
        Node derivative(int index) {
            return neg(a.derivative(index));
        }

        @Override
        void print(StringBuilder b) {
            b.append("(-");
            a.print(b);
            b.append(')');
        }
    }

    static final class Binary extends Node {
        final char op; // + - * / ^
        final Node a;
        final Node b;

        Binary(char op, Node a, Node b) {
            this.op = op;
            this.a = a;
            this.b = b;
        }

        @Override
        double eval(double x, double[] p) {
            double u = a.eval(x, p);
            double v = b.eval(x, p);
            switch (op) {
                case '+':
                    return u + v;
                case '-':
                    return u - v;
                case '*':
                    return u * v;
                case '/':
                    return u / v;
                default:
                    return power(u, v);
            }
        }

        @Override
        Node derivative(int i) {
            Node da = a.derivative(i);
            Node db = b.derivative(i);
            switch (op) {
                case '+':
                    return add(da, db);
                case '-':
                    return sub(da, db);
                case '*':
                    return add(mul(da, b), mul(a, db));
                case '/':
                    // (a/b)' = a'/b - a b'/b^2
                    return sub(div(da, b), div(mul(a, db), mul(b, b)));
                default:
                    // (a^b)' = b a^(b-1) a' + a^b ln(a) b'; the second term only where b depends on the parameter,
                    // so that negative bases with constant exponents stay finite.
                    Node first = mul(mul(b, pow(a, sub(b, ONE))), da);
                    if (db.isConstant(0)) {
                        return first;
                    }
                    return add(first, mul(mul(this, new Function("log", a)), db));
            }
        }

        @Override
        void print(StringBuilder sb) {
            sb.append('(');
            a.print(sb);
            sb.append(op == '^' ? "**" : String.valueOf(op));
            b.print(sb);
            sb.append(')');
        }
    }

    /** x**y with small integer exponents by multiplication (exact for negative bases, faster than pow). */
    static double power(double u, double v) {
        if (v == 2) {
            return u * u;
        }
        if (v == 1) {
            return u;
        }
        if (v == 3) {
            return u * u * u;
        }
        if (v == 0.5) {
            return Math.sqrt(u);
        }
        return Math.pow(u, v);
    }

    static final class Function extends Node {
        final String name;
        final Node a;

        Function(String name, Node a) {
            this.name = name;
            this.a = a;
        }

        @Override
        double eval(double x, double[] p) {
            double u = a.eval(x, p);
            switch (name) {
                case "exp":
                    return Math.exp(u);
                case "log":
                    return Math.log(u);
                case "log10":
                    return Math.log10(u);
                case "sqrt":
                    return Math.sqrt(u);
                case "sin":
                    return Math.sin(u);
                case "cos":
                    return Math.cos(u);
                case "tan":
                    return Math.tan(u);
                case "arctan":
                    return Math.atan(u);
                case "arcsin":
                    return Math.asin(u);
                case "arccos":
                    return Math.acos(u);
                case "sinh":
                    return Math.sinh(u);
                case "cosh":
                    return Math.cosh(u);
                case "tanh":
                    return Math.tanh(u);
                case "abs":
                    return Math.abs(u);
                default:
                    throw new IllegalStateException(name);
            }
        }

        @Override
        Node derivative(int i) {
            Node da = a.derivative(i);
            if (da.isConstant(0)) {
                return ZERO;
            }
            Node outer;
            switch (name) {
                case "exp":
                    outer = this;
                    break;
                case "log":
                    outer = div(ONE, a);
                    break;
                case "log10":
                    outer = div(new Const(1 / Math.log(10)), a);
                    break;
                case "sqrt":
                    outer = div(new Const(0.5), this);
                    break;
                case "sin":
                    outer = new Function("cos", a);
                    break;
                case "cos":
                    outer = neg(new Function("sin", a));
                    break;
                case "tan":
                    outer = add(ONE, mul(this, this));
                    break;
                case "arctan":
                    outer = div(ONE, add(ONE, mul(a, a)));
                    break;
                case "arcsin":
                    outer = div(ONE, new Function("sqrt", sub(ONE, mul(a, a))));
                    break;
                case "arccos":
                    outer = neg(div(ONE, new Function("sqrt", sub(ONE, mul(a, a)))));
                    break;
                case "sinh":
                    outer = new Function("cosh", a);
                    break;
                case "cosh":
                    outer = new Function("sinh", a);
                    break;
                case "tanh":
                    outer = sub(ONE, mul(this, this));
                    break;
                case "abs":
                    outer = new Sign(a);
                    break;
                default:
                    throw new IllegalStateException(name);
            }
            return mul(outer, da);
        }

        @Override
        void print(StringBuilder b) {
            b.append(name).append('(');
            a.print(b);
            b.append(')');
        }
    }

    /** sign(u), used only as the derivative of abs (0 at 0). */
    static final class Sign extends Node {
        final Node a;

        Sign(Node a) {
            this.a = a;
        }

        @Override
        double eval(double x, double[] p) {
            return Math.signum(a.eval(x, p));
        }

        @Override
        Node derivative(int index) {
            return ZERO;
        }

        @Override
        void print(StringBuilder b) {
            b.append("sign(");
            a.print(b);
            b.append(')');
        }
    }

    // ------------------------------------------------------------ simplifying constructors

    static Node neg(Node a) {
        if (a instanceof Const c) {
            return new Const(-c.value);
        }
        if (a instanceof Negate n) {
            return n.a;
        }
        return new Negate(a);
    }

    static Node add(Node a, Node b) {
        if (a.isConstant(0)) {
            return b;
        }
        if (b.isConstant(0)) {
            return a;
        }
        if (a instanceof Const ca && b instanceof Const cb) {
            return new Const(ca.value + cb.value);
        }
        return new Binary('+', a, b);
    }

    static Node sub(Node a, Node b) {
        if (b.isConstant(0)) {
            return a;
        }
        if (a.isConstant(0)) {
            return neg(b);
        }
        if (a instanceof Const ca && b instanceof Const cb) {
            return new Const(ca.value - cb.value);
        }
        return new Binary('-', a, b);
    }

    static Node mul(Node a, Node b) {
        if (a.isConstant(0) || b.isConstant(0)) {
            return ZERO;
        }
        if (a.isConstant(1)) {
            return b;
        }
        if (b.isConstant(1)) {
            return a;
        }
        if (a.isConstant(-1)) {
            return neg(b);
        }
        if (b.isConstant(-1)) {
            return neg(a);
        }
        if (a instanceof Const ca && b instanceof Const cb) {
            return new Const(ca.value * cb.value);
        }
        return new Binary('*', a, b);
    }

    static Node div(Node a, Node b) {
        if (a.isConstant(0)) {
            return ZERO;
        }
        if (b.isConstant(1)) {
            return a;
        }
        if (a instanceof Const ca && b instanceof Const cb) {
            return new Const(ca.value / cb.value);
        }
        return new Binary('/', a, b);
    }

    static Node pow(Node a, Node b) {
        if (b.isConstant(1)) {
            return a;
        }
        if (b.isConstant(0)) {
            return ONE;
        }
        if (a instanceof Const ca && b instanceof Const cb) {
            return new Const(power(ca.value, cb.value));
        }
        return new Binary('^', a, b);
    }
}
