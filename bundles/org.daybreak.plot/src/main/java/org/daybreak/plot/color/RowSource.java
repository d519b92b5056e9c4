package org.daybreak.plot.color;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;

/**
 * Row access to a 2-D {@link NDArray} for the kernels: a contiguous array is read in place; a strided view is
 * copied one band of rows at a time by the task that reads it. Rows come as float[] (FLOAT16/FLOAT32 storage),
 * double[] (FLOAT64) or, for every other numeric type, converted into a double[] row buffer.
 */
final class RowSource {
    final NDArray array;
    final int rows;
    final int columns;
    final DType dtype;
    private final Object contiguous;

    RowSource(NDArray array) {
        if (array.rank() != 2) {
            throw new IllegalArgumentException("an image needs a 2-D array, not one of shape "
                    + java.util.Arrays.toString(array.shape()));
        }
        if (!array.dtype().isNumeric()) {
            throw new IllegalArgumentException("an image needs numbers, not " + array.dtype() + " values");
        }
        this.array = array;
        this.rows = array.shape(0);
        this.columns = array.shape(1);
        this.dtype = array.dtype();
        this.contiguous = array.isContiguous() ? array.data() : null;
    }

    /** The storage holding rows {@code [from, to)}: the backing array, or a copy of that band; see {@link #bandOffset}. */
    Object band(int from, int to) {
        if (contiguous != null) {
            return contiguous;
        }
        return array.slice(from + ":" + to).data();
    }

    /** Index in {@link #band}'s storage of the first element of row {@code row}. */
    int bandOffset(int from, int row) {
        return contiguous != null ? row * columns : (row - from) * columns;
    }

    /** True when rows are read directly as float[] or double[]; otherwise {@link #toDoubles} converts them. */
    boolean isFloatStorage() {
        return dtype == DType.FLOAT32 || dtype == DType.FLOAT16;
    }

    boolean isDoubleStorage() {
        return dtype == DType.FLOAT64;
    }

    /** Converts {@code n} elements of integer or boolean storage from {@code offset} into {@code out}, unsigned aware. */
    void toDoubles(Object storage, int offset, int n, double[] out) {
        switch (dtype) {
            case BOOL -> {
                boolean[] s = (boolean[]) storage;
                for (int i = 0; i < n; i++) {
                    out[i] = s[offset + i] ? 1 : 0;
                }
            }
            case INT8 -> {
                byte[] s = (byte[]) storage;
                for (int i = 0; i < n; i++) {
                    out[i] = s[offset + i];
                }
            }
            case UINT8 -> {
                byte[] s = (byte[]) storage;
                for (int i = 0; i < n; i++) {
                    out[i] = s[offset + i] & 0xff;
                }
            }
            case INT16 -> {
                short[] s = (short[]) storage;
                for (int i = 0; i < n; i++) {
                    out[i] = s[offset + i];
                }
            }
            case UINT16 -> {
                short[] s = (short[]) storage;
                for (int i = 0; i < n; i++) {
                    out[i] = s[offset + i] & 0xffff;
                }
            }
            case INT32 -> {
                int[] s = (int[]) storage;
                for (int i = 0; i < n; i++) {
                    out[i] = s[offset + i];
                }
            }
            case UINT32 -> {
                int[] s = (int[]) storage;
                for (int i = 0; i < n; i++) {
                    out[i] = s[offset + i] & 0xffffffffL;
                }
            }
            case INT64 -> {
                long[] s = (long[]) storage;
                for (int i = 0; i < n; i++) {
                    out[i] = s[offset + i];
                }
            }
            case UINT64 -> {
                long[] s = (long[]) storage;
                for (int i = 0; i < n; i++) {
                    long v = s[offset + i];
                    out[i] = v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
                }
            }
            case FLOAT16, FLOAT32 -> {
                float[] s = (float[]) storage;
                for (int i = 0; i < n; i++) {
                    out[i] = s[offset + i];
                }
            }
            case FLOAT64 -> System.arraycopy(storage, offset, out, 0, n);
            case STRING, BYTES -> throw new IllegalArgumentException("an image needs numbers, not text");
        }
    }
}
