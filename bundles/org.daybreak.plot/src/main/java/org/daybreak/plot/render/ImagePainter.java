package org.daybreak.plot.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.color.ColorMap;
import org.daybreak.plot.color.ColorMapper;
import org.daybreak.plot.color.Scaling;

/**
 * Draws an {@link ImageTrace} with plain Java2D: the colour-mapped pixels (nearest neighbour, square pixels,
 * whole-number magnification when the image is at most half the space), axis ticks in the trace's axis values,
 * a colour bar with ticks in data values, axis titles and the plot title. Line traces of the plot are drawn over
 * the image in the same axis values.
 */
final class ImagePainter {
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final int TICK = 5;
    private static final int BAR_WIDTH = 18;
    private static final int BAR_GAP = 16;

    private ImagePainter() {
    }

    static RenderedPlot paint(Plot plot, ImageTrace trace, Graphics2D g, int width, int height) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int w = trace.width();
        int h = trace.height();
        ImageAxis xa = new ImageAxis(trace.xAxisValues(), w);
        ImageAxis ya = new ImageAxis(trace.yAxisValues(), h);
        ColorMapper mapper = trace.colorMapper();
        FontMetrics tickFm = g.getFontMetrics(TICK_FONT);
        FontMetrics labelFm = g.getFontMetrics(LABEL_FONT);
        FontMetrics titleFm = g.getFontMetrics(TITLE_FONT);

        double[] barTicks = mapper.scaling() == Scaling.LOG && mapper.high() > mapper.low()
                ? Ticks.decades(mapper.low(), mapper.high(), 6) : Ticks.linear(mapper.low(), mapper.high(), 6);
        String[] barLabels = Ticks.labels(barTicks);
        double[] yTicks = Ticks.linear(ya.start(), ya.end(), Math.max(2, height / 70));
        String[] yLabels = Ticks.labels(yTicks);
        String xTitle = axisTitle(plot.xAxis().title(), xa, trace.xAxisValues() != null);
        String yTitle = axisTitle(plot.yAxis().title(), ya, trace.yAxisValues() != null);

        int top = plot.title().isEmpty() ? 12 : 12 + titleFm.getHeight() + 6;
        int left = 10 + (yTitle.isEmpty() ? 0 : labelFm.getHeight() + 6) + maxWidth(tickFm, yLabels) + TICK + 4;
        int right = BAR_GAP + BAR_WIDTH + TICK + 4 + maxWidth(tickFm, barLabels) + 12;
        int bottom = 8 + TICK + tickFm.getHeight() + (xTitle.isEmpty() ? 0 : labelFm.getHeight() + 6) + 6;
        int availW = Math.max(1, width - left - right);
        int availH = Math.max(1, height - top - bottom);
        double scale = w == 0 || h == 0 ? 1 : Math.min((double) availW / w, (double) availH / h);
        if (scale >= 2) {
            // whole-number magnification keeps every data pixel the same size on screen
            scale = Math.floor(scale);
        }
        double dw = Math.max(1, w * scale);
        double dh = Math.max(1, h * scale);
        int x0 = left;
        int y0 = top;
        Rectangle2D area = new Rectangle2D.Double(x0, y0, dw, dh);

        if (w > 0 && h > 0) {
            int[] argb = mapper.toArgb(trace.data());
            BufferedImage img = Images.argb(argb, w, h, (mapper.nanArgb() >>> 24) != 0xFF);
            Object oldHint = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(img, x0, y0, (int) Math.round(dw), (int) Math.round(dh), null);
            if (oldHint != null) {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, oldHint);
            }
        }
        double sx = dw / Math.max(1, w);
        double sy = dh / Math.max(1, h);
        java.util.function.DoubleUnaryOperator xToPixel = v -> x0 + xa.positionOf(v) * sx;
        java.util.function.DoubleUnaryOperator yToPixel = v -> y0 + ya.positionOf(v) * sy;

        int drawn = drawLines(plot, g, area, xToPixel, yToPixel);

        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(x0 - 0.5, y0 - 0.5, dw + 1, dh + 1));
        g.setFont(TICK_FONT);
        double[] xTicks = Ticks.linear(xa.start(), xa.end(), Math.max(2, (int) (dw / 90)));
        String[] xLabels = Ticks.labels(xTicks);
        for (int i = 0; i < xTicks.length; i++) {
            double px = xToPixel.applyAsDouble(xTicks[i]);
            if (Double.isNaN(px)) {
                continue;
            }
            int ix = (int) Math.round(px);
            int yb = (int) Math.round(y0 + dh);
            g.drawLine(ix, yb, ix, yb + TICK);
            g.drawString(xLabels[i], ix - tickFm.stringWidth(xLabels[i]) / 2, yb + TICK + 2 + tickFm.getAscent());
        }
        for (int i = 0; i < yTicks.length; i++) {
            double py = yToPixel.applyAsDouble(yTicks[i]);
            if (Double.isNaN(py)) {
                continue;
            }
            int iy = (int) Math.round(py);
            g.drawLine(x0 - TICK, iy, x0, iy);
            g.drawString(yLabels[i], x0 - TICK - 3 - tickFm.stringWidth(yLabels[i]),
                    iy + tickFm.getAscent() / 2 - 1);
        }
        g.setFont(LABEL_FONT);
        if (!xTitle.isEmpty()) {
            int tw = labelFm.stringWidth(xTitle);
            g.drawString(xTitle, (int) Math.round(x0 + dw / 2 - tw / 2.0),
                    (int) Math.round(y0 + dh) + TICK + 4 + tickFm.getHeight() + labelFm.getAscent());
        }
        if (!yTitle.isEmpty()) {
            AffineTransform saved = g.getTransform();
            int tw = labelFm.stringWidth(yTitle);
            g.translate(10 + labelFm.getAscent(), y0 + dh / 2 + tw / 2.0);
            g.rotate(-Math.PI / 2);
            g.drawString(yTitle, 0, 0);
            g.setTransform(saved);
        }
        if (!plot.title().isEmpty()) {
            g.setFont(TITLE_FONT);
            int tw = titleFm.stringWidth(plot.title());
            g.drawString(plot.title(), Math.max(4, (int) Math.round(x0 + dw / 2 - tw / 2.0)), 8 + titleFm.getAscent());
        }
        // a short image still gets a readable colour bar
        double barHeight = Math.max(dh, Math.min(availH, 160));
        drawColorBar(g, mapper, barTicks, barLabels, tickFm, x0 + dw + BAR_GAP, y0, barHeight);
        return new RenderedPlot(null, area, xToPixel, yToPixel, drawn);
    }

    private static String axisTitle(String title, ImageAxis axis, boolean valuesGiven) {
        if (valuesGiven && !axis.usesValues()) {
            return (title.isEmpty() ? "" : title + " ") + "[axis not monotonic: pixel index]";
        }
        return title;
    }

    private static int drawLines(Plot plot, Graphics2D g, Rectangle2D area, java.util.function.DoubleUnaryOperator fx,
            java.util.function.DoubleUnaryOperator fy) {
        int drawn = 0;
        java.awt.Shape oldClip = g.getClip();
        g.clip(area);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (LineTrace t : plot.lineTraces()) {
            if (!t.isVisible()) {
                continue;
            }
            double[] x = t.x();
            double[] y = t.values().y();
            Path2D path = new Path2D.Double();
            boolean penDown = false;
            for (int i = 0; i < y.length; i++) {
                double px = fx.applyAsDouble(x[i]);
                double py = fy.applyAsDouble(y[i]);
                if (Double.isNaN(px) || Double.isNaN(py)) {
                    penDown = false;
                    continue;
                }
                if (penDown) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    penDown = true;
                }
                drawn++;
            }
            g.setColor(t.color());
            g.setStroke(new BasicStroke(t.lineWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
        }
        g.setClip(oldClip);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_DEFAULT);
        return drawn;
    }

    private static void drawColorBar(Graphics2D g, ColorMapper mapper, double[] ticks, String[] labels,
            FontMetrics fm, double x, double y, double height) {
        ColorMap map = mapper.colorMap();
        int[] column = new int[ColorMap.SIZE];
        for (int i = 0; i < ColorMap.SIZE; i++) {
            column[i] = map.argb(ColorMap.SIZE - 1 - i);
        }
        BufferedImage bar = Images.argb(column, 1, ColorMap.SIZE, false);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        int ix = (int) Math.round(x);
        int iy = (int) Math.round(y);
        int ih = (int) Math.round(height);
        g.drawImage(bar, ix, iy, BAR_WIDTH, ih, null);
        g.setColor(Color.DARK_GRAY);
        g.drawRect(ix, iy, BAR_WIDTH, ih);
        g.setFont(TICK_FONT);
        double lo = mapper.low();
        double hi = mapper.high();
        for (int i = 0; i < ticks.length; i++) {
            double t = position(mapper.scaling(), lo, hi, ticks[i]);
            if (Double.isNaN(t) || t < -1e-9 || t > 1 + 1e-9) {
                continue;
            }
            int ty = (int) Math.round(y + height * (1 - t));
            g.drawLine(ix + BAR_WIDTH, ty, ix + BAR_WIDTH + TICK, ty);
            g.drawString(labels[i], ix + BAR_WIDTH + TICK + 3, ty + fm.getAscent() / 2 - 1);
        }
    }

    /** Normalized colour-bar position in [0, 1] of a value. */
    static double position(Scaling scaling, double lo, double hi, double v) {
        if (!(hi > lo)) {
            return 0;
        }
        return switch (scaling) {
            case LOG -> (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
            case SQRT -> Math.sqrt(Math.max(0, (v - lo) / (hi - lo)));
            default -> (v - lo) / (hi - lo);
        };
    }

    private static int maxWidth(FontMetrics fm, String[] labels) {
        int m = 0;
        for (String s : labels) {
            m = Math.max(m, fm.stringWidth(s));
        }
        return m;
    }
}
