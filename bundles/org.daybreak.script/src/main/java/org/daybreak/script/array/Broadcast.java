package org.daybreak.script.array;

import java.util.Arrays;

import org.daybreak.core.data.NDArray;

/**
 * NumPy broadcasting of two shapes: the shapes are aligned at their last axes; on each axis the sizes must be
 * equal or one of them 1 (a missing leading axis counts as 1), and the result takes the larger size.
 * An operand is read through "broadcast strides" that are 0 on the axes it is stretched along.
 */
public final class Broadcast {

    private Broadcast() {
    }

    /**
     * The broadcast result shape.
     *
     * @throws IllegalArgumentException naming both shapes when they are incompatible
     */
    public static int[] shape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int k = 1; k <= r; k++) {
            int sa = k <= a.length ? a[a.length - k] : 1;
            int sb = k <= b.length ? b[b.length - k] : 1;
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException("operands could not be broadcast together with shapes "
                        + text(a) + " " + text(b));
            }
            out[r - k] = sa == 1 ? sb : sa;
        }
        return out;
    }

    /**
     * Element strides for reading a C-contiguous operand of shape {@code operand} as if it had shape
     * {@code result} (which must be a broadcast of it): 0 on stretched and on missing leading axes.
     */
    public static int[] strides(int[] operand, int[] result) {
        int r = result.length;
        int[] st = new int[r];
        int s = 1;
        for (int k = 1; k <= r; k++) {
            int d = r - k;
            int n = k <= operand.length ? operand[operand.length - k] : 1;
            if (n != 1 && n != result[d]) {
                throw new IllegalArgumentException("an array of shape " + text(operand)
                        + " cannot be broadcast to shape " + text(result));
            }
            st[d] = n == 1 ? 0 : s;
            s *= n;
        }
        return st;
    }

    /** Shape in NumPy's tuple notation, e.g. {@code (2, 3)} or {@code (5,)}. */
    public static String text(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        String s = Arrays.toString(shape);
        return "(" + s.substring(1, s.length() - 1) + ")";
    }

    /**
     * Walks the rows (runs along the last axis) of a result of shape {@code shape}, giving for each the start
     * offsets of operands read with the given strides. The visitor gets the row length and, per operand,
     * the start offset and the element step along the last axis; rows come in C order, so the output offset
     * of row {@code i} is {@code i * rowLength}.
     */
    static void forEachRow(int[] shape, int[][] strides, RowVisitor visitor) {
        int r = shape.length;
        int m = strides.length;
        if (NDArray.sizeOf(shape) == 0) {
            return;
        }
        if (r == 0) {
            visitor.row(0, new int[m], new int[m], 1);
            return;
        }
        int len = shape[r - 1];
        int[] steps = new int[m];
        for (int j = 0; j < m; j++) {
            steps[j] = strides[j][r - 1];
        }
        int[] base = new int[m];
        int[] idx = new int[r];
        long rows = NDArray.sizeOf(shape) / len;
        int out = 0;
        for (long row = 0; row < rows; row++) {
            visitor.row(out, base, steps, len);
            out += len;
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                for (int j = 0; j < m; j++) {
                    base[j] += strides[j][d];
                }
                if (idx[d] < shape[d]) {
                    break;
                }
                for (int j = 0; j < m; j++) {
                    base[j] -= strides[j][d] * shape[d];
                }
                idx[d] = 0;
            }
        }
    }

    interface RowVisitor {
        /** One row: output offset, per-operand start offsets and steps, row length. */
        void row(int out, int[] base, int[] step, int length);
    }
}
