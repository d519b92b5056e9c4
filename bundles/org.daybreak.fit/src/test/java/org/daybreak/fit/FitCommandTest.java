package org.daybreak.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = new FitCommand().run(List.of(args), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private Path table() throws Exception {
        StringBuilder b = new StringBuilder("# synthetic peak\nx, y, sigma\n");
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 300; i++) {
            double x = i * 0.05;
            double y = 20 * Math.exp(-0.5 * Math.pow((x - 6.2) / 0.8, 2)) / (0.8 * Math.sqrt(2 * Math.PI)) + 0.3 * x + 2
                    + 0.03 * rnd.nextGaussian();
            b.append(x).append(", ").append(y).append(", 0.03   # point ").append(i).append('\n');
        }
        Path f = dir.resolve("peak.csv");
        Files.writeString(f, b.toString());
        return f;
    }

    @SuppressWarnings("unchecked")
    @Test
    void jsonContractForOneTrace() throws Exception {
        Run r = run("--data", table().toString(), "--model", "gaussian+linear", "--json");
        assertEquals(0, r.code, r.err);
        Map<String, Object> m = Json.parseObject(r.out);
        assertEquals(List.of("params", "chi2", "redchi", "iterations", "success", "message"),
                List.copyOf(m.keySet()).subList(0, 6));
        Map<String, Object> params = (Map<String, Object>) m.get("params");
        assertEquals(List.of("p1_amplitude", "p1_center", "p1_sigma", "p2_slope", "p2_intercept"), List.copyOf(params.keySet()));
        Map<String, Object> center = (Map<String, Object>) params.get("p1_center");
        assertEquals(6.2, ((Number) center.get("value")).doubleValue(), 0.01);
        assertTrue(((Number) center.get("stderr")).doubleValue() > 0);
        assertEquals(Boolean.TRUE, m.get("success"));
        assertTrue(m.get("iterations") instanceof Long);
        Map<String, Object> derived = (Map<String, Object>) m.get("derived");
        assertEquals(0.8 * LineShapes.GAUSS_FWHM, ((Number) derived.get("p1_fwhm")).doubleValue(), 0.02);
    }

    @SuppressWarnings("unchecked")
    @Test
    void sigmaColumnColumnsAndExpressions() throws Exception {
        Path f = table();
        Run r = run("--data", f.toString(), "--expr", "a*exp(-(x-c)**2/(2*s^2)) + m*x + b", "--params",
                "a=8,c=6,s=1,m=0,b=1", "--sigma-col", "2", "--json");
        assertEquals(0, r.code, r.err);
        Map<String, Object> m = Json.parseObject(r.out);
        Map<String, Object> params = (Map<String, Object>) m.get("params");
        assertEquals(List.of("a", "c", "s", "m", "b"), List.copyOf(params.keySet()));
        assertEquals(6.2, ((Number) ((Map<String, Object>) params.get("c")).get("value")).doubleValue(), 0.01);
        // weighted by 1/0.03: redchi near 1 for noise of 0.03
        assertEquals(1, ((Number) m.get("redchi")).doubleValue(), 0.3);
        Run swapped = run("--data", f.toString(), "--model", "linear", "--x-col", "1", "--y-col", "0", "--json");
        assertEquals(0, swapped.code, swapped.err);
        Run text = run("--data", f.toString(), "--model", "gaussian+linear");
        assertTrue(text.out.contains("p1_center") && text.out.contains("chi2"), text.out);
    }

    @SuppressWarnings("unchecked")
    @Test
    void stackOfTracesPrintsFits() throws Exception {
        int rows = 4;
        int n = 150;
        double[] y = new double[rows * n];
        for (int t = 0; t < rows; t++) {
            for (int i = 0; i < n; i++) {
                y[t * n + i] = 3 * Math.exp(-0.5 * Math.pow((i - 70 - 3 * t) / 6.0, 2)) + 0.5;
            }
        }
        Path f = dir.resolve("Y.npy");
        Npy.write(f, NDArray.of(y, rows, n));
        Run r = run("--data", f.toString(), "--model", "gaussian+constant", "--json");
        assertEquals(0, r.code, r.err);
        List<Object> fits = (List<Object>) Json.parseObject(r.out).get("fits");
        assertEquals(rows, fits.size());
        for (int t = 0; t < rows; t++) {
            Map<String, Object> fit = (Map<String, Object>) fits.get(t);
            Map<String, Object> c = (Map<String, Object>) ((Map<String, Object>) fit.get("params")).get("p1_center");
            assertEquals(70 + 3 * t, ((Number) c.get("value")).doubleValue(), 1e-6);
            assertEquals(Boolean.TRUE, fit.get("success"));
        }
        Path h5 = dir.resolve("results.h5");
        Run w = run("--data", f.toString(), "--model", "gaussian+constant", "--out", h5.toString());
        assertEquals(0, w.code, w.err);
        try (io.jhdf.HdfFile file = new io.jhdf.HdfFile(h5)) {
            double[] centres = (double[]) file.getDatasetByPath("/p1_center").getData();
            double[] errs = (double[]) file.getDatasetByPath("/p1_center_stderr").getData();
            assertEquals(rows, centres.length);
            for (int t = 0; t < rows; t++) {
                assertEquals(70 + 3 * t, centres[t], 1e-6);
                assertTrue(errs[t] >= 0);
            }
            assertEquals(rows, ((double[]) file.getDatasetByPath("/redchi").getData()).length);
            assertEquals(rows, java.lang.reflect.Array.getLength(file.getDatasetByPath("/chi2").getData()));
            assertEquals(rows, java.lang.reflect.Array.getLength(file.getDatasetByPath("/success").getData()));
            assertEquals("gaussian+constant", file.getAttribute("model").getData());
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void nexusAxisIsUsedForHdf5Data() throws Exception {
        Path f = TestData.file("hdfmap/1049598.nxs");
        Run r = run("--data", f + ":/entry1/measurement/roi1_sum", "--model", "lorentzian+constant", "--json");
        assertEquals(0, r.code, r.err);
        Map<String, Object> params = (Map<String, Object>) Json.parseObject(r.out).get("params");
        double center = ((Number) ((Map<String, Object>) params.get("p1_center")).get("value")).doubleValue();
        // the peak sits at h = 0 (index 50 of the scan); x must come from the h axis
        assertEquals(0, center, 0.001);
    }

    @SuppressWarnings("unchecked")
    @Test
    void everyTraceOfAnNdDatasetIsFittedOnItsAxis() throws Exception {
        // I22 sector integration: data (1, 60, 1502) with an old-style q axis (attribute axis, primary)
        Path f = TestData.file("dawn-scisoft-core/NexusDiffractionTest/results_i22-102527_Pilatus2M_280313_112434.nxs");
        String spec = f + ":/entry1/Pilatus2M_processing/SectorIntegration/data";
        Run r = run("--data", spec, "--model", "gaussian+linear", "--json");
        assertEquals(0, r.code, r.err);
        List<Object> fits = (List<Object>) Json.parseObject(r.out).get("fits");
        assertEquals(60, fits.size());
        for (Object o : fits) {
            Map<String, Object> fit = (Map<String, Object>) o;
            assertEquals(Boolean.TRUE, fit.get("success"), String.valueOf(fit.get("message")));
            double c = ((Number) ((Map<String, Object>) ((Map<String, Object>) fit.get("params")).get("p1_center"))
                    .get("value")).doubleValue();
            // the first peak lies between q[42] = 0.0896 and q[43] = 0.0907 nm^-1 (x from q, not the index)
            assertTrue(c > 0.0896 && c < 0.0908, "centre " + c);
        }
        Path h5 = dir.resolve("map.h5");
        assertEquals(0, run("--data", spec, "--model", "gaussian+linear", "--out", h5.toString()).code);
        try (io.jhdf.HdfFile file = new io.jhdf.HdfFile(h5)) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 60},
                    file.getDatasetByPath("/p1_center").getDimensions());
        }
    }

    @Test
    void realPowderPatternPeakFits() throws Exception {
        Path f = TestData.file("dawn-scisoft-core/processing/Sim_CeO2_SRM674b.dat");
        Run r = run("--data", f.toString(), "--model", "pseudovoigt+constant",
                "--range", "1.9:2.15", "--params", "p1_fraction=0.5[0,1]", "--json");
        Map<String, Object> m = Json.parseObject(r.out);
        assertEquals(Boolean.TRUE, m.get("success"), r.out);
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) m.get("params");
        @SuppressWarnings("unchecked")
        double center = ((Number) ((Map<String, Object>) params.get("p1_center")).get("value")).doubleValue();
        assertEquals(2.0, center, 0.02);
    }

    @Test
    void badInputGetsOneClearSentence() throws Exception {
        Path f = table();
        UsageException u = assertThrows(UsageException.class, () -> run("--data", f.toString(), "--model", "gaussain"));
        assertTrue(u.getMessage().contains("unknown function 'gaussain'"), u.getMessage());
        u = assertThrows(UsageException.class, () -> run("--data", f.toString(), "--expr", "b1*exp(-b2*x))"));
        assertTrue(u.getMessage().endsWith("unexpected ')' at column 14"), u.getMessage());
        u = assertThrows(UsageException.class,
                () -> run("--data", f.toString(), "--model", "gaussian", "--params", "p2_center=1"));
        assertTrue(u.getMessage().contains("unknown parameter 'p2_center'"), u.getMessage());
        u = assertThrows(UsageException.class, () -> run("--data", f.toString()));
        assertTrue(u.getMessage().contains("--model"));
        u = assertThrows(UsageException.class, () -> run("--data", f.toString(), "--model", "linear", "--bogus", "1"));
        assertTrue(u.getMessage().contains("--bogus"));
        InputException i = assertThrows(InputException.class,
                () -> run("--data", dir.resolve("missing.txt").toString(), "--model", "linear"));
        assertTrue(i.getMessage().contains("no such file"));
        Path nan = dir.resolve("nan.txt");
        Files.writeString(nan, "1 2\n2 nan\n3 4\n");
        i = assertThrows(InputException.class, () -> run("--data", nan.toString(), "--model", "linear"));
        assertTrue(i.getMessage().contains("NaN"), i.getMessage());
        Path junk = dir.resolve("junk.txt");
        Files.writeString(junk, "1 2\n2 abc\n");
        i = assertThrows(InputException.class, () -> run("--data", junk.toString(), "--model", "linear"));
        assertTrue(i.getMessage().contains("line 2"), i.getMessage());
        Run singular = run("--data", f.toString(), "--expr", "a*b*x", "--json");
        assertEquals(1, singular.code);
        Map<String, Object> m = Json.parseObject(singular.out);
        assertFalse((Boolean) m.get("success"));
        assertTrue(m.get("message").toString().contains("singular"));
    }
}
