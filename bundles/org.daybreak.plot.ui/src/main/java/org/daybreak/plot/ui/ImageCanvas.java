package org.daybreak.plot.ui;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.daybreak.core.data.NDArray;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.color.ColorMap;
import org.daybreak.plot.color.ColorMapper;
import org.daybreak.plot.color.Scaling;
import org.daybreak.plot.render.ImageAxis;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

/**
 * Draws the {@link ImageTrace} of a plot with SWT: the visible part of the image is colour-mapped by the trace's
 * {@link ColorMapper} into a 24-bit RGB {@link ImageData} at screen resolution (zoomed out, every s-th pixel of
 * the visible region is mapped, s = ceil(1 / scale), so a 4096 x 4096 frame costs no more than the screen),
 * then spread over the screen's pixels (nearest pixel) and drawn unscaled. Axis ticks use the trace's axis values; a colour bar shows the map
 * with ticks in data values. Wheel zooms around the mouse, drag (or middle drag) pans, double-click fits.
 *
 * <p>Coordinates: image pixel (x, y) = column x, row y of {@code data[y][x]}, row 0 at the top; "image
 * coordinates" are pixel-edge positions, so pixel (x, y) covers [x, x+1) x [y, y+1).
 *
 * <p>Tools: in LINE, BOX or STATS mode a left drag draws or moves that tool's region; listeners hear every
 * change while dragging. Thread rule: UI thread only.
 */
public final class ImageCanvas extends Canvas {
    static final int LEFT = 64;
    static final int BOTTOM = 40;
    static final int TOP = 24;
    static final int RIGHT = 84;
    static final int BAR_WIDTH = 16;

    /** What a left drag does. */
    public enum Tool {
        PAN, LINE, BOX, STATS
    }

    /** A region in image coordinates: a segment (x0, y0)-(x1, y1) for LINE, a rectangle for BOX and STATS. */
    public record Region(Tool tool, double x0, double y0, double x1, double y1) {
        /** The rectangle's pixel bounds {x0, y0, x1, y1}, ends exclusive, clipped to a w x h image. */
        public int[] pixels(int w, int h) {
            int a = clamp((int) Math.floor(Math.min(x0, x1)), 0, w);
            int b = clamp((int) Math.floor(Math.min(y0, y1)), 0, h);
            int c = clamp((int) Math.ceil(Math.max(x0, x1)), 0, w);
            int d = clamp((int) Math.ceil(Math.max(y0, y1)), 0, h);
            return new int[] {a, b, c, d};
        }
    }

    /** Hears the pixel under the mouse and region changes. */
    public interface Listener {
        /** The mouse is over pixel (x, y) (or has left the image: x &lt; 0). */
        default void pointed(int x, int y, double value, double axisX, double axisY) {
        }

        default void regionChanged(Region region) {
        }
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private ImageTrace trace;
    private NDArray data;
    private ImageAxis xScale;
    private ImageAxis yScale;
    private ColorMapper mapper;
    /** Screen pixels per image pixel, and the image coordinates at the data area's top-left corner. */
    private double scale = 1;
    private double originX;
    private double originY;
    private boolean fit = true;
    /** The visible region colour-mapped (every step-th pixel), and the screen-sized image made from it. */
    private ImageData mapped;
    private String mappedKey;
    private Image screen;
    private String screenImageKey;
    private Tool tool = Tool.PAN;
    private final Region[] regions = new Region[Tool.values().length];
    private int dragButton;
    private int dragX;
    private int dragY;
    private Region dragStart;
    private int dragHandle;
    private boolean dragging;
    private final Color regionColor;
    private final Color textColor;
    private final Color background;

    public ImageCanvas(Composite parent, int style) {
        super(parent, style | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        regionColor = new Color(getDisplay(), 255, 60, 60);
        textColor = new Color(getDisplay(), 30, 30, 30);
        background = new Color(getDisplay(), 255, 255, 255);
        addListener(SWT.Paint, e -> paint(e.gc));
        addListener(SWT.Resize, e -> {
            if (fit) {
                fitView();
            }
            redraw();
        });
        addListener(SWT.MouseWheel, this::wheel);
        addListener(SWT.MouseDown, this::down);
        addListener(SWT.MouseMove, this::move);
        addListener(SWT.MouseUp, this::up);
        addListener(SWT.MouseDoubleClick, e -> {
            if (e.button == 1 && tool == Tool.PAN) {
                fitView();
                redraw();
            }
        });
        addListener(SWT.MouseExit, e -> listeners.forEach(l -> l.pointed(-1, -1, Double.NaN, Double.NaN, Double.NaN)));
        addListener(SWT.Dispose, e -> {
            disposeScreen();
            regionColor.dispose();
            textColor.dispose();
            background.dispose();
        });
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /**
     * Shows a trace (or nothing). Call again after the trace changed (data, map, scaling, range, axes); a frame of
     * the same size keeps the zoom.
     */
    public void setTrace(ImageTrace t) {
        NDArray d = t == null ? null : t.data();
        boolean sameSize = data != null && d != null && data.shape(0) == d.shape(0) && data.shape(1) == d.shape(1);
        trace = t;
        data = d;
        if (d == null) {
            mapper = null;
            xScale = null;
            yScale = null;
        } else {
            ColorMapper m = t.colorMapper();
            // NaN pixels: the trace's colour when it has one, else (transparent by default) the background
            int nan = t.nanColor().getAlpha() == 0 ? 0xFFE8E8E8 : t.nanColor().getRGB();
            mapper = new ColorMapper(m.colorMap(), m.scaling(), m.low(), m.high(), nan);
            xScale = new ImageAxis(t.xAxisValues(), d.shape(1));
            yScale = new ImageAxis(t.yAxisValues(), d.shape(0));
        }
        mappedKey = null;
        screenImageKey = null;
        if (!sameSize || fit) {
            fitView();
        }
        redraw();
    }

    public ImageTrace trace() {
        return trace;
    }

    public Tool tool() {
        return tool;
    }

    public void setTool(Tool t) {
        tool = t == null ? Tool.PAN : t;
        redraw();
    }

    public Region region(Tool t) {
        return regions[t.ordinal()];
    }

    /** Sets (or with null clears) a tool's region, telling the listeners. */
    public void setRegion(Tool t, Region r) {
        regions[t.ordinal()] = r;
        redraw();
        if (r != null) {
            listeners.forEach(l -> l.regionChanged(r));
        }
    }

    /** The rectangle of the canvas where the image is drawn. */
    public Rectangle dataArea() {
        Rectangle c = getClientArea();
        return new Rectangle(LEFT, TOP, Math.max(1, c.width - LEFT - RIGHT), Math.max(1, c.height - TOP - BOTTOM));
    }

    /** Fits the whole image in the data area, square pixels, centred. */
    public void fitView() {
        fit = true;
        if (data == null) {
            return;
        }
        Rectangle a = dataArea();
        int w = data.shape(1);
        int h = data.shape(0);
        scale = Math.min((double) a.width / Math.max(1, w), (double) a.height / Math.max(1, h));
        if (!(scale > 0)) {
            scale = 1;
        }
        originX = w / 2.0 - a.width / (2 * scale);
        originY = h / 2.0 - a.height / (2 * scale);
    }

    public double scale() {
        return scale;
    }

    /** Zooms by a factor around a canvas point (the image point under it stays there). */
    public void zoom(double factor, int sx, int sy) {
        Rectangle a = dataArea();
        double ix = originX + (sx - a.x + 0.5) / scale;
        double iy = originY + (sy - a.y + 0.5) / scale;
        scale = Math.max(1e-3, Math.min(256, scale * factor));
        originX = ix - (sx - a.x + 0.5) / scale;
        originY = iy - (sy - a.y + 0.5) / scale;
        fit = false;
        redraw();
    }

    /** Canvas position of image coordinates (pixel-edge units; add 0.5 for a pixel's centre). */
    public Point toCanvas(double ix, double iy) {
        Rectangle a = dataArea();
        return new Point((int) Math.floor(a.x + (ix - originX) * scale), (int) Math.floor(a.y + (iy - originY) * scale));
    }

    /** Image coordinates (pixel-edge units) of a canvas position. */
    public double[] toImage(int sx, int sy) {
        Rectangle a = dataArea();
        return new double[] {originX + (sx - a.x + 0.5) / scale, originY + (sy - a.y + 0.5) / scale};
    }

    // ------------------------------------------------------------------ painting

    private void paint(GC gc) {
        Rectangle c = getClientArea();
        gc.setBackground(background);
        gc.fillRectangle(c);
        if (data == null || mapper == null) {
            gc.setForeground(textColor);
            gc.drawText("No image", 10, 10, true);
            return;
        }
        Rectangle a = dataArea();
        int w = data.shape(1);
        int h = data.shape(0);
        int ix0 = clamp((int) Math.floor(originX), 0, w);
        int iy0 = clamp((int) Math.floor(originY), 0, h);
        int ix1 = clamp((int) Math.ceil(originX + a.width / scale), 0, w);
        int iy1 = clamp((int) Math.ceil(originY + a.height / scale), 0, h);
        gc.setClipping(a);
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WIDGET_LIGHT_SHADOW));
        gc.fillRectangle(a);
        if (ix1 > ix0 && iy1 > iy0) {
            // every step-th pixel: never more samples than screen pixels (step = ceil(1 / scale))
            int step = Math.max(1, (int) Math.ceil(1 / scale - 1e-9));
            String key = ix0 + "," + iy0 + "," + ix1 + "," + iy1 + "," + step;
            if (mapped == null || !key.equals(mappedKey)) {
                NDArray view = data.slice(iy0 + ":" + iy1 + ":" + step + "," + ix0 + ":" + ix1 + ":" + step);
                mapped = new ImageData(view.shape(1), view.shape(0), 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
                mapper.toRgb(view, mapped.data, 0, mapped.bytesPerLine);
                mappedKey = key;
            }
            String screenKey = key + "," + scale + "," + originX + "," + originY + "," + a.width + "," + a.height;
            if (screen == null || !screenKey.equals(screenImageKey)) {
                disposeScreen();
                screen = new Image(getDisplay(), resample(a, ix0, iy0, ix1, iy1, step));
                screenImageKey = screenKey;
            }
            gc.drawImage(screen, a.x, a.y);
        }
        paintRegions(gc);
        gc.setClipping((Rectangle) null);
        gc.setForeground(textColor);
        gc.drawRectangle(a.x - 1, a.y - 1, a.width + 1, a.height + 1);
        paintAxes(gc, a);
        paintColorBar(gc, a);
    }

    private void paintRegions(GC gc) {
        gc.setForeground(regionColor);
        gc.setLineWidth(2);
        for (Region r : regions) {
            if (r == null) {
                continue;
            }
            Point p = toCanvas(r.x0(), r.y0());
            Point q = toCanvas(r.x1(), r.y1());
            if (r.tool() == Tool.LINE) {
                gc.drawLine(p.x, p.y, q.x, q.y);
                gc.drawOval(p.x - 4, p.y - 4, 8, 8);
                gc.drawRectangle(q.x - 4, q.y - 4, 8, 8);
            } else {
                gc.setLineStyle(r.tool() == Tool.STATS ? SWT.LINE_DASH : SWT.LINE_SOLID);
                gc.drawRectangle(Math.min(p.x, q.x), Math.min(p.y, q.y), Math.abs(q.x - p.x), Math.abs(q.y - p.y));
                gc.setLineStyle(SWT.LINE_SOLID);
            }
        }
        gc.setLineWidth(1);
    }

    private void paintAxes(GC gc, Rectangle a) {
        int fh = gc.getFontMetrics().getHeight();
        // x: image-edge positions u = originX .. originX + width / scale
        double u0 = originX;
        double u1 = originX + a.width / scale;
        double v0 = xScale.value(Math.max(0, u0));
        double v1 = xScale.value(Math.min(data.shape(1), u1));
        for (double t : ImageAxis.ticks(v0, v1, Math.max(2, a.width / 90))) {
            double u = xScale.position(t);
            int sx = (int) Math.round(a.x + (u - originX) * scale);
            if (sx < a.x || sx > a.x + a.width) {
                continue;
            }
            gc.drawLine(sx, a.y + a.height, sx, a.y + a.height + 4);
            String s = ImageAxis.format(t);
            gc.drawText(s, sx - gc.textExtent(s).x / 2, a.y + a.height + 5, true);
        }
        double w0 = yScale.value(Math.max(0, originY));
        double w1 = yScale.value(Math.min(data.shape(0), originY + a.height / scale));
        for (double t : ImageAxis.ticks(w0, w1, Math.max(2, a.height / 60))) {
            double u = yScale.position(t);
            int sy = (int) Math.round(a.y + (u - originY) * scale);
            if (sy < a.y || sy > a.y + a.height) {
                continue;
            }
            gc.drawLine(a.x - 4, sy, a.x, sy);
            String s = ImageAxis.format(t);
            Point e = gc.textExtent(s);
            gc.drawText(s, a.x - 6 - e.x, sy - fh / 2, true);
        }
        String xt = xTitle;
        if (!xt.isEmpty()) {
            gc.drawText(xt, a.x + (a.width - gc.textExtent(xt).x) / 2, a.y + a.height + 5 + fh, true);
        }
        if (!yTitle.isEmpty()) {
            gc.drawText(yTitle, 2, a.y + a.height + 5 + fh, true);
        }
        if (!title.isEmpty()) {
            gc.drawText(title, a.x + Math.max(0, (a.width - gc.textExtent(title).x) / 2), Math.max(0, a.y - fh - 4),
                    true);
        }
    }

    private String title = "";

    /** The plot title drawn above the image. */
    public void setTitle(String t) {
        title = t == null ? "" : t;
        redraw();
    }

    private String xTitle = "";
    private String yTitle = "";

    /** Axis titles drawn under the image (x) and at its lower-left corner (y). */
    public void setAxisTitles(String x, String y) {
        xTitle = x == null ? "" : x;
        yTitle = y == null ? "" : y;
        redraw();
    }

    private void paintColorBar(GC gc, Rectangle a) {
        int x = a.x + a.width + 12;
        int top = a.y;
        int height = a.height;
        ColorMap map = mapper.colorMap();
        for (int i = 0; i < height; i++) {
            double t = 1 - (i + 0.5) / height;
            int argb = map.argbAt(t);
            Color col = new Color(getDisplay(), (argb >> 16) & 255, (argb >> 8) & 255, argb & 255);
            gc.setForeground(col);
            gc.drawLine(x, top + i, x + BAR_WIDTH - 1, top + i);
            col.dispose();
        }
        gc.setForeground(textColor);
        gc.drawRectangle(x - 1, top - 1, BAR_WIDTH + 1, height + 1);
        int fh = gc.getFontMetrics().getHeight();
        for (int k = 0; k <= 4; k++) {
            double t = k / 4.0;
            double v = valueAt(mapper, t);
            int sy = (int) Math.round(top + (1 - t) * (height - 1));
            gc.drawLine(x + BAR_WIDTH, sy, x + BAR_WIDTH + 3, sy);
            gc.drawText(ImageAxis.format(v), x + BAR_WIDTH + 5, sy - fh / 2, true);
        }
    }

    /** The data value at normalized position t of the colour map (inverse of the mapper's scaling). */
    static double valueAt(ColorMapper m, double t) {
        double lo = m.low();
        double hi = m.high();
        if (m.scaling() == Scaling.LOG) {
            return lo * Math.pow(hi / lo, t);
        }
        if (m.scaling() == Scaling.SQRT) {
            return lo + t * t * (hi - lo);
        }
        return lo + t * (hi - lo);
    }

    /**
     * The data area's pixels: screen pixel (sx, sy) of the area shows image pixel
     * (floor(originX + (sx + 0.5) / scale), floor(originY + (sy + 0.5) / scale)), the same rule as
     * {@link #toImage}, taken from the mapped region (its sample of that pixel's step x step block); outside the
     * image the background shows.
     */
    private ImageData resample(Rectangle a, int ix0, int iy0, int ix1, int iy1, int step) {
        ImageData out = new ImageData(a.width, a.height, 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        int[] col = new int[a.width];
        for (int sx = 0; sx < a.width; sx++) {
            int ix = (int) Math.floor(originX + (sx + 0.5) / scale);
            col[sx] = ix >= ix0 && ix < ix1 ? 3 * ((ix - ix0) / step) : -1;
        }
        byte[] src = mapped.data;
        byte[] dst = out.data;
        byte bg = (byte) 0xE8;
        java.util.Arrays.fill(dst, bg);
        int srcRows = mapped.height;
        for (int sy = 0; sy < a.height; sy++) {
            int iy = (int) Math.floor(originY + (sy + 0.5) / scale);
            if (iy < iy0 || iy >= iy1) {
                continue;
            }
            int r = Math.min(srcRows - 1, (iy - iy0) / step);
            int so = r * mapped.bytesPerLine;
            int o = sy * out.bytesPerLine;
            for (int sx = 0; sx < a.width; sx++, o += 3) {
                int c = col[sx];
                if (c >= 0) {
                    dst[o] = src[so + c];
                    dst[o + 1] = src[so + c + 1];
                    dst[o + 2] = src[so + c + 2];
                }
            }
        }
        return out;
    }

    /** Width and height of the last colour-mapped region (at most the data area's size when zoomed out). */
    int[] mappedSize() {
        return mapped == null ? null : new int[] {mapped.width, mapped.height};
    }

    private void disposeScreen() {
        if (screen != null) {
            screen.dispose();
            screen = null;
        }
        screenImageKey = null;
    }

    // ------------------------------------------------------------------ mouse

    private void wheel(Event e) {
        if (data != null && e.count != 0) {
            zoom(Math.pow(1.25, Math.signum(e.count)), e.x, e.y);
        }
    }

    private void down(Event e) {
        if (data == null) {
            return;
        }
        dragButton = e.button;
        dragX = e.x;
        dragY = e.y;
        dragging = true;
        dragHandle = -1;
        dragStart = null;
        if (e.button == 1 && tool != Tool.PAN && (e.stateMask & SWT.SHIFT) == 0) {
            Region r = regions[tool.ordinal()];
            if (r != null) {
                dragHandle = handleAt(r, e.x, e.y);
                if (dragHandle >= 0) {
                    dragStart = r;
                }
            }
            if (dragStart == null) {
                double[] p = toImage(e.x, e.y);
                dragStart = new Region(tool, p[0], p[1], p[0], p[1]);
                dragHandle = 2;
                regions[tool.ordinal()] = dragStart;
            }
        }
    }

    /** 0: first end, 2: second end (for rectangles, the corners of the diagonal), 1: inside; -1: none. */
    private int handleAt(Region r, int x, int y) {
        Point p = toCanvas(r.x0(), r.y0());
        Point q = toCanvas(r.x1(), r.y1());
        if (Math.abs(p.x - x) <= 6 && Math.abs(p.y - y) <= 6) {
            return 0;
        }
        if (Math.abs(q.x - x) <= 6 && Math.abs(q.y - y) <= 6) {
            return 2;
        }
        if (r.tool() == Tool.LINE) {
            double dx = q.x - p.x;
            double dy = q.y - p.y;
            double len2 = dx * dx + dy * dy;
            double t = len2 == 0 ? 0 : ((x - p.x) * dx + (y - p.y) * dy) / len2;
            if (t >= 0 && t <= 1 && Math.hypot(p.x + t * dx - x, p.y + t * dy - y) <= 5) {
                return 1;
            }
            return -1;
        }
        return x >= Math.min(p.x, q.x) && x <= Math.max(p.x, q.x) && y >= Math.min(p.y, q.y)
                && y <= Math.max(p.y, q.y) ? 1 : -1;
    }

    private void move(Event e) {
        if (data == null) {
            return;
        }
        double[] p = toImage(e.x, e.y);
        int px = (int) Math.floor(p[0]);
        int py = (int) Math.floor(p[1]);
        if (px >= 0 && py >= 0 && px < data.shape(1) && py < data.shape(0) && dataArea().contains(e.x, e.y)) {
            double v = data.getDouble(py, px);
            double ax = xScale.centre(px);
            double ay = yScale.centre(py);
            listeners.forEach(l -> l.pointed(px, py, v, ax, ay));
        } else {
            listeners.forEach(l -> l.pointed(-1, -1, Double.NaN, Double.NaN, Double.NaN));
        }
        if (!dragging) {
            return;
        }
        if (dragButton == 2 || (dragButton == 1 && (tool == Tool.PAN || (e.stateMask & SWT.SHIFT) != 0))) {
            originX -= (e.x - dragX) / scale;
            originY -= (e.y - dragY) / scale;
            dragX = e.x;
            dragY = e.y;
            fit = false;
            redraw();
            return;
        }
        if (dragButton == 1 && dragStart != null) {
            double[] s = toImage(dragX, dragY);
            double dx = p[0] - s[0];
            double dy = p[1] - s[1];
            Region r = dragStart;
            Region n = switch (dragHandle) {
                case 0 -> new Region(r.tool(), r.x0() + dx, r.y0() + dy, r.x1(), r.y1());
                case 2 -> new Region(r.tool(), r.x0(), r.y0(), r.x1() + dx, r.y1() + dy);
                default -> new Region(r.tool(), r.x0() + dx, r.y0() + dy, r.x1() + dx, r.y1() + dy);
            };
            regions[tool.ordinal()] = n;
            redraw();
            listeners.forEach(l -> l.regionChanged(n));
        }
    }

    private void up(Event e) {
        dragging = false;
        dragStart = null;
    }

    static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }
}
