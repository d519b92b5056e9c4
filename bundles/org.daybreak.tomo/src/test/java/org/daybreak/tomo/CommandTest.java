package org.daybreak.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.json.Json;
import org.daybreak.hdf5.H5File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tomo} command's contracts on .npy arrays and its one-line errors. */
class CommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int tomo(String... args) throws Exception {
        out.reset();
        err.reset();
        return new TomoCommand().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Writes a phantom sinogram stack [slices][angles][n] with the given centre and returns the angles file. */
    private static Path sinograms(Path dir, int slices, int angles, int n, double centre) throws Exception {
        double[] a = Phantoms.angles(angles, 180);
        float[] all = new float[slices * angles * n];
        for (int s = 0; s < slices; s++) {
            float[] one = Phantoms.sinogram(Phantoms.MODIFIED_SHEPP_LOGAN, n, 0.6 + 0.05 * s, a, n, centre);
            System.arraycopy(one, 0, all, s * angles * n, one.length);
        }
        NDArray arr = slices == 1 ? NDArray.wrap(DType.FLOAT32, all, angles, n)
                : NDArray.wrap(DType.FLOAT32, all, slices, angles, n);
        Npy.write(dir.resolve("s.npy"), arr);
        Npy.write(dir.resolve("a.npy"), NDArray.of(a, a.length));
        return dir.resolve("a.npy");
    }

    @Test
    void reconOfA2dSinogramGivesAnNByNSlice(@TempDir Path dir) throws Exception {
        sinograms(dir, 1, 90, 64, 32);
        assertEquals(0, tomo("recon", "--sinogram", dir.resolve("s.npy").toString(), "--angles",
                dir.resolve("a.npy").toString(), "--filter", "shepp-logan", "--out", dir.resolve("r.npy").toString()));
        NDArray r = Npy.read(dir.resolve("r.npy"));
        assertArrayEquals(new int[] {64, 64}, r.shape());
        assertEquals(DType.FLOAT32, r.dtype());
        assertTrue(err.toString().contains("tomo recon"), "progress goes to stderr");
        assertEquals("", stdout());
    }

    @Test
    void reconOfA3dStackWithEveryAlgorithm(@TempDir Path dir) throws Exception {
        sinograms(dir, 3, 60, 48, 24);
        for (String alg : new String[] {"fbp", "sirt", "cgls"}) {
            Path r = dir.resolve(alg + ".npy");
            assertEquals(0, tomo("recon", "--sinogram", dir.resolve("s.npy").toString(), "--angles",
                    dir.resolve("a.npy").toString(), "--algorithm", alg, "--iterations", "15", "--out", r.toString()));
            assertArrayEquals(new int[] {3, 48, 48}, Npy.read(r).shape());
        }
        Path part = dir.resolve("part.npy");
        assertEquals(0, tomo("recon", "--sinogram", dir.resolve("s.npy").toString(), "--angles",
                dir.resolve("a.npy").toString(), "--slices", "1:3", "--out", part.toString(), "--json"));
        assertArrayEquals(new int[] {2, 48, 48}, Npy.read(part).shape());
        Map<String, Object> summary = Json.parseObject(stdout().trim());
        assertEquals(2, ((Number) summary.get("slices_completed")).intValue());
    }

    @Test
    void centrePrintsANumberAndFindsTheShift(@TempDir Path dir) throws Exception {
        sinograms(dir, 1, 180, 128, 64 - 1.7);
        assertEquals(0, tomo("center", "--sinogram", dir.resolve("s.npy").toString(), "--angles",
                dir.resolve("a.npy").toString()));
        double c = Double.parseDouble(stdout().trim());
        assertEquals(62.3, c, 0.1);
        assertEquals(0, tomo("center", "--sinogram", dir.resolve("s.npy").toString(), "--angles",
                dir.resolve("a.npy").toString(), "--json"));
        assertEquals(62.3, ((Number) Json.parseObject(stdout()).get("centre")).doubleValue(), 0.1);
        Path stack = dir.resolve("stack.npy");
        assertEquals(0, tomo("center", "--sinogram", dir.resolve("s.npy").toString(), "--angles",
                dir.resolve("a.npy").toString(), "--search", "60:64:0.5", "--out", stack.toString()));
        assertArrayEquals(new int[] {9, 128, 128}, Npy.read(stack).shape());
        assertEquals(9, stdout().trim().split("\n").length);
    }

    @Test
    void badInputIsOneClearSentence(@TempDir Path dir) throws Exception {
        sinograms(dir, 1, 30, 40, 20);
        String s = dir.resolve("s.npy").toString();
        String a = dir.resolve("a.npy").toString();
        String r = dir.resolve("r.npy").toString();
        InputException e = assertThrows(InputException.class,
                () -> tomo("recon", "--sinogram", s, "--angles", a, "--center", "45", "--out", r));
        assertTrue(e.getMessage().contains("outside the detector"), e.getMessage());
        Npy.write(dir.resolve("a29.npy"), NDArray.of(Phantoms.angles(29, 180), 29));
        e = assertThrows(InputException.class, () -> tomo("recon", "--sinogram", s, "--angles",
                dir.resolve("a29.npy").toString(), "--out", r));
        assertTrue(e.getMessage().contains("30 projections") && e.getMessage().contains("29 angles"), e.getMessage());
        e = assertThrows(InputException.class, () -> tomo("center", "--sinogram", s, "--angles",
                dir.resolve("a29.npy").toString()));
        assertTrue(e.getMessage().contains("29 angles"), e.getMessage());
        e = assertThrows(InputException.class, () -> tomo("recon", "--sinogram", dir.resolve("nope.npy").toString(),
                "--angles", a, "--out", r));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        e = assertThrows(InputException.class, () -> tomo("recon", "--sinogram", s, "--angles", a, "--filter",
                "gauss", "--out", r));
        assertTrue(e.getMessage().contains("unknown FBP filter"), e.getMessage());
        assertThrows(UsageException.class, () -> tomo("recon", "--sinogram", s, "--angles", a, "--bogus", "1",
                "--out", r));
        assertThrows(UsageException.class, () -> tomo("recon", "--sinogram", s, "--angles", a));
        for (String m : List.of(e.getMessage())) {
            assertTrue(!m.contains("\n"));
        }
    }

    /** A TIFF folder: 4 projections of 8x6, with a flat and a dark of the given value. */
    private static Path tiffScan(Path dir, float flatValue, boolean withFlat) throws Exception {
        Path f = Files.createDirectories(dir.resolve("proj"));
        float[] p = new float[48];
        java.util.Arrays.fill(p, 50f);
        for (int i = 0; i < 4; i++) {
            ReconOutput.writeFloatTiff(f.resolve(String.format("p_%02d.tif", i)), p, 8, 6);
        }
        float[] d = new float[48];
        ReconOutput.writeFloatTiff(dir.resolve("dark_0.tif"), d, 8, 6);
        if (withFlat) {
            float[] fl = new float[48];
            java.util.Arrays.fill(fl, flatValue);
            ReconOutput.writeFloatTiff(dir.resolve("flat_0.tif"), fl, 8, 6);
        }
        Files.writeString(dir.resolve("angles.txt"), "0 45 90 135\n");
        return f;
    }

    @Test
    void scanProblemsAreReported(@TempDir Path dir) throws Exception {
        Path noFlat = tiffScan(dir.resolve("a"), 100, false);
        String out1 = dir.resolve("o.npy").toString();
        InputException e = assertThrows(InputException.class, () -> tomo("recon", noFlat.toString(), "--angles",
                dir.resolve("a/angles.txt").toString(), "--out", out1));
        assertTrue(e.getMessage().contains("no flat-field"), e.getMessage());
        Path zeroFlat = tiffScan(dir.resolve("b"), 0, true);
        e = assertThrows(InputException.class, () -> tomo("recon", zeroFlat.toString(), "--angles",
                dir.resolve("b/angles.txt").toString(), "--center", "4", "--out", out1));
        assertTrue(e.getMessage().contains("all-zero flats"), e.getMessage());
        Path ok = tiffScan(dir.resolve("c"), 100, true);
        Files.writeString(dir.resolve("c/angles.txt"), "0 45 90\n");
        e = assertThrows(InputException.class, () -> tomo("recon", ok.toString(), "--angles",
                dir.resolve("c/angles.txt").toString(), "--out", out1));
        assertTrue(e.getMessage().contains("3 angles but there are 4 projections"), e.getMessage());
        e = assertThrows(InputException.class, () -> tomo("recon", ok.toString(), "--out", out1));
        assertTrue(e.getMessage().contains("--angles"), e.getMessage());
        // a consistent folder works and yields -ln(50/100) everywhere in the sinogram
        Files.writeString(dir.resolve("c/angles.txt"), "0 45 90 135\n");
        assertEquals(0, tomo("recon", ok.toString(), "--angles", dir.resolve("c/angles.txt").toString(), "--center",
                "4", "--out", out1));
        assertArrayEquals(new int[] {6, 8, 8}, Npy.read(Path.of(out1)).shape());
    }

    @Test
    void cancelledVolumeKeepsTheSlicesDone(@TempDir Path dir) throws Exception {
        sinograms(dir, 40, 30, 32, 16);
        AtomicInteger reports = new AtomicInteger();
        List<String> messages = new ArrayList<>();
        JobContext cancelAfterFirstBlock = new JobContext() {
            @Override
            public void progress(double fraction, String message) {
                messages.add(message);
                reports.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return reports.get() >= 2;
            }
        };
        Path out = dir.resolve("v.h5");
        Map<String, Object> r = new ReconJob().run(new JobSpec(ReconJob.KIND, Map.of("out", out.toString()),
                Map.of("sinogram", dir.resolve("s.npy").toString(), "angles", dir.resolve("a.npy").toString())),
                cancelAfterFirstBlock);
        assertEquals(Boolean.TRUE, r.get("cancelled"));
        assertEquals(Fbp.BLOCK, ((Number) r.get("slices_completed")).intValue());
        try (H5File f = H5File.open(out)) {
            assertArrayEquals(new int[] {Fbp.BLOCK, 32, 32}, f.dataset("/entry/reconstruction/data").shape());
            assertEquals(16L, ((Number) f.attribute("/entry/reconstruction/data", "slices_completed")).longValue());
            assertEquals(40L, ((Number) f.attribute("/entry/reconstruction/data", "slices_requested")).longValue());
            assertEquals(16L, ((Number) f.dataset("/entry/process/slices_completed").read().getDouble()).longValue());
        }
    }

    @Test
    void tiffOutputAndCentreInRawDetectorColumns(@TempDir Path dir) throws Exception {
        Path scan = tiffScan(dir, 100, true);
        Path npy = dir.resolve("r.npy");
        Path tiffs = dir.resolve("tiffs");
        assertEquals(0, tomo("recon", scan.toString(), "--angles", dir.resolve("angles.txt").toString(), "--crop",
                "1:7", "--center", "4", "--slices", "2:4", "--tiff-dir", tiffs.toString(), "--out", npy.toString(),
                "--json"));
        Map<String, Object> summary = Json.parseObject(stdout().trim());
        assertEquals(3.0, ((Number) summary.get("centre")).doubleValue(), 1e-9); // column 4 is bin 3 after crop 1:7
        assertEquals(4.0, ((Number) summary.get("centre_detector")).doubleValue(), 1e-9);
        NDArray vol = Npy.read(npy);
        assertArrayEquals(new int[] {2, 6, 6}, vol.shape());
        java.awt.image.Raster r = javax.imageio.ImageIO.read(tiffs.resolve("slice_00003.tiff").toFile()).getRaster();
        assertEquals(6, r.getWidth());
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                assertEquals(vol.getDouble(1, y, x), r.getSampleFloat(x, y, 0), 1e-6);
            }
        }
        InputException e = assertThrows(InputException.class, () -> tomo("recon", scan.toString(), "--angles",
                dir.resolve("angles.txt").toString(), "--crop", "1:7", "--center", "7.5", "--out", npy.toString()));
        assertTrue(e.getMessage().contains("outside the detector"), e.getMessage());
        sinograms(dir, 1, 30, 40, 20);
        e = assertThrows(InputException.class, () -> tomo("recon", "--sinogram", dir.resolve("s.npy").toString(),
                "--angles", dir.resolve("a.npy").toString(), "--bin", "2", "--out", npy.toString()));
        assertTrue(e.getMessage().contains("applies to scans"), e.getMessage());
    }
}
