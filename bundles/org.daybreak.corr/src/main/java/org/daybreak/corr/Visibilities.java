package org.daybreak.corr;

/**
 * Correlator output. {@code data} is [dump][channel][baseline][polarisation product][2] (re, im) in C order, with
 * baselines over antennas in {@link Baselines} order and polarisation product index p * pols + q meaning
 * V = sum x_{i,p} conj(x_{j,q}) (for 2 polarisations: XX, XY, YX, YY). When {@code exactInteger} is true the
 * values are the exact integer sums of an int8 X-engine (exact in a double up to 2^53).
 *
 * @param frequencies channel centre frequencies in Hz
 * @param timestamps  centre of each dump in seconds since the first voltage sample
 */
public record Visibilities(int antennas, int pols, int channels, int dumps, double[] data, double[] frequencies,
        double[] timestamps, boolean exactInteger) {

    public int baselines() {
        return Baselines.count(antennas);
    }

    public int polProducts() {
        return pols * pols;
    }

    /** Flat index of the real part of V[dump][channel][baseline][pol]. */
    public int index(int dump, int channel, int baseline, int pol) {
        return (((dump * channels + channel) * baselines() + baseline) * polProducts() + pol) * 2;
    }

    public double re(int dump, int channel, int baseline, int pol) {
        return data[index(dump, channel, baseline, pol)];
    }

    public double im(int dump, int channel, int baseline, int pol) {
        return data[index(dump, channel, baseline, pol) + 1];
    }

    /** Names of the polarisation products in order, e.g. XX, XY, YX, YY. */
    public String[] polNames() {
        String[] p = {"X", "Y"};
        String[] names = new String[polProducts()];
        for (int a = 0; a < pols; a++) {
            for (int b = 0; b < pols; b++) {
                names[a * pols + b] = pols == 1 ? "XX" : p[a] + p[b];
            }
        }
        return names;
    }
}
