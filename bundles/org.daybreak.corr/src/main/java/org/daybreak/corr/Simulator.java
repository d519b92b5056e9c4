package org.daybreak.corr;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Deterministic test voltages for the correlator. Antenna a, polarisation p receives
 * <pre>
 *   v_ap(t) = g_a * ( sky_p(t - D_a) + sum_tones A cos(2 pi f (t - D_a) + phi_tone) + rx_ap(t) )
 * </pre>
 * with t in samples, f in cycles per sample, D_a the antenna's delay in samples (fractional allowed), g_a its real
 * voltage gain, sky_p a Gaussian noise common to all antennas (one independent stream per polarisation) of rms
 * {@code skyRms}, rx_ap each input's own Gaussian receiver noise of rms {@code receiverRms}, and the tone phases
 * drawn from the seed. The gain multiplies the whole receiver chain, receiver noise included.
 *
 * <p>The delay is applied exactly: the tones analytically, the sky noise in the frequency domain. The sky noise is
 * generated as a periodic band-limited signal of length L (a power of two above T plus twice the largest delay
 * plus a margin) with its Nyquist bin zero; delaying it by D multiplies bin k by exp(-2 pi i k D / L), which is
 * the exact band-limited (sinc) interpolation of the shifted signal. The samples kept are a window of T inside L
 * away from the wrap-around.
 *
 * <p>Output: float voltages [input][sample] with input = a * pols + p, and the int8 quantisation
 * rint(v) clipped to [-127, 127] ({@link #quantise}). The same parameters and seed give the same output on every
 * machine (java.util.SplittableRandom and strict Java floating point).
 */
public final class Simulator {
    /** Most samples per stream (the sky noise is generated in one FFT of up to 4x this length, in float64). */
    public static final int MAX_SAMPLES = 1 << 26;

    /** Simulation parameters; arrays per antenna may be null for the defaults (delay 0, gain 1). */
    public record Params(int antennas, int samples, int pols, double[] tones, double toneAmplitude, double[] delays,
            double[] gains, double skyRms, double receiverRms, long seed) {

        public Params {
            if (antennas < 1) {
                throw new IllegalArgumentException("the simulation needs at least one antenna, not " + antennas);
            }
            if (samples < 1 || samples > MAX_SAMPLES) {
                throw new IllegalArgumentException("the simulation needs 1 to " + MAX_SAMPLES + " samples, not "
                        + samples);
            }
            if (pols < 1 || pols > 2) {
                throw new IllegalArgumentException("polarisations per antenna must be 1 or 2, not " + pols);
            }
            tones = tones == null ? new double[0] : tones.clone();
            for (double f : tones) {
                if (!(f >= 0 && f <= 0.5)) {
                    throw new IllegalArgumentException("tone frequency " + f
                            + " is not between 0 and 0.5 of the sample rate");
                }
            }
            delays = perAntenna(delays, antennas, 0, "delays");
            gains = perAntenna(gains, antennas, 1, "gains");
            for (double d : delays) {
                if (!Double.isFinite(d) || Math.abs(d) > samples) {
                    throw new IllegalArgumentException("delay " + d + " samples is not finite or exceeds the "
                            + samples + " samples");
                }
            }
            if (!(skyRms >= 0) || !(receiverRms >= 0) || !(toneAmplitude >= 0)) {
                throw new IllegalArgumentException("noise levels and the tone amplitude must not be negative");
            }
        }

        private static double[] perAntenna(double[] v, int n, double fallback, String what) {
            if (v == null || v.length == 0) {
                double[] d = new double[n];
                Arrays.fill(d, fallback);
                return d;
            }
            if (v.length != n) {
                throw new IllegalArgumentException(v.length + " " + what + " given for " + n + " antennas");
            }
            return v.clone();
        }

        public int inputs() {
            return antennas * pols;
        }
    }

    private Simulator() {
    }

    /** The voltages [input][sample] before quantisation. */
    public static float[][] voltages(Params p) {
        int inputs = p.inputs();
        float[][] v = new float[inputs][p.samples()];
        SplittableRandom root = new SplittableRandom(p.seed());
        SplittableRandom toneRandom = root.split();
        double[] tonePhase = new double[p.tones().length];
        for (int i = 0; i < tonePhase.length; i++) {
            tonePhase[i] = 2 * Math.PI * toneRandom.nextDouble();
        }
        double maxDelay = 0;
        for (double d : p.delays()) {
            maxDelay = Math.max(maxDelay, Math.abs(d));
        }
        int margin = (int) Math.ceil(maxDelay) + 64;
        int length = Integer.highestOneBit(p.samples() + 2 * margin - 1) << 1;
        DoubleFFT_1D fft = new DoubleFFT_1D(length);
        for (int pol = 0; pol < p.pols(); pol++) {
            SplittableRandom skyRandom = root.split();
            double[] skySpectrum = null;
            if (p.skyRms() > 0) {
                skySpectrum = new double[length];
                for (int n = 0; n < length; n++) {
                    skySpectrum[n] = p.skyRms() * skyRandom.nextGaussian();
                }
                fft.realForward(skySpectrum);
                skySpectrum[1] = 0; // the Nyquist bin: a fractional delay cannot be applied to it exactly
            }
            for (int a = 0; a < p.antennas(); a++) {
                int input = a * p.pols() + pol;
                double delay = p.delays()[a];
                double[] sky = new double[length];
                if (skySpectrum != null) {
                    sky[0] = skySpectrum[0];
                    for (int k = 1; k < length / 2; k++) {
                        double ang = -2 * Math.PI * k * delay / length;
                        double c = Math.cos(ang), s = Math.sin(ang);
                        double re = skySpectrum[2 * k], im = skySpectrum[2 * k + 1];
                        sky[2 * k] = re * c - im * s;
                        sky[2 * k + 1] = re * s + im * c;
                    }
                    fft.realInverse(sky, true);
                }
                SplittableRandom rx = root.split();
                double g = p.gains()[a];
                float[] out = v[input];
                for (int n = 0; n < p.samples(); n++) {
                    double x = sky[margin + n];
                    for (int i = 0; i < p.tones().length; i++) {
                        // cycles reduced modulo 1 first: a small argument keeps cos fast and accurate
                        double cycles = p.tones()[i] * (n - delay);
                        cycles -= Math.floor(cycles);
                        x += p.toneAmplitude() * Math.cos(2 * Math.PI * cycles + tonePhase[i]);
                    }
                    if (p.receiverRms() > 0) {
                        x += p.receiverRms() * rx.nextGaussian();
                    }
                    out[n] = (float) (g * x);
                }
            }
        }
        return v;
    }

    /** rint(v) clipped to [-127, 127], [input][sample] -> int8 [input][sample] flattened. */
    public static byte[] quantise(float[][] v) {
        int n = v.length == 0 ? 0 : v[0].length;
        byte[] q = new byte[v.length * n];
        for (int i = 0; i < v.length; i++) {
            FEngine.requantise(v[i], 0, q, i * n, n, 1.0);
        }
        return q;
    }
}
