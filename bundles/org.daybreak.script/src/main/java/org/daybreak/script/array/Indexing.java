package org.daybreak.script.array;

import java.util.ArrayList;
import java.util.List;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;

/**
 * NumPy indexing of an {@link NDArray}: basic indexing (integers, slices, {@code ...} and new axes), boolean
 * masks, integer index lists along one axis, and assignment through any of them.
 *
 * <p>Basic indexing returns a view sharing the elements (writes through it change the original) unless a new
 * axis is inserted into a non-contiguous view, which gives a copy. Masks and index lists always copy.
 */
public final class Indexing {

    private Indexing() {
    }

    /**
     * Basic indexing. Each item is a {@link SliceSpec.Item} (index, range or {@link SliceSpec.Item#ELLIPSIS})
     * or {@code null} for a new axis of size 1 (NumPy's {@code None}/{@code newaxis}).
     *
     * @throws IllegalArgumentException for too many indices or an index out of range
     */
    public static NDArray select(NDArray a, List<SliceSpec.Item> items) {
        List<SliceSpec.Item> real = new ArrayList<>(items.size());
        for (SliceSpec.Item it : items) {
            if (it != null) {
                real.add(it);
            }
        }
        NDArray view = a.slice(SliceSpec.of(real.toArray(SliceSpec.Item[]::new)));
        if (real.size() == items.size()) {
            return view;
        }
        // where the new axes go in the result: count the result axes produced before each None
        int named = 0;
        for (SliceSpec.Item it : real) {
            if (!it.isEllipsis()) {
                named++;
            }
        }
        int ellipsisAxes = a.rank() - named;
        List<Integer> shape = new ArrayList<>();
        int[] vs = view.shape();
        int resultAxis = 0;
        boolean sawEllipsis = false;
        for (SliceSpec.Item it : items) {
            if (it == null) {
                shape.add(-1);
            } else if (it.isEllipsis()) {
                sawEllipsis = true;
                for (int k = 0; k < ellipsisAxes; k++) {
                    shape.add(vs[resultAxis++]);
                }
            } else if (!it.isIndex()) {
                shape.add(vs[resultAxis++]);
            }
        }
        if (!sawEllipsis) {
            while (resultAxis < vs.length) {
                shape.add(vs[resultAxis++]);
            }
        }
        int[] ns = new int[shape.size()];
        for (int i = 0; i < ns.length; i++) {
            ns[i] = shape.get(i) == -1 ? 1 : shape.get(i);
        }
        return view.reshape(ns);
    }

    /** The elements where {@code mask} (same shape, BOOL) is true, in C order, as a new 1-D array. */
    public static NDArray mask(NDArray a, NDArray mask) {
        requireMask(a, mask);
        boolean[] m = (boolean[]) mask.data();
        int count = 0;
        for (boolean b : m) {
            if (b) {
                count++;
            }
        }
        NDArray src = a.isContiguous() ? a : a.copy();
        NDArray out = NDArray.zeros(a.dtype(), count);
        Object s = src.data();
        Object d = out.data();
        int k = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                System.arraycopy(s, i, d, k++, 1);
            }
        }
        return out;
    }

    private static void requireMask(NDArray a, NDArray mask) {
        if (mask.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("a mask must be a bool array, not " + ArrayMath.numpyName(mask.dtype()));
        }
        if (!java.util.Arrays.equals(a.shape(), mask.shape())) {
            throw new IllegalArgumentException("boolean index of shape " + Broadcast.text(mask.shape())
                    + " does not match the array of shape " + Broadcast.text(a.shape()));
        }
    }

    /**
     * The sub-arrays at the given indices along {@code axis} (negative indices count from the end), as a new
     * array whose axis {@code axis} has {@code indices.length} entries.
     */
    public static NDArray take(NDArray a, long[] indices, int axis) {
        int rank = a.rank();
        int ax = axis < 0 ? axis + rank : axis;
        if (ax < 0 || ax >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is out of bounds for an array of dimension " + rank);
        }
        int n = a.shape(ax);
        int[] shape = a.shape();
        shape[ax] = indices.length;
        NDArray out = NDArray.zeros(a.dtype(), shape);
        int[] perm = new int[rank];
        perm[0] = ax;
        for (int d = 0, k = 1; d < rank; d++) {
            if (d != ax) {
                perm[k++] = d;
            }
        }
        NDArray src = a.transpose(perm);
        NDArray dst = out.transpose(perm);
        for (int i = 0; i < indices.length; i++) {
            long j = indices[i] < 0 ? indices[i] + n : indices[i];
            if (j < 0 || j >= n) {
                throw new IllegalArgumentException("index " + indices[i] + " is out of bounds for axis " + axis
                        + " with size " + n);
            }
            assign(dst.get(i), src.get((int) j));
        }
        return out;
    }

    /**
     * Writes {@code value}, broadcast to the target's shape and converted to its type (floats to integers by
     * truncation, as NumPy's assignment does), into {@code target}, which is usually a view.
     */
    public static void assign(NDArray target, NDArray value) {
        int[] shape = target.shape();
        int n = target.size();
        if (n == 0) {
            return;
        }
        int[] st = Broadcast.strides(value.shape(), shape);
        NDArray v = value.isContiguous() ? value : value.copy();
        DType tt = target.dtype();
        if (tt.isText()) {
            String[] sv = (String[]) (v.dtype() == tt ? v : v.astype(tt)).data();
            forEachElement(shape, st, (flat, src) -> target.setString(sv[src], unflatten(flat, shape)));
            return;
        }
        ArrayMath.requireNumeric(v.dtype());
        if (tt.isInteger() && (v.dtype().isInteger() || v.dtype() == DType.BOOL)) {
            long[] lv = ArrayMath.longs(v);
            forEachElement(shape, st, (flat, src) -> target.setLongFlat(flat, lv[src]));
        } else {
            double[] dv = ArrayMath.doubles(v);
            forEachElement(shape, st, (flat, src) -> target.setDoubleFlat(flat, dv[src]));
        }
    }

    /** Writes {@code value} (one element, or one per true mask entry, or broadcastable to that) where mask is true. */
    public static void assignMask(NDArray target, NDArray mask, NDArray value) {
        requireMask(target, mask);
        boolean[] m = (boolean[]) mask.data();
        int count = 0;
        for (boolean b : m) {
            if (b) {
                count++;
            }
        }
        NDArray selected = NDArray.zeros(target.dtype(), count);
        assign(selected, value);
        int k = 0;
        boolean integer = target.dtype().isInteger();
        for (int i = 0; i < m.length; i++) {
            if (m[i]) {
                if (target.dtype().isText()) {
                    target.setString(selected.getString(k), unflatten(i, target.shape()));
                } else if (integer) {
                    target.setLongFlat(i, selected.getLongFlat(k));
                } else {
                    target.setDoubleFlat(i, selected.getDoubleFlat(k));
                }
                k++;
            }
        }
    }

    private interface ElementVisitor {
        void element(long flat, int source);
    }

    private static void forEachElement(int[] shape, int[] strides, ElementVisitor v) {
        Broadcast.forEachRow(shape, new int[][] {strides}, (o, base, step, len) -> {
            for (int i = 0; i < len; i++) {
                v.element(o + i, base[0] + i * step[0]);
            }
        });
    }

    private static int[] unflatten(long flat, int[] shape) {
        int[] idx = new int[shape.length];
        long rem = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = (int) (rem % shape[d]);
            rem /= shape[d];
        }
        return idx;
    }
}
