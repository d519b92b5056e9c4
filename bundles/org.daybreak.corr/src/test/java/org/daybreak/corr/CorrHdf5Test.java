package org.daybreak.corr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.corr.cli.CorrCommand;
import org.daybreak.hdf5.H5Dataset;
import org.daybreak.hdf5.H5File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrHdf5Test {
    @TempDir
    Path dir;

    private static int corr(String... args) throws Exception {
        return new CorrCommand().run(List.of(args), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }

    static Path testdata() {
        String p = System.getProperty("daybreak.testdata");
        Path d = p != null ? Path.of(p) : Path.of("../../../shared/testdata");
        if (!Files.isDirectory(d.resolve("radio"))) {
            throw new AssertionError("test data not found at " + d.toAbsolutePath()
                    + " (set -Ddaybreak.testdata to the shared testdata folder)");
        }
        return d;
    }

    @Test
    void simulateAndRunThroughHdf5MatchTheNpyPath() throws Exception {
        String[] sim = {"simulate", "--antennas", "3", "--samples", "12000", "--pols", "2", "--tone", "1250",
            "--sample-rate", "10000", "--delays", "0,0.5,-1.25", "--seed", "8", "--out"};
        Path h5 = dir.resolve("volt.h5"), npy = dir.resolve("volt.npy");
        assertEquals(0, corr(concat(sim, h5.toString())));
        assertEquals(0, corr(concat(sim, npy.toString())));
        try (H5File h = H5File.open(h5)) {
            H5Dataset v = h.dataset("/voltages");
            assertEquals(DType.INT8, v.dtype());
            assertArrayEquals(new int[] {3, 2, 12000}, v.shape());
            assertArrayEquals((byte[]) Npy.read(npy).data(), (byte[]) v.read().data());
            assertEquals(10000.0, ((Number) h.attribute("/voltages", "sample_rate_hz")).doubleValue());
            assertEquals(8L, ((Number) h.attribute("/simulation", "seed")).longValue());
        }
        String[] run = {"--channels", "16", "--integrate", "25", "--requantise", "0.1", "--delays", "0,0.5,-1.25"};
        Path vis = dir.resolve("vis.h5"), visNpy = dir.resolve("vis.npy");
        assertEquals(0, corr(concat(new String[] {"run", "--in", h5.toString(), "--out", vis.toString()}, run)));
        assertEquals(0, corr(concat(new String[] {"run", "--in", npy.toString(), "--out", visNpy.toString(),
            "--sample-rate", "10000"}, run)));
        NDArray ref = Npy.read(visNpy);
        try (H5File h = H5File.open(vis)) {
            NDArray v = h.dataset("/visibilities").read();
            assertEquals(DType.INT64, v.dtype());
            assertArrayEquals(ref.shape(), v.shape());
            assertArrayEquals(new int[] {ref.shape(0), 16, 6, 4, 2}, v.shape());
            assertArrayEquals((long[]) ref.data(), (long[]) v.data());
            assertArrayEquals(new int[] {0, 0, 0, 1, 0, 2, 1, 1, 1, 2, 2, 2}, (int[]) h.dataset("/baselines").read().data());
            double[] f = h.dataset("/frequencies").read().toDoubleArray();
            assertEquals(16, f.length);
            assertEquals(1250.0, f[4], 1e-9); // k fs / 2C = 4 * 10000 / 32
            assertEquals(ref.shape(0), h.dataset("/timestamps").read().size());
            assertEquals("XY", h.dataset("/polarisations").read().getString(1));
            assertEquals("hann", h.attribute("/", "window"));
            // autocorrelations (i, i) in XX and YY are real and positive
            assertTrue(v.getLong(0, 4, 0, 0, 0) > 0);
            assertEquals(0L, v.getLong(0, 4, 0, 0, 1));
        }
    }

    /** The real HERA visibilities (UVH5) open with H5File; their complex64 compound reads as a trailing axis of 2. */
    @Test
    void heraUvh5VisibilitiesOpen() throws Exception {
        Path f = testdata().resolve("radio/hera_cal/zen.2458098.43124.downsample.uvh5");
        try (H5File h = H5File.open(f)) {
            H5Dataset vis = h.dataset("/Data/visdata");
            assertTrue(vis.isComplex());
            assertArrayEquals(new int[] {165, 1, 128, 4, 2}, vis.shape());
            NDArray slab = vis.read("0:3,0,0:8,0,:");
            assertArrayEquals(new int[] {3, 8, 2}, slab.shape());
            assertEquals(165, h.dataset("/Header/ant_1_array").shape()[0]);
            assertEquals(128, h.dataset("/Header/freq_array").read().size());
            // autocorrelations (ant_1 == ant_2) are real and non-negative in XX
            int[] a1 = (int[]) h.dataset("/Header/ant_1_array").read().astype(DType.INT32).data();
            int[] a2 = (int[]) h.dataset("/Header/ant_2_array").read().astype(DType.INT32).data();
            int autos = 0;
            for (int b = 0; b < a1.length; b++) {
                if (a1[b] == a2[b]) {
                    autos++;
                    NDArray v = vis.read(b + ",0,10,0,:");
                    assertTrue(v.getDouble(0) >= 0);
                    assertEquals(0.0, v.getDouble(1), 1e-3 * Math.max(1, v.getDouble(0)));
                }
            }
            assertEquals(30, autos); // 10 antennas x 3 times
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
