package org.daybreak.tomo;

import java.util.Arrays;
import java.util.Locale;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The frequency-domain filters of filtered back-projection. Names and shapes are those of scikit-image's
 * {@code iradon} ({@code ramp}, {@code shepp-logan}, {@code cosine}, {@code hamming}, {@code hann}), so that the
 * same filter name gives the same reconstruction.
 *
 * <p>The ramp is built as in Kak &amp; Slaney, <i>Principles of Computerized Tomographic Imaging</i> (1988),
 * ch. 3 eq. 61: the band-limited spatial kernel h[0] = 1/4, h[k] = -1/(pi k)^2 for odd k, 0 for even k, is
 * Fourier transformed; this avoids the DC bias of a sampled |f|. The windows multiply that ramp.
 */
public enum FbpFilter {
    RAMP("ramp"), SHEPP_LOGAN("shepp-logan"), COSINE("cosine"), HAMMING("hamming"), HANN("hann");

    private final String label;

    FbpFilter(String label) {
        this.label = label;
    }

    /** The name used on the command line and in job parameters. */
    public String label() {
        return label;
    }

    /** The filter for a name as {@link #label()} gives it (case-insensitive); IllegalArgumentException otherwise. */
    public static FbpFilter parse(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        if (n.equals("shepplogan")) {
            n = "shepp-logan";
        }
        if (n.equals("hanning")) {
            n = "hann";
        }
        for (FbpFilter f : values()) {
            if (f.label.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown FBP filter '" + name
                + "'; known: ramp, shepp-logan, cosine, hamming, hann");
    }

    /**
     * The padded FFT length used for {@code detectors} samples: the smallest power of two (at least 64) that is
     * at least twice the diagonal {@code ceil(sqrt(2) * detectors)}, as scikit-image's iradon pads (circle=True).
     * It is more than twice the detector count, so circular convolution never wraps onto the data, and the
     * windowed filters are sampled on the same frequency grid as iradon's.
     */
    public static int paddedLength(int detectors) {
        long diagonal = (long) Math.ceil(Math.sqrt(2.0) * detectors);
        long p = 64;
        while (p < 2 * diagonal) {
            p <<= 1;
        }
        return (int) p;
    }

    /**
     * Real filter response at the {@code size} DFT frequencies in FFT order (index k is frequency k/size for
     * k &lt;= size/2, negative frequencies after). Symmetric, so response[k] == response[size-k].
     */
    public double[] response(int size) {
        double[] h = new double[2 * size];
        // Spatial band-limited ramp kernel at lags 0..size-1 (circular), as complex interleaved input.
        h[0] = 0.25;
        for (int k = 1; k < size; k++) {
            int lag = k <= size / 2 ? k : size - k;
            if ((lag & 1) == 1) {
                h[2 * k] = -1.0 / (Math.PI * lag * Math.PI * lag);
            }
        }
        new DoubleFFT_1D(size).complexForward(h);
        double[] r = new double[size];
        for (int k = 0; k < size; k++) {
            r[k] = 2 * h[2 * k];
        }
        switch (this) {
            case RAMP -> {
            }
            case SHEPP_LOGAN -> {
                for (int k = 1; k < size; k++) {
                    double omega = Math.PI * frequency(k, size);
                    r[k] *= Math.sin(omega) / omega;
                }
            }
            case COSINE -> {
                // scikit-image: fftshift(sin(linspace(0, pi, size, endpoint=False)))
                double[] w = new double[size];
                for (int k = 0; k < size; k++) {
                    w[k] = Math.sin(Math.PI * k / size);
                }
                multiplyShifted(r, w);
            }
            case HAMMING -> {
                double[] w = new double[size];
                for (int k = 0; k < size; k++) {
                    w[k] = 0.54 - 0.46 * Math.cos(2 * Math.PI * k / (size - 1));
                }
                multiplyShifted(r, w);
            }
            case HANN -> {
                double[] w = new double[size];
                for (int k = 0; k < size; k++) {
                    w[k] = 0.5 - 0.5 * Math.cos(2 * Math.PI * k / (size - 1));
                }
                multiplyShifted(r, w);
            }
        }
        return r;
    }

    /** numpy.fft.fftfreq(size)[k]. */
    private static double frequency(int k, int size) {
        return (k < (size + 1) / 2 ? k : k - size) / (double) size;
    }

    /** r *= fftshift(w), for even size: shifted[k] = w[(k + size/2) % size]. */
    private static void multiplyShifted(double[] r, double[] w) {
        int n = r.length;
        for (int k = 0; k < n; k++) {
            r[k] *= w[(k + n / 2) % n];
        }
    }

    @Override
    public String toString() {
        return label;
    }

    static String knownNames() {
        return Arrays.toString(Arrays.stream(values()).map(FbpFilter::label).toArray());
    }
}
