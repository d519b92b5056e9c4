package org.daybreak.plot.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.daybreak.core.data.NDArray;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.Plot;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The image canvas on synthetic frames: pixel positions and colours, axis values, big-frame cost. */
class ImageCanvasTest {
    private Display display;
    private Shell shell;
    private ImageCanvas canvas;

    @BeforeEach
    void setUp() {
        display = Display.getDefault();
        shell = new Shell(display);
        canvas = new ImageCanvas(shell, SWT.NONE);
        canvas.setBounds(0, 0, 900, 700);
        shell.setSize(920, 720);
        shell.open();
    }

    @AfterEach
    void tearDown() {
        shell.dispose();
    }

    private ImageData paint() {
        Point size = canvas.getSize();
        Image img = new Image(display, size.x, size.y);
        GC gc = new GC(img);
        try {
            Event e = new Event();
            e.gc = gc;
            canvas.notifyListeners(SWT.Paint, e);
            return img.getImageData();
        } finally {
            gc.dispose();
            img.dispose();
        }
    }

    private static RGB rgb(ImageData d, Point p) {
        return d.palette.getRGB(d.getPixel(p.x, p.y));
    }

    private static RGB rgb(int argb) {
        return new RGB((argb >> 16) & 255, (argb >> 8) & 255, argb & 255);
    }

    @Test
    void everyPixelOfASmallRampIsDrawnWhereItBelongsInItsColour() {
        int w = 16;
        int h = 8;
        double[] v = new double[w * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        v[5] = Double.NaN; // drawn in the background colour (the trace's NaN colour is transparent)
        Plot plot = new Plot();
        ImageTrace t = plot.createImageTrace("ramp").setData(NDArray.of(v, h, w)).setColorMap("turbo").setRange(0,
                w * h - 1);
        t.setAxes(NDArray.linspace(10, 25, w), null);
        plot.addTrace(t);
        canvas.setTrace(t);
        ImageData d = paint();
        assertTrue(canvas.scale() > 20, "a small image is magnified: " + canvas.scale());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Point p = canvas.toCanvas(x + 0.5, y + 0.5);
                RGB want = Double.isNaN(v[y * w + x]) ? new RGB(0xE8, 0xE8, 0xE8) : rgb(t.colorMapper().argb(v[y * w + x]));
                assertEquals(want, rgb(d, p), "pixel (" + x + ", " + y + ")");
                double[] back = canvas.toImage(p.x, p.y);
                assertEquals(x, (int) Math.floor(back[0]));
                assertEquals(y, (int) Math.floor(back[1]));
            }
        }
        // the read-out gives the axis value of the pixel under the mouse
        double[] seen = new double[3];
        canvas.addListener(new ImageCanvas.Listener() {
            @Override
            public void pointed(int x, int y, double value, double ax, double ay) {
                seen[0] = value;
                seen[1] = ax;
                seen[2] = ay;
            }
        });
        Point p = canvas.toCanvas(3.5, 2.5);
        Event e = new Event();
        e.x = p.x;
        e.y = p.y;
        canvas.notifyListeners(SWT.MouseMove, e);
        assertEquals(2 * w + 3, seen[0]);
        assertEquals(13, seen[1], 1e-12);
        assertEquals(2, seen[2]);
    }

    @Test
    void aBigFrameIsMappedAtScreenResolutionSoZoomAndPanStayCheap() {
        int n = 4096;
        float[] v = new float[n * n];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 1000;
        }
        v[1234 * n + 3210] = 1e6f;
        Plot plot = new Plot();
        ImageTrace t = plot.createImageTrace("big").setData(NDArray.of(v, n, n)).setColorMap("gray").setRange(0, 1000);
        plot.addTrace(t);
        canvas.setTrace(t);
        paint();
        int[] mapped = canvas.mappedSize();
        assertTrue(mapped[0] <= canvas.dataArea().width + 1 && mapped[1] <= canvas.dataArea().height + 1,
                "zoomed out, the mapped buffer is screen-sized: " + mapped[0] + " x " + mapped[1]);
        long worst = 0;
        Point c = canvas.toCanvas(3210.5, 1234.5);
        double[] under = canvas.toImage(c.x, c.y);
        for (int k = 0; k < 6; k++) {
            canvas.zoom(1.6, c.x, c.y);
            long t0 = System.nanoTime();
            paint();
            worst = Math.max(worst, System.nanoTime() - t0);
        }
        // zoomed 16x around the hot pixel: it is drawn white at the same screen position
        ImageData d = paint();
        Point hot = canvas.toCanvas(3210.5, 1234.5);
        double[] still = canvas.toImage(c.x, c.y);
        assertEquals(under[0], still[0], 1.0, "zoom keeps the point under the mouse in place");
        assertEquals(under[1], still[1], 1.0, "zoom keeps the point under the mouse in place");
        assertTrue(canvas.dataArea().contains(hot));
        assertEquals(new RGB(255, 255, 255), rgb(d, hot));
        mapped = canvas.mappedSize();
        assertTrue(mapped[0] * mapped[1] < 1_000_000, "only the visible region is mapped: " + mapped[0] + " x "
                + mapped[1]);
        System.out.printf("4096x4096 frame: slowest zoomed paint %.1f ms%n", worst / 1e6);
        assertTrue(worst < 1_000_000_000L, "a paint took " + worst / 1e6 + " ms");
    }
}
