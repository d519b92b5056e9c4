package org.daybreak.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.daybreak.core.job.JobRegistry;
import org.daybreak.corr.CorrRunJob;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.JobRecord;
import org.daybreak.remote.JobsClient;
import org.daybreak.remote.broker.DaybreakBroker;
import org.daybreak.remote.worker.Worker;
import org.daybreak.script.cli.RunCommand;
import org.daybreak.tomo.ReconJob;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example in examples/ through the {@code run} command, on the real test data: exit code 0 and the
 * printed numbers. Expected values come from h5py/NumPy/SciPy on the same files (scipy.optimize.curve_fit for
 * the peak fit).
 */
class ExamplesTest {
    @TempDir
    static Path out;
    private static Path examples;

    @BeforeAll
    static void locate() {
        examples = TestPaths.examples();
        TestPaths.testdata();
        // the job kinds are found through META-INF/services on a class path of bundle jars; a merged class path
        // (devtest.sh copies every bundle's services file to one place) keeps only one file, so register here
        JobRegistry.global().register(new ReconJob());
        JobRegistry.global().register(new CorrRunJob());
    }

    private static String run(String example) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        // the examples find the data through $DAYBREAK_TESTDATA, the daybreak.testdata property (as this test)
        // or ../shared/testdata next to the repository; sys.argv[1] is the output folder
        int code = new RunCommand().run(List.of(examples.resolve(example).toString(), out.toString()),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        String stdout = o.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, example + " failed:\n" + e.toString(StandardCharsets.UTF_8) + "\n" + stdout);
        return stdout;
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    private static void png(Path p, int width, int height) throws Exception {
        assertTrue(Files.isRegularFile(p), p + " was not written");
        BufferedImage img = ImageIO.read(p.toFile());
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
    }

    @Test
    void everyExampleIsTested() throws Exception {
        try (var s = Files.list(examples)) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".py")
                    && !n.startsWith("_")).sorted().toList();
            assertEquals(List.of("browse_nexus.py", "correlate_simulated.py", "fit_peak.py", "plot_frame.py",
                    "reconstruct_slice.py", "remote_sweep.py"), names);
        }
    }

    @Test
    void browseNexus() throws Exception {
        String s = run("browse_nexus.py");
        assertTrue(s.startsWith("/\n  entry/  [NXentry]\n    data/  [NXdata]\n"), s);
        assertTrue(s.contains("default NXdata: /entry/data\n"), s);
        assertTrue(s.contains("signal: /entry/data/frames shape (10, 195, 487) dtype int32\n"), s);
        assertTrue(s.contains("axis 0: /entry/data/sample_times shape (10,)\n"), s);
        assertTrue(s.contains("frame 3: shape (195, 487), sum 494465619, max 76283, mean 5206.8196\n"), s);
        assertTrue(s.contains("roi: shape (20, 60), mean 3988.5683, std 198.1010\n"), s);
        assertTrue(s.contains("row-100 means per frame: 5127.83 5160.87 5058.23 5229.67 4818.47 5053.79 5027.09 "
                + "5177.42 4999.67 5241.57\n"), s);
    }

    @Test
    void plotFrame() throws Exception {
        String s = run("plot_frame.py");
        assertTrue(s.contains("image: shape (195, 487), dtype int32\n"), s);
        assertTrue(s.contains("min 0, max 1032661, mean 1297.3666, std 10429.3442\n"), s);
        assertTrue(s.contains("pixels above 1000 counts: 13205\n"), s);
        assertTrue(s.contains("brightest pixel at row 84, column 0\n"), s);
        png(out.resolve("agbehenate_frame.png"), 900, 450);
        png(out.resolve("agbehenate_columns.png"), 800, 600);
    }

    @Test
    void fitPeak() throws Exception {
        String s = run("fit_peak.py");
        assertTrue(s.contains("window: channels 656..729, 74 points, peak 1234.7 counts at channel 694\n"), s);
        // scipy.optimize.curve_fit, same window and model: centre 692.8192 +/- 0.0425, sigma 6.8378 +/- 0.0472,
        // reduced chi-square 322.104
        assertEquals(692.819, number(s, "centre = ([0-9.]+) \\+/- "), 0.002);
        assertEquals(0.043, number(s, "centre = [0-9.]+ \\+/- ([0-9.]+)"), 0.002);
        assertEquals(6.838, number(s, "sigma = ([0-9.]+)"), 0.002);
        assertEquals(2 * Math.sqrt(2 * Math.log(2)) * 6.83778, number(s, "fwhm = ([0-9.]+)"), 0.005);
        assertEquals(322.10, number(s, "reduced chi-square = ([0-9.]+)"), 0.05);
        assertTrue(s.contains("success = True"), s);
        png(out.resolve("co_kalpha_fit.png"), 800, 600);
    }

    @Test
    void reconstructSlice() throws Exception {
        String s = run("reconstruct_slice.py");
        assertTrue(s.contains("projections (181, 640), theta 0.00..179.01 deg\n"), s);
        double centre = number(s, "centre of rotation: ([0-9.]+)");
        assertTrue(centre > 290 && centre < 300, "centre " + centre);
        assertTrue(s.contains("slice: shape (640, 640), dtype float32"), s);
        assertEquals(centre, number(s, "job tomo.recon: SUCCEEDED, centre ([0-9.]+), 1 slice"), 0.01);
        png(out.resolve("tooth_slice.png"), 640, 640);
        byte[] head = Files.readAllBytes(out.resolve("tooth_rec.h5"));
        assertEquals("\u0089HDF", new String(head, 0, 4, StandardCharsets.ISO_8859_1), "tooth_rec.h5 is not HDF5");
    }

    @Test
    void correlateSimulated() throws Exception {
        String s = run("correlate_simulated.py");
        assertTrue(s.contains("job corr.run: SUCCEEDED, 4 dumps x 64 channels x 10 baselines"), s);
        assertTrue(s.contains("visibilities (4, 64, 10, 1, 2) float64; baselines [[0, 0], [0, 1], [0, 2], [0, 3]]"), s);
        // the tone at 0.2 of the sample rate lies in channel round(0.2 x 128) = 26
        assertEquals(26, number(s, "tone in channel (\\d+)"));
        // each antenna's simulated delay comes back from the phase slope across the band
        double[] delays = {2.5, -1.25, 4.0};
        for (int j = 1; j <= 3; j++) {
            assertEquals(delays[j - 1], number(s, "baseline \\(0," + j + "\\): delay (-?[0-9.]+) samples"), 0.02, s);
        }
        png(out.resolve("autocorrelation.png"), 800, 500);
        assertTrue(Files.size(out.resolve("visibilities.h5")) > 0);
    }

    /**
     * The sweep on remote workers: this test provides what a user's machine would have (the local broker, found
     * through its broker.json, and one worker with two threads); the script itself starts nothing.
     */
    @Test
    void remoteSweep(@TempDir Path brokerDir) throws Exception {
        String previous = System.getProperty("daybreak.broker.dir");
        System.setProperty("daybreak.broker.dir", brokerDir.toString());
        try (DaybreakBroker broker = DaybreakBroker.start(DaybreakBroker.Settings.local(brokerDir), true);
                Worker worker = new Worker(BrokerConnection.open(broker.url(), "admin",
                        brokerDir.resolve("admin.password").toString(), Map.of(), true), "w1", 2, false,
                        JobRegistry.global(), System.err)) {
            worker.start();
            String s = run("remote_sweep.py");
            assertTrue(s.startsWith("remote workers: w1 (2 threads)\n"), s);
            checkSweep(s);
            // the broker's records say where the jobs ran
            try (JobsClient jobs = new JobsClient(BrokerConnection.open(broker.url(), "admin",
                    brokerDir.resolve("admin.password").toString(), Map.of(), false), true)) {
                List<JobRecord> records = jobs.list("done", "tomo.recon", null);
                assertEquals(11, records.size());
                assertTrue(records.stream().allMatch(r -> "w1".equals(r.worker)));
            }
        } finally {
            restore(previous);
        }
    }

    /** With no broker the same sweep runs on this machine, after one line that says why. */
    @Test
    void remoteSweepWithoutABroker(@TempDir Path noBroker) throws Exception {
        String previous = System.getProperty("daybreak.broker.dir");
        System.setProperty("daybreak.broker.dir", noBroker.toString());
        try {
            String s = run("remote_sweep.py");
            assertTrue(s.startsWith("no remote workers (no local broker is running (start the workbench, or "
                    + "'daybreak broker --data DIR'), and no broker was named (--broker URL or DAYBREAK_BROKER)); "
                    + "running the sweep on this machine\n"), s);
            checkSweep(s);
        } finally {
            restore(previous);
        }
    }

    private static void restore(String brokerDir) {
        if (brokerDir == null) {
            System.clearProperty("daybreak.broker.dir");
        } else {
            System.setProperty("daybreak.broker.dir", brokerDir);
        }
    }

    private static void checkSweep(String s) throws Exception {
        assertTrue(s.contains("11 jobs done, results in the order of the centres: [290, 291, 292, 293, 294, 295, 296, "
                + "297, 298, 299, 300]\n"), s);
        // the least negative attenuation lies at 296, next to the centre find_centre gives (295.53)
        assertEquals(29.844, number(s, "centre 296: negative attenuation ([0-9.]+)"), 0.001);
        for (int c : new int[] {290, 295, 297, 300}) {
            assertTrue(number(s, "centre " + c + ": negative attenuation ([0-9.]+)") > 30, s);
        }
        assertTrue(s.contains("sharpest slice at centre 296\n"), s);
        assertEquals(295.53, number(s, "find_centre: ([0-9.]+)"), 0.005);
        for (int c = 290; c <= 300; c++) {
            byte[] head = Files.readAllBytes(out.resolve("tooth_centre_" + c + ".h5"));
            assertEquals("\u0089HDF", new String(head, 0, 4, StandardCharsets.ISO_8859_1));
        }
    }
}
