package org.daybreak.fit.fuzz;

import java.util.Set;

import org.daybreak.core.cli.InputException;
import org.daybreak.fit.Model;
import org.daybreak.fit.expr.Expression;
import org.daybreak.testing.fuzz.FuzzHarness;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: the fit expression parser ({@link Expression#parse}, model expressions typed by users) and model
 * specifications ({@link Model#parse}, e.g. {@code gaussian+linear}, {@code expr:a*exp(-x/t)}); a parsed expression
 * is also evaluated once. Allowed: IllegalArgumentException, InputException.
 */
class ExpressionFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void parse(FuzzedDataProvider data) {
        boolean tie = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        FuzzHarness.check(() -> {
            Expression e = tie ? Expression.parse(text, Set.of("p1_center", "p2_sigma", "a"), false)
                    : Expression.parse(text);
            double[] p = new double[e.parameters().size()];
            java.util.Arrays.fill(p, 1.5);
            e.evaluate(0.25, p);
        }, IllegalArgumentException.class, InputException.class);
        FuzzHarness.check(() -> Model.parse(text), IllegalArgumentException.class, InputException.class);
    }
}
