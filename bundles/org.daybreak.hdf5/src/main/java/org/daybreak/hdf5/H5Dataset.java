package org.daybreak.hdf5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.LazyDataset;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.hdf5.filter.Filters;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.message.DataLayout;

/**
 * A dataset of an {@link H5File}, read lazily.
 *
 * <p>Numbers, fixed-length strings and opaque data are read by Daybreak's own chunk engine: only the chunks the
 * selection touches are read and decoded (in parallel on the common fork-join pool when there are several),
 * with Daybreak's filter decoders ({@link Filters}); every element is copied once, in bulk where the selection's
 * last axis has step 1. Variable-length data and general compounds are read through jHDF. See {@link TypeInfo}
 * for how each HDF5 type maps to an {@link NDArray} and to NumPy's {@code dtype.str}.
 *
 * <p>Shape: the dataspace's dimensions followed by the axes of an array element type (or the real/imaginary axis
 * of a complex type); a scalar has shape {@code []}; a dataset with a null dataspace (h5py's empty dataset) has
 * shape {@code [0]} and {@link #isEmpty()} true. Thread rule: reads from several threads at once are safe.
 */
public final class H5Dataset implements LazyDataset {
    private final H5File file;
    private final String name;
    private final Dataset ds;
    private final TypeInfo type;
    private final int[] fileShape;
    private final long[] fileShapeLong;
    private final String tooLarge;
    private final int[] shape;
    private final boolean empty;
    private final DataLayout layout;
    /** Chunk shape of the storage in elements of the base type (extra axes appended); null for unchunked. */
    private final int[] chunkDims;
    private final List<FilterInfo> filters;

    private final VirtualLayout virtual;
    /** Reads raw-readable types of a stored (not virtual) dataset; null for a virtual one. */
    private final ChunkEngine chunkEngine;
    /** Reads the other types of a stored dataset (variable-length data, compounds) through jHDF. */
    private final JhdfReader jhdfReader;

    /** A virtual dataset (VDS) parsed by {@link VirtualLayout}. */
    H5Dataset(H5File file, String name, VirtualLayout v) {
        this.file = file;
        this.name = name;
        this.ds = null;
        this.virtual = v;
        this.type = TypeInfo.of(v.type);
        this.empty = false;
        this.fileShapeLong = v.dims.clone();
        int[] dims = new int[v.dims.length];
        String big = null;
        for (int d = 0; d < dims.length; d++) {
            if (v.dims[d] > Integer.MAX_VALUE - 8) {
                big = "axis " + d + " has " + v.dims[d] + " elements, more than Daybreak reads (2^31-9 per axis)";
            } else {
                dims[d] = (int) v.dims[d];
            }
        }
        this.tooLarge = big;
        this.fileShape = dims;
        int[] s = Arrays.copyOf(dims, dims.length + type.extraDims.length);
        System.arraycopy(type.extraDims, 0, s, dims.length, type.extraDims.length);
        this.shape = s;
        this.layout = null;
        this.chunkDims = null;
        this.filters = List.of();
        this.chunkEngine = null;
        this.jhdfReader = new JhdfReader(null, fileShape);
    }

    H5Dataset(H5File file, String name, Dataset ds) {
        this.virtual = null;
        this.file = file;
        this.name = name;
        this.ds = ds;
        this.type = TypeInfo.of(ds.getDataType());
        this.empty = JhdfAccess.dataspaceType(ds) == 2;
        long[] longDims = ds.isScalar() || empty ? new long[0] : ds.getDimensionsAsLong();
        this.fileShapeLong = longDims;
        int[] dims = new int[longDims.length];
        String big = null;
        for (int d = 0; d < longDims.length; d++) {
            if (longDims[d] > Integer.MAX_VALUE - 8) {
                big = "axis " + d + " has " + longDims[d] + " elements, more than Daybreak reads (2^31-9 per axis)";
                dims[d] = 0;
            } else {
                dims[d] = (int) longDims[d];
            }
        }
        this.tooLarge = big;
        this.fileShape = empty ? new int[] {0} : dims;
        int[] s = Arrays.copyOf(fileShape, fileShape.length + type.extraDims.length);
        System.arraycopy(type.extraDims, 0, s, fileShape.length, type.extraDims.length);
        this.shape = s;
        this.layout = ds.getDataLayout();
        if (layout == DataLayout.CHUNKED && ds instanceof ChunkedDataset cd) {
            int[] c = cd.getChunkDimensions();
            if (c.length > fileShape.length) {
                c = Arrays.copyOf(c, fileShape.length);
            }
            int[] cc = Arrays.copyOf(c, c.length + type.extraDims.length);
            System.arraycopy(type.extraDims, 0, cc, c.length, type.extraDims.length);
            this.chunkDims = cc;
        } else {
            this.chunkDims = null;
        }
        this.filters = layout == DataLayout.CHUNKED ? JhdfAccess.filters(ds) : List.of();
        this.chunkEngine = new ChunkEngine(file, ds, type, shape, fileShape, fileShapeLong, layout, chunkDims,
                filters);
        this.jhdfReader = new JhdfReader(ds, fileShape);
    }

    @Override
    public String name() {
        return name;
    }

    /** The file holding the data (after following links, possibly another file than the one opened). */
    public H5File file() {
        return file;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The dataspace's dimensions as h5py reports them (without appended element axes); {@code null} if empty. */
    public int[] fileShape() {
        return empty ? null : fileShape.clone();
    }

    /** The dataspace's dimensions without the int limit; {@code null} if empty. */
    public long[] fileShapeLong() {
        return empty ? null : fileShapeLong.clone();
    }

    @Override
    public DType dtype() {
        return type.dtype;
    }

    /** NumPy's {@code dtype.str} for this dataset as h5py reports it (byte order kept), e.g. {@code >i2}. */
    public String numpyDtype() {
        return type.numpyStr;
    }

    public boolean isScalar() {
        return ds != null ? ds.isScalar() : fileShape.length == 0;
    }

    /** True for a virtual dataset (VDS): its data lives in other datasets, read through its mappings. */
    public boolean isVirtual() {
        return virtual != null;
    }

    /** True for a dataset with a null dataspace (no elements, h5py shape None). */
    public boolean isEmpty() {
        return empty;
    }

    /** True for a compound type that is not complex: {@link #read} gives text, {@link #readFields} the values. */
    public boolean isCompound() {
        return type.kind == TypeInfo.Kind.COMPOUND;
    }

    /** Why the elements cannot be read, or {@code null} when they can. */
    public String unreadableReason() {
        if (tooLarge != null) {
            return tooLarge;
        }
        return type.kind == TypeInfo.Kind.UNSUPPORTED ? type.unsupportedReason : null;
    }

    /** Byte order of the elements in the file (h5py keeps it in the arrays it returns). */
    public java.nio.ByteOrder byteOrder() {
        return type.order;
    }

    /** True for h5py's complex numbers (read as a last axis of length 2: real, imaginary). */
    public boolean isComplex() {
        return type.kind == TypeInfo.Kind.NUMERIC && type.numpyStr.length() > 1 && type.numpyStr.charAt(1) == 'c';
    }

    /** Bytes per element of a fixed-length string dataset ({@code |S<n>}), else 0. */
    public int fixedStringSize() {
        return type.kind == TypeInfo.Kind.FIXED_STRING ? type.baseSize : 0;
    }

    /**
     * Bytes per element of an opaque dataset ({@code |V<n>}, read as hex text, see TypeInfo), else 0: {@code h5 get}
     * writes the bytes themselves back.
     */
    public int opaqueSize() {
        return type.kind == TypeInfo.Kind.OPAQUE ? type.baseSize : 0;
    }

    /** Storage layout: {@code chunked}, {@code contiguous} or {@code compact}. */
    public String layout() {
        return layout == null ? "virtual" : layout.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Chunk shape as stored (dataspace axes only), or {@code null} for unchunked storage. */
    public int[] chunks() {
        return chunkDims == null ? null : Arrays.copyOf(chunkDims, fileShape.length);
    }

    /** Names of the filters of the pipeline in the order they were applied when writing. */
    public List<String> filters() {
        List<String> out = new ArrayList<>();
        for (FilterInfo f : filters) {
            out.add(Filters.name(f.getId()));
        }
        return out;
    }

    /** HDF5 ids of the filters, in pipeline order. */
    public int[] filterIds() {
        return filters.stream().mapToInt(FilterInfo::getId).toArray();
    }

    /** Bytes the data takes in the file (compressed size for filtered chunks). */
    public long storageSize() {
        try {
            return ds == null ? 0 : ds.getStorageInBytes();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Bytes of the data once decoded (elements times element size in the file). */
    public long rawSize() {
        return empty ? 0 : NDArray.sizeOf(fileShape) * type.fileSize;
    }

    /** The dataset's attributes (see {@link H5File#attributes(String)}). */
    public Map<String, Object> attributes() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (ds == null) {
            return out;
        }
        ds.getAttributes().forEach((k, v) -> out.put(k, H5File.attributeValue(v)));
        return out;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads a selection. Axes selected by one index are dropped.
     *
     * @throws IllegalArgumentException for a selection that does not fit the shape
     * @throws UncheckedIOException naming the file and dataset when the data cannot be read or decoded
     */
    @Override
    public NDArray read(SliceSpec selection) {
        if (tooLarge != null) {
            throw new IllegalArgumentException(file.path() + ": " + name + ": " + tooLarge);
        }
        SliceSpec.Selection sel = selection.resolve(shape);
        int[] resultShape = sel.resultShape();
        long total = NDArray.sizeOf(sel.count());
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": the selection has " + total
                    + " elements, too many for one array; read it in slices");
        }
        if (total == 0 || empty) {
            return NDArray.zeros(type.dtype, resultShape);
        }
        try {
            if (type.kind == TypeInfo.Kind.UNSUPPORTED) {
                throw new IOException("its element type cannot be read: " + type.unsupportedReason);
            }
            Object out;
            if (virtual != null) {
                out = VirtualReader.read(this, virtual, sel, (int) total);
            } else if (type.rawReadable()) {
                out = chunkEngine.read(sel, (int) total);
            } else if (type.kind == TypeInfo.Kind.COMPOUND) {
                out = jhdfReader.compoundText(sel, (int) total);
            } else {
                out = jhdfReader.readText(sel);
            }
            return NDArray.wrap(type.dtype, out, resultShape);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(file.path() + ": cannot read '" + name + "': "
                    + e.getMessage(), e));
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
                throw e;
            }
            throw new UncheckedIOException(new IOException(file.path() + ": cannot read '" + name + "' ("
                    + H5File.reason(e) + ")", e));
        }
    }

    /**
     * Whether {@link #readBytes} can serve this dataset: plain numbers stored in chunks, contiguously or compactly
     * (not virtual, not strings, compounds, bool or types with extra axes).
     */
    public boolean bytesReadable() {
        return tooLarge == null && virtual == null && !empty && type.rawBytesReadable();
    }

    /**
     * Reads a selection as raw bytes in the file's byte order ({@link #byteOrder()}), row-major, into
     * {@code target} from its start (its position is not used or changed), each decoded chunk copied once and
     * straight into it, e.g. a memory-mapped .npy file: no array in between. Only where {@link #bytesReadable()}.
     *
     * @return the number of bytes written: elements of the selection x element size
     * @throws IllegalArgumentException when the selection does not fit the shape, or {@code target} is smaller than
     *         the selection's bytes
     * @throws UncheckedIOException as {@link #read}
     */
    public long readBytes(SliceSpec selection, java.nio.ByteBuffer target) {
        if (!bytesReadable()) {
            throw new IllegalStateException(name + ": not readable as raw bytes");
        }
        SliceSpec.Selection sel = selection.resolve(shape);
        long total = NDArray.sizeOf(sel.count());
        long bytes = total * type.baseSize;
        if (bytes > target.capacity()) {
            throw new IllegalArgumentException(name + ": the selection has " + bytes + " bytes, the buffer "
                    + target.capacity());
        }
        if (total == 0) {
            return 0;
        }
        try {
            chunkEngine.readRaw(sel, (int) total, target);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(file.path() + ": cannot read '" + name + "': "
                    + e.getMessage(), e));
        }
    }

    /** Bytes of one element in the file (and in {@link #readBytes}' output). */
    public int elementSize() {
        return type.baseSize;
    }

    /**
     * Reads the fields of a compound dataset separately, each as an array of the selection's shape (numeric
     * fields as numbers, string fields as text, nested fields as text).
     *
     * @throws IllegalStateException when the dataset is not a compound
     */
    public Map<String, NDArray> readFields(SliceSpec selection) {
        if (type.kind != TypeInfo.Kind.COMPOUND) {
            throw new IllegalStateException(name + " is not a compound dataset");
        }
        return jhdfReader.fields(selection.resolve(shape));
    }

    TypeInfo type() {
        return type;
    }

    @Override
    public String toString() {
        return "H5Dataset[" + name + " " + Arrays.toString(shape) + " " + type.numpyStr + "]";
    }

    /** The jHDF dataset behind this one (package use: tests, internals). */
    Dataset jhdf() {
        return ds;
    }

    /** The compound type of this dataset, for callers that need the member layout. */
    CompoundDataType compoundType() {
        return ds.getDataType() instanceof CompoundDataType c ? c : null;
    }
}
