package org.daybreak.plot.ui;

import java.util.function.BiConsumer;

import org.daybreak.core.data.NDArray;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.color.ColorMapper;
import org.daybreak.plot.color.Contrast;
import org.daybreak.plot.color.Histogram;
import org.daybreak.plot.color.Scaling;
import org.daybreak.plot.render.ImageAxis;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

/**
 * The histogram of an image's values (counts on a log scale, bins over the data's finite extent, in ln value for
 * log scaling) with the colour range's low and high cuts as two vertical lines that the user drags; the strip
 * below shows the colour map between the cuts. The cuts are handed to a callback while dragging (it sets the
 * trace's fixed range). Thread rule: UI thread only.
 */
public final class HistogramCanvas extends Canvas {
    private static final int BINS = 128;
    private static final int MARGIN = 8;
    private static final int STRIP = 10;

    private NDArray data;
    private Histogram histogram;
    private double min;
    private double max;
    private boolean logBins;
    private ColorMapper mapper;
    private double lo;
    private double hi;
    private int dragging = -1;
    private BiConsumer<Double, Double> onCuts = (a, b) -> {
    };
    private final Color barColor;
    private final Color cutColor;

    public HistogramCanvas(Composite parent, int style) {
        super(parent, style | SWT.DOUBLE_BUFFERED);
        barColor = new Color(getDisplay(), 110, 110, 130);
        cutColor = new Color(getDisplay(), 220, 40, 40);
        addListener(SWT.Paint, e -> paint(e.gc));
        addListener(SWT.MouseDown, this::down);
        addListener(SWT.MouseMove, this::move);
        addListener(SWT.MouseUp, e -> dragging = -1);
        addListener(SWT.Dispose, e -> {
            barColor.dispose();
            cutColor.dispose();
        });
        setToolTipText("Drag the red lines to set the low and high colour cuts");
    }

    /** Called with (low, high) while a cut is dragged. */
    public void onCuts(BiConsumer<Double, Double> callback) {
        onCuts = callback;
    }

    /** Shows the trace's values and cuts; the histogram is recomputed only for new data or scaling. */
    public void setTrace(ImageTrace t) {
        NDArray d = t == null ? null : t.data();
        mapper = t == null || d == null ? null : t.colorMapper();
        boolean log = t != null && t.scaling() == Scaling.LOG;
        if (d != data || log != logBins) {
            data = d;
            logBins = log;
            histogram = null;
            if (d != null) {
                Contrast.Extent e = Contrast.extent(d, log);
                min = e.min();
                max = e.max();
                if (e.count() > 0 && max > min) {
                    // a few hot pixels would squeeze the histogram into its first bins: span the bulk of the
                    // values (0.1 to 99.9 percent, widened by half its width), within the data's extent
                    double[] p = Contrast.percentiles(d, log, 0.1, 99.9);
                    if (Double.isFinite(p[0]) && Double.isFinite(p[1]) && p[1] > p[0]) {
                        if (log) {
                            double span = Math.log(p[1]) - Math.log(p[0]);
                            min = Math.max(min, Math.exp(Math.log(p[0]) - span / 2));
                            max = Math.min(max, Math.exp(Math.log(p[1]) + span / 2));
                        } else {
                            double span = p[1] - p[0];
                            min = Math.max(min, p[0] - span / 2);
                            max = Math.min(max, p[1] + span / 2);
                        }
                    }
                }
                if (e.count() > 0 && max > min) {
                    histogram = Histogram.compute(d, min, max, BINS, log);
                }
            }
        }
        if (mapper != null) {
            lo = mapper.low();
            hi = mapper.high();
        }
        redraw();
    }

    public double low() {
        return lo;
    }

    public double high() {
        return hi;
    }

    private double position(double v) {
        if (v <= min) {
            return 0;
        }
        if (v >= max) {
            return 1;
        }
        if (logBins) {
            return (Math.log(Math.max(v, min)) - Math.log(min)) / (Math.log(max) - Math.log(min));
        }
        return (v - min) / (max - min);
    }

    private double value(double t) {
        if (logBins) {
            return Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min)));
        }
        return min + t * (max - min);
    }

    private Rectangle plotArea() {
        Rectangle c = getClientArea();
        return new Rectangle(MARGIN, MARGIN, Math.max(1, c.width - 2 * MARGIN),
                Math.max(1, c.height - 2 * MARGIN - STRIP - 16));
    }

    private void paint(GC gc) {
        Rectangle c = getClientArea();
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(c);
        Rectangle a = plotArea();
        if (histogram == null || mapper == null) {
            gc.drawText("no histogram", MARGIN, MARGIN, true);
            return;
        }
        long[] counts = histogram.counts();
        double top = 0;
        for (long n : counts) {
            top = Math.max(top, Math.log10(1 + n));
        }
        gc.setBackground(barColor);
        for (int i = 0; i < counts.length; i++) {
            int x0 = a.x + i * a.width / counts.length;
            int x1 = a.x + (i + 1) * a.width / counts.length;
            int h = top == 0 ? 0 : (int) Math.round(a.height * Math.log10(1 + counts[i]) / top);
            gc.fillRectangle(x0, a.y + a.height - h, Math.max(1, x1 - x0), h);
        }
        int stripY = a.y + a.height + 2;
        for (int x = a.x; x < a.x + a.width; x++) {
            int argb = mapper.argb(value((x - a.x + 0.5) / a.width));
            Color col = new Color(getDisplay(), (argb >> 16) & 255, (argb >> 8) & 255, argb & 255);
            gc.setForeground(col);
            gc.drawLine(x, stripY, x, stripY + STRIP);
            col.dispose();
        }
        gc.setForeground(cutColor);
        gc.setLineWidth(2);
        for (double v : new double[] {lo, hi}) {
            int x = a.x + (int) Math.round(position(v) * a.width);
            gc.drawLine(x, a.y, x, stripY + STRIP);
        }
        gc.setLineWidth(1);
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
        String text = ImageAxis.format(lo) + " \u2013 " + ImageAxis.format(hi);
        gc.drawText(text, a.x, stripY + STRIP + 2, true);
    }

    private void down(Event e) {
        if (histogram == null || e.button != 1) {
            return;
        }
        Rectangle a = plotArea();
        int xl = a.x + (int) Math.round(position(lo) * a.width);
        int xh = a.x + (int) Math.round(position(hi) * a.width);
        dragging = Math.abs(e.x - xl) <= Math.abs(e.x - xh) ? 0 : 1;
        move(e);
    }

    private void move(Event e) {
        if (dragging < 0 || histogram == null) {
            return;
        }
        Rectangle a = plotArea();
        double t = Math.max(0, Math.min(1, (e.x - a.x) / (double) a.width));
        double v = value(t);
        if (dragging == 0) {
            lo = Math.min(v, hi);
        } else {
            hi = Math.max(v, lo);
        }
        redraw();
        onCuts.accept(lo, hi);
    }
}
