package org.daybreak.fit.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ExpressionTest {

    private static double eval(String s, double x, double... p) {
        return Expression.parse(s).evaluate(x, p);
    }

    @Test
    void precedenceAndAssociativityFollowPython() {
        assertEquals(-4, eval("-2**2", 0), 0);
        assertEquals(512, eval("2**3**2", 0), 0);
        assertEquals(512, eval("2^3^2", 0), 0);
        assertEquals(0.5, eval("2**-1", 0), 0);
        assertEquals(7, eval("1+2*3", 0), 0);
        assertEquals(9, eval("(1+2)*3", 0), 0);
        assertEquals(2, eval("8/2/2", 0), 0);
        assertEquals(1.5e-3, eval("1.5e-3", 0), 0);
        assertEquals(0.5, eval(".5", 0), 0);
        assertEquals(Math.PI + Math.E, eval("pi + e", 0), 1e-15);
    }

    @Test
    void functionsAndParametersInOrderOfFirstAppearance() {
        Expression e = Expression.parse("b1*exp(-b2*x) + b3*exp(-(x-b4)**2/b5**2)");
        assertEquals(List.of("b1", "b2", "b3", "b4", "b5"), e.parameters());
        double x = 1.3;
        double[] p = {2, 0.5, 3, 1, 0.7};
        double want = 2 * Math.exp(-0.5 * x) + 3 * Math.exp(-(x - 1) * (x - 1) / 0.49);
        assertEquals(want, e.evaluate(x, p), 1e-14);
        assertEquals(Math.atan(0.3) + Math.asin(0.3) + Math.acos(0.3), eval("arctan(x)+asin(x)+arccos(x)", 0.3), 1e-15);
        assertEquals(Math.atan(0.3), eval("atan(x)", 0.3), 0);
        assertEquals(Math.sinh(0.3) + Math.cosh(0.3) + Math.tanh(0.3), eval("sinh(x)+cosh(x)+tanh(x)", 0.3), 1e-15);
        assertEquals(Math.sqrt(2) + Math.log(3) + Math.abs(-4) + Math.tan(0.2),
                eval("sqrt(2)+log(3)+abs(-4)+tan(0.2)", 0), 1e-15);
        assertEquals(List.of("tau", "a"), Expression.parse("exp(-x/tau)*a").parameters());
    }

    @Test
    void symbolicDerivativesMatchCentralDifferences() {
        String[] exprs = {"b1*(x**2+x*b2) / (x**2+x*b3+b4)", "b1 * (b2+x)**(-1/b3)", "b1 - b2*x - arctan(b3/(x-b4))/pi",
            "b1*exp(-b2*x) + b3*exp(-(x-b4)**2 / b5**2)", "sqrt(b1*x) + log(b2+x) + sin(b3*x)*cos(b4) + tanh(b5*x)",
            "abs(b1-x)^2 + sinh(b2*x) + cosh(b3) + tan(b4*x) + arcsin(b5/10) + arccos(b5/11)"};
        Random rnd = new Random(3);
        for (String s : exprs) {
            Expression e = Expression.parse(s);
            for (int trial = 0; trial < 20; trial++) {
                double x = 0.5 + rnd.nextDouble() * 2;
                double[] p = new double[e.parameters().size()];
                for (int k = 0; k < p.length; k++) {
                    p[k] = 0.3 + rnd.nextDouble() * 2;
                }
                for (int k = 0; k < p.length; k++) {
                    double h = 1e-6 * Math.max(1, Math.abs(p[k]));
                    double[] a = p.clone();
                    double[] b = p.clone();
                    a[k] += h;
                    b[k] -= h;
                    double numeric = (e.evaluate(x, a) - e.evaluate(x, b)) / (2 * h);
                    double exact = e.derivative(k).evaluate(x, p);
                    assertEquals(numeric, exact, 1e-6 * Math.max(1, Math.abs(exact)), s + " d/d" + e.parameters().get(k));
                }
            }
        }
    }

    @Test
    void derivativeByAnUnusedParameterIsZero() {
        Expression e = Expression.parse("a*x + b");
        assertTrue(e.derivative(1).derivative(0).isZero());
    }

    @Test
    void errorsNameTheColumn() {
        ExpressionException e = assertThrows(ExpressionException.class, () -> Expression.parse("b1*exp(-b2*x))"));
        assertEquals("unexpected ')' at column 14", e.getMessage());
        assertEquals(14, e.column());
        e = assertThrows(ExpressionException.class, () -> Expression.parse("b1*exp(-b2*x"));
        assertEquals("missing ')' at column 13", e.getMessage());
        e = assertThrows(ExpressionException.class, () -> Expression.parse("a*foo(x)"));
        assertEquals("unknown function 'foo' at column 3", e.getMessage());
        e = assertThrows(ExpressionException.class, () -> Expression.parse("a*x +"));
        assertEquals("unexpected end of expression at column 6", e.getMessage());
        e = assertThrows(ExpressionException.class, () -> Expression.parse("a * * x"));
        assertEquals("unexpected '*' at column 5", e.getMessage());
        e = assertThrows(ExpressionException.class, () -> Expression.parse("2x"));
        assertEquals(2, e.column());
        assertThrows(ExpressionException.class, () -> Expression.parse("   "));
        assertThrows(ExpressionException.class, () -> Expression.parse("a $ b"));
        e = assertThrows(ExpressionException.class, () -> Expression.parse("p1_center+q", Set.of("p1_center"), false));
        assertEquals("unknown parameter 'q' at column 11", e.getMessage());
    }
}
