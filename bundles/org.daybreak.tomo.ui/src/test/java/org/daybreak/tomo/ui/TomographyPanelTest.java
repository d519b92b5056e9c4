package org.daybreak.tomo.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.RunTarget;
import org.daybreak.hdf5.H5File;
import org.daybreak.tomo.CentreSearch;
import org.daybreak.tomo.ReconJob;
import org.daybreak.tomo.TomoSession;
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

/** The Tomography panel under plain SWT with the real APS tooth scan (tomopy's tooth.h5, DataExchange). */
class TomographyPanelTest {
    private Display display;
    private Shell shell;
    private TomographyPanel panel;
    private final List<String> problems = new ArrayList<>();
    private final List<Path> shown = new ArrayList<>();
    private final List<JobSpec> jobs = new ArrayList<>();

    static Path testdata() {
        String p = System.getProperty("daybreak.testdata");
        Path dir = p != null ? Path.of(p) : Path.of("../../../shared/testdata");
        if (!Files.isDirectory(dir)) {
            fail("test data folder " + dir.toAbsolutePath() + " is missing (set -Ddaybreak.testdata)");
        }
        return dir;
    }

    static Path tooth() {
        Path f = testdata().resolve("tomopy/tooth.h5");
        if (!Files.isRegularFile(f)) {
            fail("test file " + f + " is missing");
        }
        return f;
    }

    @BeforeEach
    void setUp() {
        display = Display.getDefault();
        shell = new Shell(display);
        shell.setText("Tomography");
        shell.setLayout(new FillLayout());
        shell.setSize(1300, 820);
        panel = new TomographyPanel(shell, SWT.NONE);
        panel.setHost(new TomographyPanel.Host() {
            @Override
            public void problem(String title, String message) {
                problems.add(title + ": " + message);
            }

            @Override
            public void runJob(String title, JobSpec spec, Consumer<Map<String, Object>> onSuccess) {
                // the same handler the workbench executor runs, synchronously on a plain thread
                jobs.add(spec);
                Thread t = new Thread(() -> {
                    try {
                        onSuccess.accept(new ReconJob().run(spec, JobContext.NONE));
                    } catch (Exception e) {
                        display.asyncExec(() -> problems.add("job failed: " + e.getMessage()));
                    }
                });
                t.start();
            }

            @Override
            public void showResult(Path file) {
                shown.add(file);
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
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        flush();
        assertFalse(f.isCompletedExceptionally(), () -> "failed: " + problems);
        return f.join();
    }

    private void flush() {
        while (display.readAndDispatch()) {
            // drain
        }
    }

    private static double[] stats(float[] v) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sq = 0;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
            sq += (double) x * x;
        }
        double mean = sum / v.length;
        return new double[] {min, max, mean, Math.sqrt(Math.max(0, sq / v.length - mean * mean))};
    }

    @Test
    void toothScanCentreSearchSliceAndVolume(@TempDir Path tmp) throws Exception {
        TomoSession s = await(panel.open(tooth(), null));
        assertEquals(181, s.projections());
        assertEquals(2, s.rows());
        assertEquals(640, s.columns());
        assertTrue(panel.infoText().contains("181 projections"), panel.infoText());
        assertTrue(panel.infoText().contains("10 flat frame(s)"), panel.infoText());
        assertNotNull(panel.projectionPicture().plot());
        assertNotNull(panel.sinogramPicture().plot());

        double centre = await(panel.findCentre());
        // the tooth's rotation axis is near the middle of its 640 columns (tomopy's demo finds about 296)
        assertTrue(centre > 260 && centre < 340, "centre " + centre);
        assertEquals(TomographyPanel.format(centre), panel.centreText());

        CentreSearch.Result r = await(panel.searchCentre());
        assertEquals(9, r.centres().length);
        assertEquals(9, panel.strip().count());
        assertTrue(Math.abs(r.best() - centre) <= 4, "search best " + r.best() + " vs auto " + centre);

        int bestIndex = 0;
        for (int i = 0; i < r.centres().length; i++) {
            if (r.centres()[i] == r.best()) {
                bestIndex = i;
            }
        }
        float[] slice = await(panel.chooseSearchResult(bestIndex));
        assertEquals(640 * 640, slice.length);
        double[] st = stats(slice);
        assertTrue(st[3] > 1e-4 && st[1] > st[0], "the slice is flat: min/max/mean/std " + java.util.Arrays.toString(st));
        // the tooth is denser than the air around it: the centre of the slice is brighter than the corner region
        double middle = 0;
        int count = 0;
        for (int y = 280; y < 360; y++) {
            for (int x = 280; x < 360; x++) {
                middle += slice[y * 640 + x];
                count++;
            }
        }
        assertTrue(middle / count > st[2], "the middle of the slice " + middle / count + " is not above the mean "
                + st[2]);
        flush();
        display.update();
        screenshot("ui-tomo.png");

        // a SIRT slice goes through the same path
        panel.setAlgorithm("sirt", 10);
        float[] sirt = await(panel.reconstructSlice());
        assertTrue(stats(sirt)[3] > 1e-5);

        // the volume job: both rows, into NeXus; the host is told to show the file
        panel.setAlgorithm("fbp", 1);
        panel.setVolumeRows(0, 2);
        Path out = tmp.resolve("tooth_recon.h5");
        JobSpec spec = panel.reconstructVolume(out).orElseThrow(() -> new AssertionError(problems.toString()));
        assertEquals("tomo.recon", spec.kind());
        assertEquals("0:2", spec.string("slices", null));
        long end = System.currentTimeMillis() + 60_000;
        while (shown.isEmpty() && System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        assertEquals(List.of(out), shown, problems.toString());
        try (H5File h = H5File.open(out)) {
            NDArray v = h.dataset("/entry/reconstruction/data").read();
            assertEquals(3, v.rank());
            assertEquals(2, v.shape(0));
            assertEquals(640, v.shape(1));
            float[] row1 = v.slice("1,:,:").copy().toFloatArray();
            assertTrue(stats(row1)[3] > 1e-4);
        }
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void volumeJobsRunOnThisMachineOrOnRemoteWorkers() {
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
    void badInputIsReportedAndThePanelCarriesOn(@TempDir Path tmp) throws Exception {
        CompletableFuture<TomoSession> f = panel.open(tmp.resolve("missing.h5"), null);
        long end = System.currentTimeMillis() + 20_000;
        while (!f.isDone() && System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        flush();
        assertTrue(f.isCompletedExceptionally());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("missing.h5"), problems.get(0));
        assertNull(panel.session());
        assertTrue(panel.infoText().startsWith("Could not open"), panel.infoText());

        // a good scan after a bad one; then a centre outside the detector and a bad search range
        await(panel.open(tooth(), null));
        problems.clear();
        panel.setCentreText("700");
        CompletableFuture<float[]> slice = panel.reconstructSlice();
        assertTrue(slice.isCompletedExceptionally());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("outside the detector"), problems.get(0));
        panel.setSearchRange(300, 290, 1);
        assertTrue(panel.searchCentre().isCompletedExceptionally());
        assertTrue(problems.get(1).contains("empty"), problems.get(1));
        panel.setVolumeRows(0, 5);
        panel.setCentreText("300");
        assertTrue(panel.reconstructVolume(tmp.resolve("v.h5")).isEmpty());
        assertTrue(problems.get(2).contains("does not fit the detector rows"), problems.get(2));
        assertTrue(jobs.isEmpty());
        panel.setCentreText("abc");
        assertTrue(panel.reconstructSlice().isCompletedExceptionally());
        assertTrue(problems.get(3).contains("not a number"), problems.get(3));
    }

    @Test
    void tiffFolderWithAnglesFileAndAMismatchedOne(@TempDir Path tmp) throws Exception {
        // Diamond scan 24737 as 91 TIFF projections, dark/flat TIFFs beside the folder, 111 angles with repeats
        Path folder = testdata().resolve("savu/image_test/tiffs");
        Path angles = testdata().resolve("savu/image_test/angles.txt");
        if (!Files.isDirectory(folder) || !Files.isRegularFile(angles)) {
            fail("test data " + folder + " or " + angles + " is missing");
        }
        TomoSession s = await(panel.open(folder, angles));
        assertEquals(91, s.projections());
        assertEquals(135, s.rows());
        assertEquals(160, s.columns());
        double centre = await(panel.findCentre());
        assertTrue(centre > 40 && centre < 120, "centre " + centre);
        float[] slice = await(panel.reconstructSlice());
        assertTrue(stats(slice)[3] > 0, "flat slice");

        Path wrong = tmp.resolve("angles.txt");
        Files.writeString(wrong, "0\n1\n2\n3\n");
        CompletableFuture<TomoSession> f = panel.open(folder, wrong);
        long end = System.currentTimeMillis() + 20_000;
        while (!f.isDone() && System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        flush();
        assertTrue(f.isCompletedExceptionally());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("4 angles but there are 91 projections"), problems.get(0));
    }

    @Test
    void allZeroFlatsGiveAClearMessage(@TempDir Path tmp) throws Exception {
        // a copy of the tooth scan whose flats are all zero, written with the project's HDF5 writer
        Path bad = tmp.resolve("zero_flats.h5");
        try (H5File h = H5File.open(tooth());
                org.daybreak.hdf5.H5Writer w = org.daybreak.hdf5.H5Writer.create(bad)) {
            NDArray data = h.dataset("/exchange/data").read();
            NDArray dark = h.dataset("/exchange/data_dark").read();
            NDArray white = NDArray.zeros(h.dataset("/exchange/data_white").dtype(),
                    h.dataset("/exchange/data_white").shape());
            w.group("/exchange", null);
            w.dataset("/exchange/data", data);
            w.dataset("/exchange/data_dark", NDArray.zeros(dark.dtype(), dark.shape()));
            w.dataset("/exchange/data_white", white);
            w.dataset("/exchange/theta", h.dataset("/exchange/theta").read());
        }
        CompletableFuture<TomoSession> f = panel.open(bad, null);
        long end = System.currentTimeMillis() + 20_000;
        while (!f.isDone() && System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
        flush();
        assertTrue(f.isCompletedExceptionally());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("all-zero flats"), problems.get(0));
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
