package org.daybreak.hdf5;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.hdf5.filter.Filters;

import io.jhdf.api.Dataset;

/**
 * Reads the elements of one {@link H5Dataset} that Daybreak's {@link ChunkEngine} does not (variable-length data,
 * general compounds) through jHDF: jHDF reads the bounding box of the selection (the whole dataset when the box
 * covers it), then steps are applied and single-index axes dropped on the box. Values are converted from jHDF's
 * nested Java arrays to text or to {@link NDArray}s.
 *
 * <p>Thread rule: it holds no mutable state of its own; reads from several threads at once are as safe as jHDF's.
 */
final class JhdfReader {
    private final Dataset ds;
    /** The dataspace's axes. */
    private final int[] fileShape;

    JhdfReader(Dataset ds, int[] fileShape) {
        this.ds = ds;
        this.fileShape = fileShape;
    }

    /** Reads the bounding box of the selection with jHDF; {@link #boxSelection} then applies steps and drops axes. */
    private Object jhdfBox(SliceSpec.Selection sel) {
        // jHDF decodes these chunks itself: give it Daybreak's decoders first (once; the registration runs jHDF's
        // filter discovery, which a read through Daybreak's own engine does not need)
        Filters.registerWithJhdf();
        if (ds.isScalar()) {
            return ds.getData();
        }
        if (ds instanceof io.jhdf.dataset.chunked.ChunkedDatasetBase) {
            checkChunkLengths();
        }
        if (ds.getDataType() instanceof io.jhdf.object.datatype.CompoundDataType ct) {
            checkMembers(ct, "");
        }
        int rank = fileShape.length;
        long[] offset = new long[rank];
        int[] box = new int[rank];
        for (int d = 0; d < rank; d++) {
            int a = sel.start()[d];
            int b = a + (sel.count()[d] - 1) * sel.step()[d];
            offset[d] = Math.min(a, b);
            box[d] = Math.abs(b - a) + 1;
        }
        boolean whole = true;
        for (int d = 0; d < rank; d++) {
            whole &= offset[d] == 0 && box[d] == fileShape[d];
        }
        return whole ? ds.getData() : ds.getData(offset, box);
    }

    /**
     * Refuses a chunk index whose chunks claim lengths past the end of the file before jHDF reads them: jHDF 0.13
     * allocates (and zeroes) a buffer of a chunk's claimed size before reading it, so one damaged size in a small
     * file cost seconds per chunk (found by H5FileFuzzTest; {@code fuzz/found/compound-chunk-size-past-eof.h5}).
     * Daybreak's own chunk engine reads through OffsetChannel, which refuses such reads without allocating.
     */
    private void checkChunkLengths() {
        io.jhdf.storage.HdfBackingStorage st = ds.getHdfFile().getHdfBackingStorage();
        long end = st.size() - st.getUserBlockSize();
        java.util.Collection<io.jhdf.dataset.chunked.Chunk> chunks;
        try {
            chunks = JhdfAccess.chunks(ds);
        } catch (ReflectiveOperationException e) {
            return; // jHDF reads the chunks as it can and reports what it finds
        }
        for (io.jhdf.dataset.chunked.Chunk c : chunks) {
            long at = c.getAddress();
            long size = c.getSize();
            if (at == -1L) {
                continue; // not allocated: the fill value
            }
            if (at < 0 || size < 0 || at + size > end) {
                throw new IllegalStateException("a chunk at " + at + " claims " + size
                        + " bytes, past the end of the file (" + end + " bytes): a damaged chunk index");
            }
        }
    }

    /**
     * Refuses a compound type whose members do not fit inside it (HDF5 File Format Specification IV.A.2.d: a
     * member's byte offset plus its size lies within the compound's size) before jHDF reads it: jHDF 0.13 allocates
     * a member's claimed size once, and its size times the element count, before reading (found by
     * H5FileFuzzTest: a damaged member size cost 3.8 s of CPU for a 6-element dataset;
     * {@code fuzz/found/compound-member-larger-than-compound.h5}).
     */
    private static void checkMembers(io.jhdf.object.datatype.CompoundDataType ct, String outer) {
        long size = ct.getSize();
        for (io.jhdf.object.datatype.CompoundDataType.CompoundDataMember m : ct.getMembers()) {
            long offset = m.getOffset();
            long msize = m.getDataType().getSize();
            if (offset < 0 || msize < 0 || offset + msize > size) {
                throw new IllegalStateException("compound member '" + outer + m.getName() + "' claims " + msize
                        + " bytes at offset " + offset + " in a " + size + "-byte compound: a damaged datatype");
            }
            if (m.getDataType() instanceof io.jhdf.object.datatype.CompoundDataType inner) {
                checkMembers(inner, outer + m.getName() + ".");
            }
        }
    }

    private SliceSpec boxSelection(SliceSpec.Selection sel) {
        int rank = fileShape.length;
        SliceSpec.Item[] items = new SliceSpec.Item[rank];
        for (int d = 0; d < rank; d++) {
            int a = sel.start()[d];
            int b = a + (sel.count()[d] - 1) * sel.step()[d];
            int lo = Math.min(a, b);
            if (sel.dropped()[d]) {
                items[d] = SliceSpec.Item.index(0);
            } else if (sel.step()[d] > 0) {
                items[d] = SliceSpec.Item.range(a - lo, b - lo + 1, sel.step()[d]);
            } else {
                int stop = b - lo - 1;
                items[d] = SliceSpec.Item.range(a - lo, stop < 0 ? null : stop, sel.step()[d]);
            }
        }
        return SliceSpec.of(items);
    }

    private int[] boxShape(SliceSpec.Selection sel) {
        int rank = fileShape.length;
        int[] box = new int[rank];
        for (int d = 0; d < rank; d++) {
            box[d] = Math.abs((sel.count()[d] - 1) * sel.step()[d]) + 1;
        }
        return box;
    }

    /**
     * Reads a selection of a dataset that is neither raw-readable nor a compound (variable-length sequences and
     * the like) as text, one string per element, in the selection's row-major order.
     */
    Object readText(SliceSpec.Selection sel) {
        Object data = jhdfBox(sel);
        String[] flat = new String[(int) NDArray.sizeOf(boxShape(sel))];
        int[] k = {0};
        flattenText(data, flat, k);
        NDArray box = NDArray.wrap(DType.STRING, flat, boxShape(sel));
        return box.slice(boxSelection(sel)).copy().data();
    }

    private static void flattenText(Object v, String[] out, int[] k) {
        if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            if (v.getClass().getComponentType().isPrimitive()) {
                if (k[0] < out.length) {
                    out[k[0]++] = text(v);
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                flattenText(Array.get(v, i), out, k);
            }
        } else if (k[0] < out.length) {
            out[k[0]++] = text(v);
        }
    }

    /** One jHDF value as text: arrays as {@code [a, b]}, compounds as {@code (a, b)}, byte buffers in hex. */
    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v.getClass().isArray()) {
            StringBuilder b = new StringBuilder("[");
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    b.append(", ");
                }
                b.append(text(Array.get(v, i)));
            }
            return b.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("(");
            boolean first = true;
            for (Object o : m.values()) {
                if (!first) {
                    b.append(", ");
                }
                first = false;
                b.append(text(o));
            }
            return b.append(')').toString();
        }
        if (v instanceof ByteBuffer bb) {
            return TypeInfo.hex(bb);
        }
        return String.valueOf(v);
    }

    /**
     * Reads the fields of a compound dataset separately, each as an array of the selection's shape (numeric
     * fields as numbers, string fields as text, nested fields as text), in the type's member order.
     *
     * @throws IllegalStateException when jHDF does not return the fields of a compound
     */
    Map<String, NDArray> fields(SliceSpec.Selection sel) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : compoundFields(sel).entrySet()) {
            out.put(e.getKey(), toArray(e.getValue(), sel));
        }
        return out;
    }

    private Map<String, Object> compoundFields(SliceSpec.Selection sel) {
        Object data = jhdfBox(sel);
        if (!(data instanceof Map<?, ?> m)) {
            throw new IllegalStateException("jHDF returned " + (data == null ? "nothing" : data.getClass())
                    + " for a compound");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }

    /**
     * Reads a selection of {@code total} elements (more than 0) of a compound dataset as text, one string per
     * element such as {@code (1, 2.5, [3, 4])}: the fields in member order, an array-valued field in brackets.
     */
    Object compoundText(SliceSpec.Selection sel, int total) {
        Map<String, NDArray> fields = fields(sel);
        String[] out = new String[total];
        for (int i = 0; i < total; i++) {
            StringBuilder b = new StringBuilder("(");
            int f = 0;
            for (NDArray a : fields.values()) {
                if (f++ > 0) {
                    b.append(", ");
                }
                int per = a.size() / total;
                if (per <= 1) {
                    b.append(elementText(a, i));
                } else {
                    b.append('[');
                    for (int j = 0; j < per; j++) {
                        if (j > 0) {
                            b.append(", ");
                        }
                        b.append(elementText(a, (long) i * per + j));
                    }
                    b.append(']');
                }
            }
            out[i] = b.append(')').toString();
        }
        return out;
    }

    private static String elementText(NDArray a, long i) {
        Object o = a.getObjectFlat(i);
        return o instanceof Float || o instanceof Double ? String.valueOf(((Number) o).doubleValue())
                : String.valueOf(o);
    }

    /** Converts one field's jHDF array (box of the selection) into an NDArray of the selection. */
    private NDArray toArray(Object value, SliceSpec.Selection sel) {
        int[] box = boxShape(sel);
        NDArray flat = flatten(value);
        int per = (int) (flat.size() / Math.max(1, NDArray.sizeOf(box)));
        int[] full = Arrays.copyOf(box, box.length + (per > 1 ? 1 : 0));
        if (per > 1) {
            full[box.length] = per;
        }
        NDArray shaped = flat.reshape(full);
        return shaped.slice(boxSelection(sel)).copy();
    }

    private static NDArray flatten(Object v) {
        List<Object> leaves = new ArrayList<>();
        collect(v, leaves);
        Object first = leaves.isEmpty() ? null : leaves.get(0);
        int n = leaves.size();
        if (first instanceof Double || first instanceof Float) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = ((Number) leaves.get(i)).doubleValue();
            }
            return NDArray.of(d, n);
        }
        if (first instanceof Number) {
            boolean allLong = leaves.stream().allMatch(o -> o instanceof Long || o instanceof Integer
                    || o instanceof Short || o instanceof Byte);
            if (allLong) {
                long[] d = new long[n];
                for (int i = 0; i < n; i++) {
                    d[i] = ((Number) leaves.get(i)).longValue();
                }
                return NDArray.of(d, n);
            }
        }
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            s[i] = text(leaves.get(i));
        }
        return NDArray.of(s, n);
    }

    private static void collect(Object v, List<Object> out) {
        if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            for (int i = 0; i < n; i++) {
                collect(Array.get(v, i), out);
            }
        } else {
            out.add(v);
        }
    }
}
