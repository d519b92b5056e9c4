package org.daybreak.hdf5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.Half;
import org.daybreak.core.data.LazyDataset;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.hdf5.filter.ChunkFilter;
import org.daybreak.hdf5.filter.Filters;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.StringData;
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
    private static final int CONTIGUOUS_BLOCK_BYTES = 1 << 22;
    private static final long PARALLEL_BYTES = 1 << 18;

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
    private volatile Map<Long, Chunk> chunkIndex;

    private final VirtualLayout virtual;

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
                out = readRaw(sel, (int) total);
            } else if (type.kind == TypeInfo.Kind.COMPOUND) {
                out = compoundText(sel, (int) total);
            } else {
                out = viaJhdf(sel, (int) total);
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
     * Reads the fields of a compound dataset separately, each as an array of the selection's shape (numeric
     * fields as numbers, string fields as text, nested fields as text).
     *
     * @throws IllegalStateException when the dataset is not a compound
     */
    public Map<String, NDArray> readFields(SliceSpec selection) {
        if (type.kind != TypeInfo.Kind.COMPOUND) {
            throw new IllegalStateException(name + " is not a compound dataset");
        }
        SliceSpec.Selection sel = selection.resolve(shape);
        Map<String, Object> raw = compoundFields(sel);
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            out.put(e.getKey(), toArray(e.getValue(), sel));
        }
        return out;
    }

    TypeInfo type() {
        return type;
    }

    // ---- Daybreak's chunk engine

    private Object readRaw(SliceSpec.Selection sel, int total) throws IOException {
        int rank = shape.length;
        int[] storageChunk = storageChunkDims();
        Sink sink = Sink.of(type, total, file);
        if (rank == 0) {
            byte[] data = fetchChunk(new int[0], storageChunk);
            sink.bind(data).copy(0, 0, 1);
            return sink.array;
        }
        // Per axis: the chunk coordinates touched and, per coordinate, the (output index, index in chunk) pairs.
        int[][] coords = new int[rank][];
        int[][][] pairs = new int[rank][][];
        for (int d = 0; d < rank; d++) {
            Map<Integer, int[]> groups = new LinkedHashMap<>();
            Map<Integer, Integer> fill = new HashMap<>();
            int cd = storageChunk[d];
            int count = sel.count()[d];
            for (int k = 0; k < count; k++) {
                int idx = sel.start()[d] + k * sel.step()[d];
                int c = idx / cd;
                int[] g = groups.get(c);
                if (g == null) {
                    g = new int[2 * Math.min(count, cd)];
                    groups.put(c, g);
                    fill.put(c, 0);
                }
                int n = fill.get(c);
                g[2 * n] = k;
                g[2 * n + 1] = idx - c * cd;
                fill.put(c, n + 1);
            }
            coords[d] = new int[groups.size()];
            pairs[d] = new int[groups.size()][];
            int i = 0;
            for (Map.Entry<Integer, int[]> e : groups.entrySet()) {
                coords[d][i] = e.getKey();
                pairs[d][i] = Arrays.copyOf(e.getValue(), 2 * fill.get(e.getKey()));
                i++;
            }
        }
        int[] outStrides = new int[rank];
        int[] chunkStrides = new int[rank];
        int so = 1;
        int sc = 1;
        for (int d = rank - 1; d >= 0; d--) {
            outStrides[d] = so;
            so *= sel.count()[d];
            chunkStrides[d] = sc;
            sc *= storageChunk[d];
        }
        int tasks = 1;
        for (int d = 0; d < rank; d++) {
            tasks *= coords[d].length;
        }
        boolean unitLast = sel.step()[rank - 1] == 1;
        IntStream range = IntStream.range(0, tasks);
        if (tasks > 1 && (long) total * Math.max(1, type.baseSize) > PARALLEL_BYTES) {
            range = range.parallel();
        }
        try {
            range.forEach(t -> {
                int[] which = new int[rank];
                int rem = t;
                for (int d = rank - 1; d >= 0; d--) {
                    which[d] = rem % coords[d].length;
                    rem /= coords[d].length;
                }
                int[] grid = new int[rank];
                for (int d = 0; d < rank; d++) {
                    grid[d] = coords[d][which[d]];
                }
                byte[] data;
                try {
                    data = fetchChunk(grid, storageChunk);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Sink.Copier copier = sink.bind(data);
                copyChunk(copier, pairs, which, rank, outStrides, chunkStrides, unitLast);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return sink.array;
    }

    private static void copyChunk(Sink.Copier copier, int[][][] pairs, int[] which, int rank, int[] outStrides,
            int[] chunkStrides, boolean unitLast) {
        int outer = rank - 1;
        int[] pos = new int[outer];
        int[][] p = new int[rank][];
        for (int d = 0; d < rank; d++) {
            p[d] = pairs[d][which[d]];
        }
        int[] last = p[rank - 1];
        int nLast = last.length / 2;
        while (true) {
            int dst = 0;
            int src = 0;
            for (int d = 0; d < outer; d++) {
                dst += p[d][2 * pos[d]] * outStrides[d];
                src += p[d][2 * pos[d] + 1] * chunkStrides[d];
            }
            if (unitLast) {
                copier.copy(src + last[1], dst + last[0], nLast);
            } else {
                for (int i = 0; i < nLast; i++) {
                    copier.copy(src + last[2 * i + 1], dst + last[2 * i], 1);
                }
            }
            int d = outer - 1;
            while (d >= 0) {
                pos[d]++;
                if (pos[d] < p[d].length / 2) {
                    break;
                }
                pos[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    /** Chunk shape the engine works with: the stored chunks, or row blocks of contiguous/compact data. */
    private int[] storageChunkDims() {
        if (chunkDims != null) {
            return chunkDims;
        }
        int rank = shape.length;
        int[] c = new int[rank];
        if (layout == DataLayout.COMPACT) {
            System.arraycopy(shape, 0, c, 0, rank);
            return c;
        }
        long bytes = type.baseSize;
        int k = rank;
        while (k > 0 && bytes * shape[k - 1] <= CONTIGUOUS_BLOCK_BYTES) {
            bytes *= shape[k - 1];
            k--;
        }
        if (k == rank && rank > 0) {
            k = rank - 1; // one row even if it is larger than the block size
        }
        for (int d = 0; d < rank; d++) {
            c[d] = d < k ? 1 : shape[d];
        }
        return c;
    }

    /** The decoded bytes of one chunk (grid coordinates), in the file's byte order; fill value where unwritten. */
    private byte[] fetchChunk(int[] grid, int[] storageChunk) throws IOException {
        long elems = NDArray.sizeOf(storageChunk);
        long bytesLong = elems * type.baseSize;
        if (bytesLong > Integer.MAX_VALUE - 8) {
            throw new IOException("a chunk of " + bytesLong + " bytes is too large");
        }
        int bytes = (int) bytesLong;
        if (layout == DataLayout.COMPACT) {
            ByteBuffer b = ((DatasetBase) ds).getDataBuffer();
            byte[] out = new byte[bytes];
            b.duplicate().get(out, 0, Math.min(bytes, b.remaining()));
            return out;
        }
        if (layout == DataLayout.CONTIGUOUS) {
            long address = ((ContiguousDataset) ds).getDataAddress();
            if (address < 0 || address == 0xffffffffL) {
                return fillChunk(bytes);
            }
            long index = 0;
            for (int d = 0; d < grid.length; d++) {
                index = index * (shape[d] / storageChunk[d]) + grid[d];
            }
            return file.readBytes(address + index * bytes, bytes);
        }
        Chunk chunk = chunkIndex().get(linear(grid, storageChunk));
        if (chunk == null) {
            return fillChunk(bytes);
        }
        byte[] raw = file.readBytes(chunk.getAddress(), chunk.getSize());
        byte[] data = decode(raw, chunk.getFilterMask(), bytes);
        if (data.length != bytes) {
            throw new IOException("the chunk at " + Arrays.toString(chunk.getChunkOffset()) + " decodes to "
                    + data.length + " bytes instead of " + bytes);
        }
        return data;
    }

    private byte[] decode(byte[] raw, BitSet mask, int chunkBytes) throws IOException {
        byte[] data = raw;
        for (int i = filters.size() - 1; i >= 0; i--) {
            if (mask != null && mask.get(i)) {
                continue;
            }
            FilterInfo f = filters.get(i);
            ChunkFilter decoder = Filters.get(f.getId());
            if (decoder == null) {
                throw new IOException("it uses the HDF5 filter " + Filters.name(f.getId()) + " (id " + f.getId()
                        + "), which Daybreak cannot decode");
            }
            int expected = expectedSizeBefore(i, mask, chunkBytes);
            try {
                data = decoder.decode(data, f.getData(), expected);
            } catch (IOException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return data;
    }

    /** Decoded size at the output of filter i when the filters before it keep sizes predictable, else -1. */
    private int expectedSizeBefore(int i, BitSet mask, int chunkBytes) {
        int size = chunkBytes;
        for (int j = 0; j < i; j++) {
            if (mask != null && mask.get(j)) {
                continue;
            }
            int id = filters.get(j).getId();
            if (id == 3) {
                size += 4;
            } else if (id != 2) {
                return -1;
            }
        }
        return size;
    }

    private byte[] fillChunk(int bytes) {
        byte[] out = new byte[bytes];
        Object fv;
        try {
            fv = ds == null ? null : ds.getFillValue();
        } catch (RuntimeException e) {
            fv = null;
        }
        if (fv instanceof Number n && type.kind == TypeInfo.Kind.NUMERIC && type.extraDims.length == 0
                && type.baseSize == type.dtype.itemSize()
                && n.doubleValue() != 0) {
            ByteBuffer one = ByteBuffer.allocate(type.baseSize).order(type.order);
            switch (type.dtype) {
                case INT8, UINT8, BOOL -> one.put(n.byteValue());
                case INT16, UINT16 -> one.putShort(n.shortValue());
                case INT32, UINT32 -> one.putInt(n.intValue());
                case INT64, UINT64 -> one.putLong(n.longValue());
                case FLOAT16 -> one.putShort(Half.fromFloat(n.floatValue()));
                case FLOAT32 -> one.putFloat(n.floatValue());
                case FLOAT64 -> one.putDouble(n.doubleValue());
                default -> {
                }
            }
            byte[] v = one.array();
            for (int i = 0; i + v.length <= bytes; i += v.length) {
                System.arraycopy(v, 0, out, i, v.length);
            }
        }
        return out;
    }

    /** Row-major index of a chunk in the chunk grid (exact: the grid of a dataset has far fewer than 2^63 chunks). */
    private long linear(int[] grid, int[] chunk) {
        long key = 0;
        for (int d = 0; d < grid.length; d++) {
            long perAxis = d < fileShapeLong.length ? Math.max(1, (fileShapeLong[d] + chunk[d] - 1) / chunk[d]) : 1;
            key = key * perAxis + grid[d];
        }
        return key;
    }

    @SuppressWarnings("unchecked")
    private Map<Long, Chunk> chunkIndex() throws IOException {
        Map<Long, Chunk> idx = chunkIndex;
        if (idx != null) {
            return idx;
        }
        synchronized (this) {
            if (chunkIndex != null) {
                return chunkIndex;
            }
            Collection<Chunk> chunks;
            try {
                chunks = JhdfAccess.chunks(ds);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IOException("its chunk index cannot be read (" + H5File.reason(e) + ")", e);
            }
            Map<Long, Chunk> map = new HashMap<>(chunks.size() * 2);
            int rank = fileShape.length;
            chunkLoop:
            for (Chunk c : chunks) {
                long[] off = c.getChunkOffset();
                int[] grid = new int[chunkDims.length];
                for (int d = 0; d < rank; d++) {
                    if (off[d] >= fileShapeLong[d]) {
                        continue chunkLoop; // left over from a larger extent: unreachable
                    }
                    grid[d] = (int) (off[d] / chunkDims[d]);
                }
                map.put(linear(grid, chunkDims), c);
            }
            chunkIndex = map;
            return map;
        }
    }

    // ---- jHDF path (variable-length data, compounds)

    /** Reads the bounding box of the selection with jHDF, then applies steps and drops axes. */
    private Object jhdfBox(SliceSpec.Selection sel) {
        // jHDF decodes these chunks itself: give it Daybreak's decoders first (once; the registration runs jHDF's
        // filter discovery, which a read through Daybreak's own engine does not need)
        Filters.registerWithJhdf();
        if (ds.isScalar()) {
            return ds.getData();
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

    private Object viaJhdf(SliceSpec.Selection sel, int total) {
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

    static String text(Object v) {
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

    private Object compoundText(SliceSpec.Selection sel, int total) {
        Map<String, NDArray> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : compoundFields(sel).entrySet()) {
            fields.put(e.getKey(), toArray(e.getValue(), sel));
        }
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

    @Override
    public String toString() {
        return "H5Dataset[" + name + " " + Arrays.toString(shape) + " " + type.numpyStr + "]";
    }

    // ------------------------------------------------------------------ sinks

    /** Typed output array and the copy from decoded chunk bytes (file byte order) into it. */
    abstract static class Sink {
        final Object array;

        Sink(Object array) {
            this.array = array;
        }

        /** Copies {@code len} elements from element {@code src} of the bound chunk to element {@code dst}. */
        interface Copier {
            void copy(int src, int dst, int len);
        }

        abstract Copier bind(byte[] chunk);

        static Sink of(TypeInfo t, int n, H5File heapOwner) {
            ByteOrder o = t.order;
            switch (t.kind) {
                case FIXED_STRING:
                    return new StringSink(n, t.baseSize, t.padding);
                case VLEN_STRING:
                    return new VlenStringSink(n, t.baseSize, heapOwner);
                case OPAQUE:
                    return new HexSink(n, t.baseSize);
                default:
            }
            return switch (t.dtype) {
                case BOOL -> new Sink(new boolean[n]) {
                    @Override
                    Copier bind(byte[] c) {
                        boolean[] a = (boolean[]) array;
                        return (s, d, len) -> {
                            for (int i = 0; i < len; i++) {
                                a[d + i] = c[s + i] != 0;
                            }
                        };
                    }
                };
                case INT8, UINT8 -> new Sink(new byte[n]) {
                    @Override
                    Copier bind(byte[] c) {
                        byte[] a = (byte[]) array;
                        return (s, d, len) -> System.arraycopy(c, s, a, d, len);
                    }
                };
                case INT16, UINT16 -> new Sink(new short[n]) {
                    @Override
                    Copier bind(byte[] c) {
                        short[] a = (short[]) array;
                        java.nio.ShortBuffer v = ByteBuffer.wrap(c).order(o).asShortBuffer();
                        return (s, d, len) -> v.get(s, a, d, len);
                    }
                };
                case INT32, UINT32 -> new Sink(new int[n]) {
                    @Override
                    Copier bind(byte[] c) {
                        int[] a = (int[]) array;
                        java.nio.IntBuffer v = ByteBuffer.wrap(c).order(o).asIntBuffer();
                        return (s, d, len) -> v.get(s, a, d, len);
                    }
                };
                case INT64, UINT64 -> new Sink(new long[n]) {
                    @Override
                    Copier bind(byte[] c) {
                        long[] a = (long[]) array;
                        java.nio.LongBuffer v = ByteBuffer.wrap(c).order(o).asLongBuffer();
                        return (s, d, len) -> v.get(s, a, d, len);
                    }
                };
                case FLOAT16 -> new Sink(new float[n]) {
                    @Override
                    Copier bind(byte[] c) {
                        float[] a = (float[]) array;
                        java.nio.ShortBuffer v = ByteBuffer.wrap(c).order(o).asShortBuffer();
                        return (s, d, len) -> {
                            for (int i = 0; i < len; i++) {
                                a[d + i] = Half.toFloat(v.get(s + i));
                            }
                        };
                    }
                };
                case FLOAT32 -> t.baseSize == 2 ? new Sink(new float[n]) {
                    @Override
                    Copier bind(byte[] c) {
                        float[] a = (float[]) array;
                        java.nio.ShortBuffer v = ByteBuffer.wrap(c).order(o).asShortBuffer();
                        return (s, d, len) -> {
                            for (int i = 0; i < len; i++) {
                                a[d + i] = Float.intBitsToFloat(v.get(s + i) << 16);
                            }
                        };
                    }
                } : new Sink(new float[n]) {
                    @Override
                    Copier bind(byte[] c) {
                        float[] a = (float[]) array;
                        java.nio.FloatBuffer v = ByteBuffer.wrap(c).order(o).asFloatBuffer();
                        return (s, d, len) -> v.get(s, a, d, len);
                    }
                };
                case FLOAT64 -> new Sink(new double[n]) {
                    @Override
                    Copier bind(byte[] c) {
                        double[] a = (double[]) array;
                        java.nio.DoubleBuffer v = ByteBuffer.wrap(c).order(o).asDoubleBuffer();
                        return (s, d, len) -> v.get(s, a, d, len);
                    }
                };
                case STRING -> throw new IllegalStateException("no numeric sink for strings");
            };
        }
    }

    /**
     * Fixed-length strings, decoded as UTF-8 whatever character set the type declares (files often hold UTF-8
     * bytes, such as units "µm", in types declared ASCII; ASCII is a subset of UTF-8).
     */
    private static final class StringSink extends Sink {
        private final int size;
        private final Charset charset = java.nio.charset.StandardCharsets.UTF_8;
        private final StringData.PaddingType padding;

        StringSink(int n, int size, StringData.PaddingType padding) {
            super(new String[n]);
            this.size = size;
            this.padding = padding;
        }

        @Override
        Copier bind(byte[] c) {
            String[] a = (String[]) array;
            return (s, d, len) -> {
                for (int i = 0; i < len; i++) {
                    int start = (s + i) * size;
                    int end = start + size;
                    // as h5py/NumPy: trailing NULs (and spaces for space-padded strings) removed, nothing else
                    boolean spaces = padding == StringData.PaddingType.SPACE_PADDED;
                    while (end > start && (c[end - 1] == 0 || (spaces && c[end - 1] == ' '))) {
                        end--;
                    }
                    a[d + i] = new String(c, start, end - start, charset);
                }
            };
        }
    }

    /**
     * Variable-length strings: each element is a 4-byte length and a global heap id (collection address, object
     * index), all little-endian; the text is decoded as UTF-8 with trailing NULs removed.
     */
    private static final class VlenStringSink extends Sink {
        private final int size;
        private final H5File heapOwner;

        VlenStringSink(int n, int size, H5File heapOwner) {
            super(new String[n]);
            this.size = size;
            this.heapOwner = heapOwner;
        }

        @Override
        Copier bind(byte[] c) {
            String[] a = (String[]) array;
            ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
            int offsets = heapOwner.sizeOfOffsets();
            return (s, d, len) -> {
                for (int i = 0; i < len; i++) {
                    int p = (s + i) * size;
                    long address = offsets == 8 ? b.getLong(p + 4) : b.getInt(p + 4) & 0xffffffffL;
                    int index = b.getInt(p + 4 + offsets);
                    byte[] text = heapOwner.heapObject(address, index);
                    int end = text.length;
                    while (end > 0 && text[end - 1] == 0) {
                        end--;
                    }
                    a[d + i] = new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8);
                }
            };
        }
    }

    private static final class HexSink extends Sink {
        private final int size;

        HexSink(int n, int size) {
            super(new String[n]);
            this.size = size;
        }

        @Override
        Copier bind(byte[] c) {
            String[] a = (String[]) array;
            return (s, d, len) -> {
                for (int i = 0; i < len; i++) {
                    a[d + i] = TypeInfo.hex(ByteBuffer.wrap(c, (s + i) * size, size));
                }
            };
        }
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
