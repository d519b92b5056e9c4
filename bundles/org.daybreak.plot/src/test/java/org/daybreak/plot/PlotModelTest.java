package org.daybreak.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import org.daybreak.core.data.NDArray;
import org.daybreak.plot.color.Scaling;
import org.junit.jupiter.api.Test;

class PlotModelTest {

    @Test
    void listenersHearTraceAndAxisChangesInOrder() {
        Plot plot = new Plot();
        List<PlotEvent.Kind> kinds = new ArrayList<>();
        plot.addListener(e -> kinds.add(e.kind()));
        LineTrace t = plot.createLineTrace("I(E)");
        t.setData(NDArray.of(new double[] {1, 2, 3}), NDArray.of(new double[] {4, 5, 6}));
        assertTrue(kinds.isEmpty(), "a trace not yet on the plot changes silently");
        plot.addTrace(t);
        t.setColor(Color.RED);
        plot.xAxis().setLabel("energy").setUnits("keV");
        plot.yAxis().setLog(true);
        plot.removeTrace(t);
        assertEquals(List.of(PlotEvent.Kind.TRACE_ADDED, PlotEvent.Kind.TRACE_CHANGED, PlotEvent.Kind.AXIS_CHANGED,
                PlotEvent.Kind.AXIS_CHANGED, PlotEvent.Kind.AXIS_CHANGED, PlotEvent.Kind.TRACE_REMOVED), kinds);
        assertEquals("energy (keV)", plot.xAxis().title());
        assertTrue(plot.yAxis().isLog());
    }

    @Test
    void lineTraceValidatesAndCopies() {
        Plot plot = new Plot();
        LineTrace t = plot.createLineTrace("a");
        double[] y = {1, 2, 3};
        t.setData(null, y);
        y[0] = 99;
        assertArrayEquals(new double[] {1, 2, 3}, t.y());
        assertArrayEquals(new double[] {0, 1, 2}, t.x());
        assertThrows(IllegalArgumentException.class, () -> t.setData(new double[] {1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> t.setErrors(NDArray.of(new double[] {1})));
        assertThrows(IllegalArgumentException.class, () -> t.setData(NDArray.of(new double[4], 2, 2)));
        t.setErrors(NDArray.of(new double[] {0.1, 0.2, 0.3}));
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, t.errorHigh());
        assertEquals(new Color(0x1f77b4), t.color(), "first tab10 colour");
        assertEquals(new Color(0xff7f0e), plot.createLineTrace("b").color());
    }

    @Test
    void imageTraceAxesRangeAndReplacement() {
        Plot plot = new Plot();
        ImageTrace im = plot.createImageTrace("frame");
        float[] v = new float[20 * 30];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        im.setData(NDArray.of(v, 20, 30));
        im.setAxes(NDArray.linspace(0, 1, 30), NDArray.linspace(5, 6, 21));
        assertThrows(IllegalArgumentException.class, () -> im.setAxes(NDArray.linspace(0, 1, 29), null));
        assertThrows(IllegalArgumentException.class, () -> im.setColorMap("nope"));
        im.setColorMap("inferno_r").setScaling(Scaling.SQRT);
        im.autoContrast(0, 100);
        assertArrayEquals(new double[] {0, 599}, im.range());
        im.setRange(10, 20);
        assertArrayEquals(new double[] {10, 20}, im.range());
        assertEquals(600, im.toArgb().length);
        plot.addTrace(im);
        ImageTrace second = plot.createImageTrace("other");
        second.setData(NDArray.of(v, 30, 20));
        plot.addTrace(second);
        assertSame(second, plot.imageTrace());
        assertEquals(1, plot.traces().size());
        assertThrows(IllegalArgumentException.class, () -> new Plot().addTrace(im));
        assertNull(plot.trace("frame"));
    }
}
