package org.daybreak.corr;

import java.util.Arrays;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.parallel.Parallel;

/**
 * The FX correlator: {@link FEngine} per input, optional requantisation to int8 complex, {@link XEngine} over all
 * inputs, then the input-pair products rearranged into [baseline][polarisation product] ({@link Visibilities}).
 *
 * <p>Time alignment: T samples give M = T / 2C spectra (a streaming filter bank: spectrum m ends with samples
 * [2C m, 2C (m+1)); the P-1 frames of history before the first sample are zeros). K must divide M exactly, i.e.
 * K 2C must divide T; otherwise the input is refused. Input i of antenna a is read round(D_a) samples later
 * (D_a its delay in samples); samples that this moves outside the stream are zeros.
 *
 * <p>Memory: the channelised data are produced and correlated in chunks of at most about 4 M complex values, so a
 * dump of any length K fits in memory.
 */
public final class FxCorrelator {

    /**
     * @param delays         per-antenna delays in samples to correct (null: none); see {@link FEngine}
     * @param phases         per-antenna phase corrections in radians (null: none)
     * @param requantiseGain NaN: float X-engine; otherwise the gain of the int8 requantisation and the exact X-engine
     */
    public record Config(int channels, int taps, FEngine.Window window, int integrate, double[] delays, double[] phases,
            double requantiseGain, int threads) {
    }

    /** Visibilities and the number of spectra correlated (dumps x K). */
    public record Result(Visibilities visibilities, int spectra) {
    }

    private FxCorrelator() {
    }

    public static Result correlate(Voltages v, Config cfg, JobContext context) {
        return correlate(v, cfg, context, null);
    }

    /**
     * As {@link #correlate(Voltages, Config, JobContext)}, with the integer X-engine on a GPU when {@code gpu} is not
     * null and the config requantises (the F-engine stays on the CPU threads; the float X-engine has no GPU path).
     */
    public static Result correlate(Voltages v, Config cfg, JobContext context,
            org.daybreak.corr.gpu.GpuXEngine gpu) {
        JobContext ctx = context == null ? JobContext.NONE : context;
        if (v.pols() > 2) {
            throw new IllegalArgumentException("the correlator handles 1 or 2 polarisations, not " + v.pols());
        }
        FEngine f = new FEngine(cfg.channels(), cfg.taps(), cfg.window());
        int antennas = v.antennas(), pols = v.pols(), inputs = v.inputs(), channels = cfg.channels();
        int k = cfg.integrate();
        if (k < 1) {
            throw new IllegalArgumentException("the integration length must be at least 1 spectrum, not " + k);
        }
        double[] delays = perAntenna(cfg.delays(), antennas, "delays");
        double[] phases = perAntenna(cfg.phases(), antennas, "phases");
        long[] shift = new long[antennas];
        for (int a = 0; a < antennas; a++) {
            if (!Double.isFinite(delays[a]) || Math.abs(delays[a]) > v.samples()) {
                throw new IllegalArgumentException("the delay of antenna " + a + " (" + delays[a]
                        + " samples) is not a finite number within the " + v.samples() + " samples");
            }
            shift[a] = Math.round(delays[a]);
        }
        long perDump = (long) f.frame() * k;
        if (v.samples() % perDump != 0) {
            throw new IllegalArgumentException("the integration length " + k + " (x " + f.frame()
                    + " samples per spectrum = " + perDump + ") does not divide the " + v.samples() + " samples");
        }
        int spectra = v.samples() / f.frame();
        int dumps = spectra / k;
        long base = -(long) (cfg.taps() - 1) * f.frame();
        boolean exact = !Double.isNaN(cfg.requantiseGain());
        if (exact && !(cfg.requantiseGain() > 0) || Double.isInfinite(cfg.requantiseGain())) {
            throw new IllegalArgumentException("the requantisation gain must be a positive number, not "
                    + cfg.requantiseGain());
        }
        int nbIn = Baselines.count(inputs);
        int chunk = (int) Math.max(1, Math.min(k, (4L << 20) / ((long) channels * inputs)));
        float[] spectraBuf = new float[chunk * channels * inputs * 2];
        byte[] quantBuf = exact ? new byte[spectraBuf.length] : null;
        int nbAnt = Baselines.count(antennas);
        int pp = pols * pols;
        double[] out = new double[dumps * channels * nbAnt * pp * 2];
        double[] acc = new double[channels * nbIn * 2];
        int threads = Math.max(1, cfg.threads());
        JobContext quiet = new JobContext() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return ctx.isCancelled();
            }
        };
        for (int d = 0; d < dumps; d++) {
            Arrays.fill(acc, 0);
            for (int m0 = d * k; m0 < (d + 1) * k; m0 += chunk) {
                int n = Math.min(chunk, (d + 1) * k - m0);
                final int first = m0;
                Parallel.forEach(inputs, threads, quiet, input -> {
                    int a = input / pols;
                    long start = base + shift[a] + (long) first * f.frame();
                    f.channelise(v.data()[input], start, n, delays[a] - shift[a], phases[a], spectraBuf, input * 2,
                            channels * inputs * 2, inputs * 2);
                });
                int len = n * channels * inputs * 2;
                if (exact) {
                    FEngine.requantise(spectraBuf, 0, quantBuf, 0, len, cfg.requantiseGain());
                    byte[] q = len == quantBuf.length ? quantBuf : Arrays.copyOf(quantBuf, len);
                    long[] r = gpu != null ? gpu.correlate(q, n, channels, inputs, n, quiet)
                            : XEngine.correlate(q, n, channels, inputs, n, threads, quiet);
                    for (int i = 0; i < r.length; i++) {
                        acc[i] += r[i];
                    }
                } else {
                    double[] r = XEngine.correlate(len == spectraBuf.length ? spectraBuf
                            : Arrays.copyOf(spectraBuf, len), n, channels, inputs, n, threads, quiet);
                    for (int i = 0; i < r.length; i++) {
                        acc[i] += r[i];
                    }
                }
                ctx.progress((double) (m0 + n) / (dumps * (double) k), "correlated spectrum " + (m0 + n) + " of "
                        + dumps * k);
            }
            rearrange(acc, out, d, channels, antennas, pols);
        }
        double[] freqs = new double[channels];
        for (int c = 0; c < channels; c++) {
            freqs[c] = f.channelFrequency(c, v.sampleRate());
        }
        double[] times = new double[dumps];
        for (int d = 0; d < dumps; d++) {
            double centre = base + (double) d * k * f.frame() + ((k - 1) * (double) f.frame() + f.span()) / 2.0;
            // = (d + 1/2) K 2C + 2C/2 - P 2C/2: the mean centre of the dump's PFB windows
            times[d] = centre / v.sampleRate();
        }
        Visibilities vis = new Visibilities(antennas, pols, channels, dumps, out, freqs, times, exact);
        return new Result(vis, spectra);
    }

    /** Input-pair visibilities [channel][input baseline][2] -> out[dump][channel][antenna baseline][pol][2]. */
    static void rearrange(double[] acc, double[] out, int dump, int channels, int antennas, int pols) {
        int inputs = antennas * pols;
        int nbIn = Baselines.count(inputs);
        int nbAnt = Baselines.count(antennas);
        int pp = pols * pols;
        for (int c = 0; c < channels; c++) {
            int b = 0;
            for (int i = 0; i < antennas; i++) {
                for (int j = i; j < antennas; j++, b++) {
                    for (int p = 0; p < pols; p++) {
                        for (int q = 0; q < pols; q++) {
                            int u = i * pols + p, w = j * pols + q;
                            double re, im;
                            if (u <= w) {
                                int s = (c * nbIn + Baselines.index(inputs, u, w)) * 2;
                                re = acc[s];
                                im = acc[s + 1];
                            } else {
                                int s = (c * nbIn + Baselines.index(inputs, w, u)) * 2;
                                re = acc[s];
                                im = 0.0 - acc[s + 1]; // no negative zero
                            }
                            int o = ((((dump * channels + c) * nbAnt + b) * pp) + p * pols + q) * 2;
                            out[o] = re;
                            out[o + 1] = im;
                        }
                    }
                }
            }
        }
    }

    private static double[] perAntenna(double[] v, int antennas, String what) {
        if (v == null || v.length == 0) {
            return new double[antennas];
        }
        if (v.length != antennas) {
            throw new IllegalArgumentException(v.length + " " + what + " given for " + antennas + " antennas");
        }
        return v;
    }
}
