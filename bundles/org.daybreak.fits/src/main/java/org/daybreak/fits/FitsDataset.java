package org.daybreak.fits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.core.data.LazyDataset;

/**
 * One array of a FITS HDU read lazily: random-group parameters or data, an image, or one binary-table column.
 * All of them have the same layout: {@code rows} records of {@code rowStride} bytes from {@code base}; in each
 * record the dataset's elements lie contiguously in C order of {@code innerShape}. The dataset's shape is
 * {@code [rows, innerShape...]} (C order, i.e. FITS axes reversed: NAXIS1 varies fastest and is last).
 *
 * <p>FITS data are big-endian (FITS 4.0 section 5). Physical values follow section 5.3 / 7.3.2:
 * {@code physical = zero + scale * stored}; identity scaling keeps the stored type; the unsigned-integer
 * conventions (Table 11/19: BZERO/TZERO of -128 for bytes, 2^15, 2^31, 2^63) give INT8/UINT16/UINT32/UINT64;
 * any other scaling gives FLOAT64, with a stored BLANK/TNULL integer becoming NaN. Reads touch only the byte range
 * from the first to the last selected record (consecutive records in one positional FileChannel read of at most
 * 1 MiB, records farther apart read one by one); reads are safe from several threads.
 */
final class FitsDataset implements LazyDataset {

    /** Stored element kinds: big-endian integers, IEEE floats, logical bytes ('T'/'F'/0), fixed-width chars. */
    enum Stored {
        U8(1), I16(2), I32(4), I64(8), F32(4), F64(8), LOGICAL(1), CHAR(1);

        final int bytes;

        Stored(int bytes) {
            this.bytes = bytes;
        }
    }

    private static final int WINDOW = 1 << 20;

    private final String name;
    private final FileChannel channel;
    private final long base;
    private final int rows;
    private final long rowStride;
    private final int[] innerShape;
    private final int[] shape;
    private final Stored stored;
    /** Bytes per element (the string width for CHAR). */
    private final int elemBytes;
    /** Per inner element (length innerSize) or one for all (length 1); null for none. */
    private final double[] scale;
    private final double[] zero;
    private final Long blank;
    private final DType dtype;
    /** 0: natural, 1: scaled to float64, 2: unsigned/signed offset by flipping the sign bit. */
    private final int mode;

    FitsDataset(String name, FileChannel channel, long base, int rows, long rowStride, int[] innerShape,
            Stored stored, int elemBytes, double[] scale, double[] zero, Long blank) {
        this(name, channel, base, rows, rowStride, innerShape, stored, elemBytes, scale, zero, blank, false);
    }

    /** With {@code float64}: physical values as FLOAT64 even for identity scaling of a numeric type. */
    FitsDataset(String name, FileChannel channel, long base, int rows, long rowStride, int[] innerShape,
            Stored stored, int elemBytes, double[] scale, double[] zero, Long blank, boolean float64) {
        this.name = name;
        this.channel = channel;
        this.base = base;
        this.rows = rows;
        this.rowStride = rowStride;
        this.innerShape = innerShape.clone();
        this.shape = new int[innerShape.length + 1];
        shape[0] = rows;
        System.arraycopy(innerShape, 0, shape, 1, innerShape.length);
        this.stored = stored;
        this.elemBytes = elemBytes;
        this.blank = blank;
        boolean identity = !float64;
        if (float64 && scale == null) {
            scale = new double[] {1};
            zero = new double[] {0};
        }
        double z0 = zero == null ? 0 : zero[0];
        boolean uniform = true;
        if (scale != null) {
            for (int i = 0; i < scale.length; i++) {
                identity &= scale[i] == 1.0 && zero[i] == 0.0;
                uniform &= !float64;
                uniform &= scale[i] == 1.0 && zero[i] == z0;
            }
        }
        this.scale = identity ? null : scale;
        this.zero = identity ? null : zero;
        int m = 0;
        DType t;
        if (!identity && uniform && stored == Stored.U8 && z0 == -128) {
            t = DType.INT8;
            m = 2;
        } else if (!identity && uniform && stored == Stored.I16 && z0 == 32768) {
            t = DType.UINT16;
            m = 2;
        } else if (!identity && uniform && stored == Stored.I32 && z0 == 2147483648.0) {
            t = DType.UINT32;
            m = 2;
        } else if (!identity && uniform && stored == Stored.I64 && z0 == 9223372036854775808.0) {
            t = DType.UINT64;
            m = 2;
        } else if (!identity && stored != Stored.CHAR && stored != Stored.LOGICAL) {
            t = DType.FLOAT64;
            m = 1;
        } else {
            t = switch (stored) {
                case U8 -> DType.UINT8;
                case I16 -> DType.INT16;
                case I32 -> DType.INT32;
                case I64 -> DType.INT64;
                case F32 -> DType.FLOAT32;
                case F64 -> DType.FLOAT64;
                case LOGICAL -> DType.BOOL;
                case CHAR -> DType.STRING;
            };
        }
        this.dtype = t;
        this.mode = m;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    /** Bytes per stored element (the width of a string). */
    public int elementBytes() {
        return elemBytes;
    }

    @Override
    public NDArray read(SliceSpec selection) {
        SliceSpec.Selection sel = selection.resolve(shape);
        int[] block = sel.blockShape();
        long total = NDArray.sizeOf(block);
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(name + ": the selection has " + total
                    + " elements, more than one array can hold; read a smaller slab");
        }
        NDArray out = NDArray.zeros(dtype, block);
        if (total == 0) {
            return out.reshape(sel.resultShape());
        }
        // inner element offsets (flat C-order indices within a record) of the selection, in C order
        int rank = innerShape.length;
        long innerCount = total / block[0];
        int[] offsets = new int[(int) innerCount];
        int[] strides = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            strides[d] = s;
            s *= innerShape[d];
        }
        int[] idx = new int[rank];
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int k = 0; k < offsets.length; k++) {
            int off = 0;
            for (int d = 0; d < rank; d++) {
                off += (sel.start()[d + 1] + idx[d] * sel.step()[d + 1]) * strides[d];
            }
            offsets[k] = off;
            lo = Math.min(lo, off);
            hi = Math.max(hi, off);
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < block[d + 1]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        Object data = out.data();
        long spanBytes = (long) (hi - lo + 1) * elemBytes;
        int n0 = block[0];
        int step0 = sel.step()[0];
        // rows are visited in file order (a negative step fills the output from its end), and the read-ahead
        // window never goes past the last byte the selection needs
        long firstRow = step0 > 0 ? sel.start()[0] : sel.start()[0] + (long) (n0 - 1) * step0;
        long lastRow = step0 > 0 ? sel.start()[0] + (long) (n0 - 1) * step0 : sel.start()[0];
        Window w = new Window(base + lastRow * rowStride + (long) lo * elemBytes + spanBytes);
        try {
            for (int k = 0; k < n0; k++) {
                long row = firstRow + (long) k * Math.abs(step0);
                long o = (long) (step0 > 0 ? k : n0 - 1 - k) * offsets.length;
                long pos = base + row * rowStride + (long) lo * elemBytes;
                ByteBuffer b = w.get(pos, spanBytes);
                int at = (int) (pos - w.pos);
                for (int off : offsets) {
                    put(data, (int) o++, b, at + (off - lo) * elemBytes, off);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot read the file: " + e.getMessage(), e);
        }
        return out.reshape(sel.resultShape());
    }

    private void put(Object data, int i, ByteBuffer b, int p, int inner) {
        if (mode == 1) {
            double raw;
            boolean isBlank = false;
            switch (stored) {
                case U8 -> {
                    long v = b.get(p) & 0xff;
                    isBlank = blank != null && v == blank;
                    raw = v;
                }
                case I16 -> {
                    long v = b.getShort(p);
                    isBlank = blank != null && v == blank;
                    raw = v;
                }
                case I32 -> {
                    long v = b.getInt(p);
                    isBlank = blank != null && v == blank;
                    raw = v;
                }
                case I64 -> {
                    long v = b.getLong(p);
                    isBlank = blank != null && v == blank;
                    raw = v;
                }
                case F32 -> raw = b.getFloat(p);
                default -> raw = b.getDouble(p);
            }
            int k = scale.length == 1 ? 0 : inner;
            ((double[]) data)[i] = isBlank ? Double.NaN : zero[k] + scale[k] * raw;
            return;
        }
        switch (stored) {
            case U8 -> ((byte[]) data)[i] = (byte) (mode == 2 ? b.get(p) ^ 0x80 : b.get(p));
            case I16 -> ((short[]) data)[i] = (short) (mode == 2 ? b.getShort(p) ^ 0x8000 : b.getShort(p));
            case I32 -> ((int[]) data)[i] = mode == 2 ? b.getInt(p) ^ 0x80000000 : b.getInt(p);
            case I64 -> ((long[]) data)[i] = mode == 2 ? b.getLong(p) ^ Long.MIN_VALUE : b.getLong(p);
            case F32 -> ((float[]) data)[i] = b.getFloat(p);
            case F64 -> ((double[]) data)[i] = b.getDouble(p);
            case LOGICAL -> ((boolean[]) data)[i] = b.get(p) == 'T';
            case CHAR -> {
                // FITS 4.0 section 7.3.3.1: a NUL ends the string early; trailing blanks (the padding of
                // blank-filling writers) are dropped, as common FITS readers do
                int n = 0;
                while (n < elemBytes && b.get(p + n) != 0) {
                    n++;
                }
                byte[] bytes = new byte[n];
                b.get(p, bytes);
                ((String[]) data)[i] = new String(bytes, StandardCharsets.ISO_8859_1).stripTrailing();
            }
        }
    }

    /** A read-ahead window of the file: consecutive records are served from one positional read. */
    private final class Window {
        ByteBuffer buf = ByteBuffer.allocate(0);
        long pos = -1;
        /** One past the last byte the selection needs. */
        final long limit;

        Window(long limit) {
            this.limit = limit;
        }

        ByteBuffer get(long at, long len) throws IOException {
            if (pos >= 0 && at >= pos && at + len <= pos + buf.limit()) {
                return buf;
            }
            long want = Math.max(len, Math.min(WINDOW, limit - at));
            if (want > Integer.MAX_VALUE - 16) {
                throw new IOException("a record of " + len + " bytes is too large to read at once");
            }
            if (buf.capacity() < want) {
                buf = ByteBuffer.allocate((int) want).order(ByteOrder.BIG_ENDIAN);
            }
            buf.clear();
            buf.limit((int) want);
            long p = at;
            while (buf.hasRemaining()) {
                int n = channel.read(buf, p);
                if (n < 0) {
                    if (buf.position() >= len) {
                        break;
                    }
                    throw new IOException("the file ends at byte " + p + " inside the data of " + name);
                }
                p += n;
            }
            buf.limit(buf.position());
            buf.position(0);
            pos = at;
            return buf;
        }
    }
}
