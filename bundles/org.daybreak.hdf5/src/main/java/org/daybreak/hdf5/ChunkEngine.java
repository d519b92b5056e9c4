package org.daybreak.hdf5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.data.Half;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.core.parallel.Parallel;
import org.daybreak.hdf5.filter.ByteShuffle;
import org.daybreak.hdf5.filter.ChunkFilter;
import org.daybreak.hdf5.filter.Filters;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.object.message.DataLayout;
import io.jhdf.object.message.FilterPipelineMessage.FilterInfo;

/**
 * Daybreak's own reader of numbers, fixed-length strings and opaque data of one {@link H5Dataset}: only the
 * chunks a selection touches are read and decoded, with Daybreak's filter decoders ({@link Filters}), and every
 * element is copied once into the output {@link Sink}, in bulk where the selection's last axis has step 1.
 *
 * <p>Where byte shuffle is the last filter to undo (shuffle + deflate, the usual pipeline) and its element size is
 * the element size, the chunk is not unshuffled as a whole into a second array: each run of elements the selection
 * takes from it is unshuffled into a small scratch array (one run of the chunk's last axis, cache-resident) and
 * copied from there into the sink ({@link #placeShuffledRuns}). A whole-stack read into a .npy file then makes one copy
 * of each decoded byte, from the inflater's output into the file's mapping.
 *
 * <p>Contiguous and compact data are read as if chunked, in row blocks of at most {@value #CONTIGUOUS_BLOCK_BYTES}
 * bytes (at least one row) and in one block respectively. A chunk never written reads as the dataset's fill value.
 * Chunks are addressed by their row-major index in the chunk grid, built once from jHDF's chunk index on the first
 * read of a chunked dataset.
 *
 * <p>Thread rule: reads from several threads at once are safe; the chunk index is built once, under this engine's
 * lock, and published through a volatile field.
 */
final class ChunkEngine {
    private static final int CONTIGUOUS_BLOCK_BYTES = 1 << 22;
    private static final long PARALLEL_BYTES = 1 << 18;
    /**
     * Whether shuffled chunks are unshuffled run by run while placed (see the class comment); false
     * ({@code -Ddaybreak.h5.placeShuffled=false}) unshuffles each chunk whole first, the plain reference the tests
     * compare with.
     */
    static volatile boolean placeShuffledRuns = !"false".equals(System.getProperty("daybreak.h5.placeShuffled"));

    private final H5File file;
    private final Dataset ds;
    private final TypeInfo type;
    private final int[] shape;
    private final int[] fileShape;
    private final long[] fileShapeLong;
    private final DataLayout layout;
    /** Chunk shape of the storage in elements of the base type (extra axes appended); null for unchunked. */
    private final int[] chunkDims;
    private final List<FilterInfo> filters;
    private volatile Map<Long, Chunk> chunkIndex;

    /**
     * An engine over a dataset's storage; the arrays are the dataset's own and are not changed.
     *
     * @param shape the dataset's shape (dataspace axes, then the element type's extra axes)
     * @param fileShape the dataspace's axes (int), {@code fileShapeLong} the same without the int limit
     * @param chunkDims the stored chunk shape with the extra axes appended, {@code null} for unchunked storage
     * @param filters the filter pipeline in the order applied when writing (empty for unchunked storage)
     */
    ChunkEngine(H5File file, Dataset ds, TypeInfo type, int[] shape, int[] fileShape, long[] fileShapeLong,
            DataLayout layout, int[] chunkDims, List<FilterInfo> filters) {
        this.file = file;
        this.ds = ds;
        this.type = type;
        this.shape = shape;
        this.fileShape = fileShape;
        this.fileShapeLong = fileShapeLong;
        this.layout = layout;
        this.chunkDims = chunkDims;
        this.filters = filters;
    }

    /**
     * Reads a selection of {@code total} elements (more than 0) into a new array of Java's type for the element
     * type (see {@link Sink}), row-major in the selection's order. The chunks it touches are read and decoded in
     * parallel on the shared pool of {@link Parallel} (one worker per core, one chunk per task) when there are
     * several and the selection is larger than {@value #PARALLEL_BYTES} bytes; each chunk is copied by the task that
     * decoded it.
     *
     * @throws IOException when a chunk cannot be read or decoded (the message names the reason, not the file)
     */
    Object read(SliceSpec.Selection sel, int total) throws IOException {
        return read(sel, total, Sink.of(type, total, file));
    }

    /**
     * As {@link #read(SliceSpec.Selection, int)}, but every decoded chunk is copied once, as bytes in the file's
     * order, into {@code target} (total x element size bytes from its start): no intermediate array. Only for
     * {@link TypeInfo#rawBytesReadable()} types.
     */
    void readRaw(SliceSpec.Selection sel, int total, ByteBuffer target) throws IOException {
        read(sel, total, Sink.raw(target, type.baseSize));
    }

    private Object read(SliceSpec.Selection sel, int total, Sink sink) throws IOException {
        int rank = shape.length;
        int[] storageChunk = storageChunkDims();
        if (rank == 0) {
            byte[] data = fetchChunk(new int[0], storageChunk, false).data();
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
        boolean placeShuffled = placeShuffledRuns;
        int longestRun = unitLast ? storageChunk[rank - 1] : 1;
        int parallelism = (long) total * Math.max(1, type.baseSize) > PARALLEL_BYTES ? Parallel.poolSize() : 1;
        try {
            Parallel.forEach(tasks, parallelism, null, t -> {
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
                Decoded decoded;
                try {
                    decoded = fetchChunk(grid, storageChunk, placeShuffled);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Sink.Copier copier;
                if (decoded.shuffleSize() > 1) {
                    byte[] shuffled = decoded.data();
                    int size = decoded.shuffleSize();
                    int n = shuffled.length / size;
                    byte[] run = new byte[longestRun * size];
                    Sink.Copier fromRun = sink.bind(run);
                    copier = (src, dst, len) -> {
                        ByteShuffle.unshuffleElements(shuffled, n, size, src, len, run, 0);
                        fromRun.copy(0, dst, len);
                    };
                } else {
                    copier = sink.bind(decoded.data());
                }
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

    /**
     * A decoded chunk: its bytes in the file's byte order, still byte-shuffled with elements of {@code shuffleSize}
     * bytes when that is above 1 (then the data has exactly the chunk's size), else final.
     */
    private record Decoded(byte[] data, int shuffleSize) {
        Decoded(byte[] data) {
            this(data, 0);
        }
    }

    /**
     * The decoded bytes of one chunk (grid coordinates), in the file's byte order; fill value where unwritten.
     * {@code leaveShuffled}: a last byte-shuffle step whose element size is the element size is left undone.
     */
    private Decoded fetchChunk(int[] grid, int[] storageChunk, boolean leaveShuffled) throws IOException {
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
            return new Decoded(out);
        }
        if (layout == DataLayout.CONTIGUOUS) {
            long address = ((ContiguousDataset) ds).getDataAddress();
            if (address < 0 || address == 0xffffffffL) {
                return new Decoded(fillChunk(bytes));
            }
            long index = 0;
            for (int d = 0; d < grid.length; d++) {
                index = index * (shape[d] / storageChunk[d]) + grid[d];
            }
            return new Decoded(file.readBytes(address + index * bytes, bytes));
        }
        Chunk chunk = chunkIndex().get(linear(grid, storageChunk));
        if (chunk == null) {
            return new Decoded(fillChunk(bytes));
        }
        byte[] raw = file.readBytes(chunk.getAddress(), chunk.getSize());
        BitSet mask = chunk.getFilterMask();
        int shuffleSize = leaveShuffled ? lastShuffleSize(mask, bytes) : 0;
        byte[] data = decode(raw, mask, bytes, shuffleSize > 1 ? 1 : 0);
        if (data.length != bytes) {
            throw new IOException("the chunk at " + Arrays.toString(chunk.getChunkOffset()) + " decodes to "
                    + data.length + " bytes instead of " + bytes);
        }
        return new Decoded(data, shuffleSize);
    }

    /**
     * The element size of a byte shuffle that is the last filter to undo for a chunk with this filter mask, when it
     * equals the element size (so it can be undone while elements are placed); else 0.
     */
    private int lastShuffleSize(BitSet mask, int chunkBytes) {
        if (filters.isEmpty() || filters.get(0).getId() != 2 || (mask != null && mask.get(0))) {
            return 0;
        }
        int[] cd = filters.get(0).getData();
        int size = cd != null && cd.length > 0 ? cd[0] : 1;
        return size > 1 && size == type.baseSize && chunkBytes % size == 0 ? size : 0;
    }

    /** Undoes the filters from the last applied down to filter {@code stop} (0: all of them). */
    private byte[] decode(byte[] raw, BitSet mask, int chunkBytes, int stop) throws IOException {
        byte[] data = raw;
        for (int i = filters.size() - 1; i >= stop; i--) {
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
}
