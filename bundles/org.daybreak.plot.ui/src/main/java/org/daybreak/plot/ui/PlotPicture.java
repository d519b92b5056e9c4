package org.daybreak.plot.ui;

import java.awt.image.BufferedImage;

import org.daybreak.plot.Plot;
import org.daybreak.plot.render.PlotRenderer;
import org.daybreak.plot.render.RenderedPlot;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/**
 * A canvas that shows one {@link Plot} drawn by the headless {@link PlotRenderer} at the canvas's size, drawn
 * again when the canvas is resized or {@link #setPlot} / {@link #redrawPlot} is called. With no plot it shows a
 * grey message. Thread rule: UI thread only; the plot must not be changed while it is drawn.
 */
public final class PlotPicture extends Canvas {
    private Plot plot;
    private String message = "";
    private Image image;
    private RenderedPlot rendered;
    private Point renderedSize = new Point(0, 0);

    public PlotPicture(Composite parent, int style) {
        super(parent, style | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.Resize, e -> redraw());
        addDisposeListener(e -> disposeImage());
    }

    /** Shows {@code p} (null: the message only). */
    public void setPlot(Plot p) {
        this.plot = p;
        redrawPlot();
    }

    public Plot plot() {
        return plot;
    }

    /** Text shown when there is no plot. */
    public void setMessage(String text) {
        this.message = text == null ? "" : text;
        redraw();
    }

    /** Draws the plot again after its model changed. */
    public void redrawPlot() {
        renderedSize = new Point(0, 0);
        redraw();
    }

    /** The last rendering (pixel mapping of the data area), or null. */
    public RenderedPlot rendered() {
        return rendered;
    }

    /** The image shown now, or null; owned by this canvas. */
    public Image image() {
        return image;
    }

    private void paint(GC gc) {
        Rectangle area = getClientArea();
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        if (plot == null || area.width < 32 || area.height < 32) {
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawText(message, 8, 8, true);
            return;
        }
        if (image == null || renderedSize.x != area.width || renderedSize.y != area.height) {
            disposeImage();
            try {
                rendered = PlotRenderer.render(plot, area.width, area.height);
                image = new Image(getDisplay(), toImageData(rendered.image()));
            } catch (RuntimeException ex) {
                rendered = null;
                gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_RED));
                gc.drawText("cannot draw: " + ex.getMessage(), 8, 8, true);
                return;
            }
            renderedSize = new Point(area.width, area.height);
        }
        gc.drawImage(image, 0, 0);
    }

    private void disposeImage() {
        if (image != null) {
            image.dispose();
            image = null;
        }
    }

    /** An RGB/ARGB BufferedImage as 24-bit direct-palette SWT image data (alpha dropped). */
    public static ImageData toImageData(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        ImageData data = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                row[x] &= 0xFFFFFF;
            }
            data.setPixels(0, y, w, row, 0);
        }
        return data;
    }

    /** ARGB pixels [y * w + x] as SWT image data (alpha dropped). */
    public static ImageData toImageData(int[] argb, int w, int h) {
        ImageData data = new ImageData(w, h, 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                row[x] = argb[y * w + x] & 0xFFFFFF;
            }
            data.setPixels(0, y, w, row, 0);
        }
        return data;
    }
}
