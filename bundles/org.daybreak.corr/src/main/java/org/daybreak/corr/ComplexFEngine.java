package org.daybreak.corr;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * The F-engine for complex (already down-converted) voltages: C channels per spectrum from C complex samples,
 * through a critically sampled polyphase filter bank of P taps and a complex FFT of C points.
 *
 * <p>The prototype filter is designed as in {@link FEngine} with the frame C in place of 2C: h[n] = w(n) sinc((n -
 * (L-1)/2) / C), L = P C, scaled to sum to C. Spectrum m of a stream starting at sample {@code start} is X_k = sum_n
 * y[n] exp(-2 pi i k n / C), y[n] = sum_p h[C p + n] x[start + C m + C p + n]; samples outside the stream are zeros.
 * Channels are reordered so that they run from the lowest frequency up: output channel j holds FFT bin (j + C/2) mod
 * C, at frequency (j - C/2) fs / C from the band centre (fs the complex sample rate).
 *
 * <p>Thread rules: an instance may be shared; {@link #channelise} uses one FFT plan per thread.
 */
public final class ComplexFEngine {
    private final int channels;
    private final int taps;
    private final float[] coefficients;
    private final ThreadLocal<FloatFFT_1D> fft;

    public ComplexFEngine(int channels, int taps, FEngine.Window window) {
        if (channels < 2 || Integer.bitCount(channels) != 1) {
            throw new IllegalArgumentException("the number of channels must be a power of two of at least 2, not "
                    + channels);
        }
        if (taps < 1 || taps > 64) {
            throw new IllegalArgumentException("the PFB needs 1 to 64 taps, not " + taps);
        }
        this.channels = channels;
        this.taps = taps;
        int length = taps * channels;
        double[] h = new double[length];
        double sum = 0;
        for (int n = 0; n < length; n++) {
            double x = (n - (length - 1) / 2.0) / channels;
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            h[n] = window.value(n, length) * sinc;
            sum += h[n];
        }
        coefficients = new float[length];
        for (int n = 0; n < length; n++) {
            coefficients[n] = (float) (h[n] * channels / sum);
        }
        fft = ThreadLocal.withInitial(() -> new FloatFFT_1D(channels));
    }

    /** A copy of the prototype filter h[n], n = 0..P*C-1. */
    public float[] coefficients() {
        return coefficients.clone();
    }

    /** Samples per spectrum step (C). */
    public int frame() {
        return channels;
    }

    /** Offset of channel j from the band centre in Hz: (j - C/2) fs / C. */
    public double channelOffset(int j, double sampleRate) {
        return (j - channels / 2) * sampleRate / channels;
    }

    /**
     * Channelises {@code count} spectra of one complex stream {@code samples} (re, im interleaved).
     *
     * @param out receives X_j of spectrum m at {@code out[offset + m * stride + j * step]} (re) and +1 (im)
     */
    public void channelise(float[] samples, long start, int count, float[] out, int offset, int stride, int step) {
        int c = channels;
        long length = samples.length / 2;
        float[] y = new float[2 * c];
        FloatFFT_1D plan = fft.get();
        for (int m = 0; m < count; m++) {
            java.util.Arrays.fill(y, 0);
            long base = start + (long) m * c;
            for (int p = 0; p < taps; p++) {
                long s0 = base + (long) p * c;
                int h0 = p * c;
                int from = (int) Math.max(0, -s0);
                int to = (int) Math.min(c, length - s0);
                for (int n = from; n < to; n++) {
                    float h = coefficients[h0 + n];
                    int i = (int) (2 * (s0 + n));
                    y[2 * n] += h * samples[i];
                    y[2 * n + 1] += h * samples[i + 1];
                }
            }
            plan.complexForward(y);
            int o = offset + m * stride;
            for (int j = 0; j < c; j++) {
                int k = (j + c / 2) & (c - 1);
                out[o + j * step] = y[2 * k];
                out[o + j * step + 1] = y[2 * k + 1];
            }
        }
    }
}
