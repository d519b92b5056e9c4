package org.daybreak.plot.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

import org.daybreak.plot.Axis;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;

/**
 * Draws the line traces of a {@link Plot} with JFreeChart (an {@link XYPlot} with {@link NumberAxis} or
 * {@link LogAxis}, {@link XYLineAndShapeRenderer}, {@link XYErrorRenderer} for error bars). Each trace is thinned
 * by {@link Decimator} to buckets no wider than an output pixel before JFreeChart sees it.
 */
final class LineChartPainter {
    private static final double MARGIN = 0.05;

    private LineChartPainter() {
    }

    static RenderedPlot paint(Plot plot, Graphics2D g, int width, int height) {
        List<LineTrace> traces = plot.lineTraces().stream().filter(LineTrace::isVisible).toList();
        double[] xr = range(plot.xAxis(), traces, true);
        double[] yr = range(plot.yAxis(), traces, false);
        ValueAxis xAxis = axis(plot.xAxis(), xr);
        ValueAxis yAxis = axis(plot.yAxis(), yr);
        XYPlot xy = new XYPlot();
        xy.setDomainAxis(xAxis);
        xy.setRangeAxis(yAxis);
        xy.setBackgroundPaint(Color.WHITE);
        xy.setDomainGridlinePaint(new Color(0xdddddd));
        xy.setRangeGridlinePaint(new Color(0xdddddd));
        xy.setOutlinePaint(Color.DARK_GRAY);
        // first lay the chart out with empty series (the layout depends on axes, titles and legend, not on the
        // points), so that the decimation buckets can be aligned with the pixel columns of the data area
        for (int i = 0; i < traces.size(); i++) {
            LineTrace t = traces.get(i);
            boolean errors = t.values().errorLow() != null;
            XYLineAndShapeRenderer r;
            if (errors) {
                XYErrorRenderer er = new XYErrorRenderer();
                er.setDrawXError(false);
                er.setDrawYError(true);
                er.setCapLength(4);
                er.setErrorPaint(t.color());
                r = er;
            } else {
                r = new XYLineAndShapeRenderer();
            }
            r.setDrawSeriesLineAsPath(true);
            r.setSeriesLinesVisible(0, t.isLineVisible());
            r.setSeriesShapesVisible(0, t.marker() != LineTrace.Marker.NONE);
            r.setSeriesShape(0, shape(t.marker(), t.markerSize()));
            r.setSeriesPaint(0, t.color());
            r.setSeriesStroke(0, new BasicStroke(t.lineWidth(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_BEVEL));
            double[] none = new double[0];
            xy.setDataset(i, new SeriesDataset(t.name(), none, none, none, none));
            xy.setRenderer(i, r);
        }
        JFreeChart chart = new JFreeChart(plot.title().isEmpty() ? null : plot.title(),
                new Font(Font.SANS_SERIF, Font.BOLD, 14), xy, plot.isLegendVisible() && !traces.isEmpty());
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        Rectangle2D whole = new Rectangle2D.Double(0, 0, width, height);
        int drawn = 0;
        if (!traces.isEmpty()) {
            ChartRenderingInfo layout = new ChartRenderingInfo(null); // no entity per item: only the data area is wanted
            BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
            Graphics2D sg = scratch.createGraphics();
            try {
                chart.draw(sg, whole, layout);
            } finally {
                sg.dispose();
            }
            Rectangle2D area = layout.getPlotInfo().getDataArea();
            int px0 = (int) Math.floor(area.getMinX());
            int px1 = Math.max(px0 + 1, (int) Math.ceil(area.getMaxX()));
            double bLo = xAxis.java2DToValue(px0, area, RectangleEdge.BOTTOM);
            double bHi = xAxis.java2DToValue(px1, area, RectangleEdge.BOTTOM);
            // two buckets per pixel column (M4 needs whole buckets per column; Java2D's pixel centres sit half way)
            int buckets = 2 * (px1 - px0);
            for (int i = 0; i < traces.size(); i++) {
                LineTrace t = traces.get(i);
                LineTrace.Values v = t.values();
                double[] x = v.x() != null ? v.x() : t.x();
                int[] keep = Decimator.keep(x, v.y(), Math.min(bLo, bHi), Math.max(bLo, bHi), buckets,
                        plot.xAxis().isLog());
                int n = keep.length;
                double[] kx = new double[n];
                double[] ky = new double[n];
                double[] lo = new double[n];
                double[] hi = new double[n];
                boolean errors = v.errorLow() != null;
                for (int k = 0; k < n; k++) {
                    int j = keep[k];
                    kx[k] = x[j];
                    double yv = v.y()[j];
                    ky[k] = plot.yAxis().isLog() && !(yv > 0) ? Double.NaN : yv;
                    lo[k] = errors ? yv - v.errorLow()[j] : yv;
                    hi[k] = errors ? yv + v.errorHigh()[j] : yv;
                    if (plot.yAxis().isLog() && errors && !(lo[k] > 0)) {
                        // a bar reaching zero or below on a log axis is drawn down to the axis' lower end
                        lo[k] = yr[0];
                    }
                }
                drawn += n;
                xy.setDataset(i, new SeriesDataset(t.name(), kx, ky, lo, hi));
            }
        }
        ChartRenderingInfo info = new ChartRenderingInfo(null); // no entity per item: only the data area is wanted
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        chart.draw(g, whole, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        return new RenderedPlot(null, area, value -> xAxis.valueToJava2D(value, area, RectangleEdge.BOTTOM),
                value -> yAxis.valueToJava2D(value, area, RectangleEdge.LEFT), drawn);
    }

    private static ValueAxis axis(Axis a, double[] range) {
        ValueAxis axis;
        if (a.isLog()) {
            LogAxis log = new DecadeLogAxis(a.title().isEmpty() ? null : a.title());
            log.setBase(10);
            log.setSmallestValue(Double.MIN_NORMAL);
            double decades = Math.log10(range[1]) - Math.log10(range[0]);
            if (decades >= 2) {
                // whole decades only (10^0, 10^1, ...), every n-th when there are many
                log.setTickUnit(new NumberTickUnit(Math.max(1, Math.ceil(decades / 10))), false, true);
                log.setMinorTickCount(9);
                log.setMinorTickMarksVisible(true);
            }
            axis = log;
        } else {
            NumberAxis lin = new NumberAxis(a.title().isEmpty() ? null : a.title());
            lin.setAutoRangeIncludesZero(false);
            axis = lin;
        }
        axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        axis.setRange(range[0], range[1]);
        return axis;
    }

    /**
     * The axis range: the fixed one, or the extent of the finite data (positive only on a log axis, error bars
     * included for y) with 5 percent margins (in log10 on a log axis). No data gives [0, 1] ([1, 10] on log).
     */
    static double[] range(Axis axis, List<LineTrace> traces, boolean isX) {
        boolean log = axis.isLog();
        if (!axis.isAutoRange()) {
            if (log && !(axis.lower() > 0)) {
                throw new IllegalArgumentException(axis.direction() + " axis is logarithmic but its range starts at "
                        + axis.lower() + "; give a positive lower end");
            }
            return new double[] {axis.lower(), axis.upper()};
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (LineTrace t : traces) {
            LineTrace.Values v = t.values();
            double[] vals = isX ? (v.x() != null ? v.x() : null) : v.y();
            if (isX && vals == null) {
                int n = v.y().length;
                if (n > 0) {
                    min = Math.min(min, log ? 1 : 0);
                    max = Math.max(max, n - 1);
                }
                continue;
            }
            for (int i = 0; i < vals.length; i++) {
                double c = vals[i];
                if (!isX && v.errorLow() != null) {
                    double lo = c - v.errorLow()[i];
                    double hi = c + v.errorHigh()[i];
                    if (Double.isFinite(lo) && (!log || lo > 0)) {
                        min = Math.min(min, lo);
                    }
                    if (Double.isFinite(hi) && (!log || hi > 0)) {
                        max = Math.max(max, hi);
                    }
                }
                if (Double.isFinite(c) && (!log || c > 0)) {
                    min = Math.min(min, c);
                    max = Math.max(max, c);
                }
            }
        }
        if (!(min <= max)) {
            return log ? new double[] {1, 10} : new double[] {0, 1};
        }
        if (log) {
            double a = Math.log10(min);
            double b = Math.log10(max);
            double pad = b > a ? (b - a) * MARGIN : 0.5;
            return new double[] {Math.pow(10, a - pad), Math.pow(10, b + pad)};
        }
        double pad = max > min ? (max - min) * MARGIN : Math.max(Math.abs(min) * 0.05, 0.5);
        return new double[] {min - pad, max + pad};
    }

    private static Shape shape(LineTrace.Marker marker, float size) {
        double h = size / 2.0;
        return switch (marker) {
            case SQUARE -> new Rectangle2D.Double(-h, -h, size, size);
            case DIAMOND -> {
                Path2D p = new Path2D.Double();
                p.moveTo(0, -h);
                p.lineTo(h, 0);
                p.lineTo(0, h);
                p.lineTo(-h, 0);
                p.closePath();
                yield p;
            }
            case CROSS -> {
                Path2D p = new Path2D.Double();
                p.append(new Line2D.Double(-h, -h, h, h), false);
                p.append(new Line2D.Double(-h, h, h, -h), false);
                yield p;
            }
            default -> new Ellipse2D.Double(-h, -h, size, size);
        };
    }
}
