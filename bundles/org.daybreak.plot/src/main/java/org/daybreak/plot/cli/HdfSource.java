package org.daybreak.plot.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.hdf5.H5Dataset;
import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.nexus.NexusData;
import org.daybreak.plot.cli.PlotCommand.AxisValues;
import org.daybreak.plot.cli.PlotCommand.Selected;

/**
 * Reads the part of an HDF5/NeXus dataset that the {@code plot} command draws, with its NeXus axes: only the
 * selected slab of the signal is read, and the shape is checked before anything is read.
 */
final class HdfSource {
    private HdfSource() {
    }

    static Selected read(Path file, String pathArg, SliceSpec slice) {
        H5File f;
        try {
            f = H5File.open(file);
        } catch (IOException | RuntimeException e) {
            throw new InputException("plot: cannot open " + file + " as HDF5: " + e.getMessage(), e);
        }
        try (f) {
            NexusData nexus;
            String path;
            if (pathArg == null || pathArg.equals("-")) {
                Optional<NexusData> d = NexusData.findDefault(f);
                if (d.isEmpty()) {
                    throw new UsageException("plot: " + file + " has no NeXus default plot; give the dataset PATH");
                }
                nexus = d.get();
                path = nexus.signalPath();
            } else {
                path = pathArg.startsWith("/") ? pathArg : "/" + pathArg;
                nexus = nexusFor(f, path);
            }
            H5Dataset ds;
            try {
                ds = f.dataset(path);
            } catch (IOException e) {
                throw new InputException("plot: " + e.getMessage(), e);
            }
            int[] shape = ds.shape();
            String title = file.getFileName() + ":" + path + (slice != null ? " [" + slice + "]" : "");
            if (!ds.dtype().isNumeric()) {
                throw new InputException("plot: " + title + " holds " + ds.dtype() + " values, not numbers");
            }
            SliceSpec.Selection sel = slice == null ? null : PlotCommand.resolve(slice, shape, path);
            int[] count = sel == null ? shape : sel.count();
            boolean[] dropped = sel == null ? new boolean[shape.length] : sel.dropped();
            int remaining = 0;
            List<Integer> kept = new ArrayList<>();
            for (int d = 0; d < shape.length; d++) {
                if (!dropped[d]) {
                    kept.add(d);
                    if (count[d] != 1) {
                        remaining++;
                    }
                }
            }
            if (remaining > 2) {
                int[] resultShape = kept.stream().mapToInt(d -> count[d]).toArray();
                StringBuilder example = new StringBuilder();
                for (int i = 0; i < remaining - 2; i++) {
                    example.append("0,");
                }
                throw new UsageException("plot: " + title + " has shape " + Arrays.toString(resultShape) + " ("
                        + remaining + "-D); choose a 1-D or 2-D part with --slice, e.g. --slice " + example + ":,:");
            }
            NDArray values;
            try {
                values = slice == null ? ds.read() : ds.read(slice);
            } catch (UncheckedIOException e) {
                throw new InputException("plot: " + e.getCause().getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new InputException("plot: " + e.getMessage(), e);
            }
            List<AxisValues> axes = new ArrayList<>();
            for (int d : kept) {
                String axisPath = nexus != null && d < nexus.axisPaths().size() ? nexus.axisPaths().get(d) : null;
                axes.add(axis(f, nexus, axisPath, shape[d], sel, d, count[d]));
            }
            String name = leaf(path);
            String longName = nexus != null ? nexus.longName(path) : null;
            String units = nexus != null ? nexus.units(path) : null;
            return new Selected(values, title, name, longName != null ? longName : name, units == null ? "" : units,
                    axes);
        } catch (IOException e) {
            throw new InputException("plot: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String leaf(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /** The NXdata description when {@code path} is the signal of its parent NXdata group, else null. */
    private static NexusData nexusFor(H5File f, String path) {
        int slash = path.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : path.substring(0, slash);
        Optional<NexusData> d = NexusData.of(f, parent);
        if (d.isPresent() && path.equals(normalize(d.get().signalPath()))) {
            return d.get();
        }
        return null;
    }

    private static String normalize(String p) {
        return p.startsWith("/") ? p : "/" + p;
    }

    /**
     * The selected part of one dimension's axis: centres (length n) or edges (length n + 1, kept only for unit
     * steps); null values when the axis is absent, not 1-D, the wrong length or not numeric.
     */
    private static AxisValues axis(H5File f, NexusData nexus, String axisPath, int n, SliceSpec.Selection sel, int d,
            int count) {
        if (axisPath == null) {
            return new AxisValues(null, "", "", count);
        }
        String label = nexus.longName(axisPath);
        if (label == null) {
            label = leaf(axisPath);
        }
        String units = nexus.units(axisPath);
        units = units == null ? "" : units;
        try {
            H5Dataset a = f.dataset(axisPath);
            int[] s = a.shape();
            if (s.length != 1 || !a.dtype().isNumeric() || (s[0] != n && s[0] != n + 1)) {
                return new AxisValues(null, "", "", count);
            }
            double[] all = a.read().toDoubleArray();
            int start = sel == null ? 0 : sel.start()[d];
            int step = sel == null ? 1 : sel.step()[d];
            boolean edges = s[0] == n + 1;
            if (edges && step != 1) {
                // bin edges under a stride: take the centres of the selected bins
                double[] c = new double[count];
                for (int i = 0; i < count; i++) {
                    int k = start + i * step;
                    c[i] = (all[k] + all[k + 1]) / 2;
                }
                return new AxisValues(NDArray.of(c), label, units, count);
            }
            double[] v = new double[edges ? count + 1 : count];
            for (int i = 0; i < v.length; i++) {
                v[i] = all[start + i * step];
            }
            return new AxisValues(NDArray.of(v), label, units, count);
        } catch (IOException | RuntimeException e) {
            return new AxisValues(null, "", "", count);
        }
    }
}
