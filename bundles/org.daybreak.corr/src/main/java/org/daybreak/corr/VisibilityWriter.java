package org.daybreak.corr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.hdf5.H5AppendWriter;

/**
 * Writes visibilities a dump at a time, in the layouts of {@link CorrHdf5} (HDF5) and {@link CorrFiles} (.npy), so
 * a correlation of any length needs memory for one dump only and a file cut short (cancelled, failed) still holds
 * every dump written before it.
 *
 * <p><b>HDF5</b> (through {@link H5AppendWriter}): {@code /visibilities} and {@code /timestamps} are chunked and
 * unlimited along the dump axis (h5py: {@code maxshape[0] is None}); the other datasets and the attributes are as
 * {@link CorrHdf5} describes, with the root attribute {@code complete} = 0 while dumps are still coming and 1 once
 * all are written. After each {@link #flush()} (and at most {@value #FLUSH_SECONDS} s after a dump, because
 * {@link #dump} flushes by itself when that much time has passed) the file is a complete HDF5 file with every dump
 * so far.
 *
 * <p><b>.npy</b>: {@code VIS.npy} [dump][channel][baseline][pol][2] and {@code VIS_timestamps.npy} grow; their
 * headers are written with room for the planned number of dumps and rewritten with the dumps done at each flush;
 * {@code VIS_baselines.npy} and {@code VIS_frequencies.npy} are written at once.
 *
 * <p>Thread rule: one thread at a time.
 */
final class VisibilityWriter implements AutoCloseable {
    /** A dump is followed by a flush when this many seconds passed since the last one. */
    static final double FLUSH_SECONDS = 1.0;
    /** Target bytes of one HDF5 chunk of visibilities (at least one dump's channel row). */
    static final long CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final int channels;
    private final int baselines;
    private final int polProducts;
    private final boolean exact;
    private final int dumpValues;
    private final H5AppendWriter h5;
    private final H5AppendWriter.ExtendibleDataset h5Vis;
    private final H5AppendWriter.ExtendibleDataset h5Times;
    private final NpyRows npyVis;
    private final NpyRows npyTimes;
    private long dumps;
    private long dumpsInFile;
    /** A write failed: the file keeps what the last successful flush wrote. */
    private boolean failed;
    private long lastFlush = System.nanoTime();
    private boolean closed;

    private VisibilityWriter(Path file, int antennas, int pols, int channels, double[] frequencies, boolean exact,
            Map<String, Object> meta, long plannedDumps) throws IOException {
        this.file = file;
        this.channels = channels;
        this.baselines = Baselines.count(antennas);
        this.polProducts = pols * pols;
        this.exact = exact;
        this.dumpValues = channels * baselines * polProducts * 2;
        int[] row = {channels, baselines, polProducts, 2};
        DType type = exact ? DType.INT64 : DType.FLOAT64;
        if (CorrFiles.isHdf5(file)) {
            npyVis = null;
            npyTimes = null;
            h5 = H5AppendWriter.create(file);
            boolean done = false;
            try {
                h5Vis = h5.extendible("/visibilities", type, row, chunks(channels, baselines, polProducts));
                h5.attribute("/visibilities", "axes", "dump,channel,baseline,pol,complex");
                h5.attribute("/visibilities", "complex_axis", "last axis of length 2: real, imaginary");
                h5.attribute("/visibilities", "exact_integer", exact ? 1L : 0L);
                h5.dataset("/baselines", CorrFiles.baselineTable(antennas));
                h5.attribute("/baselines", "columns", "i,j (i <= j); V_ij = sum x_i conj(x_j)");
                h5.dataset("/frequencies", NDArray.of(frequencies));
                h5.attribute("/frequencies", "units", "Hz");
                h5Times = h5.extendible("/timestamps", DType.FLOAT64, new int[0], new int[] {1024});
                h5.attribute("/timestamps", "units", "s since the first voltage sample (dump centre)");
                h5.dataset("/polarisations", NDArray.of(polNames(pols)));
                h5.attribute("/", "convention", "V_ij = sum x_i conj(x_j)");
                h5.attribute("/", "antennas", (long) antennas);
                h5.attribute("/", "pols", (long) pols);
                for (Map.Entry<String, Object> e : meta.entrySet()) {
                    Object val = e.getValue();
                    h5.attribute("/", e.getKey(), val instanceof Number || val instanceof String ? val
                            : String.valueOf(val));
                }
                h5.attribute("/", "complete", 0L);
                h5.flush();
                done = true;
            } finally {
                if (!done) {
                    h5.close();
                }
            }
        } else {
            h5 = null;
            h5Vis = null;
            h5Times = null;
            String stem = file.getFileName().toString();
            stem = stem.substring(0, stem.length() - 4);
            Path dir = file.toAbsolutePath().getParent();
            Npy.write(dir.resolve(stem + "_baselines.npy"), CorrFiles.baselineTable(antennas));
            Npy.write(dir.resolve(stem + "_frequencies.npy"), NDArray.of(frequencies));
            npyVis = new NpyRows(file, type, row, plannedDumps);
            npyTimes = new NpyRows(dir.resolve(stem + "_timestamps.npy"), DType.FLOAT64, new int[0], plannedDumps);
        }
    }

    /**
     * Creates the file(s) for visibilities of {@code antennas} x {@code pols} over {@code channels}: int64 values
     * when {@code exact}, float64 otherwise; {@code meta} becomes root attributes (HDF5); {@code plannedDumps} sizes
     * the .npy headers (more dumps than that cannot be written to .npy).
     *
     * @throws org.daybreak.core.cli.InputException when the extension is neither HDF5 nor .npy
     */
    static VisibilityWriter create(Path file, int antennas, int pols, int channels, double[] frequencies,
            boolean exact, Map<String, Object> meta, long plannedDumps) throws IOException {
        CorrFiles.checkWritable(file);
        return new VisibilityWriter(file, antennas, pols, channels, frequencies, exact, meta, plannedDumps);
    }

    /**
     * HDF5 chunk shape of [dump][channel][baseline][pol][2]: whole channel rows, as many channels as fit
     * {@link #CHUNK_BYTES} (at least one), and as many dumps as fit when a whole dump does.
     */
    static int[] chunks(int channels, int baselines, int polProducts) {
        long channelBytes = (long) baselines * polProducts * 2 * 8;
        long dump = channels * channelBytes;
        if (dump >= CHUNK_BYTES) {
            int c = (int) Math.max(1, Math.min(channels, CHUNK_BYTES / channelBytes));
            return new int[] {1, c, baselines, polProducts, 2};
        }
        return new int[] {(int) Math.max(1, CHUNK_BYTES / dump), channels, baselines, polProducts, 2};
    }

    /** Appends one dump: {@code data} [channel][baseline][pol][2] as in {@link Visibilities}. */
    void dump(double[] data, double timestamp) throws IOException {
        dump(data, 0, timestamp);
    }

    /** Appends one dump from {@code data[offset...]}, laid out as above. */
    void dump(double[] data, int offset, double timestamp) throws IOException {
        if (data.length - offset < dumpValues) {
            throw new IllegalArgumentException("a dump of " + (data.length - offset) + " values, not " + dumpValues);
        }
        NDArray a;
        if (exact) {
            long[] l = new long[dumpValues];
            for (int i = 0; i < l.length; i++) {
                l[i] = (long) data[offset + i];
            }
            a = NDArray.wrap(DType.INT64, l, 1, channels, baselines, polProducts, 2);
        } else {
            a = NDArray.wrap(DType.FLOAT64, offset == 0 && data.length == dumpValues ? data
                    : java.util.Arrays.copyOfRange(data, offset, offset + dumpValues), 1, channels, baselines,
                    polProducts, 2);
        }
        try {
            if (h5 != null) {
                h5Vis.append(a);
                h5Times.append(new double[] {timestamp});
            } else {
                npyVis.append(a);
                npyTimes.append(NDArray.wrap(DType.FLOAT64, new double[] {timestamp}, 1));
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
        dumps++;
        if ((System.nanoTime() - lastFlush) / 1e9 >= FLUSH_SECONDS) {
            flush();
        }
    }

    /** Dumps written (all in the file after the next flush). */
    long dumps() {
        return dumps;
    }

    /** Dumps the file holds: those of the last successful flush (or close). */
    long dumpsInFile() {
        return dumpsInFile;
    }

    Path file() {
        return file;
    }

    /** Makes the file(s) hold every dump so far. */
    void flush() throws IOException {
        try {
            if (h5 != null) {
                h5.flush();
            } else {
                npyVis.flush();
                npyTimes.flush();
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
        dumpsInFile = dumps;
        lastFlush = System.nanoTime();
    }

    /** Marks the run complete (HDF5 attribute {@code complete} = 1). */
    void complete() {
        if (h5 != null) {
            h5.attribute("/", "complete", 1L);
        }
    }

    /** Flushes and closes; the file(s) stay valid with every dump written. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (h5 != null) {
            h5.close();
        } else {
            try {
                npyVis.close();
            } finally {
                npyTimes.close();
            }
        }
        if (!failed) {
            dumpsInFile = dumps;
        }
    }

    static String[] polNames(int pols) {
        return new Visibilities(1, pols, 1, 0, new double[0], new double[0], new double[0], false).polNames();
    }

    /**
     * A .npy file that grows along its first axis: the header is padded to the length of the planned shape's and
     * rewritten with the rows written so far at each flush.
     */
    private static final class NpyRows implements AutoCloseable {
        private final Path path;
        private final DType type;
        private final int[] shape;
        private final FileChannel channel;
        private final int headerBytes;
        private final long planned;
        private long rows;
        private long position;

        NpyRows(Path path, DType type, int[] rowShape, long planned) throws IOException {
            this.path = path;
            this.type = type;
            this.planned = planned;
            this.shape = new int[rowShape.length + 1];
            System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
            if (planned > Integer.MAX_VALUE) {
                throw new IOException(path + ": a .npy file of " + planned + " rows (at most 2^31 - 1)");
            }
            shape[0] = (int) planned;
            headerBytes = Npy.header(type, shape).length;
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            position = headerBytes;
            writeHeader();
        }

        void append(NDArray a) throws IOException {
            if (rows + a.shape(0) > planned) {
                throw new IOException(path + ": more than the " + planned + " planned rows");
            }
            ByteBuffer b = Npy.encode(a);
            while (b.hasRemaining()) {
                position += channel.write(b, position);
            }
            rows += a.shape(0);
        }

        void flush() throws IOException {
            writeHeader();
        }

        /** The header for {@code rows} rows, its dictionary padded with spaces to the planned header's length. */
        private void writeHeader() throws IOException {
            shape[0] = (int) rows;
            byte[] h = Npy.header(type, shape);
            if (h.length < headerBytes) {
                byte[] padded = new byte[headerBytes];
                System.arraycopy(h, 0, padded, 0, h.length - 1);
                java.util.Arrays.fill(padded, h.length - 1, headerBytes - 1, (byte) ' ');
                padded[headerBytes - 1] = '\n';
                boolean v2 = h[6] == 2;
                int dict = headerBytes - (v2 ? 12 : 10);
                ByteBuffer lb = ByteBuffer.wrap(padded, 8, v2 ? 4 : 2).order(ByteOrder.LITTLE_ENDIAN);
                if (v2) {
                    lb.putInt(dict);
                } else {
                    lb.putShort((short) dict);
                }
                h = padded;
            }
            ByteBuffer b = ByteBuffer.wrap(h);
            long p = 0;
            while (b.hasRemaining()) {
                p += channel.write(b, p);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                writeHeader();
                channel.force(true);
            } finally {
                channel.close();
            }
        }
    }
}
