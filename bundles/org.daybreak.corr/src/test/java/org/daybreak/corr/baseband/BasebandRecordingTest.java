package org.daybreak.corr.baseband;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.LazyDataset;
import org.daybreak.core.data.NDArray;
import org.daybreak.corr.BasebandCorrelator;
import org.daybreak.corr.CorrelatorData;
import org.daybreak.corr.FEngine;
import org.junit.jupiter.api.Test;

/**
 * A recording as attributes and lazy datasets (what the Data Browser and the Plot view show) and its waterfall and
 * band-pass (what the Correlator view draws), on the real samples of ../shared/testdata/radio/baseband.
 */
class BasebandRecordingTest {

    @Test
    void vdifAsAttributesAndLazyDatasets() throws Exception {
        try (BasebandRecording rec = BasebandRecording.open(BasebandReadersTest.dir().resolve("sample.vdif"));
                BasebandReader r = Baseband.open(BasebandReadersTest.dir().resolve("sample.vdif"), null)) {
            Map<String, Object> a = rec.attributes();
            assertEquals("vdif", a.get("format"));
            assertEquals(8, a.get("streams"));
            assertEquals(32e6, a.get("sample_rate"));
            assertEquals(40000L, a.get("samples"));
            assertEquals("2014-06-16T05:56:07Z", a.get("start_time")); // MJD 56824 + 21367 s
            assertEquals(3, a.get("edv")); // a header value, under its own name
            assertFalse(a.containsKey("header"));
            List<String> names = List.copyOf(rec.datasets().keySet());
            assertEquals(9, names.size());
            assertEquals("voltages", names.get(0));
            assertEquals("stream_7", names.get(8));
            LazyDataset v = rec.dataset("/voltages");
            assertArrayEquals(new int[] {40000, 8, 1, 2}, v.shape());
            assertArrayEquals(new int[] {40000, 1, 2}, rec.dataset("/stream_3").shape());
            assertNull(rec.dataset("/nothing"));
            float[] all = r.read(0, 40000);
            int stride = r.info().sampleStride();
            // a slab across the frame boundary at 20000, one stream, every other sample
            NDArray s = rec.dataset("stream_3").read("19990:20010:2, 0, 0");
            assertArrayEquals(new int[] {10}, s.shape());
            for (int k = 0; k < 10; k++) {
                assertEquals(all[(19990 + 2 * k) * stride + 3 * 2], s.getDouble(k), 0.0);
            }
            // the first decoded samples of thread 1 (BasebandReadersTest's facts), backwards
            NDArray t1 = v.read("11::-1, 1, 0, 0");
            int[] expected = {1, 1, 1, -3, 1, 1, -3, -3, -3, 3, 3, -1};
            for (int k = 0; k < 12; k++) {
                assertEquals(expected[11 - k], (int) t1.getDouble(k));
            }
            assertEquals(0.0, v.read("5, 2, 0, 1").getDouble(), 0.0); // real data: im = 0
        }
    }

    @Test
    void dadaAttributesKeepTheHeaderKeys() throws Exception {
        try (BasebandRecording rec = BasebandRecording.open(BasebandReadersTest.dir().resolve("sample.dada"))) {
            Map<String, Object> a = rec.attributes();
            assertEquals("dada", a.get("format"));
            assertEquals("2013-07-02-01:37:40", a.get("UTC_START"));
            assertEquals("2013-07-02T01:39:20Z", a.get("start_time"));
            assertEquals(List.of("voltages"), List.copyOf(rec.datasets().keySet()));
            LazyDataset v = rec.dataset("/voltages");
            assertArrayEquals(new int[] {16000, 1, 2, 2}, v.shape());
            // sample 2: -105+60j, 85-15j (BasebandReadersTest's facts)
            NDArray x = v.read("2, 0, :, :");
            assertArrayEquals(new int[] {2, 2}, x.shape());
            assertEquals(-105, x.getDouble(0, 0), 0.0);
            assertEquals(60, x.getDouble(0, 1), 0.0);
            assertEquals(85, x.getDouble(1, 0), 0.0);
            assertEquals(-15, x.getDouble(1, 1), 0.0);
        }
    }

    @Test
    void waterfallRowsAddUpToTheSpectrum() throws Exception {
        try (BasebandReader r = Baseband.open(BasebandReadersTest.dir().resolve("sample.vdif"), null)) {
            // 40000 real samples, 64 channels: 312 spectra of 128 samples, 2 per row -> 156 rows
            BasebandCorrelator.Waterfall w = BasebandCorrelator.waterfall(r, 5, 0, 64, 4, FEngine.Window.HANN, 2, 0,
                    1, null);
            assertEquals(156, w.rows());
            assertEquals(64, w.channels());
            assertEquals(156 * 64, w.power().length);
            assertEquals(0.25e6, w.frequencies()[1], 1e-6); // channel k at k fs / 2C
            assertEquals(2 * 128 / 32e6, w.times()[1] - w.times()[0], 1e-12); // a row every 2 spectra
            BasebandCorrelator.Spectrum s = BasebandCorrelator.spectrum(r, 64, 4, FEngine.Window.HANN, 0, 1);
            assertEquals(312, s.spectra());
            double[] band = w.bandpass();
            for (int c = 0; c < 64; c++) {
                double total = s.power()[5 * 64 + c];
                assertTrue(total > 0, "channel " + c);
                // the float X-engine sums 2 spectra per row here and 312 at once there: float rounding only
                assertEquals(total / 312, band[c], 1e-5 * total / 312, "channel " + c);
            }
            // the Correlator view's helper picks the rows: at most 256
            BasebandCorrelator.Waterfall v = CorrelatorData.recordingWaterfall(r.path(), 5, 0, 64, 4, "hann", 256,
                    0);
            assertEquals(2, v.integrate());
            assertArrayEquals(w.power(), v.power(), 0.0);
            // a work budget of 12800 samples (100 spectra) for 312: 100 rows of one spectrum spread over the whole
            // file, row k the spectrum at floor(k 312 / 100), equal to that row of the one-spectrum-per-row waterfall
            BasebandCorrelator.Waterfall spread = CorrelatorData.recordingWaterfall(r.path(), 5, 0, 64, 4, "hann",
                    256, 12800);
            assertEquals(100, spread.rows());
            assertEquals(1, spread.integrate());
            BasebandCorrelator.Waterfall each = BasebandCorrelator.waterfall(r, 5, 0, 64, 4, FEngine.Window.HANN, 1,
                    0, 1, null);
            assertEquals(312, each.rows());
            for (int k = 0; k < 100; k++) {
                int s0 = (int) ((double) k * 312 / 100);
                assertEquals(each.times()[s0], spread.times()[k], 1e-12, "row " + k);
                for (int c = 0; c < 64; c++) {
                    double want = each.power()[s0 * 64 + c];
                    assertEquals(want, spread.power()[k * 64 + c], 1e-5 * want + 1e-9, "row " + k + " channel " + c);
                }
            }
            // the last row lies near the end of the recording, not within the first 12800 samples
            assertEquals(308 * 128 / 32e6, spread.times()[99] - spread.times()[0], 1e-12);
            // contiguous rows: the spread waterfall is the plain one
            BasebandCorrelator.Waterfall whole = BasebandCorrelator.spreadWaterfall(r, 5, 0, 64, 4,
                    FEngine.Window.HANN, 156, 2, null);
            for (int k = 0; k < w.power().length; k++) {
                assertEquals(w.power()[k], whole.power()[k], 1e-5 * w.power()[k] + 1e-9, "value " + k);
            }
            assertArrayEquals(w.times(), whole.times(), 1e-12);
            assertThrows(InputException.class, () -> BasebandCorrelator.spreadWaterfall(r, 5, 0, 64, 4,
                    FEngine.Window.HANN, 157, 2, null));
            assertThrows(InputException.class, () -> BasebandCorrelator.waterfall(r, 8, 0, 64, 4,
                    FEngine.Window.HANN, 2, 0, 1, null));
        }
    }
}
