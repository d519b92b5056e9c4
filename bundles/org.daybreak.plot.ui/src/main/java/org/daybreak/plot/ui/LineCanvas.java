package org.daybreak.plot.ui;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.daybreak.plot.Axis;
import org.daybreak.plot.Plot;
import org.daybreak.plot.render.PlotRenderer;
import org.daybreak.plot.render.RenderedPlot;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

/**
 * Draws the line traces of a {@link Plot} with the headless JFreeChart painter ({@link PlotRenderer}, which thins
 * each trace per pixel column with the M4 Decimator, so a million-point trace redraws interactively) into a
 * java.awt image that is copied into an SWT image and drawn. Zoom box (left drag), pan (middle drag or shift-drag),
 * wheel zoom around the mouse, autoscale (double-click). Zoom and pan set the plot's axis ranges, so exports
 * and scripts see the same view.
 *
 * <p>Call {@link #refresh()} after the plot changed. Thread rule: UI thread only (the plot is changed on it).
 */
public final class LineCanvas extends Canvas {
    /** Hears the axis values under the mouse (NaN when outside the data area). */
    public interface Listener {
        void pointed(double x, double y);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private Plot plot;
    private Image image;
    private RenderedPlot rendered;
    private boolean stale = true;
    private int pressX;
    private int pressY;
    private int curX;
    private int curY;
    private int button;
    private boolean panning;
    private boolean boxing;
    private double[] panXRange;
    private double[] panYRange;
    private final Color boxColor;
    private long lastRenderNanos;

    public LineCanvas(Composite parent, int style) {
        super(parent, style | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        boxColor = new Color(getDisplay(), 40, 40, 200);
        addListener(SWT.Paint, e -> paint(e.gc));
        addListener(SWT.Resize, e -> refresh());
        addListener(SWT.MouseDown, this::down);
        addListener(SWT.MouseMove, this::move);
        addListener(SWT.MouseUp, this::up);
        addListener(SWT.MouseWheel, this::wheel);
        addListener(SWT.MouseDoubleClick, e -> {
            if (e.button == 1) {
                autoscale();
            }
        });
        addListener(SWT.MouseExit, e -> listeners.forEach(l -> l.pointed(Double.NaN, Double.NaN)));
        addListener(SWT.Dispose, e -> {
            if (image != null) {
                image.dispose();
            }
            boxColor.dispose();
        });
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void setPlot(Plot p) {
        plot = p;
        refresh();
    }

    public Plot plot() {
        return plot;
    }

    /** Marks the drawing out of date and repaints (the chart is rendered at the next paint). */
    public void refresh() {
        stale = true;
        redraw();
    }

    /** Both axes back to automatic ranges. */
    public void autoscale() {
        if (plot != null) {
            plot.xAxis().setAutoRange();
            plot.yAxis().setAutoRange();
            refresh();
        }
    }

    /** The last render's geometry (data area, value-to-pixel maps), or null before the first paint. */
    public RenderedPlot rendered() {
        return rendered;
    }

    /** Nanoseconds the last chart render took (for tests and the status line). */
    public long lastRenderNanos() {
        return lastRenderNanos;
    }

    private void render() {
        Rectangle c = getClientArea();
        if (image != null) {
            image.dispose();
            image = null;
        }
        rendered = null;
        if (plot == null || c.width < 32 || c.height < 32) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            rendered = PlotRenderer.render(plot, c.width, c.height);
            renderedLogX = plot.xAxis().isLog();
            renderedLogY = plot.yAxis().isLog();
        } catch (IllegalArgumentException e) {
            // e.g. a log axis whose fixed range starts at zero: show the reason instead of a chart
            rendered = null;
            lastError = e.getMessage();
            return;
        }
        lastError = null;
        image = new Image(getDisplay(), toImageData(rendered.image()));
        lastRenderNanos = System.nanoTime() - t0;
    }

    private String lastError;
    /** The axes' log flags of the last render: the pixel maps of {@link #rendered} follow them. */
    private boolean renderedLogX;
    private boolean renderedLogY;

    /** An opaque RGB BufferedImage as SWT image data (24-bit, red in the high byte). */
    static ImageData toImageData(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        ImageData d = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        int[] px = img.getRaster().getDataBuffer() instanceof DataBufferInt b && img.getType() == BufferedImage.TYPE_INT_RGB
                ? b.getData() : img.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = d.data;
        for (int y = 0; y < h; y++) {
            int o = y * d.bytesPerLine;
            int s = y * w;
            for (int x = 0; x < w; x++) {
                int p = px[s + x];
                out[o++] = (byte) (p >> 16);
                out[o++] = (byte) (p >> 8);
                out[o++] = (byte) p;
            }
        }
        return d;
    }

    private void paint(GC gc) {
        if (stale) {
            render();
            stale = false;
        }
        Rectangle c = getClientArea();
        if (image == null) {
            gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
            gc.fillRectangle(c);
            if (lastError != null) {
                gc.drawText(lastError, 10, 10, true);
            }
            return;
        }
        gc.drawImage(image, 0, 0);
        if (boxing) {
            gc.setForeground(boxColor);
            gc.setLineStyle(SWT.LINE_DASH);
            gc.drawRectangle(Math.min(pressX, curX), Math.min(pressY, curY), Math.abs(curX - pressX),
                    Math.abs(curY - pressY));
            gc.setLineStyle(SWT.LINE_SOLID);
        }
    }

    // ------------------------------------------------------------------ pixel <-> value

    /** The x-axis value at a canvas column (NaN before the first render). */
    public double xValue(double px) {
        return invert(px, true);
    }

    public double yValue(double py) {
        return invert(py, false);
    }

    /**
     * Inverts the renderer's value-to-pixel map, which is linear in the value (or in log10 of it on a log axis):
     * a first pass through two reference values finds the visible range, a second pass through its ends keeps the
     * precision on narrow ranges far from zero.
     */
    private double invert(double pixel, boolean isX) {
        if (rendered == null || plot == null) {
            return Double.NaN;
        }
        boolean log = isX ? renderedLogX : renderedLogY;
        Rectangle2D area = rendered.dataArea();
        double a = 0;
        double b = 1;
        double ends0 = isX ? area.getMinX() : area.getMaxY();
        double ends1 = isX ? area.getMaxX() : area.getMinY();
        double lo = inverse(ends0, a, b, isX, log);
        double hi = inverse(ends1, a, b, isX, log);
        if (Double.isFinite(lo) && Double.isFinite(hi) && lo != hi && (!log || (lo > 0 && hi > 0))) {
            return inverse(pixel, toAxisUnits(lo, log), toAxisUnits(hi, log), isX, log);
        }
        return inverse(pixel, a, b, isX, log);
    }

    /** Value at a pixel through the reference values a and b (log10 units on a log axis). */
    private double inverse(double pixel, double a, double b, boolean isX, boolean log) {
        double va = log ? Math.pow(10, a) : a;
        double vb = log ? Math.pow(10, b) : b;
        double pa = isX ? rendered.xToPixel(va) : rendered.yToPixel(va);
        double pb = isX ? rendered.xToPixel(vb) : rendered.yToPixel(vb);
        if (pa == pb) {
            return Double.NaN;
        }
        double u = a + (pixel - pa) / (pb - pa) * (b - a);
        return log ? Math.pow(10, u) : u;
    }

    private double toAxisUnits(double v, boolean log) {
        return log ? Math.log10(v) : v;
    }

    private double fromAxisUnits(double u, boolean log) {
        return log ? Math.pow(10, u) : u;
    }

    // ------------------------------------------------------------------ mouse

    private void down(Event e) {
        if (rendered == null) {
            return;
        }
        pressX = curX = e.x;
        pressY = curY = e.y;
        button = e.button;
        if (e.button == 2 || (e.button == 1 && (e.stateMask & SWT.SHIFT) != 0)) {
            panning = true;
            panXRange = currentRange(true);
            panYRange = currentRange(false);
        } else if (e.button == 1) {
            boxing = true;
        }
    }

    /** The visible range of an axis in axis units (log10 on a log axis). */
    private double[] currentRange(boolean isX) {
        Rectangle2D area = rendered.dataArea();
        boolean log = (isX ? plot.xAxis() : plot.yAxis()).isLog();
        double a = isX ? xValue(area.getMinX()) : yValue(area.getMaxY());
        double b = isX ? xValue(area.getMaxX()) : yValue(area.getMinY());
        return new double[] {toAxisUnits(a, log), toAxisUnits(b, log)};
    }

    private void move(Event e) {
        if (rendered != null) {
            Rectangle2D area = rendered.dataArea();
            if (area.contains(e.x, e.y)) {
                double x = xValue(e.x);
                double y = yValue(e.y);
                listeners.forEach(l -> l.pointed(x, y));
            } else {
                listeners.forEach(l -> l.pointed(Double.NaN, Double.NaN));
            }
        }
        curX = e.x;
        curY = e.y;
        if (boxing) {
            redraw();
        } else if (panning && panXRange != null) {
            Rectangle2D area = rendered.dataArea();
            double fx = (e.x - pressX) / area.getWidth();
            double fy = (e.y - pressY) / area.getHeight();
            setRange(plot.xAxis(), panXRange[0] - fx * (panXRange[1] - panXRange[0]),
                    panXRange[1] - fx * (panXRange[1] - panXRange[0]));
            setRange(plot.yAxis(), panYRange[0] + fy * (panYRange[1] - panYRange[0]),
                    panYRange[1] + fy * (panYRange[1] - panYRange[0]));
            refresh();
        }
    }

    private void setRange(Axis axis, double aUnits, double bUnits) {
        double a = fromAxisUnits(Math.min(aUnits, bUnits), axis.isLog());
        double b = fromAxisUnits(Math.max(aUnits, bUnits), axis.isLog());
        if (Double.isFinite(a) && Double.isFinite(b) && a < b) {
            axis.setRange(a, b);
        }
    }

    private void up(Event e) {
        if (boxing) {
            boxing = false;
            if (Math.abs(e.x - pressX) > 4 && Math.abs(e.y - pressY) > 4 && rendered != null) {
                boolean lx = plot.xAxis().isLog();
                boolean ly = plot.yAxis().isLog();
                setRange(plot.xAxis(), toAxisUnits(xValue(pressX), lx), toAxisUnits(xValue(e.x), lx));
                setRange(plot.yAxis(), toAxisUnits(yValue(pressY), ly), toAxisUnits(yValue(e.y), ly));
                refresh();
            } else {
                redraw();
            }
        }
        panning = false;
        button = 0;
    }

    private void wheel(Event e) {
        if (rendered == null || e.count == 0 || !rendered.dataArea().contains(e.x, e.y)) {
            return;
        }
        double f = e.count > 0 ? 1 / 1.25 : 1.25;
        double[] xr = currentRange(true);
        double[] yr = currentRange(false);
        boolean lx = plot.xAxis().isLog();
        boolean ly = plot.yAxis().isLog();
        double cx = toAxisUnits(xValue(e.x), lx);
        double cy = toAxisUnits(yValue(e.y), ly);
        setRange(plot.xAxis(), cx + (xr[0] - cx) * f, cx + (xr[1] - cx) * f);
        setRange(plot.yAxis(), cy + (yr[0] - cy) * f, cy + (yr[1] - cy) * f);
        refresh();
    }
}
