package org.daybreak.corr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobContext;
import org.daybreak.corr.baseband.Baseband;
import org.daybreak.corr.baseband.BasebandReader;
import org.daybreak.corr.cli.CorrCommand;
import org.daybreak.hdf5.H5File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming correlator on real recordings, against the in-memory path and against Parseval's theorem. */
class BasebandCorrelatorTest {
    static Path dir() {
        return CorrHdf5Test.testdata().resolve("radio/baseband");
    }

    private static List<double[]> stream(List<BasebandReader> readers, int channels, int taps, FEngine.Window w,
            int integrate, JobContext ctx) throws Exception {
        List<double[]> dumps = new ArrayList<>();
        BasebandCorrelator.correlate(readers, channels, taps, w, integrate, 2, 0, ctx, (d, data) -> dumps.add(
                data.clone()));
        return dumps;
    }

    @Test
    void streamingEqualsTheInMemoryCorrelatorOnVdif() throws Exception {
        try (BasebandReader r = Baseband.open(dir().resolve("sample.vdif"), null)) {
            int streams = r.info().streams();
            float[] all = r.read(0, 40000);
            float[][] data = new float[streams][40000];
            for (int s = 0; s < 40000; s++) {
                for (int t = 0; t < streams; t++) {
                    data[t][s] = all[(s * streams + t) * 2];
                }
            }
            Voltages v = new Voltages(streams, 1, 32e6, data);
            // 40000 samples = 312 spectra of 128 (+ 64 samples left out); 6 dumps of 52 need 39936 samples
            float[][] cut = new float[streams][];
            for (int t = 0; t < streams; t++) {
                cut[t] = java.util.Arrays.copyOf(data[t], 39936);
            }
            FxCorrelator.Result mem = FxCorrelator.correlate(new Voltages(streams, 1, 32e6, cut),
                    new FxCorrelator.Config(64, 4, FEngine.Window.HANN, 52, null, null, Double.NaN, 2), null);
            List<double[]> dumps = stream(List.of(r), 64, 4, FEngine.Window.HANN, 52, null);
            assertEquals(mem.visibilities().dumps(), dumps.size());
            int per = dumps.get(0).length;
            for (int d = 0; d < dumps.size(); d++) {
                for (int k = 0; k < per; k++) {
                    double ref = mem.visibilities().data()[d * per + k];
                    assertEquals(ref, dumps.get(d)[k], 1e-9 * Math.max(1, Math.abs(ref)), "dump " + d + " value " + k);
                }
            }
            assertTrue(v.samples() == 40000);
        }
    }

    @Test
    void twoStationsWithTheSameVoltagesCrossCorrelateLikeTheirAutocorrelation() throws Exception {
        try (BasebandReader a = Baseband.open(dir().resolve("sample.vdif"), null);
                BasebandReader b = Baseband.open(dir().resolve("sample_vlbi.vdif"), null)) {
            List<double[]> dumps = stream(List.of(a, b), 32, 4, FEngine.Window.HANN, 100, null);
            int antennas = 16, nb = Baselines.count(antennas);
            for (double[] d : dumps) {
                for (int c = 0; c < 32; c++) {
                    for (int t = 0; t < 8; t++) {
                        int auto = (c * nb + Baselines.index(antennas, t, t)) * 2;
                        int cross = (c * nb + Baselines.index(antennas, t, 8 + t)) * 2;
                        assertEquals(d[auto], d[cross], 1e-9 * d[auto]);
                        assertEquals(0.0, d[cross + 1], 1e-9 * d[auto]);
                        assertTrue(d[auto] > 0);
                    }
                }
            }
        }
    }

    @Test
    void complexGuppiAutoPowerObeysParseval() throws Exception {
        // 1 tap: spectrum = C-point FFT of h[n] x[n], so sum_j |X_j|^2 = C sum_n h[n]^2 |x_n|^2 (Parseval)
        try (BasebandReader r = Baseband.open(dir().resolve("sample_puppi.raw"), null)) {
            int c = 16, k = 20;
            List<double[]> dumps = stream(List.of(r), c, 1, FEngine.Window.RECT, k, null);
            float[] h = new ComplexFEngine(c, 1, FEngine.Window.RECT).coefficients();
            float[] x = r.read(0, dumps.size() * k * c);
            int antennas = 4, pols = 2, nb = Baselines.count(antennas);
            for (int d = 0; d < dumps.size(); d++) {
                for (int s = 0; s < antennas; s++) {
                    for (int p = 0; p < pols; p++) {
                        double power = 0;
                        for (int n = d * k * c; n < (d + 1) * k * c; n++) {
                            int i = ((n * antennas + s) * pols + p) * 2;
                            power += h[n % c] * h[n % c] * ((double) x[i] * x[i] + (double) x[i + 1] * x[i + 1]);
                        }
                        double sum = 0;
                        for (int j = 0; j < c; j++) {
                            sum += dumps.get(d)[((j * nb + Baselines.index(antennas, s, s)) * 4 + p * 2 + p) * 2];
                        }
                        assertEquals(c * power, sum, 1e-4 * c * power, "dump " + d + " stream " + s + " pol " + p);
                    }
                }
            }
        }
    }

    @Test
    void cancellingStopsTheRun() throws Exception {
        try (BasebandReader r = Baseband.open(dir().resolve("sample.vdif"), null)) {
            JobContext cancelled = new JobContext() {
                @Override
                public void progress(double fraction, String message) {
                }

                @Override
                public boolean isCancelled() {
                    return true;
                }
            };
            assertThrows(JobCancelledException.class, () -> stream(List.of(r), 64, 4, FEngine.Window.HANN, 52,
                    cancelled));
        }
    }

    @Test
    void filesThatDoNotMatchAreRefused() throws Exception {
        try (BasebandReader a = Baseband.open(dir().resolve("sample.vdif"), null);
                BasebandReader b = Baseband.open(dir().resolve("sample.dada"), null)) {
            InputException e = assertThrows(InputException.class, () -> BasebandCorrelator.check(List.of(a, b)));
            assertTrue(e.getMessage().contains("cannot be correlated"), e.getMessage());
        }
    }

    @Test
    void corrRunWritesVisibilitiesOfARecording(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("vis.h5");
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = new CorrCommand().run(List.of("run", "--in", dir().resolve("sample.dada").toString(), "--out",
                out.toString(), "--channels", "64", "--integrate", "50"), new PrintStream(o), new PrintStream(e));
        assertEquals(0, code, e.toString());
        try (H5File h = H5File.open(out)) {
            // 16000 complex samples / 64 = 250 spectra = 5 dumps; 1 stream, 2 pols: 1 baseline, 4 products
            assertArrayEquals(new int[] {5, 64, 1, 4, 2}, h.dataset("/visibilities").shape());
            assertEquals("dada", String.valueOf(h.attribute("/", "source_format")));
            assertEquals("2013-07-02T01:39:20Z", String.valueOf(h.attribute("/", "start_time")));
        }
    }
}
