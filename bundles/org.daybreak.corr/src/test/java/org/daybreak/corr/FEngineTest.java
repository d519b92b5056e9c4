package org.daybreak.corr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class FEngineTest {

    private static void compare(float[] s, int start, int count, int channels, int taps, String window, double frac,
            double phase) {
        FEngine f = new FEngine(channels, taps, FEngine.Window.parse(window));
        float[] got = new float[count * channels * 2];
        f.channelise(s, start, count, frac, phase, got, 0, channels * 2, 2);
        double[] ref = ReferenceCorrelator.fengine(s, start, count, channels, taps, window, frac, phase);
        double scale = 0;
        for (double r : ref) {
            scale = Math.max(scale, Math.abs(r));
        }
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], got[i], 2e-5 * scale + 1e-6, window + " C=" + channels + " P=" + taps + " at " + i);
        }
    }

    @Test
    void matchesReferenceOnRandomInput() {
        Random r = new Random(3);
        float[] s = new float[8192];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (r.nextGaussian() * 20);
        }
        compare(s, 0, 5, 16, 4, "hann", 0, 0);
        compare(s, 37, 3, 32, 8, "blackman-harris", 0.3, 1.1);
        compare(s, 5, 7, 8, 1, "rect", -0.5, -2);
        compare(s, 100, 4, 64, 2, "hamming", 0.17, 0);
        compare(s, 0, 2, 1, 3, "hann", 0.4, 0.5);
    }

    @Test
    void samplesOutsideTheStreamAreZeros() {
        Random r = new Random(6);
        float[] s = new float[1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) r.nextGaussian();
        }
        int channels = 16, taps = 4, frame = 32, pad = 3 * frame + 7;
        float[] padded = new float[s.length + 2 * pad];
        System.arraycopy(s, 0, padded, pad, s.length);
        FEngine f = new FEngine(channels, taps, FEngine.Window.HANN);
        int count = (s.length + 2 * pad - taps * frame) / frame;
        float[] got = new float[count * channels * 2];
        f.channelise(s, -pad, count, 0.1, 0, got, 0, channels * 2, 2);
        double[] ref = ReferenceCorrelator.fengine(padded, 0, count, channels, taps, "hann", 0.1, 0);
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], got[i], 1e-3, "at " + i);
        }
    }

    @Test
    void matchesReferenceOnInt8Extremes() {
        for (float v : new float[] {-128, 127}) {
            float[] s = new float[2048];
            for (int i = 0; i < s.length; i++) {
                s[i] = i % 3 == 0 ? -v : v;
            }
            compare(s, 3, 6, 32, 4, "hann", 0.25, 0);
        }
    }

    @Test
    void toneAtChannelCentreLandsInItsChannelWithTheFftSign() {
        int channels = 64, k0 = 11;
        FEngine f = new FEngine(channels, 4, FEngine.Window.HANN);
        float[] s = new float[f.span()];
        for (int n = 0; n < s.length; n++) {
            s[n] = (float) Math.cos(2 * Math.PI * k0 * n / (2.0 * channels));
        }
        float[] x = new float[channels * 2];
        f.channelise(s, 0, 1, 0, 0, x, 0, 0, 2);
        // a cosine of unit amplitude at the centre of channel k gives X_k = C (real, phase 0 at the frame start)
        assertEquals(channels, x[2 * k0], 0.02 * channels);
        assertEquals(0, x[2 * k0 + 1], 1e-3 * channels);
        assertTrue(Math.hypot(x[2 * (k0 + 2)], x[2 * (k0 + 2) + 1]) < 1e-3 * channels);
        assertEquals(k0 * 1000.0 / 128, f.channelFrequency(k0, 1000.0), 1e-12);
    }

    @Test
    void requantisationRoundsAndNeverGivesMinus128() {
        assertEquals(127, FEngine.requantise(1e9f, 1));
        assertEquals(-127, FEngine.requantise(-1e9f, 1));
        assertEquals(-127, FEngine.requantise(-127.6f, 1));
        assertEquals(2, FEngine.requantise(2.5f, 1)); // half to even
        assertEquals(-4, FEngine.requantise(-3.5f, 1));
        assertEquals(3, FEngine.requantise(1.4f, 2));
        assertEquals(0, FEngine.requantise(Float.NaN, 1));
    }

    @Test
    void badParametersAreRejected() {
        assertEquals("the number of channels must be a power of two, not 48",
                assertThrows(IllegalArgumentException.class, () -> new FEngine(48, 4, FEngine.Window.HANN)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FEngine(64, 0, FEngine.Window.HANN));
        assertThrows(IllegalArgumentException.class, () -> FEngine.Window.parse("kaiser"));
    }
}
