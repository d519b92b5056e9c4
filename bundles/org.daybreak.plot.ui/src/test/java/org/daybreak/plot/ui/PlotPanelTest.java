package org.daybreak.plot.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.hdf5.H5File;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.tools.BoxProfile;
import org.daybreak.plot.tools.LineProfile;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plot panel under plain SWT with real detector files from the shared test data. */
class PlotPanelTest {
    static final String AGBEH = "nexus-exampledata/APS/EPICSareaDetector/hdf5/AgBehenate_228.hdf5";
    static final String STACK = "dawn-scisoft-core/NexusDiffractionTest/336502.nxs";
    static final String SCAN = "nexus-exampledata/hdf5/writer_1_3__niac2014.h5";

    private Display display;
    private Shell shell;
    private PlotPanel panel;

    static Path file(String relative) {
        String p = System.getProperty("daybreak.testdata");
        Path dir = p != null ? Path.of(p) : Path.of("../../../shared/testdata");
        Path f = dir.resolve(relative);
        if (!Files.isRegularFile(f)) {
            fail("test file " + f.toAbsolutePath() + " is missing (set -Ddaybreak.testdata)");
        }
        return f;
    }

    @BeforeEach
    void setUp() {
        display = Display.getDefault();
        shell = new Shell(display);
        shell.setLayout(new FillLayout());
        shell.setSize(1000, 720);
        panel = new PlotPanel(shell, SWT.NONE);
        shell.open();
    }

    @AfterEach
    void tearDown() {
        shell.dispose();
    }

    private void pumpUntil(BooleanSupplier done, String what) {
        long end = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < end) {
            for (int i = 0; i < 1000 && display.readAndDispatch(); i++) {
                // drain
            }
            if (done.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        fail("timed out waiting for " + what);
    }

    private void load(String relative, String path) {
        panel.plot(file(relative), path);
        pumpUntil(() -> !panel.isBusy(), "the dataset to be read");
        for (int i = 0; i < 1000 && display.readAndDispatch(); i++) {
            // drain
        }
    }

    /** Paints a control into an off-screen image (its own paint code, the size it has) and returns the pixels. */
    private static ImageData paint(Control c) {
        Point size = c.getSize();
        Image img = new Image(c.getDisplay(), size.x, size.y);
        GC gc = new GC(img);
        try {
            Event e = new Event();
            e.gc = gc;
            e.width = size.x;
            e.height = size.y;
            c.notifyListeners(SWT.Paint, e);
            return img.getImageData();
        } finally {
            gc.dispose();
            img.dispose();
        }
    }

    private static RGB rgb(ImageData d, int x, int y) {
        return d.palette.getRGB(d.getPixel(x, y));
    }

    private static RGB rgb(int argb) {
        return new RGB((argb >> 16) & 255, (argb >> 8) & 255, argb & 255);
    }

    @Test
    void brightestDetectorPixelTakesTheTopColourAtItsScreenPosition() throws Exception {
        load(AGBEH, "/entry/data/data");
        assertNull(panel.lastProblem());
        ImageTrace t = panel.plot().imageTrace();
        assertNotNull(t, "a 2-D dataset is shown as an image");
        assertArrayEquals(new int[] {195, 487}, t.data().shape());
        // the brightest pixel (h5py: argmax at row 84, column 0, 1032661 counts) is far above the 99.5 % cut
        assertEquals(1032661, t.data().getDouble(84, 0));
        double[] range = t.range();
        assertTrue(range[1] < 1032661, "auto contrast cuts below the hot pixel");
        ImageCanvas canvas = panel.imageCanvas();
        // zoom 4x around the hot pixel so that it covers several screen pixels
        Point hot = canvas.toCanvas(0.5, 84.5);
        canvas.zoom(4, hot.x, hot.y);
        ImageData shot = paint(canvas);
        Point centre = canvas.toCanvas(0.5, 84.5);
        assertTrue(canvas.dataArea().contains(centre), "the hot pixel is inside the data area: " + centre);
        RGB top = rgb(t.colorMap().argb(255));
        assertEquals(top, rgb(shot, centre.x, centre.y), "the hot pixel is drawn in the map's top colour");
        // its neighbour one row down (value below the low cut? check with the mapper) takes the mapper's colour
        double below = t.data().getDouble(85, 1);
        Point n = canvas.toCanvas(1.5, 85.5);
        assertEquals(rgb(t.colorMapper().argb(below)), rgb(shot, n.x, n.y));
        // a pixel at 0 counts is below the low cut: first colour of the map
        int[] zero = firstZero(t.data());
        Point z = canvas.toCanvas(zero[1] + 0.5, zero[0] + 0.5);
        if (canvas.dataArea().contains(z)) {
            assertEquals(rgb(t.colorMap().argb(0)), rgb(shot, z.x, z.y));
        }
        // fitted again, the whole frame is drawn: corner pixels sit in the data area
        canvas.fitView();
        ImageData fitted = paint(canvas);
        Point corner = canvas.toCanvas(486.5, 194.5);
        assertTrue(canvas.dataArea().contains(corner));
        assertEquals(rgb(t.colorMapper().argb(t.data().getDouble(194, 486))), rgb(fitted, corner.x, corner.y));
        save(fitted, "plot-agbehenate-canvas");
        // changing the colour map through the model redraws in the new map
        t.setColorMap("inferno_r");
        pumpUntil(() -> !panel.isBusy(), "the redraw");
        canvas.zoom(4, canvas.toCanvas(0.5, 84.5).x, canvas.toCanvas(0.5, 84.5).y);
        ImageData again = paint(canvas);
        Point c2 = canvas.toCanvas(0.5, 84.5);
        assertEquals(rgb(t.colorMap().argb(255)), rgb(again, c2.x, c2.y));
        shotShell("plot-agbehenate");
    }

    private static int[] firstZero(NDArray a) {
        for (int y = 0; y < a.shape(0); y++) {
            for (int x = 0; x < a.shape(1); x++) {
                if (a.getDouble(y, x) == 0) {
                    return new int[] {y, x};
                }
            }
        }
        return new int[] {0, 0};
    }

    @Test
    void stackIsShownFrameByFrameThroughTheSlicer() throws Exception {
        load(STACK, null); // the NeXus default: /entry/data/data, 10 x 195 x 487
        ImageTrace t = panel.plot().imageTrace();
        assertNotNull(t);
        assertArrayEquals(new int[] {195, 487}, t.data().shape());
        SlicerBar.Selection sel = panel.slicer().selection();
        assertArrayEquals(new int[] {1, 2}, sel.shown());
        assertTrue(panel.slicer().isVisible());
        panel.slicer().step();
        pumpUntil(() -> !panel.isBusy(), "frame 1");
        assertEquals(1, panel.slicer().selection().index()[0]);
        assertTrue(panel.plot().title().endsWith("[1,:,:]"), panel.plot().title());
        try (H5File f = H5File.open(file(STACK))) {
            NDArray frame1 = f.dataset("/entry/data/data").read(SliceSpec.parse("1,:,:"));
            assertTrue(frame1.contentEquals(panel.plot().imageTrace().data()), "frame 1 as in the file");
        }
        // many requests in a row: the last one wins
        for (int i = 0; i < 5; i++) {
            panel.slicer().step();
        }
        pumpUntil(() -> !panel.isBusy(), "frame 6");
        assertTrue(panel.plot().title().endsWith("[6,:,:]"), panel.plot().title());
        shotShell("plot-stack");
        // a line through the stack: dimension 0 at row 0, column 0
        panel.slicer().showLine(0);
        pumpUntil(() -> !panel.isBusy(), "the line");
        assertNull(panel.plot().imageTrace());
        LineTrace line = panel.plot().lineTraces().get(0);
        assertEquals(10, line.size());
        try (H5File f = H5File.open(file(STACK))) {
            NDArray expected = f.dataset("/entry/data/data").read(SliceSpec.parse(":,0,0"));
            assertArrayEquals(expected.toDoubleArray(), line.y(), 0);
        }
        panel.slicer().showImage(1, 2);
        pumpUntil(() -> !panel.isBusy(), "the image");
        assertNotNull(panel.plot().imageTrace());
        // play through the frames at 20 per second, then pause: the frame shown follows the slicer
        int start = panel.slicer().selection().index()[0];
        panel.slicer().setFramesPerSecond(20);
        panel.slicer().setPlaying(true);
        assertTrue(panel.slicer().isPlaying());
        long until = System.currentTimeMillis() + 1500;
        pumpUntil(() -> System.currentTimeMillis() > until, "playing");
        panel.slicer().setPlaying(false);
        pumpUntil(() -> !panel.isBusy(), "the last frame");
        int now = panel.slicer().selection().index()[0];
        assertTrue(now != start, "frames advanced while playing");
        assertTrue(panel.plot().title().endsWith("[" + now + ",:,:]"), panel.plot().title());
        try (H5File f = H5File.open(file(STACK))) {
            NDArray shown = f.dataset("/entry/data/data").read(SliceSpec.parse(now + ",:,:"));
            assertTrue(shown.contentEquals(panel.plot().imageTrace().data()));
        }
    }

    @Test
    void oneDimensionalDatasetIsALineOverItsNexusAxis() {
        load(SCAN, "/Scan/data/counts");
        Plot p = panel.plot();
        assertNull(p.imageTrace());
        assertEquals(1, p.lineTraces().size());
        LineTrace t = p.lineTraces().get(0);
        assertEquals(31, t.size());
        assertTrue(t.hasX());
        assertEquals(17.92608, t.x()[0], 1e-5);
        assertEquals(1037, t.y()[0]);
        assertEquals("two_theta (degrees)", p.xAxis().title());
        // cursor read-out: the value under a pixel maps back to the pixel
        LineCanvas c = panel.lineCanvas();
        paint(c);
        assertNotNull(c.rendered());
        double px = c.rendered().xToPixel(17.9);
        assertEquals(17.9, c.xValue(px), 1e-9);
        double py = c.rendered().yToPixel(2000);
        assertEquals(2000, c.yValue(py), 1e-6);
        // log y and back
        p.yAxis().setLog(true);
        paint(c);
        assertEquals(2000, c.yValue(c.rendered().yToPixel(2000)), 1e-6);
        shotShell("plot-line");
    }

    @Test
    void millionPointTraceRedrawsInteractively() {
        int n = 1_000_000;
        double[] x = new double[n];
        double[] y = new double[n];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            x[i] = i * 1e-3;
            y[i] = Math.sin(i * 1e-4) + 0.1 * r.nextGaussian();
        }
        Plot p = panel.plot();
        LineTrace t = p.createLineTrace("noise");
        t.setData(x, y);
        p.addTrace(t);
        pumpUntil(() -> !panel.isBusy(), "the redraw");
        LineCanvas c = panel.lineCanvas();
        paint(c); // first render (class loading)
        long best = bestRender(c, p);
        int drawn = c.rendered().pointsDrawn();
        assertTrue(drawn < 20_000, "decimated per pixel column: " + drawn + " points drawn");
        // the same view with a trace of only as many points as are drawn: the million points may cost little more
        // (timings on a shared machine are noisy, so the bound compares two runs taken side by side)
        double[] sx = new double[drawn];
        double[] sy = new double[drawn];
        for (int i = 0; i < drawn; i++) {
            int k = (int) ((long) i * (n - 1) / Math.max(1, drawn - 1));
            sx[i] = x[k];
            sy[i] = y[k];
        }
        t.setData(sx, sy);
        long small = bestRender(c, p);
        System.out.printf("redraw: 1e6 points %.1f ms (%d drawn), %d points %.1f ms%n", best / 1e6, drawn, drawn,
                small / 1e6);
        assertTrue(best < 5 * small + 300_000_000L, "a redraw of a million points took " + best / 1e6
                + " ms against " + small / 1e6 + " ms for the decimated points");
    }

    private long bestRender(LineCanvas c, Plot p) {
        long best = Long.MAX_VALUE;
        for (int k = 0; k < 4; k++) {
            p.xAxis().setRange(100 + k, 600 + k);
            c.refresh();
            paint(c);
            best = Math.min(best, c.lastRenderNanos());
        }
        return best;
    }

    @Test
    void profilesFollowTheRegionsAndGoToFitting() {
        load(AGBEH, "/entry/data/data");
        ImageTrace t = panel.plot().imageTrace();
        ImageCanvas canvas = panel.imageCanvas();
        panel.selectTool(ImageCanvas.Tool.BOX);
        canvas.setRegion(ImageCanvas.Tool.BOX, new ImageCanvas.Region(ImageCanvas.Tool.BOX, 10, 20, 60, 40));
        Plot profile = panel.profilePlot();
        assertEquals(1, profile.lineTraces().size());
        BoxProfile.Result expected = BoxProfile.compute(t.data(), 10, 20, 60, 40, BoxProfile.Along.Y);
        assertArrayEquals(expected.mean(), profile.lineTraces().get(0).y(), 0);
        panel.selectTool(ImageCanvas.Tool.LINE);
        canvas.setRegion(ImageCanvas.Tool.LINE, new ImageCanvas.Region(ImageCanvas.Tool.LINE, 0.5, 84.5, 100.5, 84.5));
        LineProfile.Result line = LineProfile.sample(t.data(), 0, 84, 100, 84, 101);
        assertArrayEquals(line.values(), profile.lineTraces().get(0).y(), 1e-9);
        assertEquals(1032661, profile.lineTraces().get(0).y()[0], 1e-6);
        Plot sent = panel.sendToFitting();
        assertNotNull(sent);
        assertEquals(sent, ProfileHandoff.latest().orElseThrow());
        assertEquals(ProfileHandoff.TRACE_NAME, sent.lineTraces().get(0).name());
        assertArrayEquals(line.values(), sent.lineTraces().get(0).y(), 1e-9);
        panel.selectTool(ImageCanvas.Tool.STATS);
        canvas.setRegion(ImageCanvas.Tool.STATS, new ImageCanvas.Region(ImageCanvas.Tool.STATS, 0, 80, 5, 90));
        assertTrue(panel.profileText().contains("max 1032661"), panel.profileText());
        // dragging with the mouse moves the line's end and updates the profile live
        panel.selectTool(ImageCanvas.Tool.LINE);
        Point end = canvas.toCanvas(100.5, 84.5);
        mouse(canvas, SWT.MouseDown, end.x, end.y);
        Point to = canvas.toCanvas(100.5, 120.5);
        mouse(canvas, SWT.MouseMove, to.x, to.y);
        mouse(canvas, SWT.MouseUp, to.x, to.y);
        ImageCanvas.Region moved = canvas.region(ImageCanvas.Tool.LINE);
        assertEquals(120.5, moved.y1(), 1.0);
        assertEquals(84.5, moved.y0(), 1e-9);
        pumpUntil(() -> !panel.isBusy(), "the redraw");
        shotShell("plot-tools");
    }

    @Test
    void histogramCutsSetTheColourRangeAndExportsWriteFiles(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        load(AGBEH, "/entry/data/data");
        ImageTrace t = panel.plot().imageTrace();
        assertTrue(t.isAutoRange());
        HistogramCanvas h = panel.histogram();
        Point size = h.getSize();
        // drag the high cut (the line nearer the right) to the middle of the histogram
        mouse(h, SWT.MouseDown, size.x - 10, size.y / 2);
        mouse(h, SWT.MouseMove, size.x / 2, size.y / 2);
        mouse(h, SWT.MouseUp, size.x / 2, size.y / 2);
        pumpUntil(() -> !panel.isBusy(), "the redraw");
        assertTrue(!t.isAutoRange(), "a dragged cut fixes the range");
        assertEquals(h.high(), t.range()[1], 1e-9);
        assertEquals(h.low(), t.range()[0], 1e-9);
        Path png = dir.resolve("frame.png");
        Path svg = dir.resolve("frame.svg");
        panel.exportTo(png);
        panel.exportTo(svg);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        assertTrue(Files.readString(svg).contains("<svg"));
        panel.exportTo(dir.resolve("frame.gif"));
        assertTrue(panel.lastProblem().contains("frame.gif"), panel.lastProblem());
    }

    @Test
    void modelChangesFromAnotherThreadAreDrawnOnTheUiThread() throws Exception {
        load(SCAN, "/Scan/data/counts");
        LineCanvas c = panel.lineCanvas();
        paint(c);
        int before = c.rendered().pointsDrawn();
        LineTrace t = panel.plot().lineTraces().get(0);
        Throwable[] failure = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                t.setData(null, new double[] {1, 2, 3, 4, 5});
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        other.start();
        other.join();
        assertNull(failure[0], () -> "a change from another thread failed: " + failure[0]);
        pumpUntil(() -> !panel.isBusy(), "the redraw");
        paint(c);
        assertEquals(31, before);
        assertEquals(5, c.rendered().pointsDrawn());
    }

    private static void mouse(Control c, int type, int x, int y) {
        Event e = new Event();
        e.x = x;
        e.y = y;
        e.button = type == SWT.MouseMove ? 0 : 1;
        c.notifyListeners(type, e);
    }

    @Test
    void aMissingDatasetGivesOneMessage() {
        load(AGBEH, "/entry/nothing");
        assertNotNull(panel.lastProblem());
        assertTrue(panel.lastProblem().contains("nothing"), panel.lastProblem());
        load(SCAN, null);
        assertTrue(panel.lastProblem().contains("nothing")); // unchanged: the default plot worked
        assertEquals(1, panel.plot().lineTraces().size());
    }

    private void shotShell(String name) {
        String dir = System.getProperty("daybreak.shots");
        if (dir == null) {
            return;
        }
        pumpUntil(() -> !panel.isBusy(), "the redraw");
        // GTK paints on its frame clock: let the window reach the X server before copying it
        for (int k = 0; k < 40; k++) {
            for (int i = 0; i < 1000 && display.readAndDispatch(); i++) {
                // drain
            }
            shell.update();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Point size = shell.getSize();
        Image img = new Image(display, size.x, size.y);
        GC gc = new GC(shell);
        try {
            gc.copyArea(img, 0, 0);
            save(img.getImageData(), name);
        } finally {
            gc.dispose();
            img.dispose();
        }
    }

    private static void save(ImageData d, String name) {
        String dir = System.getProperty("daybreak.shots");
        if (dir == null) {
            return;
        }
        ImageLoader l = new ImageLoader();
        l.data = new ImageData[] {d};
        l.save(Path.of(dir, name + ".png").toString(), SWT.IMAGE_PNG);
    }
}
