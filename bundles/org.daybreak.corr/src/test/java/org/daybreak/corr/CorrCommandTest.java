package org.daybreak.corr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.corr.cli.CorrCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int corr(String... args) throws Exception {
        return new CorrCommand().run(List.of(args), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(errBytes));
    }

    @Test
    void xengineCommandMatchesReferenceBitForBit() throws Exception {
        int time = 48, channels = 5, antennas = 7, k = 16;
        byte[] x = new byte[time * channels * antennas * 2];
        new Random(4).nextBytes(x);
        x[0] = -128;
        x[1] = 127;
        Npy.write(dir.resolve("X.npy"), NDArray.wrap(DType.INT8, x, time, channels, antennas, 2));
        assertEquals(0, corr("xengine", "--in", dir.resolve("X.npy").toString(), "--out",
                dir.resolve("V.npy").toString(), "--integrate", String.valueOf(k)));
        NDArray v = Npy.read(dir.resolve("V.npy"));
        assertEquals(DType.INT64, v.dtype());
        assertArrayEquals(new int[] {time / k, channels, antennas * (antennas + 1) / 2, 2}, v.shape());
        assertArrayEquals(ReferenceCorrelator.xengine(x, time, channels, antennas, k), (long[]) v.data());
    }

    @Test
    void xengineCommandFloatInputGivesFloat64() throws Exception {
        int time = 20, channels = 3, antennas = 4, k = 10;
        float[] x = new float[time * channels * antennas * 2];
        Random r = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        Npy.write(dir.resolve("Xf.npy"), NDArray.wrap(DType.FLOAT32, x, time, channels, antennas, 2));
        assertEquals(0, corr("xengine", "--in", dir.resolve("Xf.npy").toString(), "--out",
                dir.resolve("Vf.npy").toString(), "--integrate", String.valueOf(k), "--threads", "2"));
        NDArray v = Npy.read(dir.resolve("Vf.npy"));
        assertEquals(DType.FLOAT64, v.dtype());
        double[] ref = ReferenceCorrelator.xengine(x, time, channels, antennas, k);
        double[] got = (double[]) v.data();
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], got[i], 1e-4);
        }
    }

    @Test
    void helpPrintsUsage() throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        assertEquals(0, new CorrCommand().run(List.of("xengine", "--help"), new PrintStream(o), new PrintStream(o)));
        assertTrue(o.toString().contains("daybreak corr xengine --in X.npy --out V.npy --integrate K"));
    }

    @Test
    void xengineBadInputIsOneSentence() throws Exception {
        Npy.write(dir.resolve("X3.npy"), NDArray.zeros(DType.INT8, 4, 2, 3));
        Npy.write(dir.resolve("X.npy"), NDArray.zeros(DType.INT8, 10, 2, 3, 2));
        Npy.write(dir.resolve("Xi.npy"), NDArray.zeros(DType.INT32, 10, 2, 3, 2));
        String in = dir.resolve("X.npy").toString(), out = dir.resolve("V.npy").toString();
        InputException e = assertThrows(InputException.class,
                () -> corr("xengine", "--in", dir.resolve("X3.npy").toString(), "--out", out, "--integrate", "1"));
        assertTrue(e.getMessage().contains("must be shaped [time][channel][antenna][2], not [4, 2, 3]"), e.getMessage());
        e = assertThrows(InputException.class, () -> corr("xengine", "--in", in, "--out", out, "--integrate", "3"));
        assertEquals("the integration length 3 does not divide the 10 spectra of " + in, e.getMessage());
        e = assertThrows(InputException.class, () -> corr("xengine", "--in", dir.resolve("Xi.npy").toString(),
                "--out", out, "--integrate", "5"));
        assertTrue(e.getMessage().endsWith("the X-engine takes int8 (or float32) data, not INT32"), e.getMessage());
        assertThrows(UsageException.class, () -> corr("xengine", "--in", in, "--out", out, "--integrate", "0"));
        assertThrows(UsageException.class, () -> corr("xengine", "--in", in, "--out", out));
        assertThrows(UsageException.class, () -> corr("xengine", "--in", in, "--out", out, "--integrate", "2", "--bogus"));
        assertThrows(java.io.IOException.class, () -> corr("xengine", "--in", dir.resolve("none.npy").toString(),
                "--out", out, "--integrate", "2"));
    }

    @Test
    void simulateThenRunThroughNpy() throws Exception {
        Path volt = dir.resolve("volt.npy"), vis = dir.resolve("vis.npy");
        assertEquals(0, corr("simulate", "--antennas", "3", "--samples", "19200", "--tone", "0.125", "--delays",
                "0,1.5,-2", "--gains", "1,2,0.5", "--noise", "6,3", "--seed", "3", "--out", volt.toString()));
        NDArray v = Npy.read(volt);
        assertEquals(DType.INT8, v.dtype());
        assertArrayEquals(new int[] {3, 1, 19200}, v.shape());
        assertEquals(0, corr("run", "--in", volt.toString(), "--out", vis.toString(), "--channels", "32", "--integrate",
                "50", "--delays", "0,1.5,-2", "--requantise", "0.05"));
        NDArray out = Npy.read(vis);
        assertEquals(DType.INT64, out.dtype());
        assertArrayEquals(new int[] {19200 / 64 / 50, 32, 6, 1, 2}, out.shape());
        assertArrayEquals(new int[] {0, 0, 0, 1, 0, 2, 1, 1, 1, 2, 2, 2}, (int[]) Npy.read(dir.resolve("vis_baselines.npy")).data());
        assertEquals(32, Npy.read(dir.resolve("vis_frequencies.npy")).size());
        // the tone at 0.125 of the sample rate is channel 8: the delay-corrected cross phase there is near zero
        double re = out.getDouble(0, 8, 1, 0, 0), im = out.getDouble(0, 8, 1, 0, 1);
        assertTrue(Math.abs(Math.atan2(im, re)) < 0.05, "phase " + Math.atan2(im, re));
        assertTrue(errBytes.toString().contains("corr run: 100% done"), errBytes.toString());
    }

    @Test
    void runAcceptsInt16AndFloatVoltagesAlike() throws Exception {
        Simulator.Params p = new Simulator.Params(2, 2048, 1, new double[] {0.25}, 300, null, null, 100, 50, 2);
        float[][] f = Simulator.voltages(p);
        short[] s = new short[2 * 2048];
        float[] fl = new float[2 * 2048];
        for (int a = 0; a < 2; a++) {
            for (int n = 0; n < 2048; n++) {
                s[a * 2048 + n] = (short) Math.rint(f[a][n]);
                fl[a * 2048 + n] = s[a * 2048 + n];
            }
        }
        Npy.write(dir.resolve("v16.npy"), NDArray.wrap(DType.INT16, s, 2, 2048));
        Npy.write(dir.resolve("vf.npy"), NDArray.wrap(DType.FLOAT32, fl, 2, 1, 2048));
        assertEquals(0, corr("run", "--in", dir.resolve("v16.npy").toString(), "--out", dir.resolve("a.npy").toString(),
                "--channels", "16", "--integrate", "16"));
        assertEquals(0, corr("run", "--in", dir.resolve("vf.npy").toString(), "--out", dir.resolve("b.npy").toString(),
                "--channels", "16", "--integrate", "16"));
        NDArray a = Npy.read(dir.resolve("a.npy")), b = Npy.read(dir.resolve("b.npy"));
        assertArrayEquals(new int[] {4, 16, 3, 1, 2}, a.shape());
        assertArrayEquals((double[]) a.data(), (double[]) b.data());
        // the tone at fs/4 sits in channel 8 of 16
        assertTrue(a.getDouble(0, 8, 0, 0, 0) > 10 * a.getDouble(0, 3, 0, 0, 0));
    }

    @Test
    void runBadInputIsOneSentence() throws Exception {
        Path volt = dir.resolve("volt.npy");
        assertEquals(0, corr("simulate", "--antennas", "2", "--samples", "4000", "--out", volt.toString()));
        String vis = dir.resolve("vis.npy").toString();
        InputException e = assertThrows(InputException.class, () -> corr("run", "--in", volt.toString(), "--out", vis,
                "--channels", "48", "--integrate", "2"));
        assertEquals("the number of channels must be a power of two, not 48", e.getMessage());
        e = assertThrows(InputException.class, () -> corr("run", "--in", volt.toString(), "--out", vis, "--channels",
                "64", "--integrate", "3"));
        assertEquals("the integration length 3 (x 128 samples per spectrum = 384) does not divide the 4000 samples",
                e.getMessage());
        e = assertThrows(InputException.class, () -> corr("run", "--in", volt.toString(), "--out", vis, "--channels",
                "32", "--integrate", "5", "--delays", "1,2,3"));
        assertEquals("3 delays given for 2 antennas", e.getMessage());
        assertThrows(UsageException.class, () -> corr("simulate", "--antennas", "2", "--samples", "100", "--tone",
                "0.7", "--out", vol(dir)));
        assertThrows(UsageException.class, () -> corr("simulate", "--antennas", "2", "--samples", "100", "--delays",
                "1", "--out", vol(dir)));
        assertThrows(UsageException.class, () -> corr("frobnicate"));
    }

    private static String vol(Path dir) {
        return dir.resolve("v2.npy").toString();
    }

    @Test
    void runJobIsRegisteredAsAService() {
        org.daybreak.core.job.JobRegistry r = new org.daybreak.core.job.JobRegistry();
        r.loadServices(CorrRunJob.class.getClassLoader());
        assertTrue(r.find("corr.run") instanceof CorrRunJob);
    }

    @Test
    void qualifyWritesAPassingReport() throws Exception {
        Path q = dir.resolve("qual");
        assertEquals(0, corr("qualify", "--out", q.toString()));
        for (String f : new String[] {"results.json", "index.html", "linearity.png", "baseline_ordering.png",
            "channel_response.png", "delay_tracking.png", "delay_phase.png"}) {
            assertTrue(Files.size(q.resolve(f)) > 100, f);
        }
        @SuppressWarnings("unchecked")
        List<Object> checks = (List<Object>) org.daybreak.core.json.Json.parseObject(Files.readString(
                q.resolve("results.json"))).get("checks");
        assertTrue(checks.size() >= 4);
        for (Object c : checks) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> m = (java.util.Map<String, Object>) c;
            assertEquals(Boolean.TRUE, m.get("pass"), m.get("name") + ": " + m.get("measured"));
            assertTrue(m.containsKey("requirement") && m.containsKey("limit"));
        }
    }
}
