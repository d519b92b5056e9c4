package org.daybreak.corr;

import java.util.Locale;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * The F (filter-bank) engine: one real voltage stream -> C complex channels per spectrum, through a critically
 * sampled polyphase filter bank (PFB) of P taps and a real FFT of 2C points.
 *
 * <p><b>PFB.</b> The prototype filter has L = P * 2C coefficients h[n] = w(n) * sinc((n - (L-1)/2) / 2C), n = 0..L-1,
 * with sinc(x) = sin(pi x)/(pi x) and w a window of length L (Hann, Hamming, 4-term Blackman-Harris or
 * rectangular; Harris 1978, Proc. IEEE 66, 51). This is the design of the CASPER and SKA/MeerKAT F-engines
 * (see D. C. Price, "Spectrometers and polyphase filterbanks in radio astronomy", arXiv:1607.03579, 2016). The
 * coefficients are scaled so that they sum to 2C: a DC signal of value 1 gives channel 0 the value 2C, as a plain
 * 2C-point FFT would. Spectrum m of a stream s that starts at sample {@code start} folds the L samples
 * s[start + 2C m + n], n = 0..L-1: y[n] = sum_p h[2C p + n] s[start + 2C m + 2C p + n], n = 0..2C-1, and
 * X_k = sum_n y[n] exp(-2 pi i k n / 2C) (JTransforms {@code FloatFFT_1D.realForward}). Samples outside the stream
 * are zeros. {@link FxCorrelator} uses start = -(P-1) 2C, so that T samples give T / 2C spectra and spectrum m
 * ends with the frame [2C m, 2C (m+1)) (a causal, streaming filter bank).
 *
 * <p><b>Channels.</b> k = 0..C-1 at frequency k * fs / 2C (fs the sample rate): the DC channel is kept (it is real
 * before phase correction), the Nyquist bin (k = C, also real) is dropped. A tone at frequency f lands in channel
 * round(f * 2C / fs).
 *
 * <p><b>Delay and phase correction.</b> An input whose signal arrives late by D samples (it holds s(t - D)) is
 * corrected by reading it D_int = round(D) samples later and multiplying channel k by exp(+2 pi i k f / 2C), f =
 * D - D_int in [-0.5, 0.5] (the fractional delay as a phase slope across channels), and by exp(+i phi) for a phase
 * correction phi in radians. So a positive delay advances the stream; the corrected phase of channel k is
 * arg X_k + 2 pi k f / 2C + phi.
 *
 * <p><b>Requantisation</b> ({@link #requantise}): q = rint(gain * x) (round half to even) clipped to [-127, 127]
 * for re and im separately; -128 is never produced, so the int8 complex values are symmetric.
 *
 * <p>Thread rules: an instance may be shared between threads; {@link #channelise} allocates its own scratch and
 * uses one FFT plan per thread.
 */
public final class FEngine {

    /** Window functions for the PFB prototype filter. */
    public enum Window {
        RECT, HANN, HAMMING, BLACKMAN_HARRIS;

        /** w(n) for n = 0..length-1 (symmetric form). */
        double value(int n, int length) {
            if (length == 1) {
                return 1;
            }
            double x = 2 * Math.PI * n / (length - 1);
            return switch (this) {
                case RECT -> 1;
                case HANN -> 0.5 - 0.5 * Math.cos(x);
                case HAMMING -> 0.54 - 0.46 * Math.cos(x);
                case BLACKMAN_HARRIS -> 0.35875 - 0.48829 * Math.cos(x) + 0.14128 * Math.cos(2 * x)
                        - 0.01168 * Math.cos(3 * x);
            };
        }

        /** Parses hann, hamming, blackman-harris, rect (case-insensitive). */
        public static Window parse(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "rect", "rectangular", "none" -> RECT;
                case "hann", "hanning" -> HANN;
                case "hamming" -> HAMMING;
                case "blackman-harris", "blackmanharris", "bh" -> BLACKMAN_HARRIS;
                default -> throw new IllegalArgumentException("unknown PFB window '" + name
                        + "' (hann, hamming, blackman-harris or rect)");
            };
        }
    }

    private final int channels;
    private final int taps;
    private final Window window;
    private final float[] coefficients;
    /** One FFT plan per thread: plans are not documented as safe for concurrent use. */
    private final ThreadLocal<FloatFFT_1D> fft;

    /**
     * @param channels C, a power of two (at least 1)
     * @param taps     P, at least 1 (P = 1 with a rectangular window is a plain FFT)
     */
    public FEngine(int channels, int taps, Window window) {
        if (channels < 1 || Integer.bitCount(channels) != 1) {
            throw new IllegalArgumentException("the number of channels must be a power of two, not " + channels);
        }
        if (taps < 1 || taps > 64) {
            throw new IllegalArgumentException("the PFB needs 1 to 64 taps, not " + taps);
        }
        if ((long) channels * 2 * taps > 1 << 26) {
            throw new IllegalArgumentException("a PFB of " + channels + " channels and " + taps + " taps is too long");
        }
        this.channels = channels;
        this.taps = taps;
        this.window = window;
        int frame = 2 * channels;
        int length = taps * frame;
        double[] h = new double[length];
        double sum = 0;
        for (int n = 0; n < length; n++) {
            double x = (n - (length - 1) / 2.0) / frame;
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            h[n] = window.value(n, length) * sinc;
            sum += h[n];
        }
        coefficients = new float[length];
        for (int n = 0; n < length; n++) {
            coefficients[n] = (float) (h[n] * frame / sum);
        }
        fft = ThreadLocal.withInitial(() -> new FloatFFT_1D(frame));
    }

    public int channels() {
        return channels;
    }

    public int taps() {
        return taps;
    }

    public Window window() {
        return window;
    }

    /** Samples per spectrum step (2C). */
    public int frame() {
        return 2 * channels;
    }

    /** Samples that one spectrum reads (P * 2C). */
    public int span() {
        return taps * 2 * channels;
    }

    /** A copy of the prototype filter h[n], n = 0..P*2C-1. */
    public float[] coefficients() {
        return coefficients.clone();
    }

    /** Centre frequency of channel k in Hz for a sample rate fs in Hz: k fs / 2C. */
    public double channelFrequency(int k, double sampleRate) {
        return k * sampleRate / (2.0 * channels);
    }

    /**
     * Channelises {@code count} spectra of one stream.
     *
     * @param samples   the stream (any scale); samples before index 0 and after its end count as zeros, so a
     *                  stream can be channelised from its first sample on (the first P-1 spectra then see part of
     *                  the filter's history as zeros, as a streaming F-engine does right after it starts)
     * @param start     index of the first sample of spectrum 0 (may be negative)
     * @param fracDelay the residual delay f in samples, |f| &lt;= 0.5 (see class comment for the sign)
     * @param phase     phase correction in radians
     * @param out       receives X_k of spectrum m at {@code out[offset + m * stride + k * step]} (re) and {@code +1}
     *                  (im)
     */
    public void channelise(float[] samples, long start, int count, double fracDelay, double phase, float[] out,
            int offset, int stride, int step) {
        int frame = frame();
        float[] rotRe = new float[channels];
        float[] rotIm = new float[channels];
        for (int k = 0; k < channels; k++) {
            double a = 2 * Math.PI * k * fracDelay / frame + phase;
            rotRe[k] = (float) Math.cos(a);
            rotIm[k] = (float) Math.sin(a);
        }
        float[] y = new float[frame];
        FloatFFT_1D plan = fft.get();
        for (int m = 0; m < count; m++) {
            long base = start + (long) m * frame;
            java.util.Arrays.fill(y, 0);
            for (int p = 0; p < taps; p++) {
                long s0 = base + (long) p * frame;
                int h0 = p * frame;
                if (s0 >= 0 && s0 + frame <= samples.length) {
                    int i0 = (int) s0;
                    for (int n = 0; n < frame; n++) {
                        y[n] += coefficients[h0 + n] * samples[i0 + n];
                    }
                } else {
                    int from = (int) Math.max(0, -s0);
                    int to = (int) Math.min(frame, samples.length - s0);
                    for (int n = from; n < to; n++) {
                        y[n] += coefficients[h0 + n] * samples[(int) (s0 + n)];
                    }
                }
            }
            plan.realForward(y);
            int o = offset + m * stride;
            // y[0] = Re X_0, y[1] = Re X_C (Nyquist, dropped), y[2k], y[2k+1] = Re, Im X_k
            float re0 = y[0];
            out[o] = re0 * rotRe[0];
            out[o + 1] = re0 * rotIm[0];
            for (int k = 1; k < channels; k++) {
                float re = y[2 * k], im = y[2 * k + 1];
                int q = o + k * step;
                out[q] = re * rotRe[k] - im * rotIm[k];
                out[q + 1] = re * rotIm[k] + im * rotRe[k];
            }
        }
    }

    /** rint(gain * x) clipped to [-127, 127]. */
    public static byte requantise(float x, double gain) {
        double v = Math.rint(gain * x);
        return (byte) (v > 127 ? 127 : v < -127 ? -127 : v);
    }

    /** {@link #requantise(float, double)} of {@code n} values. */
    public static void requantise(float[] in, int inOffset, byte[] out, int outOffset, int n, double gain) {
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = requantise(in[inOffset + i], gain);
        }
    }
}
