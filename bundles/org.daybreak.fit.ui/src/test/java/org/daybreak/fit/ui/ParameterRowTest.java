package org.daybreak.fit.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.daybreak.fit.ParameterSpec;
import org.junit.jupiter.api.Test;

/** The table's settings written as the fit.batch job's --params text read back to the same settings. */
class ParameterRowTest {

    @Test
    void paramsTextRoundTripsThroughTheFitCommandSyntax() {
        ParameterRow value = new ParameterRow("p1_center");
        value.value = 4.25;
        ParameterRow bounded = new ParameterRow("p1_sigma");
        bounded.value = 0.5;
        bounded.min = 0.1;
        bounded.max = Double.POSITIVE_INFINITY;
        ParameterRow boundsOnly = new ParameterRow("p1_amplitude");
        boundsOnly.min = 0;
        boundsOnly.max = 1e3;
        ParameterRow fixed = new ParameterRow("p2_slope");
        fixed.value = -1.5e-7;
        fixed.fixed = true;
        ParameterRow tied = new ParameterRow("p3_sigma");
        tied.tie = "p1_sigma * 2";
        ParameterRow auto = new ParameterRow("p2_intercept");
        List<ParameterRow> rows = List.of(value, bounded, boundsOnly, fixed, tied, auto);
        String text = ParameterRow.paramsText(rows);
        Map<String, ParameterSpec> back = ParameterSpec.parseList(text);
        assertFalse(back.containsKey("p2_intercept"), "automatic parameters are left out: " + text);
        assertEquals(4.25, back.get("p1_center").value(), 0);
        assertEquals(0.1, back.get("p1_sigma").min(), 0);
        assertEquals(Double.POSITIVE_INFINITY, back.get("p1_sigma").max(), 0);
        assertTrue(Double.isNaN(back.get("p1_amplitude").value()));
        assertEquals(1e3, back.get("p1_amplitude").max(), 0);
        assertTrue(back.get("p2_slope").fixed());
        assertEquals(-1.5e-7, back.get("p2_slope").value(), 0);
        assertEquals("p1_sigma * 2", back.get("p3_sigma").tie());
    }

    @Test
    void aFixedParameterNeedsAValue() {
        ParameterRow r = new ParameterRow("c0");
        r.fixed = true;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParameterRow.specs(List.of(r)));
        assertTrue(e.getMessage().contains("'c0' is fixed but has no value"), e.getMessage());
    }

    private static double[] state(ParameterRow r) {
        return new double[] {r.value, r.min, r.max, r.fixed ? 1 : 0, r.tie.hashCode()};
    }

    @Test
    void aRejectedCellLeavesTheRowUnchanged() {
        ParameterRow r = new ParameterRow("p1_sigma");
        r.set("value", "0.4");
        r.set("min", "0.1");
        r.set("max", "0.5");
        r.set("tie", "");
        double[] before = state(r);
        String[][] rejected = {{"min", "0.5"}, {"min", "2"}, {"max", "0.1"}, {"max", "-inf"}, {"min", "inf"},
            {"min", "abc"}, {"max", "nan"}, {"value", "abc"}, {"error", "1"}};
        for (String[] cell : rejected) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.set(cell[0], cell[1]),
                    cell[0] + "=" + cell[1]);
            assertFalse(e.getMessage().isBlank());
            assertArrayEquals(before, state(r), 0, cell[0] + "=" + cell[1] + " changed the row");
        }
        IllegalArgumentException bounds = assertThrows(IllegalArgumentException.class, () -> r.set("min", "3"));
        assertEquals("parameter 'p1_sigma': min must be below max", bounds.getMessage());
        assertEquals("'abc' is not a number",
                assertThrows(IllegalArgumentException.class, () -> r.set("max", "abc")).getMessage());

        r.set("max", ""); // accepted cells still work: unbounded above, then a lower bound above the old max
        r.set("min", "2");
        assertEquals(2, r.min, 0);
        assertEquals(Double.POSITIVE_INFINITY, r.max, 0);
        r.set("value", "auto");
        assertTrue(Double.isNaN(r.value));
        r.set("fixed", "true");
        assertTrue(r.fixed);
        r.set("tie", " p2_sigma * 2 ");
        assertEquals("p2_sigma * 2", r.tie);
    }
}
