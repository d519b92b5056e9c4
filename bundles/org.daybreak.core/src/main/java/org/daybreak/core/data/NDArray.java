package org.daybreak.core.data;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * An N-dimensional array of one {@link DType}, held in memory.
 *
 * <p><b>Conventions.</b> Axes are in C (row-major) order, as in HDF5 and NumPy: the last axis varies fastest.
 * A 2-D image is {@code [y][x]} (row, column); a stack of frames is {@code [frame][y][x]}. A rank-0 array
 * (shape {@code []}) holds one scalar.
 *
 * <p><b>Views.</b> An array is a window (offset and per-axis strides, in elements) on a backing Java array
 * whose class is {@link DType#storageClass()}. {@link #slice}, {@link #transpose} and {@link #squeeze} return
 * views that share the backing array; {@link #copy()} returns a fresh contiguous array. Writes through a view
 * are seen by every view of the same backing array.
 *
 * <p><b>Threads.</b> Not synchronized: concurrent reads are safe, writes need outside coordination.
 */
public final class NDArray {
    private final DType dtype;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final Object data;

    private NDArray(DType dtype, Object data, int offset, int[] shape, int[] strides) {
        this.dtype = dtype;
        this.data = data;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
    }

    // ---------------------------------------------------------------- creation

    /**
     * Wraps a backing array (not copied) in C order.
     *
     * @throws IllegalArgumentException if the array class does not match the type or the shape's size differs
     */
    public static NDArray wrap(DType dtype, Object data, int... shape) {
        if (data == null || data.getClass() != dtype.storageClass()) {
            throw new IllegalArgumentException("a " + dtype + " array needs a " + dtype.storageClass().getSimpleName()
                    + " backing array, not " + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        long n = sizeOf(shape);
        if (n != Array.getLength(data)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but the data has " + Array.getLength(data));
        }
        return new NDArray(dtype, data, 0, shape.clone(), cStrides(shape));
    }

    public static NDArray zeros(DType dtype, int... shape) {
        long n = sizeOf(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an array of shape " + Arrays.toString(shape)
                    + " has too many elements (" + n + ") for one block in memory; read it in slices");
        }
        return new NDArray(dtype, dtype.allocate((int) n), 0, shape.clone(), cStrides(shape));
    }

    public static NDArray of(double[] data, int... shape) {
        return wrap(DType.FLOAT64, data, shape.length == 0 ? new int[] {data.length} : shape);
    }

    public static NDArray of(float[] data, int... shape) {
        return wrap(DType.FLOAT32, data, shape.length == 0 ? new int[] {data.length} : shape);
    }

    public static NDArray of(int[] data, int... shape) {
        return wrap(DType.INT32, data, shape.length == 0 ? new int[] {data.length} : shape);
    }

    public static NDArray of(long[] data, int... shape) {
        return wrap(DType.INT64, data, shape.length == 0 ? new int[] {data.length} : shape);
    }

    public static NDArray of(String[] data, int... shape) {
        return wrap(DType.STRING, data, shape.length == 0 ? new int[] {data.length} : shape);
    }

    public static NDArray scalar(double v) {
        return wrap(DType.FLOAT64, new double[] {v});
    }

    /** {@code n} evenly spaced values from {@code start} (inclusive) with step {@code step}, as FLOAT64. */
    public static NDArray arange(double start, double stop, double step) {
        if (step == 0 || Double.isNaN(step)) {
            throw new IllegalArgumentException("arange needs a non-zero step");
        }
        int n = (int) Math.max(0, Math.ceil((stop - start) / step));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return of(v);
    }

    /** {@code num} values from {@code start} to {@code stop} inclusive, as FLOAT64. */
    public static NDArray linspace(double start, double stop, int num) {
        if (num < 0) {
            throw new IllegalArgumentException("linspace needs a non-negative number of points");
        }
        double[] v = new double[num];
        double d = num > 1 ? (stop - start) / (num - 1) : 0;
        for (int i = 0; i < num; i++) {
            v[i] = start + i * d;
        }
        if (num > 1) {
            v[num - 1] = stop;
        }
        return of(v);
    }

    public static long sizeOf(int[] shape) {
        long n = 1;
        boolean overflow = false;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            if (s == 0) {
                return 0;
            }
            if (n > Long.MAX_VALUE / s) {
                overflow = true; // a shape read from a damaged file; still 0 if a later axis is empty
            } else {
                n *= s;
            }
        }
        // saturated, so that callers comparing with a limit refuse it instead of seeing a wrapped-around size
        return overflow ? Long.MAX_VALUE : n;
    }

    static int[] cStrides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return st;
    }

    // ---------------------------------------------------------------- properties

    public DType dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int shape(int axis) {
        return shape[axis < 0 ? axis + shape.length : axis];
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements (at most {@code Integer.MAX_VALUE - 8}, since one Java array holds them). */
    public int size() {
        return (int) sizeOf(shape);
    }

    /** True when the elements are the backing array itself, from index 0, in C order. */
    public boolean isContiguous() {
        return offset == 0 && Arrays.equals(strides, cStrides(shape)) && Array.getLength(data) == size();
    }

    /**
     * The backing array when {@link #isContiguous()}, else a contiguous copy. The caller may read it; writing
     * to it changes this array only when it was contiguous.
     */
    public Object data() {
        return isContiguous() ? data : copy().data;
    }

    // ---------------------------------------------------------------- element access

    private int flatToStorage(long flat) {
        int idx = offset;
        long rem = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            int n = shape[d];
            int i = (int) (rem % n);
            rem /= n;
            idx += i * strides[d];
        }
        return idx;
    }

    private int storageIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of " + index.length + " values for an array of rank " + shape.length);
        }
        int idx = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + index[d] + " is out of range for axis " + d
                        + " with size " + shape[d]);
            }
            idx += i * strides[d];
        }
        return idx;
    }

    private double readDouble(int s) {
        return switch (dtype) {
            case BOOL -> ((boolean[]) data)[s] ? 1 : 0;
            case INT8 -> ((byte[]) data)[s];
            case UINT8 -> ((byte[]) data)[s] & 0xff;
            case INT16 -> ((short[]) data)[s];
            case UINT16 -> ((short[]) data)[s] & 0xffff;
            case INT32 -> ((int[]) data)[s];
            case UINT32 -> ((int[]) data)[s] & 0xffffffffL;
            case INT64 -> ((long[]) data)[s];
            case UINT64 -> unsignedToDouble(((long[]) data)[s]);
            case FLOAT16, FLOAT32 -> ((float[]) data)[s];
            case FLOAT64 -> ((double[]) data)[s];
            case STRING, BYTES -> parseOrNaN(((String[]) data)[s]);
        };
    }

    private long readLong(int s) {
        return switch (dtype) {
            case BOOL -> ((boolean[]) data)[s] ? 1 : 0;
            case INT8 -> ((byte[]) data)[s];
            case UINT8 -> ((byte[]) data)[s] & 0xff;
            case INT16 -> ((short[]) data)[s];
            case UINT16 -> ((short[]) data)[s] & 0xffff;
            case INT32 -> ((int[]) data)[s];
            case UINT32 -> ((int[]) data)[s] & 0xffffffffL;
            case INT64, UINT64 -> ((long[]) data)[s];
            case FLOAT16, FLOAT32 -> (long) ((float[]) data)[s];
            case FLOAT64 -> (long) ((double[]) data)[s];
            case STRING, BYTES -> (long) parseOrNaN(((String[]) data)[s]);
        };
    }

    private void writeDouble(int s, double v) {
        switch (dtype) {
            case BOOL -> ((boolean[]) data)[s] = v != 0;
            case INT8, UINT8 -> ((byte[]) data)[s] = (byte) (long) v;
            case INT16, UINT16 -> ((short[]) data)[s] = (short) (long) v;
            case INT32, UINT32 -> ((int[]) data)[s] = (int) (long) v;
            case INT64 -> ((long[]) data)[s] = (long) v;
            case UINT64 -> ((long[]) data)[s] = doubleToUnsigned(v);
            case FLOAT16 -> ((float[]) data)[s] = Half.toFloat(Half.fromFloat((float) v));
            case FLOAT32 -> ((float[]) data)[s] = (float) v;
            case FLOAT64 -> ((double[]) data)[s] = v;
            case STRING, BYTES -> ((String[]) data)[s] = Double.toString(v);
        }
    }

    private void writeLong(int s, long v) {
        switch (dtype) {
            case BOOL -> ((boolean[]) data)[s] = v != 0;
            case INT8, UINT8 -> ((byte[]) data)[s] = (byte) v;
            case INT16, UINT16 -> ((short[]) data)[s] = (short) v;
            case INT32, UINT32 -> ((int[]) data)[s] = (int) v;
            case INT64, UINT64 -> ((long[]) data)[s] = v;
            case FLOAT16 -> ((float[]) data)[s] = Half.toFloat(Half.fromFloat(v));
            case FLOAT32 -> ((float[]) data)[s] = v;
            case FLOAT64 -> ((double[]) data)[s] = v;
            case STRING, BYTES -> ((String[]) data)[s] = Long.toString(v);
        }
    }

    static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        // split so that the top bit is not lost: (v >>> 1) * 2 + (v & 1), rounded as a double
        return ((v >>> 1) | (v & 1)) * 2.0;
    }

    static long doubleToUnsigned(double v) {
        if (v < 9.223372036854775807E18) {
            return (long) v;
        }
        return (long) (v / 2) << 1;
    }

    private static double parseOrNaN(String s) {
        try {
            return s == null ? Double.NaN : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Element as a double; unsigned values are converted without sign. Negative indices count from the end. */
    public double getDouble(int... index) {
        return readDouble(storageIndex(index));
    }

    public long getLong(int... index) {
        return readLong(storageIndex(index));
    }

    /** Element as a Java object: Boolean, Byte/Short/Integer/Long (unsigned widened), Float, Double, String. */
    public Object getObject(int... index) {
        return box(storageIndex(index));
    }

    private Object box(int s) {
        return switch (dtype) {
            case BOOL -> ((boolean[]) data)[s];
            case INT8 -> ((byte[]) data)[s];
            case UINT8 -> (short) (((byte[]) data)[s] & 0xff);
            case INT16 -> ((short[]) data)[s];
            case UINT16 -> ((short[]) data)[s] & 0xffff;
            case INT32 -> ((int[]) data)[s];
            case UINT32 -> ((int[]) data)[s] & 0xffffffffL;
            case INT64 -> ((long[]) data)[s];
            case UINT64 -> {
                long v = ((long[]) data)[s];
                yield v >= 0 ? (Object) v : new java.math.BigInteger(Long.toUnsignedString(v));
            }
            case FLOAT16, FLOAT32 -> ((float[]) data)[s];
            case FLOAT64 -> ((double[]) data)[s];
            case STRING, BYTES -> ((String[]) data)[s];
        };
    }

    public String getString(int... index) {
        int s = storageIndex(index);
        return dtype.isText() ? ((String[]) data)[s] : String.valueOf(box(s));
    }

    public void setDouble(double value, int... index) {
        writeDouble(storageIndex(index), value);
    }

    public void setLong(long value, int... index) {
        writeLong(storageIndex(index), value);
    }

    public void setString(String value, int... index) {
        if (!dtype.isText()) {
            throw new IllegalStateException("cannot store text in a " + dtype + " array");
        }
        ((String[]) data)[storageIndex(index)] = value;
    }

    /** Element number {@code i} in C order of this view, as a double. */
    public double getDoubleFlat(long i) {
        return readDouble(flatToStorage(i));
    }

    public long getLongFlat(long i) {
        return readLong(flatToStorage(i));
    }

    public Object getObjectFlat(long i) {
        return box(flatToStorage(i));
    }

    public void setDoubleFlat(long i, double v) {
        writeDouble(flatToStorage(i), v);
    }

    public void setLongFlat(long i, long v) {
        writeLong(flatToStorage(i), v);
    }

    /** The single value of a rank-0 or one-element array, as a double. */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item() needs exactly one element, this array has " + size());
        }
        return getDoubleFlat(0);
    }

    // ---------------------------------------------------------------- views

    /** A view selected by a NumPy-like spec, e.g. {@code "0,:,10:20"}. */
    public NDArray slice(String spec) {
        return slice(SliceSpec.parse(spec));
    }

    public NDArray slice(SliceSpec spec) {
        SliceSpec.Selection sel = spec.resolve(shape);
        int off = offset;
        int[] ns = new int[shape.length];
        int[] nst = new int[shape.length];
        int k = 0;
        for (int d = 0; d < shape.length; d++) {
            off += sel.start()[d] * strides[d];
            if (!sel.dropped()[d]) {
                ns[k] = sel.count()[d];
                nst[k] = strides[d] * sel.step()[d];
                k++;
            }
        }
        return new NDArray(dtype, data, off, Arrays.copyOf(ns, k), Arrays.copyOf(nst, k));
    }

    /** The sub-array at {@code index} along axis 0 (a view of rank one less). */
    public NDArray get(int index) {
        if (shape.length == 0) {
            throw new IllegalStateException("a scalar cannot be indexed");
        }
        int i = index < 0 ? index + shape[0] : index;
        if (i < 0 || i >= shape[0]) {
            throw new IndexOutOfBoundsException("index " + index + " is out of range for axis 0 with size " + shape[0]);
        }
        return new NDArray(dtype, data, offset + i * strides[0], Arrays.copyOfRange(shape, 1, shape.length),
                Arrays.copyOfRange(strides, 1, strides.length));
    }

    /** A view with the axes permuted: result axis {@code k} is this array's axis {@code axes[k]}. */
    public NDArray transpose(int... axes) {
        int r = shape.length;
        int[] ax = axes.length == 0 ? reversed(r) : axes;
        if (ax.length != r) {
            throw new IllegalArgumentException("transpose needs " + r + " axes, got " + ax.length);
        }
        int[] ns = new int[r];
        int[] nst = new int[r];
        boolean[] seen = new boolean[r];
        for (int k = 0; k < r; k++) {
            int a = ax[k] < 0 ? ax[k] + r : ax[k];
            if (a < 0 || a >= r || seen[a]) {
                throw new IllegalArgumentException("transpose axes " + Arrays.toString(ax) + " are not a permutation");
            }
            seen[a] = true;
            ns[k] = shape[a];
            nst[k] = strides[a];
        }
        return new NDArray(dtype, data, offset, ns, nst);
    }

    private static int[] reversed(int r) {
        int[] a = new int[r];
        for (int i = 0; i < r; i++) {
            a[i] = r - 1 - i;
        }
        return a;
    }

    /** A view without the axes of size 1. */
    public NDArray squeeze() {
        int k = 0;
        int[] ns = new int[shape.length];
        int[] nst = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1) {
                ns[k] = shape[d];
                nst[k] = strides[d];
                k++;
            }
        }
        return new NDArray(dtype, data, offset, Arrays.copyOf(ns, k), Arrays.copyOf(nst, k));
    }

    /**
     * The same elements in C order with a new shape (one axis may be -1). A view when this array is
     * contiguous, a copy otherwise.
     */
    public NDArray reshape(int... newShape) {
        int[] s = newShape.clone();
        int unknown = -1;
        long known = 1;
        for (int d = 0; d < s.length; d++) {
            if (s[d] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("reshape allows only one -1");
                }
                unknown = d;
            } else {
                known *= s[d];
            }
        }
        if (unknown >= 0) {
            s[unknown] = known == 0 ? 0 : (int) (size() / known);
        }
        if (sizeOf(s) != size()) {
            throw new IllegalArgumentException("cannot reshape an array of shape " + Arrays.toString(shape)
                    + " (" + size() + " elements) to " + Arrays.toString(newShape));
        }
        NDArray c = isContiguous() ? this : copy();
        return new NDArray(dtype, c.data, 0, s, cStrides(s));
    }

    // ---------------------------------------------------------------- copies and conversions

    /** A contiguous copy in C order. */
    public NDArray copy() {
        NDArray out = zeros(dtype, shape);
        copyInto(out.data, 0);
        return out;
    }

    /** Copies this view's elements, in C order, into {@code dest} (same storage class) from {@code destPos}. */
    public void copyInto(Object dest, int destPos) {
        int n = size();
        if (n == 0) {
            return;
        }
        int r = shape.length;
        if (r == 0) {
            System.arraycopy(data, offset, dest, destPos, 1);
            return;
        }
        int last = r - 1;
        int rowLen = shape[last];
        int rowStride = strides[last];
        int[] idx = new int[r];
        int pos = destPos;
        int rows = n / rowLen;
        for (int row = 0; row < rows; row++) {
            int base = offset;
            for (int d = 0; d < last; d++) {
                base += idx[d] * strides[d];
            }
            if (rowStride == 1) {
                System.arraycopy(data, base, dest, pos, rowLen);
            } else {
                copyStrided(data, base, rowStride, dest, pos, rowLen);
            }
            pos += rowLen;
            for (int d = last - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }

    private static void copyStrided(Object src, int base, int stride, Object dest, int pos, int n) {
        if (src instanceof float[] f) {
            float[] o = (float[]) dest;
            for (int i = 0; i < n; i++) {
                o[pos + i] = f[base + i * stride];
            }
        } else if (src instanceof double[] f) {
            double[] o = (double[]) dest;
            for (int i = 0; i < n; i++) {
                o[pos + i] = f[base + i * stride];
            }
        } else if (src instanceof int[] f) {
            int[] o = (int[]) dest;
            for (int i = 0; i < n; i++) {
                o[pos + i] = f[base + i * stride];
            }
        } else if (src instanceof short[] f) {
            short[] o = (short[]) dest;
            for (int i = 0; i < n; i++) {
                o[pos + i] = f[base + i * stride];
            }
        } else if (src instanceof byte[] f) {
            byte[] o = (byte[]) dest;
            for (int i = 0; i < n; i++) {
                o[pos + i] = f[base + i * stride];
            }
        } else if (src instanceof long[] f) {
            long[] o = (long[]) dest;
            for (int i = 0; i < n; i++) {
                o[pos + i] = f[base + i * stride];
            }
        } else {
            for (int i = 0; i < n; i++) {
                Array.set(dest, pos + i, Array.get(src, base + i * stride));
            }
        }
    }

    /** All elements in C order as doubles (a new array). */
    public double[] toDoubleArray() {
        int n = size();
        double[] out = new double[n];
        if (dtype == DType.FLOAT64 && isContiguous()) {
            System.arraycopy(data, 0, out, 0, n);
            return out;
        }
        if (dtype == DType.FLOAT32 || dtype == DType.FLOAT16) {
            float[] f = (float[]) data();
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
            return out;
        }
        NDArray c = isContiguous() ? this : copy();
        for (int i = 0; i < n; i++) {
            out[i] = c.readDouble(i);
        }
        return out;
    }

    /**
     * All elements in C order as floats, always in a new array: writing to it never changes this array, whatever
     * the type (FLOAT16 and FLOAT32 are backed by a {@code float[]}, which is copied, not handed out). Other types
     * give {@code (float)} of their {@link #getDouble} value.
     */
    public float[] toFloatArray() {
        if ((dtype == DType.FLOAT32 || dtype == DType.FLOAT16) && isContiguous()) {
            return ((float[]) data).clone();
        }
        int n = size();
        float[] out = new float[n];
        NDArray c = isContiguous() ? this : copy();
        for (int i = 0; i < n; i++) {
            out[i] = (float) c.readDouble(i);
        }
        return out;
    }

    /** A contiguous copy converted to another type (C casts: truncation toward zero, wrap-around on overflow). */
    public NDArray astype(DType target) {
        if (target == dtype) {
            return copy();
        }
        NDArray out = zeros(target, shape);
        int n = size();
        NDArray c = isContiguous() ? this : copy();
        if (target == DType.STRING && dtype == DType.BYTES) {
            // as NumPy's astype(str) of bytes: decoded (here as UTF-8 where valid, for reading)
            String[] s = (String[]) out.data;
            for (int i = 0; i < n; i++) {
                String v = (String) c.box(i);
                s[i] = v == null ? null : DType.displayText(v);
            }
        } else if (target == DType.BYTES) {
            String[] s = (String[]) out.data;
            for (int i = 0; i < n; i++) {
                Object v = c.box(i);
                byte[] utf8 = v == null ? null : String.valueOf(v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                s[i] = v == null ? null : DType.byteString(utf8, 0, utf8.length);
            }
        } else if (target == DType.STRING) {
            String[] s = (String[]) out.data;
            for (int i = 0; i < n; i++) {
                s[i] = String.valueOf(c.box(i));
            }
        } else if (dtype.isInteger() && target.isInteger()) {
            for (int i = 0; i < n; i++) {
                out.writeLong(i, c.readLong(i));
            }
        } else {
            for (int i = 0; i < n; i++) {
                out.writeDouble(i, c.readDouble(i));
            }
        }
        return out;
    }

    /** Nested Java lists (or a single value for rank 0), as NumPy's {@code tolist()}. */
    public Object toList() {
        if (shape.length == 0) {
            return getObjectFlat(0);
        }
        java.util.List<Object> out = new java.util.ArrayList<>(shape[0]);
        for (int i = 0; i < shape[0]; i++) {
            out.add(shape.length == 1 ? getObject(i) : get(i).toList());
        }
        return out;
    }

    /** True when both arrays have the same shape, type and elements (NaN equals NaN). */
    public boolean contentEquals(NDArray other) {
        if (other.dtype != dtype || !Arrays.equals(shape, other.shape)) {
            return false;
        }
        int n = size();
        for (int i = 0; i < n; i++) {
            if (dtype.isText()) {
                if (!java.util.Objects.equals(getObjectFlat(i), other.getObjectFlat(i))) {
                    return false;
                }
            } else if (dtype.isFloat()) {
                if (Double.compare(getDoubleFlat(i), other.getDoubleFlat(i)) != 0) {
                    return false;
                }
            } else if (getLongFlat(i) != other.getLongFlat(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("NDArray(").append(dtype).append(", shape=").append(Arrays.toString(shape));
        int n = Math.min(size(), 8);
        b.append(", [");
        for (int i = 0; i < n; i++) {
            b.append(i > 0 ? ", " : "").append(getObjectFlat(i));
        }
        return b.append(size() > n ? ", ...])" : "])").toString();
    }
}
