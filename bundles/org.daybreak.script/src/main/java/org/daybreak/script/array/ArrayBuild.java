package org.daybreak.script.array;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;

/**
 * Builds an {@link NDArray} from nested sequences, as {@code numpy.array(list)} does.
 *
 * <p>Accepted leaves: {@link Boolean}, any {@link Number} (BigInteger included), {@link String}, and
 * {@link NDArray}s or Java primitive arrays standing for a whole sub-array. Sequences are {@link List}s or
 * object arrays. Without an explicit type the result takes the smallest type that holds every leaf: BOOL
 * if all are booleans, INT64 for whole numbers, FLOAT64 once a float appears (an NDArray leaf contributes its
 * own type), STRING once a text appears.
 */
public final class ArrayBuild {

    private ArrayBuild() {
    }

    /** As {@link #fromNested(Object, DType, Function)} without unwrapping. */
    public static NDArray fromNested(Object nested, DType dtype) {
        return fromNested(nested, dtype, Function.identity());
    }

    /**
     * @param dtype  the element type, or {@code null} to infer it
     * @param unwrap applied to every element first (the scripting layer turns its array objects into NDArrays)
     * @throws IllegalArgumentException for ragged nesting or elements that are not numbers, booleans or text
     */
    public static NDArray fromNested(Object nested, DType dtype, Function<Object, Object> unwrap) {
        Object root = normalize(nested, unwrap);
        List<Integer> shapeList = new ArrayList<>();
        Object probe = root;
        while (probe instanceof List<?> l) {
            shapeList.add(l.size());
            if (l.isEmpty()) {
                break;
            }
            probe = l.get(0);
        }
        if (probe instanceof NDArray leaf) {
            for (int s : leaf.shape()) {
                shapeList.add(s);
            }
        }
        int[] shape = shapeList.stream().mapToInt(Integer::intValue).toArray();
        DType[] inferred = {null};
        List<Object> leaves = new ArrayList<>();
        collect(root, shape, 0, leaves, inferred);
        DType t = dtype != null ? dtype : inferred[0] == null ? DType.FLOAT64 : inferred[0];
        NDArray out = NDArray.zeros(t, shape);
        for (int i = 0; i < leaves.size(); i++) {
            Object v = leaves.get(i);
            if (t.isText()) {
                out.setString(String.valueOf(v), unflat(i, shape));
            } else if (v instanceof String s) {
                throw new IllegalArgumentException("could not convert the text '" + s + "' to "
                        + ArrayMath.numpyName(t));
            } else if (v instanceof Boolean b) {
                out.setLongFlat(i, b ? 1 : 0);
            } else if (t.isInteger() && (v instanceof Long || v instanceof Integer || v instanceof Short
                    || v instanceof Byte)) {
                out.setLongFlat(i, ((Number) v).longValue());
            } else if (t.isInteger() && v instanceof BigInteger bi) {
                out.setLongFlat(i, bi.longValue());
            } else {
                out.setDoubleFlat(i, ((Number) v).doubleValue());
            }
        }
        return out;
    }

    /**
     * Joins arrays along an existing axis (NumPy's {@code concatenate}); the other axes must agree. The result
     * type is the promotion of the inputs' types.
     *
     * @throws IllegalArgumentException for no arrays, different ranks, or another axis that differs
     */
    public static NDArray concatenate(List<NDArray> arrays, int axis) {
        if (arrays.isEmpty()) {
            throw new IllegalArgumentException("need at least one array to concatenate");
        }
        NDArray first = arrays.get(0);
        int rank = first.rank();
        if (rank == 0) {
            throw new IllegalArgumentException("zero-dimensional arrays cannot be concatenated");
        }
        int ax = axis < 0 ? axis + rank : axis;
        if (ax < 0 || ax >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is out of bounds for an array of dimension " + rank);
        }
        int[] shape = first.shape();
        shape[ax] = 0;
        DType type = null;
        for (NDArray a : arrays) {
            if (a.rank() != rank) {
                throw new IllegalArgumentException("all arrays must have the same number of dimensions, but one has "
                        + rank + " and another " + a.rank());
            }
            for (int d = 0; d < rank; d++) {
                if (d != ax && a.shape(d) != first.shape(d)) {
                    throw new IllegalArgumentException("the arrays' sizes along axis " + d + " differ ("
                            + first.shape(d) + " and " + a.shape(d) + "); only axis " + ax + " may differ");
                }
            }
            shape[ax] += a.shape(ax);
            type = type == null ? a.dtype() : combine(type, a.dtype());
        }
        NDArray out = NDArray.zeros(type, shape);
        int at = 0;
        for (NDArray a : arrays) {
            SliceSpec.Item[] items = new SliceSpec.Item[rank];
            java.util.Arrays.fill(items, SliceSpec.Item.ALL);
            items[ax] = SliceSpec.Item.range(at, at + a.shape(ax), null);
            Indexing.assign(out.slice(SliceSpec.of(items)), a);
            at += a.shape(ax);
        }
        return out;
    }

    private static Object normalize(Object o, Function<Object, Object> unwrap) {
        Object v = unwrap.apply(o);
        if (v instanceof NDArray || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof Character c) {
            return String.valueOf(c);
        }
        if (v != null && v.getClass().isArray()) {
            Class<?> ct = v.getClass().getComponentType();
            if (ct.isPrimitive()) {
                return primitiveArray(v);
            }
            return normalizeList(Arrays.asList((Object[]) v), unwrap);
        }
        if (v instanceof List<?> l) {
            return normalizeList(l, unwrap);
        }
        throw new IllegalArgumentException("cannot make an array element of "
                + (v == null ? "None" : "a " + v.getClass().getSimpleName()));
    }

    private static List<Object> normalizeList(List<?> l, Function<Object, Object> unwrap) {
        List<Object> out = new ArrayList<>(l.size());
        for (Object e : l) {
            out.add(normalize(e, unwrap));
        }
        return out;
    }

    private static NDArray primitiveArray(Object a) {
        int n = Array.getLength(a);
        if (a instanceof double[] d) {
            return NDArray.of(d.clone(), n);
        }
        if (a instanceof float[] f) {
            return NDArray.of(f.clone(), n);
        }
        if (a instanceof int[] i) {
            return NDArray.of(i.clone(), n);
        }
        if (a instanceof long[] l) {
            return NDArray.of(l.clone(), n);
        }
        if (a instanceof short[] s) {
            return NDArray.wrap(DType.INT16, s.clone(), n);
        }
        if (a instanceof byte[] b) {
            return NDArray.wrap(DType.INT8, b.clone(), n);
        }
        if (a instanceof boolean[] b) {
            return NDArray.wrap(DType.BOOL, b.clone(), n);
        }
        throw new IllegalArgumentException("cannot make an array of a Java " + a.getClass().getSimpleName());
    }

    private static void collect(Object node, int[] shape, int depth, List<Object> leaves, DType[] type) {
        if (node instanceof List<?> l) {
            if (depth >= shape.length || l.size() != shape[depth]) {
                throw ragged(depth);
            }
            for (Object e : l) {
                collect(e, shape, depth + 1, leaves, type);
            }
            return;
        }
        if (node instanceof NDArray a) {
            int[] rest = Arrays.copyOfRange(shape, depth, shape.length);
            if (!Arrays.equals(rest, a.shape())) {
                throw ragged(depth);
            }
            type[0] = type[0] == null ? a.dtype() : combine(type[0], a.dtype());
            for (int i = 0; i < a.size(); i++) {
                leaves.add(a.getObjectFlat(i));
            }
            return;
        }
        if (depth != shape.length) {
            throw ragged(depth);
        }
        DType t = node instanceof Boolean ? DType.BOOL
                : node instanceof String ? DType.STRING
                : node instanceof Double || node instanceof Float ? DType.FLOAT64
                : node instanceof BigInteger bi && bi.bitLength() > 63 ? DType.FLOAT64
                : DType.INT64;
        type[0] = type[0] == null ? t : combine(type[0], t);
        leaves.add(node instanceof BigInteger bi && bi.bitLength() > 63 ? bi.doubleValue() : node);
    }

    private static DType combine(DType a, DType b) {
        if (a == DType.BYTES && b == DType.BYTES) {
            return DType.BYTES;
        }
        if (a.isText() || b.isText()) {
            return DType.STRING;
        }
        return DType.promote(a, b);
    }

    private static IllegalArgumentException ragged(int depth) {
        return new IllegalArgumentException("the nested sequences are ragged (their lengths differ at depth "
                + depth + "); an array needs a regular shape");
    }

    private static int[] unflat(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        int rem = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
        }
        return idx;
    }
}
