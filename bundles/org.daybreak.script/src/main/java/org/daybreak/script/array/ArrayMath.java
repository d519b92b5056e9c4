package org.daybreak.script.array;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.simd.Simd;

/**
 * Element-wise arithmetic, comparisons and functions on {@link NDArray}s with NumPy's semantics, done in
 * Java loops over primitive arrays. This is what the {@code daybreak} scripting module's array operators call.
 *
 * <p><b>Shapes.</b> Two operands are broadcast as in NumPy ({@link Broadcast}); the result is a new
 * C-contiguous array.
 *
 * <p><b>Types.</b> The result type of two arrays is {@link DType#promote}; true division ({@code /}) of
 * integers gives FLOAT64. A Python scalar is "weak" (NumPy 2, NEP 50): an int keeps the array's type (a bool
 * array becomes INT64) and must fit in it, a float keeps a float array's type and turns an integer array into
 * FLOAT64. Floating-point results are computed in double precision and rounded once to the result type, which
 * for {@code + - * /} equals IEEE arithmetic in that type. Integer results wrap around on overflow as in C
 * and NumPy; integer division or remainder by zero gives 0 (NumPy gives 0 too, with a warning).
 *
 * <p>Comparisons give BOOL arrays; a NaN compares unequal to everything.
 */
public final class ArrayMath {

    private ArrayMath() {
    }

    /** Binary operators, named as NumPy's ufuncs. */
    public enum Binary {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), FLOOR_DIVIDE("//"), REMAINDER("%"), POWER("**"),
        MAXIMUM("maximum"), MINIMUM("minimum"), ARCTAN2("arctan2"), HYPOT("hypot"),
        BITWISE_AND("&"), BITWISE_OR("|"), BITWISE_XOR("^");

        private final String symbol;

        Binary(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean bitwise() {
            return this == BITWISE_AND || this == BITWISE_OR || this == BITWISE_XOR;
        }

        boolean alwaysFloat() {
            return this == DIVIDE || this == ARCTAN2 || this == HYPOT;
        }
    }

    public enum Compare {
        LESS("<"), LESS_EQUAL("<="), GREATER(">"), GREATER_EQUAL(">="), EQUAL("=="), NOT_EQUAL("!=");

        private final String symbol;

        Compare(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** Functions of one array. FLOAT results keep a float input's type; integer inputs give FLOAT64. */
    public enum Unary {
        NEGATIVE, ABSOLUTE, INVERT, SQUARE, SIGN,
        SQRT, EXP, LOG, LOG10, LOG2, LOG1P, EXPM1, SIN, COS, TAN, ARCSIN, ARCCOS, ARCTAN, SINH, COSH, TANH,
        FLOOR, CEIL, RINT, TRUNC, DEG2RAD, RAD2DEG, ISNAN, ISINF, ISFINITE
    }

    // ---------------------------------------------------------------- result types

    /** The type a weak Python scalar takes next to an array of type {@code arrayType} (NEP 50). */
    public static DType weakScalarType(DType arrayType, boolean isFloat) {
        requireNumeric(arrayType);
        if (isFloat) {
            return arrayType.isFloat() ? arrayType : DType.FLOAT64;
        }
        return arrayType == DType.BOOL ? DType.INT64 : arrayType;
    }

    /** A rank-0 array holding a Python scalar as a weak operand next to {@code array}. */
    public static NDArray weakScalar(NDArray array, double value, boolean isFloat) {
        DType t = weakScalarType(array.dtype(), isFloat);
        NDArray s = NDArray.zeros(t);
        if (!isFloat && t.isInteger() && !fits(value, t)) {
            throw new IllegalArgumentException("Python integer " + (long) value + " is out of bounds for "
                    + numpyName(t));
        }
        s.setDouble(value);
        return s;
    }

    /** As {@link #weakScalar(NDArray, double, boolean)} for an integer that is exact as a long. */
    public static NDArray weakInteger(NDArray array, long value) {
        DType t = weakScalarType(array.dtype(), false);
        if (t.isInteger() && !fits(value, t)) {
            throw new IllegalArgumentException("Python integer " + value + " is out of bounds for " + numpyName(t));
        }
        NDArray s = NDArray.zeros(t);
        if (t.isInteger()) {
            s.setLong(value);
        } else {
            s.setDouble(value);
        }
        return s;
    }

    private static boolean fits(double v, DType t) {
        return v >= minOf(t) && v <= maxOf(t);
    }

    private static double minOf(DType t) {
        return switch (t) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> 0;
        };
    }

    private static double maxOf(DType t) {
        return switch (t) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 255;
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 65535;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 4294967295.0;
            case INT64 -> Long.MAX_VALUE;
            default -> 18446744073709551615.0;
        };
    }

    /** NumPy's name for a type: {@code float32}, {@code uint16}, {@code bool}, {@code object} for text. */
    public static String numpyName(DType t) {
        return switch (t) {
            case BOOL -> "bool";
            case STRING -> "object";
            case BYTES -> "bytes";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static void requireNumeric(DType t) {
        if (!t.isNumeric()) {
            throw new IllegalArgumentException("arithmetic needs numbers, not " + numpyName(t) + " values");
        }
    }

    /** The type of {@code a op b} for arrays of types {@code a} and {@code b}. */
    public static DType resultType(Binary op, DType a, DType b) {
        requireNumeric(a);
        requireNumeric(b);
        DType p = DType.promote(a, b);
        if (op.bitwise()) {
            if (p.isFloat()) {
                throw new IllegalArgumentException("the '" + op.symbol() + "' operator needs integer or bool arrays, not "
                        + numpyName(p));
            }
            return p;
        }
        if (op.alwaysFloat()) {
            return p.isFloat() ? p : DType.FLOAT64;
        }
        if (p == DType.BOOL) {
            return switch (op) {
                case ADD, MULTIPLY, MAXIMUM, MINIMUM -> DType.BOOL;
                case SUBTRACT -> throw new IllegalArgumentException(
                        "subtracting bool arrays is not supported; use ^ (exclusive or) or convert with astype");
                default -> DType.INT8;
            };
        }
        return p;
    }

    // ---------------------------------------------------------------- binary operations

    /**
     * {@code a op b}, broadcast.
     *
     * @throws IllegalArgumentException for incompatible shapes, non-numeric types or integers to negative powers
     */
    public static NDArray binary(Binary op, NDArray a, NDArray b) {
        DType rt = resultType(op, a.dtype(), b.dtype());
        int[] shape = Broadcast.shape(a.shape(), b.shape());
        int n = (int) NDArray.sizeOf(shape);
        boolean sameShape = java.util.Arrays.equals(a.shape(), b.shape());
        if (rt == DType.FLOAT32 && a.dtype() == DType.FLOAT32 && b.dtype() == DType.FLOAT32
                && (op == Binary.ADD || op == Binary.SUBTRACT || op == Binary.MULTIPLY || op == Binary.DIVIDE)) {
            return floatBinary(op, a, b, shape, n, sameShape);
        }
        if (rt.isFloat()) {
            double[] x = doubles(a);
            double[] y = doubles(b);
            double[] out = new double[n];
            if (sameShape) {
                doubleRow(op, x, 0, 1, y, 0, 1, out, 0, n);
            } else {
                int[][] st = {Broadcast.strides(a.shape(), shape), Broadcast.strides(b.shape(), shape)};
                Broadcast.forEachRow(shape, st, (o, base, step, len) ->
                        doubleRow(op, x, base[0], step[0], y, base[1], step[1], out, o, len));
            }
            return fromDoubles(out, rt, shape);
        }
        boolean unsigned = rt == DType.UINT64;
        long[] x = longs(a);
        long[] y = longs(b);
        long[] out = new long[n];
        if (sameShape) {
            longRow(op, unsigned, x, 0, 1, y, 0, 1, out, 0, n);
        } else {
            int[][] st = {Broadcast.strides(a.shape(), shape), Broadcast.strides(b.shape(), shape)};
            Broadcast.forEachRow(shape, st, (o, base, step, len) ->
                    longRow(op, unsigned, x, base[0], step[0], y, base[1], step[1], out, o, len));
        }
        return fromLongs(out, rt, shape);
    }

    /**
     * float32 op float32. The operands' backing arrays are read in place when contiguous (no copies); same shapes
     * run {@link VectorArrayMath#floatRow} when {@link Simd#enabled()}, bit-identical to the scalar loop.
     */
    private static NDArray floatBinary(Binary op, NDArray a, NDArray b, int[] shape, int n, boolean sameShape) {
        float[] x = a.dtype() == DType.FLOAT32 && a.isContiguous() ? (float[]) a.data() : a.toFloatArray();
        float[] y = b.dtype() == DType.FLOAT32 && b.isContiguous() ? (float[]) b.data() : b.toFloatArray();
        float[] out = new float[n];
        if (sameShape && Simd.enabled()) {
            VectorArrayMath.floatRow(op, x, 0, y, 0, out, 0, n);
        } else if (sameShape) {
            floatRow(op, x, 0, 1, y, 0, 1, out, 0, n);
        } else {
            int[][] st = {Broadcast.strides(a.shape(), shape), Broadcast.strides(b.shape(), shape)};
            Broadcast.forEachRow(shape, st, (o, base, step, len) ->
                    floatRow(op, x, base[0], step[0], y, base[1], step[1], out, o, len));
        }
        return NDArray.wrap(DType.FLOAT32, out, shape);
    }

    static void floatRow(Binary op, float[] x, int ix, int sx, float[] y, int iy, int sy, float[] out,
            int o, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = x[ix + i * sx] + y[iy + i * sy];
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = x[ix + i * sx] - y[iy + i * sy];
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = x[ix + i * sx] * y[iy + i * sy];
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = x[ix + i * sx] / y[iy + i * sy];
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    private static void doubleRow(Binary op, double[] x, int ix, int sx, double[] y, int iy, int sy, double[] out,
            int o, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = x[ix + i * sx] + y[iy + i * sy];
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = x[ix + i * sx] - y[iy + i * sy];
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = x[ix + i * sx] * y[iy + i * sy];
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = x[ix + i * sx] / y[iy + i * sy];
                }
            }
            default -> {
                DoubleBinaryOperator f = doubleFunction(op);
                for (int i = 0; i < n; i++) {
                    out[o + i] = f.applyAsDouble(x[ix + i * sx], y[iy + i * sy]);
                }
            }
        }
    }

    private static DoubleBinaryOperator doubleFunction(Binary op) {
        return switch (op) {
            case FLOOR_DIVIDE -> ArrayMath::floorDivide;
            case REMAINDER -> ArrayMath::remainder;
            case POWER -> Math::pow;
            // NumPy's maximum/minimum propagate NaN, as Math.max/min do
            case MAXIMUM -> Math::max;
            case MINIMUM -> Math::min;
            case ARCTAN2 -> Math::atan2;
            case HYPOT -> Math::hypot;
            default -> throw new IllegalStateException(op.name());
        };
    }

    /** Python's float floor division (CPython floatobject.c, float_divmod); division by zero gives ±inf or NaN. */
    static double floorDivide(double a, double b) {
        if (b == 0) {
            return a / b;
        }
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            div -= 1.0;
        }
        if (div != 0) {
            double fl = Math.floor(div);
            if (div - fl > 0.5) {
                fl += 1.0;
            }
            return fl;
        }
        return Math.copySign(0.0, a / b);
    }

    /** Python's float modulo: the result has the sign of {@code b}; modulo zero gives NaN. */
    static double remainder(double a, double b) {
        if (b == 0) {
            return Double.NaN;
        }
        double mod = a % b;
        if (mod != 0) {
            if ((b < 0) != (mod < 0)) {
                mod += b;
            }
        } else {
            mod = Math.copySign(0.0, b);
        }
        return mod;
    }

    private static void longRow(Binary op, boolean unsigned, long[] x, int ix, int sx, long[] y, int iy, int sy,
            long[] out, int o, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = x[ix + i * sx] + y[iy + i * sy];
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = x[ix + i * sx] - y[iy + i * sy];
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = x[ix + i * sx] * y[iy + i * sy];
                }
            }
            default -> {
                LongBinaryOperator f = longFunction(op, unsigned);
                for (int i = 0; i < n; i++) {
                    out[o + i] = f.applyAsLong(x[ix + i * sx], y[iy + i * sy]);
                }
            }
        }
    }

    private static LongBinaryOperator longFunction(Binary op, boolean unsigned) {
        return switch (op) {
            case FLOOR_DIVIDE -> unsigned ? (a, b) -> b == 0 ? 0 : Long.divideUnsigned(a, b)
                    : (a, b) -> b == 0 ? 0 : Math.floorDiv(a, b);
            case REMAINDER -> unsigned ? (a, b) -> b == 0 ? 0 : Long.remainderUnsigned(a, b)
                    : (a, b) -> b == 0 ? 0 : Math.floorMod(a, b);
            case POWER -> ArrayMath::integerPower;
            case MAXIMUM -> unsigned ? (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b : Math::max;
            case MINIMUM -> unsigned ? (a, b) -> Long.compareUnsigned(a, b) <= 0 ? a : b : Math::min;
            case BITWISE_AND -> (a, b) -> a & b;
            case BITWISE_OR -> (a, b) -> a | b;
            case BITWISE_XOR -> (a, b) -> a ^ b;
            default -> throw new IllegalStateException(op.name());
        };
    }

    /** Integer power with wrap-around (square and multiply); a negative exponent is an error, as in NumPy. */
    static long integerPower(long base, long exponent) {
        if (exponent < 0) {
            throw new IllegalArgumentException("integers to negative integer powers are not allowed");
        }
        long result = 1;
        long b = base;
        long e = exponent;
        while (e != 0) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
            e >>>= 1;
        }
        return result;
    }

    // ---------------------------------------------------------------- comparisons

    /** {@code a op b} element by element, broadcast, as a BOOL array. */
    public static NDArray compare(Compare op, NDArray a, NDArray b) {
        int[] shape = Broadcast.shape(a.shape(), b.shape());
        int n = (int) NDArray.sizeOf(shape);
        boolean[] out = new boolean[n];
        int[][] st = {Broadcast.strides(a.shape(), shape), Broadcast.strides(b.shape(), shape)};
        if (a.dtype().isText() || b.dtype().isText()) {
            if (a.dtype() != b.dtype() || (op != Compare.EQUAL && op != Compare.NOT_EQUAL)) {
                throw new IllegalArgumentException("text arrays can only be compared for equality with text");
            }
            String[] x = (String[]) a.data();
            String[] y = (String[]) b.data();
            boolean eq = op == Compare.EQUAL;
            Broadcast.forEachRow(shape, st, (o, base, step, len) -> {
                for (int i = 0; i < len; i++) {
                    out[o + i] = java.util.Objects.equals(x[base[0] + i * step[0]], y[base[1] + i * step[1]]) == eq;
                }
            });
            return NDArray.wrap(DType.BOOL, out, shape);
        }
        DType p = DType.promote(a.dtype(), b.dtype());
        if (p.isFloat()) {
            double[] x = doubles(a);
            double[] y = doubles(b);
            Broadcast.forEachRow(shape, st, (o, base, step, len) -> {
                for (int i = 0; i < len; i++) {
                    double u = x[base[0] + i * step[0]];
                    double v = y[base[1] + i * step[1]];
                    out[o + i] = switch (op) {
                        case LESS -> u < v;
                        case LESS_EQUAL -> u <= v;
                        case GREATER -> u > v;
                        case GREATER_EQUAL -> u >= v;
                        case EQUAL -> u == v;
                        case NOT_EQUAL -> u != v;
                    };
                }
            });
        } else {
            long[] x = longs(a);
            long[] y = longs(b);
            boolean unsigned = p == DType.UINT64;
            Broadcast.forEachRow(shape, st, (o, base, step, len) -> {
                for (int i = 0; i < len; i++) {
                    long u = x[base[0] + i * step[0]];
                    long v = y[base[1] + i * step[1]];
                    int c = unsigned ? Long.compareUnsigned(u, v) : Long.compare(u, v);
                    out[o + i] = switch (op) {
                        case LESS -> c < 0;
                        case LESS_EQUAL -> c <= 0;
                        case GREATER -> c > 0;
                        case GREATER_EQUAL -> c >= 0;
                        case EQUAL -> c == 0;
                        case NOT_EQUAL -> c != 0;
                    };
                }
            });
        }
        return NDArray.wrap(DType.BOOL, out, shape);
    }

    // ---------------------------------------------------------------- functions of one array

    /** The result type of a function of one array of type {@code t}. */
    public static DType resultType(Unary op, DType t) {
        requireNumeric(t);
        return switch (op) {
            case ISNAN, ISINF, ISFINITE -> DType.BOOL;
            case NEGATIVE -> {
                if (t == DType.BOOL) {
                    throw new IllegalArgumentException("negating a bool array is not supported; use ~ (not)");
                }
                yield t;
            }
            case ABSOLUTE, INVERT, SIGN -> t;
            case SQUARE -> t == DType.BOOL ? DType.INT8 : t;
            default -> t.isFloat() ? t : DType.FLOAT64;
        };
    }

    public static NDArray unary(Unary op, NDArray a) {
        DType rt = resultType(op, a.dtype());
        int[] shape = a.shape();
        int n = a.size();
        DType in = a.dtype();
        if (rt == DType.BOOL && op != Unary.INVERT) {
            boolean[] out = new boolean[n];
            if (in.isFloat()) {
                double[] x = doubles(a);
                for (int i = 0; i < n; i++) {
                    double v = x[i];
                    out[i] = switch (op) {
                        case ISNAN -> Double.isNaN(v);
                        case ISINF -> Double.isInfinite(v);
                        default -> Double.isFinite(v);
                    };
                }
            } else if (op == Unary.ISFINITE) {
                java.util.Arrays.fill(out, true);
            }
            return NDArray.wrap(DType.BOOL, out, shape);
        }
        if (!rt.isFloat()) {
            long[] x = longs(a);
            long[] out = new long[n];
            boolean unsigned = in.isUnsigned();
            for (int i = 0; i < n; i++) {
                long v = x[i];
                out[i] = switch (op) {
                    case NEGATIVE -> -v;
                    case ABSOLUTE -> unsigned ? v : Math.abs(v);
                    case INVERT -> in == DType.BOOL ? (v == 0 ? 1 : 0) : ~v;
                    case SQUARE -> v * v;
                    case SIGN -> unsigned ? (v == 0 ? 0 : 1) : Long.signum(v);
                    default -> throw new IllegalStateException(op.name());
                };
            }
            return fromLongs(out, rt, shape);
        }
        if (op == Unary.INVERT) {
            throw new IllegalArgumentException("the '~' operator needs integer or bool arrays, not " + numpyName(in));
        }
        double[] x = doubles(a);
        double[] out = new double[n];
        DoubleUnaryOperator f = switch (op) {
            case NEGATIVE -> v -> -v;
            case ABSOLUTE -> Math::abs;
            case SQUARE -> v -> v * v;
            case SIGN -> v -> Double.isNaN(v) ? v : Math.signum(v);
            case SQRT -> Math::sqrt;
            case EXP -> Math::exp;
            case LOG -> Math::log;
            case LOG10 -> Math::log10;
            case LOG2 -> v -> Math.log(v) / Math.log(2);
            case LOG1P -> Math::log1p;
            case EXPM1 -> Math::expm1;
            case SIN -> Math::sin;
            case COS -> Math::cos;
            case TAN -> Math::tan;
            case ARCSIN -> Math::asin;
            case ARCCOS -> Math::acos;
            case ARCTAN -> Math::atan;
            case SINH -> Math::sinh;
            case COSH -> Math::cosh;
            case TANH -> Math::tanh;
            case FLOOR -> Math::floor;
            case CEIL -> Math::ceil;
            case RINT -> Math::rint;
            case TRUNC -> v -> v < 0 ? Math.ceil(v) : Math.floor(v);
            case DEG2RAD -> Math::toRadians;
            case RAD2DEG -> Math::toDegrees;
            default -> throw new IllegalStateException(op.name());
        };
        for (int i = 0; i < n; i++) {
            out[i] = f.applyAsDouble(x[i]);
        }
        return fromDoubles(out, rt, shape);
    }

    /**
     * {@code condition ? x : y} element by element, all three broadcast together; the result type is the
     * promotion of the types of {@code x} and {@code y}.
     */
    public static NDArray where(NDArray condition, NDArray x, NDArray y) {
        DType rt = DType.promote(x.dtype(), y.dtype());
        int[] shape = Broadcast.shape(Broadcast.shape(condition.shape(), x.shape()), y.shape());
        int n = (int) NDArray.sizeOf(shape);
        boolean[] c = (boolean[]) (condition.dtype() == DType.BOOL ? condition : condition.astype(DType.BOOL)).data();
        int[][] st = {Broadcast.strides(condition.shape(), shape), Broadcast.strides(x.shape(), shape),
            Broadcast.strides(y.shape(), shape)};
        if (rt.isFloat()) {
            double[] u = doubles(x);
            double[] v = doubles(y);
            double[] out = new double[n];
            Broadcast.forEachRow(shape, st, (o, base, step, len) -> {
                for (int i = 0; i < len; i++) {
                    out[o + i] = c[base[0] + i * step[0]] ? u[base[1] + i * step[1]] : v[base[2] + i * step[2]];
                }
            });
            return fromDoubles(out, rt, shape);
        }
        long[] u = longs(x);
        long[] v = longs(y);
        long[] out = new long[n];
        Broadcast.forEachRow(shape, st, (o, base, step, len) -> {
            for (int i = 0; i < len; i++) {
                out[o + i] = c[base[0] + i * step[0]] ? u[base[1] + i * step[1]] : v[base[2] + i * step[2]];
            }
        });
        return fromLongs(out, rt, shape);
    }

    // ---------------------------------------------------------------- conversions

    /** The elements in C order as doubles; the backing array itself for a contiguous FLOAT64 array. */
    static double[] doubles(NDArray a) {
        if (a.dtype() == DType.FLOAT64 && a.isContiguous()) {
            return (double[]) a.data();
        }
        return a.toDoubleArray();
    }

    /**
     * The elements in C order as longs (unsigned values zero-extended, UINT64 kept as its bit pattern, floats
     * truncated); the backing array itself for a contiguous INT64/UINT64 array.
     */
    static long[] longs(NDArray a) {
        NDArray c = a.isContiguous() ? a : a.copy();
        Object d = c.data();
        int n = c.size();
        long[] out;
        switch (c.dtype()) {
            case INT64, UINT64 -> {
                return (long[]) d;
            }
            case INT32 -> {
                int[] s = (int[]) d;
                out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = s[i];
                }
            }
            case UINT32 -> {
                int[] s = (int[]) d;
                out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = s[i] & 0xffffffffL;
                }
            }
            case INT16 -> {
                short[] s = (short[]) d;
                out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = s[i];
                }
            }
            case UINT16 -> {
                short[] s = (short[]) d;
                out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = s[i] & 0xffff;
                }
            }
            case INT8 -> {
                byte[] s = (byte[]) d;
                out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = s[i];
                }
            }
            case UINT8 -> {
                byte[] s = (byte[]) d;
                out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = s[i] & 0xff;
                }
            }
            case BOOL -> {
                boolean[] s = (boolean[]) d;
                out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = s[i] ? 1 : 0;
                }
            }
            default -> {
                out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = c.getLongFlat(i);
                }
            }
        }
        return out;
    }

    /** Doubles computed in double precision, rounded once to {@code type} (FLOAT64, FLOAT32 or FLOAT16). */
    static NDArray fromDoubles(double[] v, DType type, int[] shape) {
        NDArray d = NDArray.wrap(DType.FLOAT64, v, shape);
        if (type == DType.FLOAT64) {
            return d;
        }
        if (type == DType.FLOAT32) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return NDArray.wrap(DType.FLOAT32, f, shape);
        }
        return d.astype(type);
    }

    /** Longs narrowed to {@code type} with wrap-around (BOOL: non-zero is true). */
    static NDArray fromLongs(long[] v, DType type, int[] shape) {
        NDArray l = NDArray.wrap(type == DType.UINT64 ? DType.UINT64 : DType.INT64, v, shape);
        return type == l.dtype() ? l : l.astype(type);
    }
}
