package org.daybreak.script.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;

/** The optimized element-wise kernels against {@link ReferenceMath}, on random and edge-case inputs. */
class ArrayMathTest {
    private static final Random RANDOM = new Random(20261122);
    private static final double[] EDGES = {0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 1e300, -1e-300, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 7.0, -7.0, 0.1};

    static NDArray random(DType t, int... shape) {
        NDArray a = NDArray.zeros(t, shape);
        for (int i = 0; i < a.size(); i++) {
            switch (t) {
                case BOOL -> a.setLongFlat(i, RANDOM.nextBoolean() ? 1 : 0);
                case FLOAT32, FLOAT64 -> a.setDoubleFlat(i, RANDOM.nextInt(10) == 0 ? EDGES[RANDOM.nextInt(EDGES.length)]
                        : RANDOM.nextGaussian() * 100);
                case UINT64 -> a.setLongFlat(i, RANDOM.nextLong());
                default -> a.setLongFlat(i, RANDOM.nextInt(4) == 0 ? RANDOM.nextInt(7) - 3 : RANDOM.nextLong());
            }
        }
        return a;
    }

    static void assertSame(NDArray expected, NDArray actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": type");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int i = 0; i < expected.size(); i++) {
            if (expected.dtype().isFloat()) {
                double e = expected.getDoubleFlat(i);
                double a = actual.getDoubleFlat(i);
                assertTrue(Double.compare(e, a) == 0 || e == a, what + ": element " + i + " expected " + e + " got " + a);
            } else {
                assertEquals(expected.getLongFlat(i), actual.getLongFlat(i), what + ": element " + i);
            }
        }
    }

    private static final List<int[][]> SHAPES = List.of(
            new int[][] {{3, 4}, {3, 4}}, new int[][] {{3, 4}, {4}}, new int[][] {{3, 1}, {1, 5}},
            new int[][] {{2, 3, 4}, {3, 1}}, new int[][] {{}, {2, 3}}, new int[][] {{5}, {}},
            new int[][] {{0, 3}, {3}}, new int[][] {{1}, {7}}, new int[][] {{2, 1, 3}, {4, 1}});

    private static final List<DType> TYPES = List.of(DType.FLOAT64, DType.FLOAT32, DType.INT64, DType.INT32,
            DType.INT16, DType.UINT8, DType.UINT16, DType.INT8, DType.UINT64, DType.BOOL);

    @Test
    void binaryMatchesReferenceForEveryTypePairShapeAndOperator() {
        int checked = 0;
        for (ArrayMath.Binary op : ArrayMath.Binary.values()) {
            for (DType ta : TYPES) {
                for (DType tb : TYPES) {
                    for (int[][] sh : SHAPES) {
                        NDArray a = random(ta, sh[0]);
                        NDArray b = random(tb, sh[1]);
                        boolean bothBool = ta == DType.BOOL && tb == DType.BOOL;
                        DType p = DType.promote(ta, tb);
                        if (op == ArrayMath.Binary.SUBTRACT && bothBool || op.name().startsWith("BITWISE") && p.isFloat()) {
                            assertThrows(IllegalArgumentException.class, () -> ArrayMath.binary(op, a, b));
                            continue;
                        }
                        if (op == ArrayMath.Binary.POWER && !p.isFloat()) {
                            // small non-negative exponents keep the reference loop short
                            for (int i = 0; i < b.size(); i++) {
                                b.setLongFlat(i, Math.floorMod(b.getLongFlat(i), 5));
                            }
                        }
                        NDArray expected = ReferenceMath.binary(op, a, b);
                        NDArray actual = ArrayMath.binary(op, a, b);
                        assertSame(expected, actual, op + " " + ta + " " + tb + " " + java.util.Arrays.toString(sh[0])
                                + java.util.Arrays.toString(sh[1]));
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 1000);
    }

    @Test
    void stridedViewsAreReadThroughTheirStrides() {
        NDArray base = random(DType.FLOAT32, 6, 8);
        NDArray view = base.slice("1::2, ::-3");
        NDArray other = random(DType.FLOAT32, 3, 3);
        for (ArrayMath.Binary op : List.of(ArrayMath.Binary.ADD, ArrayMath.Binary.DIVIDE, ArrayMath.Binary.POWER)) {
            assertSame(ReferenceMath.binary(op, view, other), ArrayMath.binary(op, view, other), "view " + op);
            assertSame(ReferenceMath.binary(op, other, view.transpose()), ArrayMath.binary(op, other, view.transpose()),
                    "transposed " + op);
        }
    }

    @Test
    void comparisonsMatchReferenceIncludingNaN() {
        for (ArrayMath.Compare op : ArrayMath.Compare.values()) {
            for (DType ta : TYPES) {
                for (DType tb : List.of(DType.FLOAT64, DType.INT32, DType.UINT64, DType.FLOAT32)) {
                    for (int[][] sh : SHAPES) {
                        NDArray a = random(ta, sh[0]);
                        NDArray b = random(tb, sh[1]);
                        assertSame(ReferenceMath.compare(op, a, b), ArrayMath.compare(op, a, b), op + " " + ta + " " + tb);
                    }
                }
            }
        }
    }

    @Test
    void promotionAndWeakScalarsFollowNumpy2() {
        NDArray u8 = NDArray.wrap(DType.UINT8, new byte[] {(byte) 250, 3}, 2);
        NDArray i8 = NDArray.wrap(DType.INT8, new byte[] {-1, 1}, 2);
        assertEquals(DType.INT16, ArrayMath.binary(ArrayMath.Binary.ADD, u8, i8).dtype());
        // uint8 + 10 stays uint8 and wraps: 250 + 10 = 260 -> 4
        NDArray r = ArrayMath.binary(ArrayMath.Binary.ADD, u8, ArrayMath.weakInteger(u8, 10));
        assertEquals(DType.UINT8, r.dtype());
        assertEquals(4, r.getLong(0));
        assertThrows(IllegalArgumentException.class, () -> ArrayMath.weakInteger(u8, 300));
        NDArray f32 = NDArray.of(new float[] {1.5f, 2f});
        assertEquals(DType.FLOAT32, ArrayMath.binary(ArrayMath.Binary.MULTIPLY, f32, ArrayMath.weakScalar(f32, 0.1, true)).dtype());
        assertEquals(DType.FLOAT64, ArrayMath.binary(ArrayMath.Binary.DIVIDE, i8, i8).dtype());
        assertEquals(DType.FLOAT64, ArrayMath.binary(ArrayMath.Binary.ADD, i8, ArrayMath.weakScalar(i8, 0.5, true)).dtype());
        NDArray i16 = NDArray.wrap(DType.INT16, new short[] {1, 2}, 2);
        assertEquals(DType.FLOAT32, ArrayMath.binary(ArrayMath.Binary.ADD, i16, f32).dtype());
        assertEquals(DType.FLOAT64, ArrayMath.binary(ArrayMath.Binary.ADD, NDArray.of(new int[] {1, 2}), f32).dtype());
        NDArray b = NDArray.wrap(DType.BOOL, new boolean[] {true, false}, 2);
        assertEquals(DType.INT64, ArrayMath.binary(ArrayMath.Binary.ADD, b, ArrayMath.weakInteger(b, 1)).dtype());
        assertEquals(DType.BOOL, ArrayMath.binary(ArrayMath.Binary.ADD, b, b).dtype());
    }

    @Test
    void integerEdgeCasesAsNumpy() {
        NDArray a = NDArray.of(new long[] {7, -7, 7, -7, 5, Long.MIN_VALUE});
        NDArray b = NDArray.of(new long[] {2, 2, -2, -2, 0, -1});
        assertArrayEquals(new long[] {3, -4, -4, 3, 0, Long.MIN_VALUE},
                (long[]) ArrayMath.binary(ArrayMath.Binary.FLOOR_DIVIDE, a, b).data());
        assertArrayEquals(new long[] {1, 1, -1, -1, 0, 0}, (long[]) ArrayMath.binary(ArrayMath.Binary.REMAINDER, a, b).data());
        assertThrows(IllegalArgumentException.class, () -> ArrayMath.binary(ArrayMath.Binary.POWER, a,
                NDArray.of(new long[] {-1})));
        NDArray big = NDArray.of(new int[] {Integer.MAX_VALUE});
        assertEquals(Integer.MIN_VALUE, ArrayMath.binary(ArrayMath.Binary.ADD, big, ArrayMath.weakInteger(big, 1)).getLong(0));
    }

    @Test
    void floatFloorDivisionAndModuloAsPython() {
        double[][] cases = {{7, 2, 3, 1}, {-7, 2, -4, 1}, {7, -2, -4, -1}, {1, 0.1, 9, 0.09999999999999995},
            {-0.0, 5, -0.0, 0.0}, {5, 0, Double.POSITIVE_INFINITY, Double.NaN}};
        for (double[] c : cases) {
            assertEquals(c[2], ArrayMath.floorDivide(c[0], c[1]), c[0] + " // " + c[1]);
            assertEquals(c[3], ArrayMath.remainder(c[0], c[1]), c[0] + " % " + c[1]);
        }
    }

    @Test
    void incompatibleShapesNameBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                ArrayMath.binary(ArrayMath.Binary.ADD, NDArray.zeros(DType.FLOAT64, 2, 3), NDArray.zeros(DType.FLOAT64, 4)));
        assertEquals("operands could not be broadcast together with shapes (2, 3) (4,)", e.getMessage());
    }

    @Test
    void unaryFunctionsKeepFloat32AndPromoteIntegers() {
        NDArray f = random(DType.FLOAT32, 50);
        NDArray s = ArrayMath.unary(ArrayMath.Unary.SQRT, f);
        assertEquals(DType.FLOAT32, s.dtype());
        for (int i = 0; i < f.size(); i++) {
            assertEquals((float) Math.sqrt(f.getDoubleFlat(i)), (float) s.getDoubleFlat(i), 0.0);
        }
        NDArray ints = NDArray.of(new int[] {-3, 4});
        assertEquals(DType.FLOAT64, ArrayMath.unary(ArrayMath.Unary.EXP, ints).dtype());
        assertEquals(DType.INT32, ArrayMath.unary(ArrayMath.Unary.ABSOLUTE, ints).dtype());
        assertEquals(3, ArrayMath.unary(ArrayMath.Unary.ABSOLUTE, ints).getLong(0));
        NDArray nan = NDArray.of(new double[] {Double.NaN, 1, Double.POSITIVE_INFINITY});
        assertArrayEquals(new boolean[] {true, false, false}, (boolean[]) ArrayMath.unary(ArrayMath.Unary.ISNAN, nan).data());
        assertArrayEquals(new boolean[] {false, true, false}, (boolean[]) ArrayMath.unary(ArrayMath.Unary.ISFINITE, nan).data());
    }

    @Test
    void whereBroadcastsAllThree() {
        NDArray c = NDArray.wrap(DType.BOOL, new boolean[] {true, false, true}, 3);
        NDArray x = NDArray.of(new double[] {1, 2}, 2, 1);
        NDArray r = ArrayMath.where(c, x, NDArray.of(new long[] {-1}));
        assertArrayEquals(new int[] {2, 3}, r.shape());
        assertArrayEquals(new double[] {1, -1, 1, 2, -1, 2}, r.toDoubleArray());
    }
}
