package org.daybreak.corr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.job.JobSpec;
import org.daybreak.hdf5.H5Dataset;
import org.daybreak.hdf5.H5File;

/**
 * What the Correlator view (and scripts) compute and read, without widgets: simulated voltages written through
 * this bundle, the {@code corr.run} job description, visibility files read back, and the views of them that
 * the view plots (amplitude and phase per channel of one baseline, the dump x channel waterfall, the antenna x
 * antenna matrix of one channel).
 *
 * <p>Conventions (those of org.daybreak.corr): V_ij = sum x_i conj(x_j); the file holds baselines i &lt;= j only,
 * and V_ji = conj(V_ij), so a baseline asked for with i &gt; j has the same amplitude and the opposite phase.
 * "Time-averaged" means the complex mean over all dumps (a steady tone keeps its amplitude, noise averages down).
 * Thread rules: static methods, safe from any thread.
 */
public final class CorrelatorData {
    private CorrelatorData() {
    }

    /** The simulation inputs of the view, checked by {@link Simulator.Params}. */
    public static Simulator.Params simulation(int antennas, int samples, double[] tones, double toneAmplitude,
            double[] delays, double skyRms, double receiverRms, long seed) {
        return new Simulator.Params(antennas, samples, 1, tones, toneAmplitude,
                delays == null || delays.length == 0 ? null : delays, null, skyRms, receiverRms, seed);
    }

    /** Simulates int8 voltages and writes them to {@code out} (.h5 layout of org.daybreak.corr, or .npy). */
    public static void simulate(Simulator.Params p, Path out, double sampleRateHz) throws IOException {
        if (!CorrFiles.isOutput(out)) {
            throw new InputException(out + ": the voltages file must end in .h5 or .npy");
        }
        CorrFiles.writeVoltages(out, Simulator.quantise(Simulator.voltages(p)), p, sampleRateHz);
    }

    /**
     * The {@code corr.run} job: voltages -> visibilities {@code out}, with the parameter names of
     * {@link CorrRunJob}. Checks what can be checked before the job runs (channels a power of two, taps 1..64,
     * integration at least 1, window known, output type).
     */
    public static JobSpec runJob(Path voltages, Path out, int channels, int taps, int integrate, String window) {
        if (voltages == null || !Files.isRegularFile(voltages)) {
            throw new InputException("voltages file " + voltages + " does not exist; simulate or open one first");
        }
        if (channels < 1 || Integer.bitCount(channels) != 1) {
            throw new InputException("the number of channels must be a power of two, not " + channels);
        }
        if (taps < 1 || taps > 64) {
            throw new InputException("the filter bank needs 1 to 64 taps, not " + taps);
        }
        if (integrate < 1) {
            throw new InputException("the integration must be at least 1 spectrum, not " + integrate);
        }
        FEngine.Window.parse(window);
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".h5") || name.endsWith(".hdf5"))) {
            throw new InputException(out + ": the visibilities file must end in .h5 (the view reads HDF5 back)");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("out", out.toString());
        p.put("channels", channels);
        p.put("taps", taps);
        p.put("window", window);
        p.put("integrate", integrate);
        return new JobSpec(CorrRunJob.KIND, p, Map.of("voltages", voltages.toString()));
    }

    /**
     * The waterfall (time x frequency power) and, through {@link BasebandCorrelator.Waterfall#bandpass()}, the
     * band-pass of one stream and polarisation of a baseband recording, for the Correlator view: {@code channels}
     * channels, at most {@code maxRows} rows covering the whole recording, with at most {@code maxSamples} samples
     * per stream of work (0: no limit). A recording within that budget: each row the sum of enough consecutive
     * spectra that the whole file makes at most maxRows rows ({@link BasebandCorrelator#waterfall}). A longer one:
     * min(maxRows, budget) rows spread evenly over the whole file, each the sum of budget / rows consecutive spectra
     * at the start of its time bin ({@link BasebandCorrelator#spreadWaterfall}).
     *
     * @throws InputException when the file is not a recording or is too short for one spectrum
     */
    public static BasebandCorrelator.Waterfall recordingWaterfall(Path file, int stream, int pol, int channels,
            int taps, String window, int maxRows, long maxSamples) throws IOException {
        return recordingWaterfall(file, stream, pol, channels, taps, window, maxRows, maxSamples, null);
    }

    /** As above, with progress and cancel through {@code context} (null: none). */
    public static BasebandCorrelator.Waterfall recordingWaterfall(Path file, int stream, int pol, int channels,
            int taps, String window, int maxRows, long maxSamples, org.daybreak.core.job.JobContext context)
            throws IOException {
        if (channels < 1 || Integer.bitCount(channels) != 1) {
            throw new InputException("the number of channels must be a power of two, not " + channels);
        }
        try (org.daybreak.corr.baseband.BasebandReader r = org.daybreak.corr.baseband.Baseband.open(file,
                org.daybreak.corr.baseband.Baseband.Options.NONE)) {
            int frame = r.info().complex() ? channels : 2 * channels;
            long spectra = r.samples() / frame;
            if (spectra < 1) {
                throw new InputException(file + ": " + r.samples() + " samples do not make one spectrum of "
                        + frame + " samples");
            }
            long budget = maxSamples > 0 ? Math.max(1, maxSamples / frame) : Long.MAX_VALUE;
            if (spectra > budget) {
                // a long recording: rows spread over all of it, budget spectra of work in all
                int rows = (int) Math.min(maxRows, budget);
                int integrate = (int) Math.max(1, budget / rows);
                return BasebandCorrelator.spreadWaterfall(r, stream, pol, channels, taps,
                        FEngine.Window.parse(window), rows, integrate, context);
            }
            int integrate = (int) Math.max(1, (spectra + maxRows - 1) / maxRows);
            return BasebandCorrelator.waterfall(r, stream, pol, channels, taps, FEngine.Window.parse(window),
                    integrate, 0, 1, context);
        }
    }

    /**
     * Reads a visibility file written by {@code corr run} ({@code /visibilities} [dump][channel][baseline][pol][2],
     * {@code /baselines}, {@code /frequencies}, {@code /timestamps}).
     *
     * @throws InputException naming the file and what is missing or mis-shaped
     */
    public static Visibilities read(Path file) {
        try (H5File h = H5File.open(file)) {
            for (String d : new String[] {"/visibilities", "/baselines", "/frequencies", "/timestamps"}) {
                if (!h.exists(d)) {
                    throw new InputException(file + " has no " + d + " dataset; it is not a visibility file of"
                            + " 'daybreak corr run'");
                }
            }
            H5Dataset vis = h.dataset("/visibilities");
            int[] s = vis.shape();
            if (s.length != 5 || s[4] != 2) {
                throw new InputException(file + ": /visibilities has shape " + Arrays.toString(s)
                        + ", not [dump][channel][baseline][pol][2]");
            }
            int baselines = h.dataset("/baselines").shape()[0];
            int antennas = (int) Math.round((Math.sqrt(8.0 * baselines + 1) - 1) / 2);
            int pols = (int) Math.round(Math.sqrt(s[3]));
            if (Baselines.count(antennas) != baselines || baselines != s[2] || pols * pols != s[3]) {
                throw new InputException(file + ": " + baselines + " baselines and " + s[3]
                        + " polarisation products do not fit /visibilities " + Arrays.toString(s));
            }
            double[] frequencies = h.dataset("/frequencies").read().toDoubleArray();
            double[] timestamps = h.dataset("/timestamps").read().toDoubleArray();
            if (frequencies.length != s[1] || timestamps.length != s[0]) {
                throw new InputException(file + ": /frequencies or /timestamps do not match /visibilities "
                        + Arrays.toString(s));
            }
            NDArray data = vis.read();
            Object exact = vis.attributes().get("exact_integer");
            boolean isExact = exact instanceof Number n && n.intValue() == 1;
            return new Visibilities(antennas, pols, s[1], s[0], data.toDoubleArray(), frequencies, timestamps,
                    isExact);
        } catch (IOException | UncheckedIOException e) {
            throw new InputException("cannot read visibilities " + file + ": " + e.getMessage(), e);
        }
    }

    /** re/im of V_ij (any order of i, j) at one dump, channel and polarisation product. */
    static double[] value(Visibilities v, int dump, int channel, int i, int j, int pol) {
        int b = Baselines.index(v.antennas(), Math.min(i, j), Math.max(i, j));
        double re = v.re(dump, channel, b, pol);
        double im = v.im(dump, channel, b, pol);
        return new double[] {re, i <= j ? im : -im};
    }

    /** The time-averaged V_ij per channel as {amplitude[channel], phase in degrees [channel]}. */
    public static double[][] spectrum(Visibilities v, int i, int j, int pol) {
        check(v, i, j, pol);
        double[] amp = new double[v.channels()];
        double[] phase = new double[v.channels()];
        for (int c = 0; c < v.channels(); c++) {
            double re = 0;
            double im = 0;
            for (int d = 0; d < v.dumps(); d++) {
                double[] z = value(v, d, c, i, j, pol);
                re += z[0];
                im += z[1];
            }
            re /= v.dumps();
            im /= v.dumps();
            amp[c] = Math.hypot(re, im);
            phase[c] = Math.toDegrees(Math.atan2(im, re));
        }
        return new double[][] {amp, phase};
    }

    /** |V_ij| as [dump][channel]. */
    public static double[] waterfall(Visibilities v, int i, int j, int pol) {
        check(v, i, j, pol);
        double[] out = new double[v.dumps() * v.channels()];
        for (int d = 0; d < v.dumps(); d++) {
            for (int c = 0; c < v.channels(); c++) {
                double[] z = value(v, d, c, i, j, pol);
                out[d * v.channels() + c] = Math.hypot(z[0], z[1]);
            }
        }
        return out;
    }

    /** The time-averaged |V_ij| of one channel as [i][j] (antennas x antennas, symmetric). */
    public static double[] matrix(Visibilities v, int channel, int pol) {
        if (channel < 0 || channel >= v.channels()) {
            throw new InputException("channel " + channel + " is outside 0.." + (v.channels() - 1));
        }
        int n = v.antennas();
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double re = 0;
                double im = 0;
                for (int d = 0; d < v.dumps(); d++) {
                    double[] z = value(v, d, channel, i, j, pol);
                    re += z[0];
                    im += z[1];
                }
                double a = Math.hypot(re, im) / v.dumps();
                out[i * n + j] = a;
                out[j * n + i] = a;
            }
        }
        return out;
    }

    private static void check(Visibilities v, int i, int j, int pol) {
        int n = v.antennas();
        if (i < 0 || j < 0 || i >= n || j >= n) {
            throw new InputException("baseline (" + i + ", " + j + ") needs antennas 0.." + (n - 1));
        }
        if (pol < 0 || pol >= v.polProducts()) {
            throw new InputException("polarisation product " + pol + " is outside 0.." + (v.polProducts() - 1));
        }
    }

    /** Index of the largest value. */
    public static int argMax(double[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }
}
