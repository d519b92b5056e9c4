package org.daybreak.corr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobSpec;
import org.daybreak.corr.baseband.Baseband;
import org.daybreak.corr.baseband.BasebandReader;
import org.daybreak.hdf5.H5Dataset;
import org.daybreak.hdf5.H5File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code corr.run} on recordings writes each dump as it comes ({@link VisibilityWriter}): the HDF5 output is
 * resizable along the dump axis and equals the in-memory correlator's, a cancelled run leaves a valid file with the
 * dumps done, and the .npy output grows the same way.
 */
class BasebandRunTest {
    private static final Path VDIF = BasebandCorrelatorTest.dir().resolve("sample.vdif");

    private static JobSpec spec(Path out, int channels, int integrate) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("out", out.toString());
        params.put("channels", channels);
        params.put("integrate", integrate);
        params.put("threads", 2);
        params.put("device", "cpu");
        return new JobSpec(CorrRunJob.KIND, params, Map.of("voltages", VDIF.toString()));
    }

    /** The in-memory correlator on the same voltages (sample.vdif: 8 threads, 40000 real samples). */
    private static Visibilities inMemory(int channels, int integrate) throws Exception {
        try (BasebandReader r = Baseband.open(VDIF, null)) {
            int streams = r.info().streams();
            float[] all = r.read(0, 40000);
            int used = 40000 / (2 * channels * integrate) * (2 * channels * integrate);
            float[][] data = new float[streams][used];
            for (int s = 0; s < used; s++) {
                for (int t = 0; t < streams; t++) {
                    data[t][s] = all[(s * streams + t) * 2];
                }
            }
            return FxCorrelator.correlate(new Voltages(streams, 1, 32e6, data), new FxCorrelator.Config(channels, 4,
                    FEngine.Window.HANN, integrate, null, null, Double.NaN, 2), null).visibilities();
        }
    }

    private static void assertRowsEqual(Visibilities ref, NDArray vis, int dumps) {
        double[] got = vis.toDoubleArray();
        int per = ref.channels() * ref.baselines() * ref.polProducts() * 2;
        assertEquals((long) dumps * per, got.length);
        for (int i = 0; i < got.length; i++) {
            double e = ref.data()[i];
            assertEquals(e, got[i], 1e-9 * Math.max(1, Math.abs(e)), "value " + i + " (dump " + i / per + ")");
        }
    }

    /** Runs a script with /usr/bin/python3 (h5py, the libhdf5 peer) in {@code dir}; fails on a non-zero exit. */
    private static String python(Path dir, String script) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("peer.py"), script);
        Process p = new ProcessBuilder("/usr/bin/python3", file.toString()).directory(dir.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "python3 with h5py failed: " + err);
        return out;
    }

    @Test
    void aRecordingIsWrittenResizableAndEqualsTheInMemoryPath(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("vis.h5");
        Map<String, Object> res = new CorrRunJob().run(spec(out, 16, 10), JobContext.NONE);
        Visibilities ref = inMemory(16, 10);
        // 40000 samples / 32 per spectrum = 1250 spectra = 125 dumps of 10
        assertEquals(125, ((Number) res.get("dumps")).intValue());
        assertEquals(ref.dumps(), 125);
        try (H5File h = H5File.open(out)) {
            H5Dataset v = h.dataset("/visibilities");
            assertArrayEquals(new int[] {125, 16, 36, 1, 2}, v.shape());
            assertRowsEqual(ref, v.read(), 125);
            assertArrayEquals(ref.timestamps(), h.dataset("/timestamps").read().toDoubleArray(), 1e-15);
            assertArrayEquals(ref.frequencies(), h.dataset("/frequencies").read().toDoubleArray(), 1e-6);
            assertEquals(36, h.dataset("/baselines").shape()[0]);
            assertEquals(1L, ((Number) h.attribute("/", "complete")).longValue());
            assertEquals("vdif", String.valueOf(h.attribute("/", "source_format")));
            assertEquals("dump,channel,baseline,pol,complex", String.valueOf(h.attribute("/visibilities", "axes")));
        }
        String check = """
                import h5py
                f = h5py.File('vis.h5', 'r')
                v = f['visibilities']; t = f['timestamps']
                print(v.maxshape[0] is None and t.maxshape == (None,) and v.shape == (125, 16, 36, 1, 2)
                      and v.chunks[1:] == (16, 36, 1, 2) and int(f.attrs['complete']) == 1
                      and list(f['polarisations'][()]) == [b'XX'])
                """;
        assertEquals("True", python(tmp, check).strip());
    }

    @Test
    void aCancelledRunLeavesAValidFileWithTheDumpsDone(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("cut.h5");
        List<String> messages = new ArrayList<>();
        JobContext halfway = new JobContext() {
            private double done;

            @Override
            public void progress(double fraction, String message) {
                done = fraction;
                messages.add(message);
            }

            @Override
            public boolean isCancelled() {
                return done >= 0.5;
            }
        };
        assertThrows(JobCancelledException.class, () -> new CorrRunJob().run(spec(out, 16, 10), halfway));
        String last = messages.get(messages.size() - 1);
        assertTrue(last.startsWith("cancelled: " + out + " holds the first "), last);
        Visibilities ref = inMemory(16, 10);
        try (H5File h = H5File.open(out)) {
            int done = h.dataset("/visibilities").shape()[0];
            assertTrue(done >= 1 && done < 125, done + " dumps");
            assertTrue(last.contains("first " + done + " of 125 dumps"), last);
            assertRowsEqual(ref, h.dataset("/visibilities").read(), done);
            assertEquals(done, h.dataset("/timestamps").shape()[0]);
            assertEquals(0L, ((Number) h.attribute("/", "complete")).longValue());
        }
    }

    @Test
    void npyOutputGrowsTheSameWay(@TempDir Path tmp) throws Exception {
        new CorrRunJob().run(spec(tmp.resolve("vis.npy"), 16, 10), JobContext.NONE);
        Visibilities ref = inMemory(16, 10);
        NDArray v = Npy.read(tmp.resolve("vis.npy"));
        assertArrayEquals(new int[] {125, 16, 36, 1, 2}, v.shape());
        assertRowsEqual(ref, v, 125);
        assertArrayEquals(ref.timestamps(), Npy.read(tmp.resolve("vis_timestamps.npy")).toDoubleArray(), 1e-15);
        assertEquals(16, Npy.read(tmp.resolve("vis_frequencies.npy")).size());
    }

    @Test
    void theWriterShowsEveryFlushToAReaderWhileTheRunGoes(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("live.h5");
        Visibilities ref = inMemory(16, 10);
        int per = ref.channels() * ref.baselines() * ref.polProducts() * 2;
        try (VisibilityWriter w = VisibilityWriter.create(out, ref.antennas(), ref.pols(), ref.channels(),
                ref.frequencies(), false, Map.of("channels", 16), ref.dumps())) {
            for (int d = 0; d < ref.dumps(); d++) {
                w.dump(ref.data(), d * per, ref.timestamps()[d]);
                if (d % 40 == 0) {
                    w.flush();
                    try (H5File h = H5File.open(out)) {
                        assertEquals(d + 1, h.dataset("/visibilities").shape()[0]);
                        assertRowsEqual(ref, h.dataset("/visibilities").read(), d + 1);
                        assertEquals(0L, ((Number) h.attribute("/", "complete")).longValue());
                    }
                }
            }
            w.complete();
        }
        try (H5File h = H5File.open(out)) {
            assertRowsEqual(ref, h.dataset("/visibilities").read(), ref.dumps());
            assertEquals(1L, ((Number) h.attribute("/", "complete")).longValue());
        }
    }

    @Test
    void chunksHoldWholeChannelRowsAndAboutOneMebibyte() {
        assertArrayEquals(new int[] {113, 16, 36, 1, 2}, VisibilityWriter.chunks(16, 36, 1));
        // a dump larger than the target: one dump per chunk, channels split
        assertArrayEquals(new int[] {1, 2048, 32, 1, 2}, VisibilityWriter.chunks(4096, 32, 1));
        assertArrayEquals(new int[] {1, 1, 40000, 4, 2}, VisibilityWriter.chunks(8, 40000, 4));
    }
}
