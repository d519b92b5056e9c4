package org.daybreak.plot.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.hdf5.H5Dataset;
import org.daybreak.core.data.LazyDataset;
import org.daybreak.corr.baseband.BasebandRecording;
import org.daybreak.fits.FitsFile;
import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.H5Node;
import org.daybreak.hdf5.nexus.NexusData;
import org.daybreak.ui.FileStamp;

/**
 * A dataset chosen for plotting, held open so that slices can be read on demand: the signal, its NeXus axes
 * (path, label and units per dimension; NexusData: signal/axes/units/long_name) and its title. Made off the UI
 * thread; {@link #read} may be called from any thread (H5File reads are thread-safe); {@link #close()} last.
 * Widget-free, but it stays here: it opens FITS as well as HDF5, and org.daybreak.plot may not depend on fits.
 */
final class DatasetSource implements AutoCloseable {
    final Path file;
    final String path;
    /** The HDF5 file, or null for a FITS file (whose datasets have no NeXus axes). */
    final H5File h5;
    final LazyDataset dataset;
    /** NumPy's dtype string of the dataset, for the status line. */
    final String dtypeText;
    private final AutoCloseable owner;
    final int[] shape;
    /** Per dimension: the axis dataset's path, or null. */
    final String[] axisPaths;
    final String[] axisLabels;
    final String[] axisUnits;
    final String signalLabel;
    final String signalUnits;
    private final NDArray[] axisValues;
    /** The file's stamp when it was opened (taken before reading), to notice a change on disk. */
    volatile FileStamp stamp;
    /** Set once the file was found deleted on disk (said once). */
    volatile boolean vanished;
    /** Set once a failure to read the changed file again has been said (said once until it reads again). */
    volatile boolean rereadFailureReported;

    private DatasetSource(Path file, String path, H5File h5, LazyDataset dataset, String dtypeText, AutoCloseable owner,
            NexusData nexus) {
        this.file = file;
        this.path = path;
        this.h5 = h5;
        this.dataset = dataset;
        this.dtypeText = dtypeText;
        this.owner = owner;
        this.shape = dataset.shape();
        int rank = shape.length;
        axisPaths = new String[rank];
        axisLabels = new String[rank];
        axisUnits = new String[rank];
        axisValues = new NDArray[rank];
        for (int d = 0; d < rank; d++) {
            String ap = nexus != null && d < nexus.axisPaths().size() ? nexus.axisPaths().get(d) : null;
            axisPaths[d] = ap;
            String label = ap == null ? null : nexus.longName(ap);
            axisLabels[d] = label != null ? label : ap != null ? leaf(ap) : "axis " + d;
            String u = ap == null ? null : nexus.units(ap);
            axisUnits[d] = u == null ? "" : u;
        }
        String ln = nexus != null ? nexus.longName(path) : null;
        signalLabel = ln != null ? ln : leaf(path);
        String su = nexus != null ? nexus.units(path) : null;
        signalUnits = su == null ? "" : su;
    }

    /**
     * Opens the file and finds what to plot: a dataset path, a NeXus group (an NXdata group's signal; an NXentry's
     * {@code @default} chain), or with a null path the file's NeXus default plot.
     *
     * @throws IOException with one sentence when the file cannot be read or has nothing plottable at that path
     */
    static DatasetSource open(Path file, String datasetPath) throws IOException {
        FileStamp before = FileStamp.of(file);
        DatasetSource s = openNow(file, datasetPath);
        s.stamp = before;
        return s;
    }

    private static DatasetSource openNow(Path file, String datasetPath) throws IOException {
        boolean hdf5 = H5File.startsWithSignature(file);
        if (!hdf5 && FitsFile.isFits(file)) {
            return openFits(file, datasetPath);
        }
        if (!hdf5 && BasebandRecording.isRecording(file)) {
            return openBaseband(file, datasetPath);
        }
        H5File h5 = H5File.open(file);
        try {
            NexusData nexus = null;
            String path = datasetPath;
            if (path == null) {
                nexus = NexusData.findDefault(h5).orElseThrow(() -> new IOException(file
                        + " has no NeXus default plot (no NXdata group with a signal); double-click a dataset"));
                path = nexus.signalPath();
            } else {
                H5Node node = h5.node(path);
                if (node.isGroup()) {
                    nexus = groupDefault(h5, node.path()).orElseThrow(() -> new IOException(file + ": group '"
                            + datasetPath + "' has no NeXus plottable data (no NXdata with a signal)"));
                    path = nexus.signalPath();
                } else {
                    nexus = nexusFor(h5, node.path());
                    path = node.path();
                }
            }
            H5Dataset ds = h5.dataset(path);
            if (!ds.dtype().isNumeric()) {
                throw new IOException(file + ": '" + path + "' holds " + ds.dtype() + " values, not numbers");
            }
            if (ds.isEmpty() || NDArray.sizeOf(ds.shape()) == 0) {
                throw new IOException(file + ": '" + path + "' has no elements to plot");
            }
            return new DatasetSource(file, path, h5, ds, ds.numpyDtype(), h5, nexus);
        } catch (IOException | RuntimeException e) {
            h5.close();
            throw e;
        }
    }

    /** An NXdata group's own data, else its {@code @default} chain (NXentry -> NXdata). */
    /** A FITS dataset ({@code /HDU/name}, as the Data Browser lists it); FITS has no default plot. */
    private static DatasetSource openFits(Path file, String datasetPath) throws IOException {
        if (datasetPath == null || datasetPath.lastIndexOf('/') <= 0) {
            throw new IOException(file + " is a FITS file: double-click one of its datasets to plot it");
        }
        FitsFile fits = FitsFile.open(file);
        try {
            LazyDataset ds = fits.dataset(datasetPath);
            if (!ds.dtype().isNumeric()) {
                throw new IOException(file + ": '" + datasetPath + "' holds " + ds.dtype() + " values, not numbers");
            }
            if (NDArray.sizeOf(ds.shape()) == 0) {
                throw new IOException(file + ": '" + datasetPath + "' has no elements to plot");
            }
            return new DatasetSource(file, datasetPath, null, ds, FitsFile.numpyDtype(ds), fits, null);
        } catch (IOException | RuntimeException e) {
            fits.close();
            throw e;
        }
    }

    /** A baseband recording's dataset ({@code /voltages}, {@code /stream_N}); recordings have no default plot. */
    private static DatasetSource openBaseband(Path file, String datasetPath) throws IOException {
        BasebandRecording rec = BasebandRecording.open(file);
        try {
            LazyDataset ds = datasetPath == null ? null : rec.dataset(datasetPath);
            if (ds == null) {
                throw new IOException(file + " is a baseband recording: double-click one of its datasets"
                        + (datasetPath == null ? "" : " ('" + datasetPath + "' is not one)") + " to plot it");
            }
            return new DatasetSource(file, datasetPath, null, ds, "<f4", rec, null);
        } catch (IOException | RuntimeException e) {
            rec.close();
            throw e;
        }
    }

    private static Optional<NexusData> groupDefault(H5File h5, String group) {
        String g = group;
        for (int depth = 0; depth < 8; depth++) {
            Optional<NexusData> d = NexusData.of(h5, g);
            if (d.isPresent()) {
                return d;
            }
            Object def;
            try {
                def = h5.attribute(g, "default");
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
            String name = def instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0))
                    : def == null ? null : String.valueOf(def);
            if (name == null || name.isBlank()) {
                return firstNxdataChild(h5, g);
            }
            g = (g.equals("/") ? "" : g) + "/" + name;
        }
        return Optional.empty();
    }

    /** Without a {@code @default}: the first child NXdata group (file order) that has a signal. */
    private static Optional<NexusData> firstNxdataChild(H5File h5, String group) {
        try {
            for (H5Node n : h5.children(group)) {
                if (n.isGroup() && "NXdata".equals(String.valueOf(h5.attribute(n.path(), "NX_class")))) {
                    Optional<NexusData> d = NexusData.of(h5, n.path());
                    if (d.isPresent()) {
                        return d;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable group has no default to offer
        }
        return Optional.empty();
    }

    /** The NXdata description when the dataset is the signal of its parent group, else null. */
    private static NexusData nexusFor(H5File h5, String path) {
        int slash = path.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : path.substring(0, slash);
        Optional<NexusData> d = NexusData.of(h5, parent);
        if (d.isPresent()) {
            String s = d.get().signalPath();
            if (path.equals(s.startsWith("/") ? s : "/" + s)) {
                return d.get();
            }
        }
        return null;
    }

    private static String leaf(String p) {
        return p.substring(p.lastIndexOf('/') + 1);
    }

    String title() {
        return file.getFileName() + ":" + path;
    }

    /** Dimensions longer than one. */
    int[] nonSingleton() {
        return Arrays.stream(range(shape.length)).filter(d -> shape[d] > 1).toArray();
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /**
     * Reads the slice that shows dimensions {@code shown} (one for a line, two [rows, columns] for an image) at
     * {@code index} for every other dimension; the result's axes are in the order of {@code shown}.
     */
    NDArray read(int[] shown, int[] index) {
        List<SliceSpec.Item> items = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            final int dim = d;
            boolean isShown = Arrays.stream(shown).anyMatch(s -> s == dim);
            items.add(isShown ? SliceSpec.Item.ALL : SliceSpec.Item.index(index[d]));
        }
        NDArray a = dataset.read(SliceSpec.of(items.toArray(SliceSpec.Item[]::new)));
        if (shown.length == 2 && shown[0] > shown[1]) {
            a = a.transpose(1, 0).copy();
        }
        return a;
    }

    /** The 1-D numeric axis values of a dimension (centres or edges), or null; read once and kept. */
    synchronized NDArray axisValues(int d) {
        if (axisValues[d] != null) {
            return axisValues[d];
        }
        String ap = axisPaths[d];
        if (ap == null || h5 == null) {
            return null;
        }
        try {
            H5Dataset a = h5.dataset(ap);
            int[] s = a.shape();
            if (s.length != 1 || !a.dtype().isNumeric() || (s[0] != shape[d] && s[0] != shape[d] + 1)) {
                return null;
            }
            axisValues[d] = a.read(SliceSpec.all());
            return axisValues[d];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** "label (units)" of a dimension's axis. */
    String axisTitle(int d) {
        return axisUnits[d].isEmpty() ? axisLabels[d] : axisLabels[d] + " (" + axisUnits[d] + ")";
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            // closing a file we only read cannot lose data; nothing more to do
        }
    }
}
