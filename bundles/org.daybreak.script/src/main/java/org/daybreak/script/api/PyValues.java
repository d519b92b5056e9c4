package org.daybreak.script.api;

import java.math.BigInteger;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.script.array.ArrayMath;
import org.python.core.Py;
import org.python.core.PyList;
import org.python.core.PyObject;

/**
 * Conversions between {@link NDArray} elements and Python values for the {@code daybreak} module: integers
 * become Python {@code int} (or {@code long} beyond 32 bits), floats {@code float}, BOOL {@code bool}, text
 * {@code unicode}; and the printed form of arrays.
 */
public final class PyValues {
    /** Arrays with more elements than this print only their first and last few per axis, as NumPy does. */
    public static final int SUMMARY_THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private PyValues() {
    }

    /** Element {@code i} (C order) of {@code a} as a Python value. */
    public static PyObject element(NDArray a, int i) {
        DType t = a.dtype();
        switch (t) {
            case BOOL:
                return Py.newBoolean(a.getLongFlat(i) != 0);
            case FLOAT16:
            case FLOAT32:
            case FLOAT64:
                return Py.newFloat(a.getDoubleFlat(i));
            case STRING:
                Object s = a.getObjectFlat(i);
                return s == null ? Py.None : Py.newUnicode(s.toString());
            case BYTES:
                // Python 2's str is bytes: one char per byte, exactly as stored (h5py gives bytes too)
                Object b = a.getObjectFlat(i);
                return b == null ? Py.None : Py.newString(b.toString());
            case UINT64:
                long u = a.getLongFlat(i);
                return u >= 0 ? integer(u) : Py.newLong(new BigInteger(Long.toUnsignedString(u)));
            default:
                return integer(a.getLongFlat(i));
        }
    }

    private static PyObject integer(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? Py.newInteger((int) v) : Py.newLong(v);
    }

    /**
     * A Java value from a file or a Java API (attribute values, job results) as a plain Python value: None,
     * bool, int/long, float, str (unicode when not ASCII), list for List and Java arrays, dict for Map.
     * Other objects are handed over as Java objects.
     */
    public static PyObject toPython(Object v) {
        if (v == null) {
            return Py.None;
        }
        if (v instanceof PyObject p) {
            return p;
        }
        if (v instanceof String s) {
            return s.chars().allMatch(c -> c < 128) ? Py.newString(s) : Py.newUnicode(s);
        }
        if (v instanceof Boolean b) {
            return Py.newBoolean(b);
        }
        if (v instanceof Double || v instanceof Float) {
            return Py.newFloat(((Number) v).doubleValue());
        }
        if (v instanceof BigInteger bi) {
            return Py.newLong(bi);
        }
        if (v instanceof Number n) {
            return integer(n.longValue());
        }
        if (v instanceof java.util.List<?> l) {
            PyObject[] items = new PyObject[l.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = toPython(l.get(i));
            }
            return new PyList(items);
        }
        if (v instanceof java.util.Map<?, ?> m) {
            org.python.core.PyDictionary d = new org.python.core.PyDictionary();
            for (java.util.Map.Entry<?, ?> e : m.entrySet()) {
                d.__setitem__(toPython(e.getKey()), toPython(e.getValue()));
            }
            return d;
        }
        if (v.getClass().isArray() && v.getClass().getComponentType().isPrimitive()) {
            int n = java.lang.reflect.Array.getLength(v);
            PyObject[] items = new PyObject[n];
            for (int i = 0; i < n; i++) {
                items[i] = toPython(java.lang.reflect.Array.get(v, i));
            }
            return new PyList(items);
        }
        if (v instanceof Object[] arr) {
            return toPython(java.util.Arrays.asList(arr));
        }
        return Py.java2py(v);
    }

    /** The elements in C order as longs (floats truncated), e.g. the indices of an index-list key. */
    public static long[] longs(NDArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getLongFlat(i);
        }
        return out;
    }

    /** The single element of a one-element array as a Python value. */
    public static PyObject item(NDArray a) {
        if (a.size() != 1) {
            throw new IllegalArgumentException("can only convert an array of size 1 to a Python scalar, this one has "
                    + a.size() + " elements");
        }
        return element(a, 0);
    }

    /** Nested Python lists of Python values (a scalar for rank 0), as NumPy's {@code tolist()}. */
    public static PyObject toList(NDArray a) {
        if (a.rank() == 0) {
            return element(a, 0);
        }
        NDArray c = a.isContiguous() ? a : a.copy();
        return nested(c, c.shape(), 0, 0);
    }

    private static PyObject nested(NDArray c, int[] shape, int depth, int offset) {
        int n = shape[depth];
        PyObject[] items = new PyObject[n];
        int stride = 1;
        for (int d = depth + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        for (int i = 0; i < n; i++) {
            items[i] = depth == shape.length - 1 ? element(c, offset + i) : nested(c, shape, depth + 1, offset + i * stride);
        }
        return new PyList(items);
    }

    /**
     * NumPy-like text of an array: {@code array([[1, 2], [3, 4]])}, {@code array([0.5, 1. ], dtype=float32)}.
     * The type is named unless it is FLOAT64, INT64 or BOOL (NumPy's defaults). Large arrays are summarized.
     */
    public static String repr(NDArray a) {
        String body = format(a, "array(".length());
        DType t = a.dtype();
        boolean defaultType = t == DType.FLOAT64 || t == DType.INT64 || t == DType.BOOL;
        if (a.size() == 0) {
            return "array(" + body + ", shape=" + org.daybreak.script.array.Broadcast.text(a.shape())
                    + ", dtype=" + ArrayMath.numpyName(t) + ")";
        }
        return "array(" + body + (defaultType ? "" : ", dtype=" + ArrayMath.numpyName(t)) + ")";
    }

    /** NumPy-like {@code str}: the elements without {@code array(...)}, separated by blanks. */
    public static String str(NDArray a) {
        return format(a, 0).replace(", ", " ").replace(",\n", "\n");
    }

    private static String format(NDArray a, int indent) {
        if (a.rank() == 0) {
            return text(a, 0);
        }
        NDArray c = a.isContiguous() ? a : a.copy();
        boolean summarize = c.size() > SUMMARY_THRESHOLD;
        StringBuilder b = new StringBuilder();
        int[] shape = c.shape();
        int width = 0;
        for (int i = 0; i < c.size(); i++) {
            if (!summarize || shown(i, shape)) {
                width = Math.max(width, text(c, i).length());
            }
        }
        block(c, shape, 0, 0, indent, width, summarize, b);
        return b.toString();
    }

    private static boolean shown(int flat, int[] shape) {
        int rem = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            int i = rem % shape[d];
            rem /= shape[d];
            if (shape[d] > 2 * EDGE_ITEMS && i >= EDGE_ITEMS && i < shape[d] - EDGE_ITEMS) {
                return false;
            }
        }
        return true;
    }

    private static void block(NDArray c, int[] shape, int depth, int offset, int indent, int width, boolean summarize,
            StringBuilder b) {
        int n = shape[depth];
        int stride = 1;
        for (int d = depth + 1; d < shape.length; d++) {
            stride *= shape[d];
        }
        b.append('[');
        boolean last = depth == shape.length - 1;
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                b.append(last ? "..., " : "...,\n" + " ".repeat(indent + depth + 1));
                i = n - EDGE_ITEMS - 1;
                continue;
            }
            if (last) {
                String s = text(c, offset + i);
                String pad = " ".repeat(Math.max(0, width - s.length()));
                // NumPy aligns numbers on the right, floats on their decimal point (padding after "1.")
                b.append(c.dtype().isFloat() ? s + pad : pad + s);
            } else {
                block(c, shape, depth + 1, offset + i * stride, indent, width, summarize, b);
            }
            if (i < n - 1) {
                b.append(last ? ", " : ",\n" + "\n".repeat(Math.max(0, shape.length - depth - 2))
                        + " ".repeat(indent + depth + 1));
            }
        }
        b.append(']');
    }

    /**
     * NumPy's default look (8 significant decimals, trailing zeros dropped, the point kept): {@code 1.},
     * {@code 0.33333333}, {@code 1.5e-05}.
     */
    static String floatText(double v, boolean single) {
        double a = Math.abs(v);
        if (v == 0 || (a >= 1e-4 && a < 1e16)) {
            // a float32 value starts from its own shortest decimal form, not from its exact binary value
            java.math.BigDecimal exact = single ? new java.math.BigDecimal(Float.toString((float) v))
                    : new java.math.BigDecimal(v);
            String s = exact.setScale(8, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                    .toPlainString();
            if (v == 0) {
                return 1 / v < 0 ? "-0." : "0.";
            }
            return s.contains(".") ? s : s + ".";
        }
        String s = String.format(java.util.Locale.ROOT, "%.8e", v);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e).replaceAll("0+$", "");
        int exp = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static String text(NDArray c, int i) {
        DType t = c.dtype();
        if (t == DType.BOOL) {
            return c.getLongFlat(i) != 0 ? "True" : "False";
        }
        if (t == DType.STRING) {
            Object o = c.getObjectFlat(i);
            return o == null ? "None" : "'" + o + "'";
        }
        if (t == DType.BYTES) {
            Object o = c.getObjectFlat(i);
            return o == null ? "None" : Py.newString(o.toString()).__repr__().toString();
        }
        if (t.isFloat()) {
            double v = c.getDoubleFlat(i);
            if (Double.isNaN(v)) {
                return "nan";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "inf" : "-inf";
            }
            return floatText(v, t != DType.FLOAT64);
        }
        if (t == DType.UINT64) {
            return Long.toUnsignedString(c.getLongFlat(i));
        }
        return Long.toString(c.getLongFlat(i));
    }
}
