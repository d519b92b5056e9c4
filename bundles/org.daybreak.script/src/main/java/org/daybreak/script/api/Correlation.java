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
