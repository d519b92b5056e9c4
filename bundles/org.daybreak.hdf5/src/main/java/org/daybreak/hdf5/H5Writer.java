package org.daybreak.hdf5;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;

/**
 * Writes a new HDF5 file (fit results, reconstructed volumes, visibilities, a script's {@code save()}), built on
 * jHDF's writer: the whole tree is written when {@link #close()} is called.
 *
 * <p>Types written: INT8..INT64 as signed integers, UINT8..UINT64 as unsigned integers, FLOAT32/FLOAT64 as
 * IEEE floats, FLOAT16 widened to FLOAT32, BOOL as uint8 (0/1), STRING as fixed-length UTF-8 strings (the
 * longest string sets the length). Datasets are contiguous unless chunks are given; then they are chunked with
 * byte shuffle and deflate. Attribute values: String, String[], List of String, Number (Long/Integer stored as
 * int64, Double/Float as float64), long[], int[], double[], float[].
 *
 * <p>Paths are absolute; parent groups are created as needed. Thread rule: one thread at a time.
 */
public final class H5Writer implements AutoCloseable {
    private final Path path;
    private final WritableHdfFile file;
    private final Map<String, WritableGroup> groups = new HashMap<>();
    private final Map<String, WritableDataset> datasets = new HashMap<>();
    private boolean closed;

    private H5Writer(Path path, WritableHdfFile file) {
        this.path = path;
        this.file = file;
        groups.put("/", file);
    }

    /**
     * Creates (or replaces) a file.
     *
     * @throws IOException when the folder does not exist or the file cannot be created
     */
    public static H5Writer create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException(file + ": cannot create the HDF5 file (folder " + parent + " does not exist)");
        }
        try {
            return new H5Writer(file, HdfFile.write(file));
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot create the HDF5 file (" + H5File.reason(e) + ")", e);
        }
    }

    public Path path() {
        return path;
    }

    /** Creates a group (and its parents); {@code nxClass} (e.g. {@code NXdata}) becomes its NX_class if not null. */
    public void group(String groupPath, String nxClass) {
        WritableGroup g = ensureGroup(H5File.normalize(groupPath));
        if (nxClass != null) {
            g.putAttribute("NX_class", nxClass);
        }
    }

    private WritableGroup ensureGroup(String p) {
        WritableGroup g = groups.get(p);
        if (g != null) {
            return g;
        }
        if (datasets.containsKey(p)) {
            throw new IllegalArgumentException(path + ": '" + p + "' is already a dataset");
        }
        int i = p.lastIndexOf('/');
        String parent = i <= 0 ? "/" : p.substring(0, i);
        WritableGroup pg = ensureGroup(parent);
        g = pg.putGroup(p.substring(i + 1));
        groups.put(p, g);
        return g;
    }

    /** Writes a contiguous dataset (numbers or text; see the class comment for the types). */
    public void dataset(String datasetPath, NDArray data) {
        dataset(datasetPath, data, null);
    }

    /**
     * Writes a dataset; with {@code chunks} (one per axis) it is chunked, byte-shuffled and deflated (level 4).
     *
     * @throws IllegalArgumentException when the path is taken or the chunk shape does not fit
     */
    public void dataset(String datasetPath, NDArray data, int[] chunks) {
        String p = H5File.normalize(datasetPath);
        if (datasets.containsKey(p) || groups.containsKey(p)) {
            throw new IllegalArgumentException(path + ": '" + p + "' already exists");
        }
        int i = p.lastIndexOf('/');
        WritableGroup parent = ensureGroup(i <= 0 ? "/" : p.substring(0, i));
        String name = p.substring(i + 1);
        NDArray a = data;
        if (a.dtype() == DType.FLOAT16) {
            a = a.astype(DType.FLOAT32);
        } else if (a.dtype() == DType.BOOL) {
            a = a.astype(DType.UINT8);
        } else if (a.dtype() == DType.BYTES) {
            // jHDF writes text as UTF-8: byte strings that are UTF-8 go back unchanged, others with \xNN escapes
            a = a.astype(DType.STRING);
        }
        Object nested = nested(a);
        DatasetCreationOptions.Builder b = DatasetCreationOptions.builder();
        boolean custom = false;
        if (a.dtype().isUnsigned()) {
            b.unsigned();
            custom = true;
        }
        if (chunks != null) {
            if (chunks.length != a.rank()) {
                throw new IllegalArgumentException(path + ": " + p + ": chunks " + java.util.Arrays.toString(chunks)
                        + " do not match the data's " + a.rank() + " axes");
            }
            b.chunkDimensions(chunks).shuffle().deflate(4);
            custom = true;
        }
        WritableDataset ds = custom ? parent.putDataset(name, nested, b.build()) : parent.putDataset(name, nested);
        datasets.put(p, ds);
    }

    /** Converts a contiguous array into the nested Java array (or boxed scalar) jHDF writes. */
    private static Object nested(NDArray a) {
        NDArray c = a.isContiguous() ? a : a.copy();
        if (c.rank() == 0) {
            Object v = c.getObjectFlat(0);
            return switch (c.dtype()) {
                case INT8, UINT8 -> ((Number) v).byteValue();
                case INT16, UINT16 -> ((Number) v).shortValue();
                case INT32, UINT32 -> ((Number) v).intValue();
                case INT64, UINT64 -> c.getLongFlat(0);
                case FLOAT32 -> ((Number) v).floatValue();
                case FLOAT64 -> ((Number) v).doubleValue();
                default -> String.valueOf(v);
            };
        }
        Object flat = c.data();
        if (c.rank() == 1) {
            return flat;
        }
        int[] shape = c.shape();
        Object out = Array.newInstance(flat.getClass().getComponentType(), shape);
        int[] counter = {0};
        fill(out, flat, shape, 0, counter);
        return out;
    }

    private static void fill(Object target, Object flat, int[] shape, int d, int[] counter) {
        if (d == shape.length - 1) {
            System.arraycopy(flat, counter[0], target, 0, shape[d]);
            counter[0] += shape[d];
            return;
        }
        for (int i = 0; i < shape[d]; i++) {
            fill(Array.get(target, i), flat, shape, d + 1, counter);
        }
    }

    /**
     * Sets an attribute on a group or dataset written earlier (or on {@code "/"}); a group path that does not
     * exist yet is created.
     *
     * @throws IllegalArgumentException for a value type that cannot be stored
     */
    public void attribute(String objectPath, String name, Object value) {
        String p = H5File.normalize(objectPath);
        WritableNode node = datasets.containsKey(p) ? datasets.get(p) : ensureGroup(p);
        node.putAttribute(name, attributeValue(value));
    }

    private static Object attributeValue(Object v) {
        if (v instanceof String || v instanceof String[] || v instanceof double[] || v instanceof long[]
                || v instanceof int[] || v instanceof float[]) {
            return v;
        }
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof List<?> l && l.stream().allMatch(o -> o instanceof String)) {
            return l.toArray(new String[0]);
        }
        throw new IllegalArgumentException("an attribute cannot hold a " + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    /** Writes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            file.close();
        } catch (RuntimeException e) {
            throw new IOException(path + ": writing the HDF5 file failed (" + H5File.reason(e) + ")", e);
        }
    }
}
