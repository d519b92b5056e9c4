package org.daybreak.corr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;

/**
 * Voltage and visibility files, chosen by extension: {@code .h5}/{@code .hdf5} (see {@link CorrHdf5} for the
 * layout) or {@code .npy}.
 *
 * <p>.npy voltages: int8, int16, float32 or float64 shaped [antenna][pol][sample] (or [antenna][sample] for one
 * polarisation); the sample rate is not stored (pass it to {@code corr run --sample-rate}).
 *
 * <p>.npy visibilities ({@code VIS.npy}): [dump][channel][baseline][pol][2] (re, im), int64 for the exact int8
 * X-engine, float64 otherwise; beside it {@code VIS_baselines.npy} (int32 [baseline][2]), {@code
 * VIS_frequencies.npy} (float64 Hz) and {@code VIS_timestamps.npy} (float64 s).
 */
public final class CorrFiles {
    private CorrFiles() {
    }

    static boolean isHdf5(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".hdf") || n.endsWith(".nxs");
    }

    static boolean isNpy(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    /** True for a path this class can write (by extension). */
    public static boolean isOutput(Path p) {
        return isHdf5(p) || isNpy(p);
    }

    static void checkWritable(Path p) {
        if (!isOutput(p)) {
            throw new InputException(p + ": the output must be an HDF5 (.h5) or .npy file");
        }
    }

    /**
     * Reads voltages. {@code sampleRate} (Hz), when positive, overrides the file's; .npy files default to 1.0.
     *
     * @throws InputException naming the file when it is missing or not shaped/typed as voltages
     */
    public static Voltages readVoltages(Path file, double sampleRate) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file");
        }
        NDArray a;
        double rate = 1.0;
        if (isHdf5(file)) {
            CorrHdf5.VoltageData vd = CorrHdf5.readVoltages(file);
            a = vd.array();
            rate = vd.sampleRate();
        } else if (isNpy(file)) {
            a = Npy.read(file);
        } else {
            throw new InputException(file + ": voltages must be an HDF5 (.h5) or .npy file");
        }
        if (sampleRate > 0) {
            rate = sampleRate;
        }
        return toVoltages(file.toString(), a, rate);
    }

    /** [antenna][pol][sample] or [antenna][sample] int8/int16/float32/float64 -> {@link Voltages}. */
    static Voltages toVoltages(String name, NDArray a, double rate) {
        int[] s = a.shape();
        if (s.length == 2) {
            a = a.reshape(s[0], 1, s[1]);
            s = a.shape();
        }
        if (s.length != 3) {
            throw new InputException(name + ": voltages must be shaped [antenna][pol][sample], not "
                    + Arrays.toString(s));
        }
        if (s[0] < 1 || s[1] < 1 || s[1] > 2 || s[2] < 1) {
            throw new InputException(name + ": voltages shaped " + Arrays.toString(s)
                    + " need at least one antenna and sample and 1 or 2 polarisations");
        }
        DType t = a.dtype();
        if (t != DType.INT8 && t != DType.INT16 && t != DType.FLOAT32 && t != DType.FLOAT64) {
            throw new InputException(name + ": voltages must be int8, int16, float32 or float64, not " + t);
        }
        float[] flat = a.toFloatArray();
        int inputs = s[0] * s[1];
        float[][] data = new float[inputs][];
        for (int i = 0; i < inputs; i++) {
            data[i] = Arrays.copyOfRange(flat, i * s[2], (i + 1) * s[2]);
        }
        return new Voltages(s[0], s[1], rate, data);
    }

    /** Writes simulated int8 voltages [antenna][pol][sample] with the simulation parameters as metadata. */
    public static void writeVoltages(Path file, byte[] q, Simulator.Params p, double sampleRate) throws IOException {
        checkWritable(file);
        NDArray a = NDArray.wrap(DType.INT8, q, p.antennas(), p.pols(), p.samples());
        if (isHdf5(file)) {
            CorrHdf5.writeVoltages(file, a, p, sampleRate);
        } else {
            Npy.write(file, a);
        }
    }

    /**
     * Writes visibilities with their baseline table, frequencies, timestamps and the settings in {@code meta}, a
     * dump at a time through {@link VisibilityWriter} (the same layout a streaming run writes).
     */
    public static void writeVisibilities(Path file, Visibilities v, Map<String, Object> meta) throws IOException {
        try (VisibilityWriter w = VisibilityWriter.create(file, v.antennas(), v.pols(), v.channels(),
                v.frequencies(), v.exactInteger(), meta, v.dumps())) {
            int n = v.channels() * v.baselines() * v.polProducts() * 2;
            for (int d = 0; d < v.dumps(); d++) {
                w.dump(v.data(), d * n, v.timestamps()[d]);
            }
            w.complete();
        }
    }

    static NDArray baselineTable(int antennas) {
        int[][] t = Baselines.table(antennas);
        int[] flat = new int[t.length * 2];
        for (int b = 0; b < t.length; b++) {
            flat[2 * b] = t[b][0];
            flat[2 * b + 1] = t[b][1];
        }
        return NDArray.wrap(DType.INT32, flat, t.length, 2);
    }
}
