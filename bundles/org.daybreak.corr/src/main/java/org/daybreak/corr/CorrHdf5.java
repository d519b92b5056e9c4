package org.daybreak.corr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.NDArray;
import org.daybreak.hdf5.H5Dataset;
import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.H5Writer;

/**
 * HDF5 layouts of voltages and visibilities, written and read through org.daybreak.hdf5.
 *
 * <p><b>Voltages</b> ({@code corr simulate --out VOLT.h5}):
 * <ul>
 * <li>{@code /voltages}: int8 [antenna][pol][sample] (ADC counts); attribute {@code sample_rate_hz} (float64) and
 * {@code axes} = "antenna,pol,sample". Reading also accepts int16, float32 and float64, and [antenna][sample].</li>
 * <li>{@code /simulation} (group, attributes only): seed, tones_fraction_of_sample_rate, tone_amplitude_counts,
 * delays_samples, gains, sky_noise_rms_counts, receiver_noise_rms_counts.</li>
 * </ul>
 *
 * <p><b>Visibilities</b> ({@code corr run --out VIS.h5}):
 * <ul>
 * <li>{@code /visibilities}: [dump][channel][baseline][pol][2], the last axis (re, im); int64 when the exact int8
 * X-engine ran (attribute {@code exact_integer} = 1), float64 otherwise. Chunked and unlimited along the dump axis
 * (h5py: {@code maxshape[0] is None}), written a dump at a time by {@link VisibilityWriter}. A trailing axis of 2
 * is used because the HDF5 writers have no compound types; it is the shape in which {@code H5File} presents h5py's
 * complex datasets, and in h5py {@code v[..., 0] + 1j * v[..., 1]} (or {@code v.view(complex)} for float64) gives
 * complex values.</li>
 * <li>{@code /baselines}: int32 [baseline][2] = (i, j), i &lt;= j, in {@link Baselines} order.</li>
 * <li>{@code /frequencies}: float64 [channel], centre frequencies in Hz.</li>
 * <li>{@code /timestamps}: float64 [dump], dump centres in seconds since the first voltage sample; chunked and
 * unlimited like {@code /visibilities}, always as long.</li>
 * <li>{@code /polarisations}: strings [pol], e.g. XX, XY, YX, YY (V = x_{i,p} conj(x_{j,q})).</li>
 * <li>root attributes: the correlator settings (channels, taps, window, integrate, sample_rate_hz, ...), and
 * {@code convention} = "V_ij = sum x_i conj(x_j)", and {@code complete}: 1 when every planned dump was written, 0
 * in a file whose run is still going or was cancelled or failed (it holds the dumps done).</li>
 * </ul>
 */
final class CorrHdf5 {
    private CorrHdf5() {
    }

    record VoltageData(NDArray array, double sampleRate) {
    }

    static VoltageData readVoltages(Path file) throws IOException {
        try (H5File h = H5File.open(file)) {
            if (!h.exists("/voltages")) {
                throw new InputException(file + ": no /voltages dataset (expected int8 [antenna][pol][sample])");
            }
            H5Dataset d = h.dataset("/voltages");
            if (d.isCompound() || d.isComplex() || !d.dtype().isNumeric()) {
                throw new InputException(file + ": /voltages must hold real numbers, not " + d.numpyDtype());
            }
            double rate = 1.0;
            Object r = h.attribute("/voltages", "sample_rate_hz");
            if (r == null) {
                r = h.attribute("/", "sample_rate_hz");
            }
            if (r instanceof Number n) {
                rate = n.doubleValue();
            } else if (r instanceof java.util.List<?> l && l.size() == 1 && l.get(0) instanceof Number n) {
                rate = n.doubleValue();
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new InputException(file + ": /voltages has an invalid sample_rate_hz " + r);
            }
            return new VoltageData(d.read(), rate);
        }
    }

    static void writeVoltages(Path file, NDArray a, Simulator.Params p, double sampleRate) throws IOException {
        H5Writer w = H5Writer.create(file);
        try {
            w.dataset("/voltages", a);
            w.attribute("/voltages", "sample_rate_hz", sampleRate);
            w.attribute("/voltages", "axes", "antenna,pol,sample");
            w.attribute("/voltages", "units", "ADC counts");
            w.group("/simulation", null);
            w.attribute("/simulation", "seed", p.seed());
            w.attribute("/simulation", "tones_fraction_of_sample_rate", p.tones());
            w.attribute("/simulation", "tone_amplitude_counts", p.toneAmplitude());
            w.attribute("/simulation", "delays_samples", p.delays());
            w.attribute("/simulation", "gains", p.gains());
            w.attribute("/simulation", "sky_noise_rms_counts", p.skyRms());
            w.attribute("/simulation", "receiver_noise_rms_counts", p.receiverRms());
            w.attribute("/simulation", "model", "v = g * (sky(t - D) + sum A cos(2 pi f (t - D) + phi) + rx(t)),"
                    + " rint and clip to [-127, 127]");
        } finally {
            w.close();
        }
    }

    /** Writes visibilities to an HDF5 file (see {@link VisibilityWriter}). */
    static void writeVisibilities(Path file, Visibilities v, Map<String, Object> meta) throws IOException {
        CorrFiles.writeVisibilities(file, v, meta);
    }
}
