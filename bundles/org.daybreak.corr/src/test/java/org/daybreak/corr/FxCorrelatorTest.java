package org.daybreak.corr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.daybreak.core.job.JobContext;
import org.junit.jupiter.api.Test;

class FxCorrelatorTest {

    private static Voltages simulated(int antennas, int pols, int samples, double[] delays) {
        Simulator.Params p = new Simulator.Params(antennas, samples, pols, new double[] {0.1}, 15, delays, null, 10, 6, 5);
        return new Voltages(antennas, pols, 1000.0, Simulator.voltages(p));
    }

    /**
     * Integer mode: the pipeline equals, bit for bit, the plain chain built here from the same F-engine output:
     * requantise, reference X-engine over inputs, then the products rearranged into [baseline][pol product].
     */
    @Test
    void integerPipelineEqualsReferenceChainBitForBit() {
        int antennas = 3, pols = 2, channels = 16, taps = 4, k = 7;
        double[] delays = {0, 2.3, -1.6};
        double[] phases = {0.2, 0, -1};
        double gain = 0.02;
        int samples = 32 * k * 18;
        Voltages v = simulated(antennas, pols, samples, delays);
        FxCorrelator.Result r = FxCorrelator.correlate(v, new FxCorrelator.Config(channels, taps, FEngine.Window.HANN, k,
                delays, phases, gain, 2), JobContext.NONE);
        FEngine f = new FEngine(channels, taps, FEngine.Window.HANN);
        int inputs = antennas * pols;
        long base = -(taps - 1) * 32L; // streaming PFB: zeros before the first sample
        int spectra = samples / 32;
        assertEquals(spectra, r.spectra());
        int dumps = spectra / k;
        assertEquals(18, dumps);
        int time = dumps * k;
        float[] spec = new float[time * channels * inputs * 2];
        for (int in = 0; in < inputs; in++) {
            int a = in / pols;
            long shift = Math.round(delays[a]);
            f.channelise(v.data()[in], base + shift, time, delays[a] - shift, phases[a], spec, in * 2,
                    channels * inputs * 2, inputs * 2);
        }
        byte[] q = new byte[spec.length];
        FEngine.requantise(spec, 0, q, 0, spec.length, gain);
        long[] ref = ReferenceCorrelator.xengine(q, time, channels, inputs, k);
        Visibilities vis = r.visibilities();
        assertTrue(vis.exactInteger());
        int nbIn = Baselines.count(inputs);
        int checked = 0;
        for (int d = 0; d < dumps; d++) {
            for (int c = 0; c < channels; c++) {
                int b = 0;
                for (int i = 0; i < antennas; i++) {
                    for (int j = i; j < antennas; j++, b++) {
                        for (int p = 0; p < pols; p++) {
                            for (int s = 0; s < pols; s++) {
                                int u = i * pols + p, w = j * pols + s;
                                int lo = Math.min(u, w), hi = Math.max(u, w);
                                int o = ((d * channels + c) * nbIn + Baselines.index(inputs, lo, hi)) * 2;
                                long re = ref[o], im = u <= w ? ref[o + 1] : -ref[o + 1];
                                assertEquals((double) re, vis.re(d, c, b, p * pols + s));
                                assertEquals((double) im, vis.im(d, c, b, p * pols + s));
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(dumps * channels * 6 * 4, checked);
    }

    @Test
    void floatPipelineMatchesDoubleReference() {
        int antennas = 2, channels = 8, taps = 2, k = 5;
        Voltages v = simulated(antennas, 1, 640, null);
        Visibilities vis = FxCorrelator.correlate(v, new FxCorrelator.Config(channels, taps, FEngine.Window.HAMMING, k,
                null, null, Double.NaN, 1), JobContext.NONE).visibilities();
        int time = 640 / 16;
        assertEquals(time / k, vis.dumps());
        double[][] x = new double[antennas][];
        for (int a = 0; a < antennas; a++) {
            float[] padded = new float[640 + (taps - 1) * 16]; // the filter history before the first sample: zeros
            System.arraycopy(v.data()[a], 0, padded, (taps - 1) * 16, 640);
            x[a] = ReferenceCorrelator.fengine(padded, 0, time, channels, taps, "hamming", 0, 0);
        }
        for (int d = 0; d < time / k; d++) {
            for (int c = 0; c < channels; c++) {
                double re = 0, im = 0, scale = 0;
                for (int t = d * k; t < (d + 1) * k; t++) {
                    double ar = x[0][(t * channels + c) * 2], ai = x[0][(t * channels + c) * 2 + 1];
                    double br = x[1][(t * channels + c) * 2], bi = x[1][(t * channels + c) * 2 + 1];
                    re += ar * br + ai * bi;
                    im += ai * br - ar * bi;
                    scale += Math.hypot(ar, ai) * Math.hypot(br, bi);
                }
                assertEquals(re, vis.re(d, c, 1, 0), 1e-4 * scale);
                assertEquals(im, vis.im(d, c, 1, 0), 1e-4 * scale);
            }
        }
        assertEquals(3 * 1000.0 / 16, vis.frequencies()[3], 1e-12);
        // first dump centre: -(P - 1) 2C + ((k - 1) * 2C + P * 2C) / 2 samples at 1 kHz
        assertEquals((-16 + ((k - 1) * 16 + 32) / 2.0) / 1000.0, vis.timestamps()[0], 1e-12);
    }

    @Test
    void integrationThatDoesNotDivideTheSamplesIsOneSentence() {
        Voltages v = simulated(2, 1, 1280, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FxCorrelator.correlate(v,
                new FxCorrelator.Config(64, 4, FEngine.Window.HANN, 3, null, null, Double.NaN, 1), JobContext.NONE));
        assertEquals("the integration length 3 (x 128 samples per spectrum = 384) does not divide the 1280 samples",
                e.getMessage());
        assertEquals(2, FxCorrelator.correlate(v, new FxCorrelator.Config(64, 4, FEngine.Window.HANN, 5, null, null,
                Double.NaN, 1), JobContext.NONE).visibilities().dumps());
    }
}
