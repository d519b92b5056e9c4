package org.daybreak.fit;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.NDArray;
import org.daybreak.hdf5.H5Dataset;
import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.H5Node;
import org.daybreak.core.io.Npy;


/**
 * Traces to fit, read from a file: {@code traces} spectra of {@code length} points each, stored row after row
 * in {@link #y}, with one shared x axis and optional per-point weights (multiplying the residuals, i.e.
 * 1/sigma). For N-d data the last axis is the spectrum and {@link #leadingShape} the shape of the map
 * ({@code {}} for a single trace).
 *
 * <p>Sources: a text table (comma and/or white-space separated; {@code #} starts a comment; non-numeric lines
 * before the first number row are headers; a table of one column is y against the row index), a .npy file,
 * or {@code FILE.h5:/path/in/file} (x from the NeXus
 * axis named by the parent group's {@code axes} attribute for the last dimension, else the index).
 */
public final class FitData {
    public final double[] x;
    public final double[] y;
    public final double[] weights;
    public final int traces;
    public final int length;
    public final int[] leadingShape;
    public final String source;

    public FitData(double[] x, double[] y, double[] weights, int[] leadingShape, String source) {
        this.length = x.length;
        this.x = x;
        this.y = y;
        this.weights = weights;
        this.leadingShape = leadingShape.clone();
        this.traces = length == 0 ? 0 : y.length / length;
        this.source = source;
        if (y.length != (long) traces * length) {
            throw new IllegalArgumentException(source + ": " + y.length + " values do not make whole traces of "
                    + length + " points");
        }
        if (weights != null && weights.length != length && weights.length != y.length) {
            throw new InputException("the weights have " + weights.length + " values but the data have " + y.length
                    + (traces > 1 ? " (or " + length + " per trace)" : ""));
        }
    }

    /** True when there is one trace (1-d data). */
    public boolean single() {
        return leadingShape.length == 0;
    }

    /** Weights of trace {@code t} copied into {@code out}, or null when there are none. */
    public double[] weightsOf(int t, double[] out) {
        if (weights == null) {
            return null;
        }
        if (weights.length == length) {
            return weights;
        }
        System.arraycopy(weights, t * length, out, 0, length);
        return out;
    }

    /**
     * Reads the data named on the command line.
     *
     * @param spec      {@code FILE} (text or .npy) or {@code FILE.h5:/path}
     * @param xFile     a .npy (or one-column text) x axis for .npy/HDF5 data, or null
     * @param xCol      text tables: column of x (default 0)
     * @param yCol      text tables: column of y (default 1)
     * @param sigmaCol  text tables: column of sigma (weights = 1/sigma), or -1
     * @param weightsFile a .npy of weights (multiplying the residuals), or null
     * @throws InputException naming the file and what is wrong
     */
    public static FitData read(String spec, String xFile, int xCol, int yCol, int sigmaCol, String weightsFile)
            throws IOException {
        FitData d;
        String[] h5 = splitHdf5(spec);
        if (h5 != null) {
            d = readHdf5(Path.of(h5[0]), h5[1]);
        } else {
            Path file = Path.of(spec);
            if (!Files.isRegularFile(file)) {
                throw new InputException(spec + ": no such file");
            }
            if (spec.toLowerCase(Locale.ROOT).endsWith(".npy")) {
                d = fromArray(Npy.read(file), null, spec);
            } else {
                d = readText(file, xCol, yCol, sigmaCol);
            }
        }
        double[] x = d.x;
        if (xFile != null) {
            Path xf = Path.of(xFile);
            if (!Files.isRegularFile(xf)) {
                throw new InputException(xFile + ": no such file");
            }
            NDArray xa = xFile.toLowerCase(Locale.ROOT).endsWith(".npy") ? Npy.read(xf)
                    : NDArray.of(column(readTable(xf), 0, xf));
            x = xa.toDoubleArray();
            if (xa.rank() != 1 || x.length != d.length) {
                throw new InputException(xFile + ": the x axis has shape " + Arrays.toString(xa.shape())
                        + " but the traces have " + d.length + " points");
            }
        }
        double[] w = d.weights;
        if (weightsFile != null) {
            Path wf = Path.of(weightsFile);
            if (!Files.isRegularFile(wf)) {
                throw new InputException(weightsFile + ": no such file");
            }
            w = Npy.read(wf).toDoubleArray();
            if (w.length != d.length && w.length != d.y.length) {
                throw new InputException(weightsFile + ": " + w.length + " weights for data of " + d.y.length
                        + " values");
            }
        }
        return new FitData(x, d.y, w, d.leadingShape, d.source);
    }

    /**
     * The points with lo <= x <= hi of every trace (x in any order).
     *
     * @throws InputException when fewer than two points remain
     */
    public FitData restrict(double lo, double hi) {
        int count = 0;
        for (double v : x) {
            if (v >= lo && v <= hi) {
                count++;
            }
        }
        if (count < 2) {
            throw new InputException(source + ": only " + count + " points lie in the x range [" + lo + ", " + hi + "]");
        }
        int[] keep = new int[count];
        int k = 0;
        for (int i = 0; i < length; i++) {
            if (x[i] >= lo && x[i] <= hi) {
                keep[k++] = i;
            }
        }
        double[] nx = new double[count];
        double[] ny = new double[traces * count];
        double[] nw = weights == null ? null : new double[weights.length == length ? count : traces * count];
        for (int j = 0; j < count; j++) {
            nx[j] = x[keep[j]];
        }
        boolean shared = weights != null && weights.length == length;
        for (int t = 0; t < traces; t++) {
            for (int j = 0; j < count; j++) {
                ny[t * count + j] = y[t * length + keep[j]];
                if (nw != null && !shared) {
                    nw[t * count + j] = weights[t * length + keep[j]];
                }
            }
        }
        if (shared) {
            for (int j = 0; j < count; j++) {
                nw[j] = weights[keep[j]];
            }
        }
        return new FitData(nx, ny, nw, leadingShape, source);
    }

    /** {@code FILE:/path} where FILE exists; null when {@code spec} is a plain file name. */
    static String[] splitHdf5(String spec) {
        int i = spec.indexOf(":/");
        while (i > 0) {
            String f = spec.substring(0, i);
            if (Files.isRegularFile(Path.of(f)) || looksLikeHdf5(f)) {
                return new String[] {f, spec.substring(i + 1)};
            }
            i = spec.indexOf(":/", i + 1);
        }
        return null;
    }

    private static boolean looksLikeHdf5(String f) {
        String l = f.toLowerCase(Locale.ROOT);
        return l.endsWith(".h5") || l.endsWith(".hdf5") || l.endsWith(".nxs") || l.endsWith(".hdf") || l.endsWith(".nx5");
    }

    /** Traces from an array: the last axis is the spectrum. */
    public static FitData fromArray(NDArray a, double[] x, String source) {
        if (a.rank() == 0) {
            throw new InputException(source + ": a single number is not a trace to fit");
        }
        if (a.dtype().isText()) {
            throw new InputException(source + ": holds text, not numbers");
        }
        int[] shape = a.shape();
        int len = shape[shape.length - 1];
        if (len == 0) {
            throw new InputException(source + ": the traces are empty");
        }
        double[] xs = x;
        if (xs == null) {
            xs = new double[len];
            for (int i = 0; i < len; i++) {
                xs[i] = i;
            }
        }
        // float64 arrays are used in place (the traces are only read); other types are converted
        double[] values = a.dtype() == org.daybreak.core.data.DType.FLOAT64 ? (double[]) a.data() : a.toDoubleArray();
        return new FitData(xs, values, null, Arrays.copyOf(shape, shape.length - 1), source);
    }

    private static FitData readHdf5(Path file, String path) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": no such file");
        }
        // through Daybreak's HDF5 reader: every filter (bitshuffle, Blosc, ...), links and virtual datasets
        try (H5File h5 = H5File.open(file)) {
            H5Dataset ds = h5.dataset(path);
            if (!ds.dtype().isNumeric()) {
                throw new InputException(file + ":" + path + " holds " + ds.dtype() + " values, not numbers");
            }
            NDArray a = ds.read();
            if (a.rank() == 0) {
                a = a.reshape(1);
            }
            double[] x = nexusAxis(h5, ds.name(), a.shape()[a.rank() - 1]);
            return fromArray(a, x, file + ":" + path);
        } catch (IOException e) {
            throw new InputException(e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw new InputException(e.getCause().getMessage(), e);
        }
    }

    private static String parentOf(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    private static String childPath(String group, String name) {
        return group.endsWith("/") ? group + name : group + "/" + name;
    }

    /** The last name of an {@code axes} attribute value (text with , : or blanks, or a list), or null. */
    private static String lastAxisName(Object v) {
        if (v instanceof String s && !s.isBlank()) {
            String[] parts = s.trim().split("[,:\\s]+");
            return parts[parts.length - 1];
        }
        if (v instanceof List<?> l && !l.isEmpty()) {
            return String.valueOf(l.get(l.size() - 1));
        }
        return null;
    }

    /**
     * The NeXus axis of the last dimension: the parent group's (or the dataset's own) {@code @axes}, else the old
     * style (a sibling 1-d dataset with an {@code axis} attribute, preferring {@code primary = 1}); null when
     * there is none of the trace's length.
     */
    private static double[] nexusAxis(H5File h5, String path, int length) {
        try {
            String parent = parentOf(path);
            String name = lastAxisName(h5.attributes(parent).get("axes"));
            if (name == null || name.equals(".")) {
                name = lastAxisName(h5.attributes(path).get("axes"));
            }
            if (name != null && !name.equals(".")) {
                double[] axis = axisValues(h5, childPath(parent, name), length);
                if (axis != null) {
                    return axis;
                }
            }
            String best = null;
            for (H5Node child : h5.children(parent)) {
                if (!child.isDataset() || child.isBroken()) {
                    continue;
                }
                Map<String, Object> attrs = child.attributes();
                if (attrs.containsKey("axis") && axisValues(h5, child.path(), length) != null) {
                    Object primary = attrs.get("primary");
                    boolean isPrimary = primary instanceof Number n && n.intValue() == 1
                            || primary instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Number n2 && n2.intValue() == 1;
                    if (best == null || isPrimary) {
                        best = child.path();
                    }
                }
            }
            return best == null ? null : axisValues(h5, best, length);
        } catch (IOException | RuntimeException e) {
            return null; // no usable axis: fall back to the index
        }
    }

    private static double[] axisValues(H5File h5, String path, int length) throws IOException {
        if (!h5.exists(path)) {
            return null;
        }
        H5Dataset ax = h5.dataset(path);
        int[] s = ax.shape();
        if (s.length != 1 || s[0] != length || !ax.dtype().isNumeric()) {
            return null;
        }
        return ax.read().toDoubleArray();
    }

    private static FitData readText(Path file, int xCol, int yCol, int sigmaCol) throws IOException {
        List<double[]> rows = readTable(file);
        boolean oneColumn = rows.stream().allMatch(r -> r.length == 1);
        double[] x;
        double[] y;
        if (oneColumn && xCol == 0 && yCol == 1) {
            // a single column is y, with x the row index
            y = column(rows, 0, file);
            x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
        } else {
            x = column(rows, xCol, file);
            y = column(rows, yCol, file);
        }
        double[] w = null;
        if (sigmaCol >= 0) {
            double[] s = column(rows, sigmaCol, file);
            w = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                if (!(s[i] > 0)) {
                    throw new InputException(file + ": sigma in column " + sigmaCol + " of data row " + (i + 1)
                            + " is " + s[i] + "; it must be positive");
                }
                w[i] = 1 / s[i];
            }
        }
        return new FitData(x, y, w, new int[0], file.toString());
    }

    private static double[] column(List<double[]> rows, int col, Path file) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            if (col < 0 || col >= r.length) {
                throw new InputException(file + ": data row " + (i + 1) + " has " + r.length
                        + " columns, so there is no column " + col + " (columns count from 0)");
            }
            v[i] = r[col];
        }
        return v;
    }

    /** Numeric rows of a text table; header lines are allowed only before the first numeric row. */
    static List<double[]> readTable(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s*[,;\\t ]\\s*|\\s+");
            double[] row = new double[parts.length];
            boolean numeric = true;
            String bad = null;
            for (int i = 0; i < parts.length; i++) {
                try {
                    row[i] = Double.parseDouble(parts[i]);
                } catch (NumberFormatException e) {
                    String l = parts[i].toLowerCase(Locale.ROOT);
                    if (l.equals("nan")) {
                        row[i] = Double.NaN;
                    } else if (l.equals("inf") || l.equals("-inf")) {
                        row[i] = l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                    } else {
                        numeric = false;
                        bad = parts[i];
                        break;
                    }
                }
            }
            if (!numeric) {
                if (rows.isEmpty()) {
                    continue; // a header line
                }
                throw new InputException(file + ": line " + (ln + 1) + ": '" + bad + "' is not a number");
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new InputException(file + ": no numeric data rows");
        }
        return rows;
    }
}
