package org.daybreak.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobSpec;
import org.daybreak.hdf5.H5File;
import org.daybreak.tomo.io.AngleFiles;
import org.daybreak.tomo.io.H5ScanSource;
import org.daybreak.tomo.io.TiffFolderSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real scans from /work/shared/testdata: DataExchange (tooth), NXtomo behind external links (DIAD), TIFFs (Savu). */
class RealDataTest {

    private static Map<String, Object> run(Map<String, String> inputs, Map<String, Object> params) throws Exception {
        return new ReconJob().run(new JobSpec(ReconJob.KIND, params, inputs), JobContext.NONE);
    }

    private static double mean(float[] v, boolean[] mask) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < v.length; i++) {
            if (mask[i]) {
                s += v[i];
                n++;
            }
        }
        return s / n;
    }

    @Test
    void toothFromDataExchange(@TempDir Path dir) throws Exception {
        Path tooth = TestData.file("tomopy/tooth.h5");
        try (H5ScanSource src = H5ScanSource.open(tooth, null)) {
            assertEquals(181, src.projectionCount());
            assertEquals(2, src.rows());
            assertEquals(640, src.columns());
            assertEquals(0, src.anglesDegrees()[0], 1e-9);
            assertEquals(1, src.flatMeans(0, 2).size());
        }
        Path out = dir.resolve("tooth.h5");
        Map<String, Object> r = run(Map.of("scan", tooth.toString()), Map.of("out", out.toString()));
        double centre = ((Number) r.get("centre")).doubleValue();
        // the tooth's axis is near column 296 (TomoPy's tutorial; our entropy search agrees)
        assertEquals(296, centre, 1.5);
        try (H5File f = H5File.open(out)) {
            NDArray vol = f.dataset("/entry/reconstruction/data").read();
            assertArrayEquals(new int[] {2, 640, 640}, vol.shape());
            assertEquals("data", String.valueOf(f.attribute("/entry/reconstruction", "signal")));
            assertEquals(2L, ((Number) f.attribute("/entry/reconstruction/data", "slices_completed")).longValue());
            float[] s0 = vol.get(0).toFloatArray();
            for (float v : s0) {
                assertTrue(Float.isFinite(v));
            }
            // the tooth (within 80 px of the axis) is much denser than the air around it (220..300 px)
            boolean[] inner = Phantoms.circle(640, 80.0 / 320);
            boolean[] ring = Phantoms.circle(640, 300.0 / 320);
            boolean[] inside = Phantoms.circle(640, 220.0 / 320);
            for (int i = 0; i < ring.length; i++) {
                ring[i] &= !inside[i];
            }
            double tooth0 = mean(s0, inner);
            double air = mean(s0, ring);
            assertTrue(tooth0 > 0.004 && tooth0 > 10 * Math.abs(air), "tooth " + tooth0 + " air " + air);
        }
    }

    @Test
    void diadScanBehindExternalLinks(@TempDir Path dir) throws Exception {
        Path nxs = TestData.file("httomo/k11_diad/k11-18014.nxs");
        try (H5ScanSource src = H5ScanSource.open(nxs, null)) {
            assertEquals(3001, src.projectionCount());
            assertEquals(22, src.rows());
            assertEquals(26, src.columns());
            // 50 flats before and 50 after the projections: two groups for interpolation
            var flats = src.flatMeans(0, 22);
            assertEquals(2, flats.size());
            assertEquals(-0.5, flats.get(0).position());
            assertEquals(3000.5, flats.get(1).position());
            double[] a = src.anglesDegrees();
            assertEquals(90, a[0], 0.5);
            assertEquals(270, a[a.length - 1], 0.5);
        }
        Path out = dir.resolve("k11.npy");
        Map<String, Object> r = run(Map.of("scan", nxs.toString()), Map.of("out", out.toString(), "slices", "5:9"));
        double centre = ((Number) r.get("centre")).doubleValue();
        assertTrue(centre > 0 && centre < 25, "centre " + centre);
        NDArray vol = Npy.read(out);
        assertArrayEquals(new int[] {4, 26, 26}, vol.shape());
        for (float v : vol.toFloatArray()) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void savuTiffFolderWithItsAnglesFile(@TempDir Path dir) throws Exception {
        Path folder = TestData.file("savu/image_test/tiffs");
        Path angles = TestData.file("savu/image_test/angles.txt");
        double[] all = AngleFiles.read(angles);
        assertEquals(111, all.length);
        TiffFolderSource src = new TiffFolderSource(folder, angles, null, null);
        assertEquals(91, src.projectionCount());
        assertEquals(135, src.rows());
        assertEquals(160, src.columns());
        double[] a = src.anglesDegrees();
        // frames 11..101 of the scan (1-based lines of angles.txt) are the projections, 2 degrees apart
        assertArrayEquals(Arrays.copyOfRange(all, 10, 101), a);
        assertEquals(-88.2, a[0], 1e-3);
        assertEquals(91.8, a[90], 1e-3);
        // uint16 projections and float32 dark/flat read with their values
        float[][] p = src.projections(67, 68);
        assertEquals(23219f, p[0][0]);
        float[] flat = src.flatMeans(67, 68).get(0).mean();
        assertEquals(33312f, flat[0], 0.5f);
        Path out = dir.resolve("savu.npy");
        Map<String, Object> r = run(Map.of("scan", folder.toString(), "angles", angles.toString()),
                Map.of("out", out.toString(), "slices", "60:70", "ringRemoval", "sorting"));
        double centre = ((Number) r.get("centre")).doubleValue();
        assertEquals(86, centre, 1.0);
        NDArray vol = Npy.read(out);
        assertArrayEquals(new int[] {10, 160, 160}, vol.shape());
        float[] s = vol.get(7).toFloatArray();
        float max = Float.NEGATIVE_INFINITY;
        int at = -1;
        for (int i = 0; i < s.length; i++) {
            assertTrue(Float.isFinite(s[i]));
            if (s[i] > max) {
                max = s[i];
                at = i;
            }
        }
        // the dense particle of slice 67 lies about 15 px from the axis, left of and above it
        int y = at / 160;
        int x = at % 160;
        double radius = Math.hypot(x - 80, y - 80);
        assertTrue(radius > 5 && radius < 30, "densest pixel at " + x + "," + y);
    }

    @Test
    void sliceRangeAndAlgorithmsAgreeOnRealData(@TempDir Path dir) throws Exception {
        Path tooth = TestData.file("tomopy/tooth.h5");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("out", dir.resolve("cgls.npy").toString());
        p.put("algorithm", "cgls");
        p.put("iterations", 10);
        p.put("center", "296");
        p.put("slices", "0:1");
        p.put("crop", "136:456");
        p.put("bin", 2);
        run(Map.of("scan", tooth.toString()), p);
        p.put("out", dir.resolve("fbp.npy").toString());
        p.put("algorithm", "fbp");
        run(Map.of("scan", tooth.toString()), p);
        float[] cg = Npy.read(dir.resolve("cgls.npy")).toFloatArray();
        float[] fbp = Npy.read(dir.resolve("fbp.npy")).toFloatArray();
        assertEquals(160 * 160, cg.length);
        // bin 2 halves the detector; the centre stays in raw detector columns
        double dot = 0;
        double n1 = 0;
        double n2 = 0;
        for (int i = 0; i < cg.length; i++) {
            dot += cg[i] * fbp[i];
            n1 += cg[i] * cg[i];
            n2 += fbp[i] * fbp[i];
        }
        assertTrue(dot / Math.sqrt(n1 * n2) > 0.8, "correlation " + dot / Math.sqrt(n1 * n2));
    }
}
