package org.daybreak.corr.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.RunTarget;
import org.daybreak.corr.BasebandCorrelator;
import org.daybreak.corr.CorrRunJob;
import org.daybreak.corr.FEngine;
import org.daybreak.corr.baseband.Baseband;
import org.daybreak.corr.baseband.BasebandReader;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.corr.CorrelatorData;
import org.daybreak.corr.Visibilities;
import org.daybreak.ui.jobs.RunTargetChooser;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Correlator panel under plain SWT: simulate, correlate through the corr.run handler, plot. */
class CorrelatorPanelTest {
    private Display display;
    private Shell shell;
    private CorrelatorPanel panel;
    private final List<String> problems = new ArrayList<>();
    private final List<JobSpec> jobs = new ArrayList<>();
    private final List<Path> written = new ArrayList<>();

    @BeforeEach
    void setUp() {
        display = Display.getDefault();
        shell = new Shell(display);
        shell.setText("Correlator");
        shell.setLayout(new FillLayout());
        shell.setSize(1300, 820);
        panel = new CorrelatorPanel(shell, SWT.NONE);
        panel.setHost(new CorrelatorPanel.Host() {
            @Override
            public void problem(String title, String message) {
                problems.add(title + ": " + message);
            }

            @Override
            public void runJob(String title, JobSpec spec, Consumer<Map<String, Object>> onSuccess) {
                // the handler the workbench executor runs, synchronously here
                jobs.add(spec);
                try {
                    onSuccess.accept(new CorrRunJob().run(spec, JobContext.NONE));
                } catch (Exception e) {
                    problems.add(title + ": " + e.getMessage());
                }
            }

            @Override
            public void fileWritten(Path file) {
                written.add(file);
            }
        });
        shell.open();
    }

    @AfterEach
    void tearDown() {
        shell.dispose();
    }

    private <T> T await(CompletableFuture<T> f) {
        long end = System.currentTimeMillis() + 60_000;
        while (!f.isDone()) {
            if (System.currentTimeMillis() > end) {
                fail("timed out; problems: " + problems);
            }
            if (!problems.isEmpty()) {
                fail("problems: " + problems);
            }
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        while (display.readAndDispatch()) {
            // drain
        }
        assertFalse(f.isCompletedExceptionally(), () -> "failed: " + problems);
        return f.join();
    }

    @Test
    void toneAppearsInItsChannelOnEveryBaseline(@TempDir Path tmp) throws Exception {
        // 4 antennas, a tone at 1/8 of the sample rate: with 64 channels (128-point spectra) it lands in channel
        // round(0.125 * 128) = 16; the delays give a phase slope across the band on the cross baselines
        panel.setSimulation(4, 65536, "0.125", "0, 1.5, 3, 4.5");
        panel.setCorrelator(64, 4, 32);
        Path volt = tmp.resolve("volt.h5");
        assertEquals(volt, await(panel.simulate(volt)));
        Visibilities v = await(panel.runCorrelator(tmp.resolve("vis.h5")));
        assertEquals(1, jobs.size());
        assertEquals("corr.run", jobs.get(0).kind());
        assertEquals(List.of(volt, tmp.resolve("vis.h5")), written);
        assertEquals(4, v.antennas());
        assertEquals(64, v.channels());
        assertEquals(65536 / 128 / 32, v.dumps());

        for (int[] b : new int[][] {{0, 0}, {0, 1}, {1, 3}, {3, 2}}) {
            double[] amp = CorrelatorData.spectrum(v, b[0], b[1], 0)[0];
            assertEquals(16, CorrelatorData.argMax(amp), "baseline (" + b[0] + ", " + b[1] + ")");
            double others = 0;
            for (int c = 0; c < amp.length; c++) {
                others = Math.max(others, Math.abs(c - 16) > 2 ? amp[c] : 0);
            }
            assertTrue(amp[16] > 10 * others, "the tone " + amp[16] + " does not stand out of " + others);
        }
        // V_ji = conj(V_ij): same amplitude, opposite phase
        double[][] ab = CorrelatorData.spectrum(v, 1, 2, 0);
        double[][] ba = CorrelatorData.spectrum(v, 2, 1, 0);
        assertEquals(ab[0][16], ba[0][16], 1e-9);
        assertEquals(ab[1][16], -ba[1][16], 1e-9);
        // the matrix of the tone channel: every pair sees the tone about equally (gains are 1)
        double[] m = CorrelatorData.matrix(v, 16, 0);
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double x : m) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertTrue(min > 0.5 * max, "matrix of channel 16 from " + min + " to " + max);

        panel.setBaseline(0, 1, 0);
        panel.setMatrixChannel(16);
        assertNotNull(panel.amplitudePicture().plot());
        assertNotNull(panel.phasePicture().plot());
        assertNotNull(panel.waterfallPicture().plot());
        assertNotNull(panel.matrixPicture().plot());
        assertTrue(panel.statusText().contains("strongest channel 16"), panel.statusText());
        display.update();
        screenshot("ui-corr.png");
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void correlatorRunsGoToThisMachineOrToRemoteWorkers() {
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
    void badInputIsReported(@TempDir Path tmp) throws Exception {
        panel.setSimulation(4, 4096, "0.7", "");
        assertTrue(panel.simulate(tmp.resolve("v.h5")).isCompletedExceptionally());
        assertTrue(problems.get(0).contains("tone frequency 0.7"), problems.get(0));

        panel.setSimulation(4, 4096, "0.1", "0, 1");
        assertTrue(panel.simulate(tmp.resolve("v.h5")).isCompletedExceptionally());
        assertTrue(problems.get(1).contains("2 delays given for 4 antennas"), problems.get(1));

        assertTrue(panel.runCorrelator(tmp.resolve("vis.h5")).isCompletedExceptionally());
        assertTrue(problems.get(2).contains("does not exist"), problems.get(2));
        problems.clear();

        // an integration that does not divide the samples: the job refuses it with a clear sentence
        panel.setSimulation(2, 4096, "0.1", "");
        Path volt = await(panel.simulate(tmp.resolve("v.h5")));
        panel.setCorrelator(64, 4, 5);
        CompletableFuture<Visibilities> f = panel.runCorrelator(tmp.resolve("vis.h5"));
        assertFalse(f.isDone());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("does not divide"), problems.get(0));
        problems.clear();

        // a voltages file is not a visibility file
        CompletableFuture<Visibilities> g = panel.openVisibilities(volt);
        long end = System.currentTimeMillis() + 20_000;
        while (!g.isDone() && System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        assertTrue(g.isCompletedExceptionally());
        assertTrue(problems.get(0).contains("has no /visibilities"), problems.get(0));
    }

    static Path baseband(String name) {
        String p = System.getProperty("daybreak.testdata");
        Path f = (p != null ? Path.of(p) : Path.of("../../../shared/testdata")).resolve("radio/baseband/" + name);
        if (!java.nio.file.Files.isRegularFile(f)) {
            fail("test recording " + f.toAbsolutePath() + " is missing (set -Ddaybreak.testdata)");
        }
        return f;
    }

    @Test
    void vdifRecordingShowsItsWaterfallAndBandpassAndCorrelates(@TempDir Path tmp) throws Exception {
        Path rec = baseband("sample.vdif");
        panel.setCorrelator(64, 4, 24);
        BasebandCorrelator.Waterfall w = await(panel.setVoltages(rec));
        // 40000 real 2-bit samples at 32 MHz, 64 channels: 312 spectra of 128 samples, 2 per row -> 156 rows
        assertEquals(156, w.rows());
        assertEquals(64, w.channels());
        assertEquals(2, w.integrate());
        Plot wp = panel.waterfallPicture().plot();
        ImageTrace img = (ImageTrace) wp.traces().get(0);
        assertEquals(156, img.height());
        assertEquals(64, img.width());
        assertEquals("time (ms)", wp.yAxis().label());
        Plot bp = panel.amplitudePicture().plot();
        LineTrace band = (LineTrace) bp.traces().get(0);
        assertEquals(64, band.size());
        assertEquals("frequency (MHz)", bp.xAxis().label());
        assertEquals(15.75, band.x()[63], 1e-9); // channel k at k x 32 MHz / 128
        // the band-pass is the recording's spectrum as the headless core computes it (mean per spectrum)
        BasebandCorrelator.Spectrum s;
        try (BasebandReader r = Baseband.open(rec, null)) {
            s = BasebandCorrelator.spectrum(r, 64, 4, FEngine.Window.HANN, 0, 1);
        }
        for (int c = 0; c < 64; c++) {
            assertEquals(s.power()[c] / 312, band.y()[c], 1e-5 * s.power()[c] / 312, "channel " + c);
        }
        int peak = CorrelatorData.argMax(band.y());
        assertTrue(panel.statusText().contains("156 x 64 waterfall; band-pass peak at channel " + peak),
                panel.statusText());
        // another stream: its own band-pass
        BasebandCorrelator.Waterfall w3 = await(panel.showRecording(3, 0));
        assertEquals(3, w3.stream());
        for (int c = 0; c < 64; c++) {
            assertEquals(s.power()[3 * 64 + c] / 312, w3.bandpass()[c], 1e-5 * s.power()[3 * 64 + c] / 312);
        }
        // GTK paints on its frame clock: let the new plots reach the X server before copying the window
        for (int k = 0; k < 40; k++) {
            while (display.readAndDispatch()) {
                // drain
            }
            shell.update();
            Thread.sleep(10);
        }
        assertTrue(panel.statusText().startsWith("sample.vdif stream 3 pol 0"), panel.statusText());
        screenshot("ui-corr-vdif-waterfall.png");
        await(panel.showRecording(0, 0));

        // correlate the recording: 8 threads are 8 antennas; auto-correlations follow the band-pass
        Visibilities v = await(panel.runCorrelator(tmp.resolve("vdif_vis.h5")));
        assertEquals("corr.run", jobs.get(0).kind());
        assertEquals(rec.toString(), jobs.get(0).inputs().get("voltages"));
        assertEquals(8, v.antennas());
        assertEquals(64, v.channels());
        assertEquals(312 / 24, v.dumps());
        double[] auto = CorrelatorData.spectrum(v, 0, 0, 0)[0];
        assertEquals(peak, CorrelatorData.argMax(auto));
        double ratio = auto[peak] / band.y()[peak];
        for (int c = 0; c < 64; c++) {
            assertEquals(ratio, auto[c] / band.y()[c], 1e-4 * ratio, "channel " + c);
        }
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void complexGuppiRecordingHasACentredBand() throws Exception {
        Path rec = baseband("sample_puppi.raw");
        panel.setCorrelator(8, 4, 1);
        BasebandCorrelator.Waterfall w = await(panel.setVoltages(rec));
        // 3840 complex samples per channel, 8 channels: 480 spectra, 2 per row -> 240 rows
        assertEquals(240, w.rows());
        ImageTrace img = (ImageTrace) panel.waterfallPicture().plot().traces().get(0);
        assertEquals(240, img.height());
        assertEquals(8, img.width());
        // complex data: channel j at (j - C/2) fs / C from the band centre
        LineTrace band = (LineTrace) panel.amplitudePicture().plot().traces().get(0);
        assertTrue(band.x()[0] < 0 && band.x()[7] > 0, java.util.Arrays.toString(band.x()));
        assertEquals("frequency (Hz from band centre)", panel.amplitudePicture().plot().xAxis().label());
        assertEquals(-125.0, band.x()[0], 1e-9); // 250 Hz sampling, 8 channels: -4 x 31.25 Hz
        assertEquals(-band.x()[0], band.x()[4] - band.x()[0] , 1e-12);
        BasebandCorrelator.Waterfall p1 = await(panel.showRecording(3, 1));
        assertEquals(1, p1.pol());
        assertTrue(problems.isEmpty(), problems.toString());
        // bad input: a stream the file does not have
        CompletableFuture<BasebandCorrelator.Waterfall> bad = panel.showRecording(4, 0);
        long end = System.currentTimeMillis() + 20_000;
        while (!bad.isDone() && System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        assertTrue(bad.isCompletedExceptionally());
        assertTrue(problems.get(0).contains("no stream 4"), problems.get(0));
    }

    private void screenshot(String name) throws Exception {
        Rectangle b = shell.getClientArea();
        Image img = new Image(display, b.width, b.height);
        GC gc = new GC(shell);
        gc.copyArea(img, 0, 0);
        gc.dispose();
        ImageData data = img.getImageData();
        img.dispose();
        ImageLoader loader = new ImageLoader();
        loader.data = new ImageData[] {data};
        String dir = System.getProperty("daybreak.shots", System.getProperty("java.io.tmpdir"));
        loader.save(Path.of(dir, name).toString(), SWT.IMAGE_PNG);
    }
}
