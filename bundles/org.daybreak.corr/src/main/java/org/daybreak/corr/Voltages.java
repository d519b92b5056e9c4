package org.daybreak.corr;

/**
 * Real voltage streams in memory: {@code data[input][sample]} with input = antenna * pols + pol, in ADC units
 * (int8/int16 files are widened exactly), sampled at {@code sampleRate} Hz (1.0 when unknown: frequencies are then
 * in cycles per sample).
 */
public record Voltages(int antennas, int pols, double sampleRate, float[][] data) {

    public Voltages {
        if (antennas < 1 || pols < 1 || data.length != antennas * pols) {
            throw new IllegalArgumentException("voltages of " + antennas + " antennas x " + pols
                    + " polarisations need that many streams, not " + data.length);
        }
        for (float[] d : data) {
            if (d.length != data[0].length) {
                throw new IllegalArgumentException("voltage streams differ in length");
            }
        }
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("the sample rate must be a positive number of Hz, not " + sampleRate);
        }
    }

    public int samples() {
        return data[0].length;
    }

    public int inputs() {
        return data.length;
    }
}
