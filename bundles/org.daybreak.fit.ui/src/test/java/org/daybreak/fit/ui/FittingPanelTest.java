package org.daybreak.fit.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.LocalJobExecutor;
import org.daybreak.core.job.RunTarget;
import org.daybreak.core.json.Json;
import org.daybreak.hdf5.H5Writer;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.ui.PlotPanel;
import org.daybreak.plot.ui.ProfileHandoff;
import org.daybreak.ui.jobs.RunTargetChooser;
import org.daybreak.ui.services.WorkbenchServices.DatasetRef;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fitting panel in a plain SWT shell on a synthetic Gaussian-on-a-line trace with known parameters. */
class FittingPanelTest {
    // the truth, in lmfit's Gaussian form: amplitude (area) / (sigma sqrt(2 pi)) exp(-(x - center)^2 / 2 sigma^2)
    static final double AMPLITUDE = 8;
    static final double CENTER = 4.2;
    static final double SIGMA = 0.6;
    static final double SLOPE = 0.3;
    static final double INTERCEPT = 1.5;
    static final double NOISE = 0.02;

    private static Display display;
    private static LocalJobExecutor jobs;
    @TempDir
    Path temp;
    private Shell shell;
    private Plot plot;
    private FittingPanel panel;
    private DatasetRef selection;

    @BeforeAll
    static void start() {
        display = Display.getDefault();
        jobs = new LocalJobExecutor(JobRegistry.global(), 1);
    }

    @AfterAll
    static void stop() {
        jobs.close();
        display.dispose();
    }

    static double gaussian(double x, double amplitude, double center, double sigma) {
        return amplitude / (sigma * Math.sqrt(2 * Math.PI)) * Math.exp(-(x - center) * (x - center) / (2 * sigma * sigma));
    }

    static double[][] synthetic(long seed) {
        Random random = new Random(seed);
        int n = 201;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 10.0 * i / (n - 1);
            y[i] = gaussian(x[i], AMPLITUDE, CENTER, SIGMA) + SLOPE * x[i] + INTERCEPT + NOISE * random.nextGaussian();
        }
        return new double[][] {x, y};
    }

    private FittingPanel.Host host(java.util.function.Supplier<Plot> current) {
        return new FittingPanel.Host() {
            @Override
            public Plot currentPlot() {
                return current.get();
            }

            @Override
            public Optional<DatasetRef> selection() {
                return Optional.ofNullable(selection);
            }

            @Override
            public void runJob(String title, JobSpec spec, Consumer<Map<String, Object>> onSuccess) {
                JobHandle h = jobs.submit(spec);
                Thread t = new Thread(() -> {
                    try {
                        onSuccess.accept(h.await());
                    } catch (Exception e) {
                        display.asyncExec(() -> fail("the job failed: " + h.message()));
                    }
                });
                t.setDaemon(true);
                t.start();
            }

            @Override
            public void problem(String title, String message) {
                fail(title + ": " + message);
            }
        };
    }

    @BeforeEach
    void open() {
        plot = new Plot();
        double[][] xy = synthetic(1);
        LineTrace data = plot.createLineTrace("data");
        data.setData(xy[0], xy[1]);
        plot.addTrace(data);
        shell = new Shell(display);
        shell.setLayout(new FillLayout());
        shell.setSize(760, 640);
        panel = new FittingPanel(shell, 0, host(() -> plot));
        shell.open();
    }

    @AfterEach
    void close() {
        shell.dispose();
        ProfileHandoff.take();
    }

    static void waitFor(BooleanSupplier condition, long millis, String what) {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("timed out waiting for " + what);
            }
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void fitAndWait() {
        panel.fit();
        waitFor(() -> !panel.isFitting(), 20_000, "the fit");
    }

    @Test
    void fitsGaussianOnALineAndShowsTheTruthInTheTable() {
        assertEquals(List.of("data"), panel.traceLabels());
        assertEquals("gaussian+linear", panel.modelText());
        assertEquals(List.of("p1_amplitude", "p1_center", "p1_sigma", "p2_slope", "p2_intercept"),
                panel.tableRows().stream().map(r -> r[0]).toList());
        assertTrue(Double.isNaN(panel.tableValue("p1_center")), "automatic start before the fit");
        fitAndWait();
        assertTrue(panel.lastResult().success(), panel.statusText());
        // with 201 points of noise 0.02 the standard errors are ~0.003 (center) to ~0.02 (amplitude)
        assertEquals(CENTER, panel.tableValue("p1_center"), 0.01);
        assertEquals(SIGMA, panel.tableValue("p1_sigma"), 0.01);
        assertEquals(AMPLITUDE, panel.tableValue("p1_amplitude"), 0.1);
        assertEquals(SLOPE, panel.tableValue("p2_slope"), 0.01);
        assertEquals(INTERCEPT, panel.tableValue("p2_intercept"), 0.05);
        for (String[] row : panel.tableRows()) {
            double error = Double.parseDouble(row[2]);
            assertTrue(error > 0 && error < 0.1, row[0] + " error " + row[2]);
        }
        double redchi = panel.lastResult().redchi();
        assertEquals(NOISE * NOISE, redchi, NOISE * NOISE * 0.3, "reduced chi2 is the noise variance");
        assertTrue(panel.statisticsText().contains("success"), panel.statisticsText());
        assertTrue(panel.statisticsText().contains("R\u00b2"), panel.statisticsText());
        LineTrace fit = (LineTrace) plot.trace(FittingPanel.FIT_TRACE);
        LineTrace residual = (LineTrace) plot.trace(FittingPanel.RESIDUAL_TRACE);
        assertNotNull(fit);
        assertNotNull(residual);
        double[] y = ((LineTrace) plot.trace("data")).y();
        for (int i = 0; i < y.length; i += 20) {
            assertEquals(y[i], fit.y()[i] + residual.y()[i], 1e-9);
            assertTrue(Math.abs(residual.y()[i]) < 6 * NOISE);
        }
        assertEquals(List.of("data"), panel.traceLabels(), "fit and residual are not offered as traces to fit");
        fitAndWait(); // a second fit replaces the curves
        assertEquals(3, plot.lineTraces().size());
    }

    @Test
    void batchFitsRunOnThisMachineOrOnRemoteWorkers() {
        // the jobs this panel starts run on this machine unless the user picks the remote workers
        RunTargetChooser chooser = panel.runTargetChooser();
        assertEquals(List.of("This machine", "Remote workers"), List.of(chooser.combo().getItems()));
        assertFalse(chooser.isRemote());
        assertEquals(RunTarget.LOCAL, chooser.target());
        chooser.setRemote(true);
        assertTrue(chooser.target().isRemote());
        assertEquals("local", chooser.target().remote(), "without preferences: the local broker");
        assertTrue(chooser.combo().getToolTipText().contains("the local broker"), chooser.combo().getToolTipText());
        chooser.setRemote(false);
        assertEquals(RunTarget.LOCAL, chooser.target());
    }

    @Test
    void settingsEditedBeforeTheFitAreHonoured() {
        panel.setParameter("p2_slope", "value", "0.3");
        panel.setParameter("p2_slope", "fixed", "true");
        panel.setParameter("p1_sigma", "min", "0.1");
        panel.setParameter("p1_sigma", "max", "0.5");
        panel.setParameter("p1_center", "value", "4");
        String[] slope = panel.tableRows().get(3);
        assertEquals("\u2714", slope[3]);
        fitAndWait();
        assertEquals(0.3, panel.tableValue("p2_slope"), 0);
        assertEquals("0", panel.tableRows().get(3)[2], "a fixed parameter has no error");
        assertEquals(0.5, panel.tableValue("p1_sigma"), 1e-6, "sigma stops at its upper bound");

        panel.setParameter("p1_sigma", "max", "");
        panel.setParameter("p1_sigma", "value", "abc");
        assertTrue(panel.statusText().contains("'abc' is not a number"), panel.statusText());
        panel.setModel("a*exp(-(x-c)^2/(2*s^2))+b+m*x", true);
        assertEquals(List.of("a", "c", "s", "b", "m"), panel.tableRows().stream().map(r -> r[0]).toList());
        panel.setParameter("a", "value", "5");
        panel.setParameter("c", "value", "4");
        panel.setParameter("s", "value", "1");
        panel.setParameter("m", "tie", "0.3");
        fitAndWait();
        assertTrue(panel.lastResult().success(), panel.statusText());
        assertEquals(CENTER, panel.tableValue("c"), 0.01);
        assertEquals(AMPLITUDE / (SIGMA * Math.sqrt(2 * Math.PI)), panel.tableValue("a"), 0.05);
        assertEquals(0.3, panel.tableValue("m"), 1e-12, "tied to a constant");
    }

    private String[] tableRow(String name) {
        return panel.tableRows().stream().filter(r -> r[0].equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aRejectedCellLeavesTheTableAsItWas() {
        panel.setParameter("p1_sigma", "min", "0.1");
        panel.setParameter("p1_sigma", "max", "0.5");
        String[] before = tableRow("p1_sigma");
        assertEquals("0.1", before[4]);
        panel.setParameter("p1_sigma", "min", "0.9");
        assertTrue(panel.statusText().contains("min must be below max"), panel.statusText());
        assertArrayEquals(before, tableRow("p1_sigma"));
        panel.setParameter("p1_sigma", "max", "0.05");
        assertArrayEquals(before, tableRow("p1_sigma"));
        panel.setParameter("p1_sigma", "value", "wide");
        assertTrue(panel.statusText().contains("'wide' is not a number"), panel.statusText());
        assertArrayEquals(before, tableRow("p1_sigma"));
        panel.setParameter("p1_sigma", "max", "0.8");
        assertEquals("", panel.statusText());
        assertEquals("0.8", tableRow("p1_sigma")[5]);
    }

    @Test
    void peaksAreAddedAtAPositionOrAtTheLargestRemainingPeak() {
        panel.setModel("linear", false);
        panel.addLargestPeak();
        assertEquals("linear+gaussian", panel.modelText());
        assertEquals(CENTER, panel.tableValue("p2_center"), 0.1);
        assertEquals(SIGMA, panel.tableValue("p2_sigma"), 0.15);
        fitAndWait();
        assertEquals(CENTER, panel.tableValue("p2_center"), 0.01);
        assertEquals(AMPLITUDE, panel.tableValue("p2_amplitude"), 0.1);

        panel.addPeak("lorentzian", 7.0);
        assertEquals("linear+gaussian+lorentzian", panel.modelText());
        assertEquals(7.0, panel.tableValue("p3_center"), 0);
        assertEquals(CENTER, panel.tableValue("p2_center"), 0.01, "earlier values are kept");
    }

    @Test
    void exportsJsonAndCsv() throws Exception {
        fitAndWait();
        Path json = temp.resolve("fit.json");
        panel.exportTo(json);
        Map<String, Object> m = Json.parseObject(Files.readString(json));
        assertEquals("gaussian+linear", m.get("model"));
        assertEquals("data", m.get("trace"));
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) ((Map<String, Object>) m.get("result")).get("params");
        @SuppressWarnings("unchecked")
        double center = ((Number) ((Map<String, Object>) params.get("p1_center")).get("value")).doubleValue();
        assertEquals(CENTER, center, 0.01);
        Path csv = temp.resolve("fit.csv");
        panel.exportTo(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("name,value,stderr,fixed,min,max,tie", lines.get(0));
        String[] centerRow = lines.get(2).split(",", -1);
        assertEquals("p1_center", centerRow[0]);
        assertEquals(CENTER, Double.parseDouble(centerRow[1]), 0.01);
        assertEquals("-inf", centerRow[4]);
        assertEquals("inf", centerRow[5]);
        assertTrue(lines.contains("success,true"), lines.toString());
    }

    @Test
    void batchFitOverAStackShowsAParameterMap() throws Exception {
        int rows = 3;
        int cols = 4;
        int n = 101;
        double[] stack = new double[rows * cols * n];
        double[][] truth = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                truth[i][j] = 3 + 0.5 * i + 0.25 * j;
                for (int k = 0; k < n; k++) {
                    double x = k; // the index: no NeXus axis in the file
                    stack[(i * cols + j) * n + k] = gaussian(x / 10, AMPLITUDE, truth[i][j], SIGMA) + 0.1 * x / 10 + 1;
                }
            }
        }
        Path file = temp.resolve("stack.h5");
        try (H5Writer w = H5Writer.create(file)) {
            w.dataset("/data", NDArray.of(stack, rows, cols, n));
        }
        selection = new DatasetRef(file, "/data");
        panel.selectMap("p1_center");
        panel.runBatch();
        waitFor(() -> panel.batchStatusText().contains("succeeded"), 30_000, "the batch fit");
        assertEquals(rows * cols + " of " + rows * cols + " fits succeeded", panel.batchStatusText());
        ImageTrace map = plot.imageTrace();
        assertNotNull(map, "the map is shown as an image");
        assertEquals("p1_center", map.name());
        assertArrayEquals(new int[] {rows, cols}, map.data().shape());
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(truth[i][j] * 10, map.data().getDouble(i, j), 1e-3, "center in index units");
            }
        }
    }

    @Test
    void batchNeedsASelectedDataset() {
        selection = null;
        panel.runBatch();
        assertTrue(panel.batchStatusText().startsWith("select a dataset"), panel.batchStatusText());
    }

    @Test
    void profileFromThePlotToolsIsFittedAndShownOnThePlot() {
        Plot profile = new Plot();
        double[][] xy = synthetic(2);
        profile.addTrace(profile.createLineTrace(ProfileHandoff.TRACE_NAME).setData(xy[0], xy[1]));
        ProfileHandoff.publish(profile);
        Plot shown = new Plot();
        shown.addTrace(shown.createImageTrace("frame").setData(NDArray.of(new double[16], 4, 4)));
        plot = shown;
        panel.selectProfile();
        assertTrue(panel.traceLabels().contains(FittingPanel.PROFILE_LABEL), panel.traceLabels().toString());
        fitAndWait();
        assertEquals(CENTER, panel.tableValue("p1_center"), 0.01);
        assertEquals(null, shown.imageTrace(), "the profile replaces the image in the plot");
        assertEquals(List.of("profile", "fit", "residual"), shown.lineTraces().stream().map(LineTrace::name).toList());
    }

    @Test
    void screenshotBesideTheRealPlotPanel() {
        shell.dispose();
        shell = new Shell(display);
        shell.setLayout(new FillLayout());
        shell.setSize(1300, 700);
        SashForm sash = new SashForm(shell, SWT.HORIZONTAL);
        PlotPanel plotPanel = new PlotPanel(sash, 0);
        double[][] xy = synthetic(1);
        Plot p = plotPanel.plot();
        p.addTrace(p.createLineTrace("data").setData(xy[0], xy[1]));
        panel = new FittingPanel(sash, 0, host(plotPanel::plot));
        sash.setWeights(new int[] {55, 45});
        shell.open();
        // pick a peak on the plot: a click at x = CENTER adds a Gaussian there
        panel.setModel("linear", false);
        panel.attachPlotCanvas(plotPanel.lineCanvas());
        panel.setPicking(true);
        waitFor(() -> plotPanel.lineCanvas().xValue(10) < plotPanel.lineCanvas().xValue(300), 5000, "the plot layout");
        int px = 0;
        for (int i = 0; i < plotPanel.lineCanvas().getSize().x; i++) {
            if (Math.abs(plotPanel.lineCanvas().xValue(i) - CENTER) < Math.abs(plotPanel.lineCanvas().xValue(px) - CENTER)) {
                px = i;
            }
        }
        Event down = new Event();
        down.button = 1;
        down.x = px;
        down.y = 100;
        plotPanel.lineCanvas().notifyListeners(SWT.MouseDown, down);
        Event up = new Event();
        up.button = 1;
        up.x = px;
        up.y = 100;
        plotPanel.lineCanvas().notifyListeners(SWT.MouseUp, up);
        assertEquals("linear+gaussian", panel.modelText());
        assertEquals(CENTER, panel.tableValue("p2_center"), 0.1);
        fitAndWait();
        assertEquals(CENTER, panel.tableValue("p2_center"), 0.01);
        assertNotNull(p.trace(FittingPanel.FIT_TRACE));
        String dir = System.getProperty("daybreak.shots");
        if (dir == null) {
            return;
        }
        long end = System.currentTimeMillis() + 800;
        waitFor(() -> System.currentTimeMillis() > end, 2000, "the plot to draw");
        var b = shell.getBounds();
        Image img = new Image(display, b.width, b.height);
        GC gc = new GC(display);
        gc.copyArea(img, b.x, b.y);
        gc.dispose();
        ImageLoader l = new ImageLoader();
        l.data = new ImageData[] {img.getImageData()};
        l.save(Path.of(dir, "ui-fit.png").toString(), SWT.IMAGE_PNG);
        img.dispose();
    }
}
