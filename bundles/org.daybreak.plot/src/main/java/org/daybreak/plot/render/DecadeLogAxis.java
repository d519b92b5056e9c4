package org.daybreak.plot.render;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 {@link LogAxis} whose ticks, when the range spans less than two decades, sit on round values
 * (1, 2, 5 times a power of ten, or finer for a narrow range) with plain labels, instead of fractional powers of
 * ten. Over two decades or more JFreeChart's own decade ticks (10^n labels) are kept.
 */
final class DecadeLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;

    DecadeLogAxis(String label) {
        super(label);
    }

    private boolean narrow() {
        return Math.log10(getUpperBound() / getLowerBound()) < 2;
    }

    @Override
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        if (!narrow()) {
            return super.refreshTicksVertical(g2, dataArea, edge);
        }
        return roundTicks(edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT);
    }

    @Override
    protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        if (!narrow()) {
            return super.refreshTicksHorizontal(g2, dataArea, edge);
        }
        return roundTicks(edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
    }

    private List<ValueTick> roundTicks(TextAnchor anchor) {
        double lo = getLowerBound();
        double hi = getUpperBound();
        double decades = Math.log10(hi / lo);
        double[] values;
        if (decades < 0.5) {
            values = Ticks.linear(lo, hi, 6);
        } else {
            double[] multipliers = decades < 1.2 ? new double[] {1, 2, 3, 4, 5, 6, 8} : new double[] {1, 2, 5};
            List<Double> v = new ArrayList<>();
            for (int e = (int) Math.floor(Math.log10(lo)); e <= (int) Math.ceil(Math.log10(hi)); e++) {
                for (double m : multipliers) {
                    double x = m * Math.pow(10, e);
                    if (x >= lo && x <= hi) {
                        v.add(x);
                    }
                }
            }
            values = v.stream().mapToDouble(Double::doubleValue).toArray();
        }
        String[] labels = Ticks.labels(values);
        List<ValueTick> ticks = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] > 0) {
                ticks.add(new NumberTick(TickType.MAJOR, values[i], labels[i], anchor, TextAnchor.CENTER, 0.0));
            }
        }
        return ticks;
    }
}
