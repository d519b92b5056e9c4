package org.daybreak.script.array;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;

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
        NDArray rows;
        int[] outShape;
        if (axis == null) {
            rows = a.reshape(1, a.size());
            outShape = new int[0];
        } else {
            int ax = axis < 0 ? axis + rank : axis;
            if (ax < 0 || ax >= rank) {
                throw new IllegalArgumentException("axis " + axis + " is out of bounds for an array of dimension "
                        + rank);
            }
            int[] perm = new int[rank];
            outShape = new int[rank - 1];
            int k = 0;
            for (int d = 0; d < rank; d++) {
                if (d != ax) {
                    perm[k] = d;
                    outShape[k] = a.shape(d);
                    k++;
                }
            }
            perm[rank - 1] = ax;
            NDArray moved = a.transpose(perm);
            int len = a.shape(ax);
            int count = (int) NDArray.sizeOf(outShape);
            rows = moved.isContiguous() ? moved.reshape(count, len) : moved.copy().reshape(count, len);
        }
        int count = rows.shape(0);
        int len = rows.shape(1);
        if (len == 0 && (op == Op.MIN || op == Op.MAX || op == Op.ARGMIN || op == Op.ARGMAX)) {
            throw new IllegalArgumentException("zero-size array to reduction operation " + op.name().toLowerCase(
                    java.util.Locale.ROOT) + " which has no identity");
        }
        boolean exactIntegers = a.dtype().isInteger() || a.dtype() == DType.BOOL;
        if (exactIntegers && (op == Op.SUM || op == Op.PROD || op == Op.MIN || op == Op.MAX || op == Op.ARGMIN
                || op == Op.ARGMAX)) {
            long[] v = ArrayMath.longs(rows);
            long[] out = new long[count];
            boolean unsigned = a.dtype() == DType.UINT64;
            for (int r = 0; r < count; r++) {
                out[r] = reduceLongs(op, v, r * len, len, unsigned);
            }
            return ArrayMath.fromLongs(out, rt, outShape);
        }
        if (op == Op.ALL || op == Op.ANY) {
            double[] v = ArrayMath.doubles(rows);
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
        double[] v = ArrayMath.doubles(rows);
        double[] out = new double[count];
        for (int r = 0; r < count; r++) {
            out[r] = reduceDoubles(op, v, r * len, len, ddof);
        }
        if (op == Op.ARGMIN || op == Op.ARGMAX) {
            long[] idx = new long[count];
            for (int r = 0; r < count; r++) {
                idx[r] = (long) out[r];
            }
            return NDArray.wrap(DType.INT64, idx, outShape);
        }
        return ArrayMath.fromDoubles(out, rt, outShape);
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

    private static double reduceDoubles(Op op, double[] v, int from, int len, int ddof) {
        switch (op) {
            case SUM -> {
                double s = 0;
                for (int i = from; i < from + len; i++) {
                    s += v[i];
                }
                return s;
            }
            case PROD -> {
                double p = 1;
                for (int i = from; i < from + len; i++) {
                    p *= v[i];
                }
                return p;
            }
            case MEAN -> {
                double s = 0;
                for (int i = from; i < from + len; i++) {
                    s += v[i];
                }
                return s / len;
            }
            case VAR, STD -> {
                double s = 0;
                for (int i = from; i < from + len; i++) {
                    s += v[i];
                }
                double mean = s / len;
                double ss = 0;
                for (int i = from; i < from + len; i++) {
                    double d = v[i] - mean;
                    ss += d * d;
                }
                double var = ss / Math.max(0, len - ddof);
                return op == Op.VAR ? var : Math.sqrt(var);
            }
            case MIN, MAX, ARGMIN, ARGMAX -> {
                boolean wantMax = op == Op.MAX || op == Op.ARGMAX;
                int best = from;
                if (!Double.isNaN(v[best])) {
                    for (int i = from + 1; i < from + len; i++) {
                        if (Double.isNaN(v[i])) {
                            best = i;
                            break;
                        }
                        if (wantMax ? v[i] > v[best] : v[i] < v[best]) {
                            best = i;
                        }
                    }
                }
                return op == Op.MIN || op == Op.MAX ? v[best] : best - from;
            }
            default -> throw new IllegalStateException(op.name());
        }
    }
}
