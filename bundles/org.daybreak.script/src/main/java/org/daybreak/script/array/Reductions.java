package org.daybreak.script.array;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.simd.Simd;

/**
 * Reductions of an {@link NDArray} over all elements or along one axis, with NumPy's result types:
 * {@code sum}/{@code prod} of bool or signed integers give INT64, of unsigned integers UINT64 (both wrap around
 * as in NumPy), of floats the same float type; {@code mean}/{@code var}/{@code std} give FLOAT64 for integers and
 * the input's type for floats; {@code min}/{@code max} keep the type; {@code argmin}/{@code argmax} give INT64
 * (the first occurrence; a NaN wins, as in NumPy).
 *
 * <p>Floating sums and moments are accumulated in double precision (NumPy accumulates FLOAT32 in FLOAT32 with
 * pairwise summation, so the two agree to about 1e-7 relative); a NaN propagates. {@code var}/{@code std} use
 * two passes (mean, then squared deviations) and divide by {@code n - ddof}.
 *
 * <p>{@code axis} {@code null} reduces everything to a rank-0 array; an axis (negative counts from the end)
 * gives an array with that axis removed.
 */
public final class Reductions {

    private Reductions() {
    }

    public enum Op { SUM, PROD, MEAN, VAR, STD, MIN, MAX, ARGMIN, ARGMAX, ALL, ANY }

    /** The result type of a reduction of an array of type {@code t}. */
    public static DType resultType(Op op, DType t) {
        if (op != Op.ALL && op != Op.ANY) {
            ArrayMath.requireNumeric(t);
        }
        return switch (op) {
            case SUM, PROD -> t.isFloat() ? t : t.isUnsigned() ? DType.UINT64 : DType.INT64;
            case MEAN, VAR, STD -> t.isFloat() ? t : DType.FLOAT64;
            case MIN, MAX -> t;
            case ARGMIN, ARGMAX -> DType.INT64;
            case ALL, ANY -> DType.BOOL;
        };
    }

    public static NDArray reduce(Op op, NDArray a, Integer axis) {
        return reduce(op, a, axis, 0);
    }

    /**
     * Reduces {@code a}.
     *
     * @param ddof delta degrees of freedom of {@code var}/{@code std} (ignored by the others)
     * @throws IllegalArgumentException for an axis out of range, or min/max/argmin/argmax of an empty selection
     */
    public static NDArray reduce(Op op, NDArray a, Integer axis, int ddof) {
        DType rt = resultType(op, a.dtype());
        int rank = a.rank();
        int[] outShape;
        int len;
        if (axis == null) {
            outShape = new int[0];
            len = a.size();
        } else {
            int ax = axis < 0 ? axis + rank : axis;
            if (ax < 0 || ax >= rank) {
                throw new IllegalArgumentException("axis " + axis + " is out of bounds for an array of dimension "
                        + rank);
            }
            outShape = new int[rank - 1];
            for (int d = 0, k = 0; d < rank; d++) {
                if (d != ax) {
                    outShape[k++] = a.shape(d);
                }
            }
            len = a.shape(ax);
        }
        int count = (int) NDArray.sizeOf(outShape);
        if (len == 0 && (op == Op.MIN || op == Op.MAX || op == Op.ARGMIN || op == Op.ARGMAX)) {
            throw new IllegalArgumentException("zero-size array to reduction operation " + op.name().toLowerCase(
                    java.util.Locale.ROOT) + " which has no identity");
        }
        boolean exactIntegers = a.dtype().isInteger() || a.dtype() == DType.BOOL;
        if (exactIntegers && (op == Op.SUM || op == Op.PROD || op == Op.MIN || op == Op.MAX || op == Op.ARGMIN
                || op == Op.ARGMAX)) {
            long[] v = ArrayMath.longs(rows(a, axis, count, len));
            long[] out = new long[count];
            boolean unsigned = a.dtype() == DType.UINT64;
            for (int r = 0; r < count; r++) {
                out[r] = reduceLongs(op, v, r * len, len, unsigned);
            }
            return ArrayMath.fromLongs(out, rt, outShape);
        }
        if (op == Op.ALL || op == Op.ANY) {
            double[] v = ArrayMath.doubles(rows(a, axis, count, len));
            boolean[] out = new boolean[count];
            for (int r = 0; r < count; r++) {
                boolean acc = op == Op.ALL;
                for (int i = r * len; i < (r + 1) * len; i++) {
                    boolean t = v[i] != 0;
                    acc = op == Op.ALL ? acc && t : acc || t;
                }
                out[r] = acc;
            }
            return NDArray.wrap(DType.BOOL, out, outShape);
        }
        double[] out = reduceFloating(op, a, axis, ddof);
        if (op == Op.ARGMIN || op == Op.ARGMAX) {
            long[] idx = new long[out.length];
            for (int r = 0; r < out.length; r++) {
                idx[r] = (long) out[r];
            }
            return NDArray.wrap(DType.INT64, idx, outShape);
        }
        return ArrayMath.fromDoubles(out, rt, outShape);
    }

    /** The array as [count][len] rows along the reduced axis (a copy when the axis has to move). */
    private static NDArray rows(NDArray a, Integer axis, int count, int len) {
        if (axis == null) {
            return a.reshape(1, a.size());
        }
        int rank = a.rank();
        int ax = axis < 0 ? axis + rank : axis;
        int[] perm = new int[rank];
        for (int d = 0, k = 0; d < rank; d++) {
            if (d != ax) {
                perm[k++] = d;
            }
        }
        perm[rank - 1] = ax;
        NDArray moved = a.transpose(perm);
        return moved.isContiguous() ? moved.reshape(count, len) : moved.copy().reshape(count, len);
    }

    /** Reads a contiguous FLOAT32 or FLOAT64 array without converting it (other types are converted once). */
    static final class Source {
        final float[] f;
        final double[] d;

        Source(NDArray a) {
            NDArray c = a.isContiguous() ? a : a.copy();
            if (c.dtype() == DType.FLOAT32 || c.dtype() == DType.FLOAT16) {
                f = (float[]) c.data();
                d = null;
            } else {
                f = null;
                d = ArrayMath.doubles(c);
            }
        }

        double get(int i) {
            return f != null ? f[i] : d[i];
        }
    }

    /**
     * A reduction in double precision over the array seen as [outer][len][inner] (the reduced axis in the
     * middle), walking memory in order, so that no axis needs to be moved first.
     */
    private static double[] reduceFloating(Op op, NDArray a, Integer axis, int ddof) {
        Source src = new Source(a);
        int outer = 1;
        int len = a.size();
        int inner = 1;
        if (axis != null) {
            int ax = axis < 0 ? axis + a.rank() : axis;
            len = a.shape(ax);
            for (int d = 0; d < ax; d++) {
                outer *= a.shape(d);
            }
            for (int d = ax + 1; d < a.rank(); d++) {
                inner *= a.shape(d);
            }
        }
        int m = outer * inner;
        double[] out = new double[m];
        switch (op) {
            case SUM, MEAN, VAR, STD -> {
                if (inner == 1 && Simd.enabled()) {
                    for (int o = 0; o < outer; o++) {
                        out[o] = src.f != null ? VectorArrayMath.sum(src.f, o * len, len)
                                : VectorArrayMath.sum(src.d, o * len, len);
                    }
                } else {
                    sumScalar(src, outer, len, inner, out);
                }
                if (op == Op.SUM) {
                    return out;
                }
                for (int i = 0; i < m; i++) {
                    out[i] /= len;
                }
                if (op == Op.MEAN) {
                    return out;
                }
                double[] ss = new double[m];
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < len; j++) {
                        int base = (o * len + j) * inner;
                        int ob = o * inner;
                        for (int k = 0; k < inner; k++) {
                            double dv = src.get(base + k) - out[ob + k];
                            ss[ob + k] += dv * dv;
                        }
                    }
                }
                double n = Math.max(0, len - ddof);
                for (int i = 0; i < m; i++) {
                    ss[i] = op == Op.VAR ? ss[i] / n : Math.sqrt(ss[i] / n);
                }
                return ss;
            }
            case PROD -> {
                java.util.Arrays.fill(out, 1.0);
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < len; j++) {
                        int base = (o * len + j) * inner;
                        for (int k = 0; k < inner; k++) {
                            out[o * inner + k] *= src.get(base + k);
                        }
                    }
                }
                return out;
            }
            default -> {
                // MIN, MAX, ARGMIN, ARGMAX: the first extreme wins; a NaN wins over everything (NumPy)
                boolean wantMax = op == Op.MAX || op == Op.ARGMAX;
                int[] at = new int[m];
                boolean[] nan = new boolean[m];
                for (int o = 0; o < outer; o++) {
                    for (int k = 0; k < inner; k++) {
                        out[o * inner + k] = src.get(o * len * inner + k);
                        nan[o * inner + k] = Double.isNaN(out[o * inner + k]);
                    }
                    for (int j = 1; j < len; j++) {
                        int base = (o * len + j) * inner;
                        int ob = o * inner;
                        for (int k = 0; k < inner; k++) {
                            if (nan[ob + k]) {
                                continue;
                            }
                            double v = src.get(base + k);
                            if (Double.isNaN(v) || (wantMax ? v > out[ob + k] : v < out[ob + k])) {
                                out[ob + k] = v;
                                at[ob + k] = j;
                                nan[ob + k] = Double.isNaN(v);
                            }
                        }
                    }
                }
                if (op == Op.ARGMIN || op == Op.ARGMAX) {
                    for (int i = 0; i < m; i++) {
                        out[i] = at[i];
                    }
                }
                return out;
            }
        }
    }

    /** The plain float64 sums over [outer][len][inner], walking memory in order (the reference form). */
    static void sumScalar(Source src, int outer, int len, int inner, double[] out) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < len; j++) {
                int base = (o * len + j) * inner;
                int ob = o * inner;
                for (int k = 0; k < inner; k++) {
                    out[ob + k] += src.get(base + k);
                }
            }
        }
    }

    private static long reduceLongs(Op op, long[] v, int from, int len, boolean unsigned) {
        switch (op) {
            case SUM -> {
                long s = 0;
                for (int i = from; i < from + len; i++) {
                    s += v[i];
                }
                return s;
            }
            case PROD -> {
                long p = 1;
                for (int i = from; i < from + len; i++) {
                    p *= v[i];
                }
                return p;
            }
            case MIN, MAX, ARGMIN, ARGMAX -> {
                boolean wantMax = op == Op.MAX || op == Op.ARGMAX;
                int best = from;
                for (int i = from + 1; i < from + len; i++) {
                    int c = unsigned ? Long.compareUnsigned(v[i], v[best]) : Long.compare(v[i], v[best]);
                    if (wantMax ? c > 0 : c < 0) {
                        best = i;
                    }
                }
                return op == Op.MIN || op == Op.MAX ? v[best] : best - from;
            }
            default -> throw new IllegalStateException(op.name());
        }
    }
}
