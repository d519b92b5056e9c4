package org.daybreak.script.array;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;

/**
 * Plain reference implementations of the kernels in {@link ArrayMath} and {@link Reductions}: one element at a
 * time through {@link NDArray#getDouble}/{@link NDArray#getLong} with explicit broadcast index arithmetic, no
 * fast paths. The tests compare the optimized kernels against these.
 */
final class ReferenceMath {

    private ReferenceMath() {
    }

    static int[] index(long flat, int[] shape) {
        int[] idx = new int[shape.length];
        long rem = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = (int) (rem % shape[d]);
            rem /= shape[d];
        }
        return idx;
    }

    /** The index into an operand of shape {@code s} for result index {@code idx} (NumPy broadcasting). */
    static int[] operandIndex(int[] idx, int[] s) {
        int[] o = new int[s.length];
        int off = idx.length - s.length;
        for (int d = 0; d < s.length; d++) {
            o[d] = s[d] == 1 ? 0 : idx[d + off];
        }
        return o;
    }

    static int[] broadcastShape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int d = 0; d < r; d++) {
            int da = d - (r - a.length);
            int db = d - (r - b.length);
            int sa = da >= 0 ? a[da] : 1;
            int sb = db >= 0 ? b[db] : 1;
            if (sa != sb && sa != 1 && sb != 1) {
                throw new IllegalArgumentException("incompatible");
            }
            out[d] = Math.max(sa, sb) == 0 ? 0 : sa == 1 ? sb : sa;
        }
        return out;
    }

    static NDArray binary(ArrayMath.Binary op, NDArray a, NDArray b) {
        DType rt = ArrayMath.resultType(op, a.dtype(), b.dtype());
        int[] shape = broadcastShape(a.shape(), b.shape());
        NDArray out = NDArray.zeros(rt, shape);
        long n = NDArray.sizeOf(shape);
        boolean unsigned = rt == DType.UINT64;
        for (long i = 0; i < n; i++) {
            int[] idx = index(i, shape);
            int[] ia = operandIndex(idx, a.shape());
            int[] ib = operandIndex(idx, b.shape());
            if (rt.isFloat()) {
                double x = a.getDouble(ia);
                double y = b.getDouble(ib);
                double v = switch (op) {
                    case ADD -> x + y;
                    case SUBTRACT -> x - y;
                    case MULTIPLY -> x * y;
                    case DIVIDE -> x / y;
                    case FLOOR_DIVIDE -> pythonFloorDiv(x, y);
                    case REMAINDER -> pythonMod(x, y);
                    case POWER -> Math.pow(x, y);
                    case MAXIMUM -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.max(x, y);
                    case MINIMUM -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : Math.min(x, y);
                    case ARCTAN2 -> Math.atan2(x, y);
                    case HYPOT -> Math.hypot(x, y);
                    default -> throw new IllegalStateException();
                };
                out.setDouble(rt == DType.FLOAT32 ? (float) v : v, idx);
            } else {
                long x = a.getLong(ia);
                long y = b.getLong(ib);
                long v = switch (op) {
                    case ADD -> x + y;
                    case SUBTRACT -> x - y;
                    case MULTIPLY -> x * y;
                    case FLOOR_DIVIDE -> y == 0 ? 0 : unsigned ? Long.divideUnsigned(x, y) : Math.floorDiv(x, y);
                    case REMAINDER -> y == 0 ? 0 : unsigned ? Long.remainderUnsigned(x, y) : Math.floorMod(x, y);
                    case POWER -> {
                        long r = 1;
                        for (long k = 0; k < y; k++) {
                            r *= x;
                        }
                        yield r;
                    }
                    case MAXIMUM -> (unsigned ? Long.compareUnsigned(x, y) : Long.compare(x, y)) >= 0 ? x : y;
                    case MINIMUM -> (unsigned ? Long.compareUnsigned(x, y) : Long.compare(x, y)) <= 0 ? x : y;
                    case BITWISE_AND -> x & y;
                    case BITWISE_OR -> x | y;
                    case BITWISE_XOR -> x ^ y;
                    default -> throw new IllegalStateException();
                };
                out.setLong(v, idx);
            }
        }
        return out;
    }

    /** Python's float floor division by its definition: the floor of the exact quotient (BigDecimal). */
    static double pythonFloorDiv(double x, double y) {
        if (y == 0 || !Double.isFinite(x) || !Double.isFinite(y)) {
            return ArrayMath.floorDivide(x, y);
        }
        java.math.BigDecimal exact = new java.math.BigDecimal(x).divide(new java.math.BigDecimal(y), 0,
                java.math.RoundingMode.FLOOR);
        if (exact.abs().compareTo(java.math.BigDecimal.valueOf(1L << 52)) >= 0 || Math.abs(x) >= 0x1p52) {
            // beyond 2^52 Python's (and NumPy's) divmod-based result, (x - fmod(x, y)) / y, rounds in x - fmod
            // and may differ from the exact floor in the last bit; there the reference is that algorithm
            return ArrayMath.floorDivide(x, y);
        }
        double q = exact.doubleValue();
        return q == 0 ? Math.copySign(0.0, x / y) : q;
    }

    static double pythonMod(double x, double y) {
        if (y == 0) {
            return Double.NaN;
        }
        double m = x % y;
        if (m != 0 && (m < 0) != (y < 0)) {
            m += y;
        }
        return m == 0 ? Math.copySign(0.0, y) : m;
    }

    static NDArray compare(ArrayMath.Compare op, NDArray a, NDArray b) {
        int[] shape = broadcastShape(a.shape(), b.shape());
        NDArray out = NDArray.zeros(DType.BOOL, shape);
        DType p = DType.promote(a.dtype(), b.dtype());
        for (long i = 0; i < NDArray.sizeOf(shape); i++) {
            int[] idx = index(i, shape);
            int c;
            boolean nan = false;
            if (p.isFloat()) {
                double x = a.getDouble(operandIndex(idx, a.shape()));
                double y = b.getDouble(operandIndex(idx, b.shape()));
                nan = Double.isNaN(x) || Double.isNaN(y);
                c = x < y ? -1 : x > y ? 1 : 0;
            } else {
                long x = a.getLong(operandIndex(idx, a.shape()));
                long y = b.getLong(operandIndex(idx, b.shape()));
                c = p == DType.UINT64 ? Long.compareUnsigned(x, y) : Long.compare(x, y);
            }
            boolean v = switch (op) {
                case LESS -> !nan && c < 0;
                case LESS_EQUAL -> !nan && c <= 0;
                case GREATER -> !nan && c > 0;
                case GREATER_EQUAL -> !nan && c >= 0;
                case EQUAL -> !nan && c == 0;
                case NOT_EQUAL -> nan || c != 0;
            };
            out.setLong(v ? 1 : 0, idx);
        }
        return out;
    }

    /** sum/mean/min/max/std along one axis (or all), element by element with getDouble. */
    static double[] reduce(Reductions.Op op, NDArray a, Integer axis) {
        if (axis == null) {
            double[] v = a.toDoubleArray();
            return new double[] {reduceValues(op, v)};
        }
        int ax = axis < 0 ? axis + a.rank() : axis;
        int[] shape = a.shape();
        int[] outShape = new int[shape.length - 1];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (d != ax) {
                outShape[k++] = shape[d];
            }
        }
        int count = (int) NDArray.sizeOf(outShape);
        double[] out = new double[count];
        for (int r = 0; r < count; r++) {
            int[] oi = index(r, outShape);
            double[] v = new double[shape[ax]];
            for (int j = 0; j < shape[ax]; j++) {
                int[] idx = new int[shape.length];
                for (int d = 0, k = 0; d < shape.length; d++) {
                    idx[d] = d == ax ? j : oi[k++];
                }
                v[j] = a.getDouble(idx);
            }
            out[r] = reduceValues(op, v);
        }
        return out;
    }

    private static double reduceValues(Reductions.Op op, double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        double mean = s / v.length;
        switch (op) {
            case SUM:
                return s;
            case MEAN:
                return mean;
            case MIN: {
                double m = Double.POSITIVE_INFINITY;
                for (double x : v) {
                    if (Double.isNaN(x)) {
                        return x;
                    }
                    m = Math.min(m, x);
                }
                return m;
            }
            case MAX: {
                double m = Double.NEGATIVE_INFINITY;
                for (double x : v) {
                    if (Double.isNaN(x)) {
                        return x;
                    }
                    m = Math.max(m, x);
                }
                return m;
            }
            case STD: {
                double ss = 0;
                for (double x : v) {
                    ss += (x - mean) * (x - mean);
                }
                return Math.sqrt(ss / v.length);
            }
            default:
                throw new IllegalStateException();
        }
    }
}
