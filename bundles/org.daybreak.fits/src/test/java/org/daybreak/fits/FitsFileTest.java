package org.daybreak.fits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.LazyDataset;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MWA random-groups UVFITS file of the shared test data (pyuvdata 1061316296.uvfits), checked against its
 * header as printed by {@code head -c 8640 FILE | fold -w 80} and against values decoded independently with numpy
 * (src/test/resources/org/daybreak/fits/uvfits_peer.py: frombuffer '>f4'/'>f8'/'>i4' at computed offsets).
 */
class FitsFileTest {
    static final String SLICE = "100:200:7,0,0,0,0,1:3,::2";
    static Map<String, Object> peer;

    @TempDir
    static Path tmp;

    static Path testdata() {
        String p = System.getProperty("daybreak.testdata");
        Path d = p != null ? Path.of(p) : Path.of("../../../shared/testdata");
        if (!Files.isDirectory(d.resolve("radio"))) {
            throw new AssertionError("test data not found at " + d.toAbsolutePath()
                    + " (set -Ddaybreak.testdata to the shared testdata folder)");
        }
        return d;
    }

    static Path uvfits() {
        Path f = testdata().resolve("radio/pyuvdata/1061316296.uvfits");
        if (!Files.isRegularFile(f)) {
            throw new AssertionError("MWA test file missing: " + f.toAbsolutePath());
        }
        return f;
    }

    @BeforeAll
    static void runPeer() throws Exception {
        Path script = tmp.resolve("uvfits_peer.py");
        try (InputStream in = FitsFileTest.class.getResourceAsStream("uvfits_peer.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), uvfits().toString(), SLICE)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "numpy peer failed (is /usr/bin/python3 with numpy installed?)");
        peer = Json.parseObject(out);
    }

    @Test
    void headerAndStructure() throws Exception {
        try (FitsFile f = FitsFile.open(uvfits())) {
            assertEquals(List.of("PRIMARY", "AIPS AN"), f.hdus().stream().map(FitsHdu::name).toList());
            FitsHdu p = f.hdus().get(0);
            assertEquals(FitsHdu.Kind.RANDOM_GROUPS, p.kind());
            Map<String, Object> h = p.header();
            assertEquals(Boolean.TRUE, h.get("SIMPLE"));
            assertEquals(-32L, h.get("BITPIX"));
            assertEquals(16256L, h.get("GCOUNT"));
            assertEquals(11L, h.get("PCOUNT"));
            assertEquals("MWA", h.get("TELESCOP"));
            assertEquals("high_season1_2456528", h.get("OBJECT"));
            assertEquals("DATE", h.get("PTYPE4"));
            assertEquals(2456528.25, h.get("PZERO4"));
            assertEquals(167075000.0, h.get("CRVAL4"));
            assertEquals(1061316296L, h.get("GPSTIME"));
            assertEquals(Boolean.FALSE, h.get("CALIBRAT"));
            assertEquals("2013-08-23T18:04:39.999", h.get("DATE-OBS"));
            assertEquals("conforms to FITS standard", p.cards().get(0).comment());
            assertEquals(List.of("group_parameters", "data"), List.copyOf(p.datasets().keySet()));
            LazyDataset gp = p.dataset("group_parameters");
            assertArrayEquals(new int[] {16256, 11}, gp.shape());
            assertEquals(DType.FLOAT64, gp.dtype());
            LazyDataset d = f.dataset("/PRIMARY/data");
            assertArrayEquals(new int[] {16256, 1, 1, 1, 1, 4, 3}, d.shape());
            assertEquals(DType.FLOAT32, d.dtype());
            assertEquals("/PRIMARY/data", d.name());

            FitsHdu an = f.hdu("AIPS AN");
            assertEquals(FitsHdu.Kind.BINTABLE, an.kind());
            assertEquals("ITRF", an.header().get("FRAME"));
            assertEquals(-2559453.29059553, an.header().get("ARRAYX"));
            assertEquals(List.of("ANNAME", "STABXYZ", "NOSTA", "MNTSTA", "STAXOF", "POLTYA", "POLAA", "POLTYB",
                    "POLAB"), List.copyOf(an.datasets().keySet()));
            assertArrayEquals(new int[] {128}, an.dataset("ANNAME").shape());
            assertEquals(DType.STRING, an.dataset("ANNAME").dtype());
            assertEquals("|S8", FitsFile.numpyDtype(an.dataset("ANNAME")));
            assertEquals("<f8", FitsFile.numpyDtype(an.dataset("STABXYZ")));
            assertArrayEquals(new int[] {128, 3}, an.dataset("STABXYZ").shape());
            assertEquals(DType.FLOAT64, an.dataset("STABXYZ").dtype());
            assertEquals(DType.INT32, an.dataset("NOSTA").dtype());
            assertEquals(DType.FLOAT32, an.dataset("POLAA").dtype());
            assertEquals(1514880L, an.headerOffset());
        }
    }

    @Test
    void valuesMatchNumpy() throws Exception {
        try (FitsFile f = FitsFile.open(uvfits())) {
            LazyDataset gp = f.dataset("/PRIMARY/group_parameters");
            assertRows((List<?>) peer.get("params_head"), gp.read("0:3"));
            assertRows((List<?>) peer.get("params_tail"), gp.read("-2:"));
            double sum = 0;
            for (double v : gp.read().toDoubleArray()) {
                sum += v;
            }
            assertEquals(((Number) peer.get("param_sum")).doubleValue(), sum, 1e-9 * Math.abs(sum));
            LazyDataset d = f.dataset("/PRIMARY/data");
            double dsum = 0;
            for (float v : d.read().toFloatArray()) {
                dsum += v;
            }
            assertEquals(((Number) peer.get("data_sum")).doubleValue(), dsum, 1e-6 * Math.abs(dsum));
            NDArray s = d.read(SLICE);
            assertArrayEquals(((List<?>) peer.get("slice_shape")).stream().mapToInt(x -> ((Number) x).intValue())
                    .toArray(), s.shape());
            assertArrayEquals(((List<?>) peer.get("slice")).stream().mapToDouble(x -> ((Number) x).doubleValue())
                    .toArray(), s.toDoubleArray(), 0);

            assertRows((List<?>) peer.get("stabxyz"), f.dataset("/AIPS AN/STABXYZ").read());
            assertArrayEquals(((List<?>) peer.get("nosta")).stream().mapToLong(x -> ((Number) x).longValue())
                    .toArray(), java.util.Arrays.stream(f.dataset("/AIPS AN/NOSTA").read().toDoubleArray())
                    .mapToLong(x -> (long) x).toArray());
            assertArrayEquals(((List<?>) peer.get("polaa")).stream().mapToDouble(x -> ((Number) x).doubleValue())
                    .toArray(), f.dataset("/AIPS AN/POLAA").read().toDoubleArray(), 0);
            NDArray names = f.dataset("/AIPS AN/ANNAME").read();
            List<?> expected = (List<?>) peer.get("anname");
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), names.getString(i));
            }
            assertEquals("X", f.dataset("/AIPS AN/POLTYA").read("0").getString());
            assertNotNull(f.hdu("PRIMARY"));
        }
    }

    private static void assertRows(List<?> expected, NDArray actual) {
        assertEquals(expected.size(), actual.shape()[0]);
        for (int r = 0; r < expected.size(); r++) {
            List<?> row = (List<?>) expected.get(r);
            for (int c = 0; c < row.size(); c++) {
                assertEquals(((Number) row.get(c)).doubleValue(), actual.getDouble(r, c), 0, "row " + r + " col " + c);
            }
        }
    }
}
