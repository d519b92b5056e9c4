package org.daybreak.script.api;

import java.io.IOException;
import java.nio.file.Path;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.corr.CorrFiles;
import org.daybreak.corr.Simulator;

/**
 * The correlator's simulator for {@code daybreak.corr} (channelising and correlating a file runs as a
 * {@code corr.run} job). Tones are fractions of the sample rate, delays are in samples, noise in ADC counts, as
 * {@link Simulator} and {@code daybreak corr simulate} take them.
 */
public final class Correlation {

    private Correlation() {
    }

    /**
     * Opens a baseband recording (VDIF, Mark 5B, DADA, GUPPI) for lazy reading; {@code sampleRate} (0: from the
     * headers), {@code referenceDate} (yyyy-mm-dd or null, Mark 5B), {@code nchan} and {@code bits} (0: 8 and 2,
     * Mark 5B) say what the headers cannot.
     */
    public static org.daybreak.corr.baseband.BasebandReader openBaseband(String path, double sampleRate,
            String referenceDate, int nchan, int bits) throws IOException {
        return org.daybreak.corr.baseband.Baseband.open(Path.of(path), new org.daybreak.corr.baseband.Baseband.Options(
                sampleRate, referenceDate == null ? null : org.daybreak.corr.baseband.Baseband.Options.mjd(
                        referenceDate), nchan, bits));
    }

    /** Samples [start, start + count) as float32 [sample][stream][pol][2]. */
    public static NDArray readBaseband(org.daybreak.corr.baseband.BasebandReader r, long start, int count)
            throws IOException {
        org.daybreak.corr.baseband.BasebandInfo i = r.info();
        return NDArray.wrap(DType.FLOAT32, r.read(start, count), count, i.streams(), i.pols(), 2);
    }

    /** Raw integer codes of samples [start, start + count), same layout as {@link #readBaseband}. */
    public static NDArray readBasebandCodes(org.daybreak.corr.baseband.BasebandReader r, long start, int count)
            throws IOException {
        org.daybreak.corr.baseband.BasebandInfo i = r.info();
        return NDArray.wrap(DType.FLOAT32, r.readCodes(start, count), count, i.streams(), i.pols(), 2);
    }

    /** Power spectra [stream][pol][channel] and their frequencies (Hz), over the first {@code samples} samples. */
    public static NDArray[] basebandSpectrum(org.daybreak.corr.baseband.BasebandReader r, int channels, int taps,
            String window, long samples) throws IOException {
        org.daybreak.corr.BasebandCorrelator.Spectrum s = org.daybreak.corr.BasebandCorrelator.spectrum(r, channels,
                taps, org.daybreak.corr.FEngine.Window.parse(window), samples, Runtime.getRuntime()
                        .availableProcessors());
        return new NDArray[] {NDArray.wrap(DType.FLOAT64, s.frequencies(), s.channels()),
            NDArray.wrap(DType.FLOAT64, s.power(), s.streams(), s.pols(), s.channels())};
    }

    private static Simulator.Params params(int antennas, int samples, int pols, double[] tones, double toneAmplitude,
            double[] delays, double[] gains, double skyRms, double receiverRms, long seed) {
        return new Simulator.Params(antennas, samples, pols, tones, toneAmplitude, delays, gains, skyRms, receiverRms,
                seed);
    }

    /** Simulated int8 voltages [antenna][pol][sample], in memory. */
    public static NDArray voltages(int antennas, int samples, int pols, double[] tones, double toneAmplitude,
            double[] delays, double[] gains, double skyRms, double receiverRms, long seed) {
        Simulator.Params p = params(antennas, samples, pols, tones, toneAmplitude, delays, gains, skyRms, receiverRms,
                seed);
        return NDArray.wrap(DType.INT8, Simulator.quantise(Simulator.voltages(p)), antennas, pols, samples);
    }

    /**
     * Simulated int8 voltages written to {@code out} (.h5 with the simulation's parameters as attributes, or .npy),
     * the file {@code corr run} and the {@code corr.run} job read.
     */
    public static void simulate(String out, int antennas, int samples, int pols, double[] tones, double toneAmplitude,
            double[] delays, double[] gains, double skyRms, double receiverRms, long seed, double sampleRate)
            throws IOException {
        if (!(sampleRate > 0)) {
            throw new IllegalArgumentException("the sample rate must be a positive number of Hz, not " + sampleRate);
        }
        Simulator.Params p = params(antennas, samples, pols, tones, toneAmplitude, delays, gains, skyRms, receiverRms,
                seed);
        CorrFiles.writeVoltages(Path.of(out), Simulator.quantise(Simulator.voltages(p)), p, sampleRate);
    }
}
