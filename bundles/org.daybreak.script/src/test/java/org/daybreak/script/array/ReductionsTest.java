package org.daybreak.script.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;

/** Reductions against {@link ReferenceMath} on random inputs, every axis, views included. */
class ReductionsTest {

    @Test
    void everyAxisMatchesReference() {
        for (DType t : List.of(DType.FLOAT64, DType.FLOAT32, DType.INT32, DType.UINT16, DType.INT64)) {
            NDArray a = ArrayMathTest.random(t, 3, 4, 5);
            if (t.isInteger()) {
                // keep integer sums exact in the double reference
                for (int i = 0; i < a.size(); i++) {
                    a.setLongFlat(i, a.getLongFlat(i) % 100000);
                }
            }
            for (NDArray x : List.of(a, a.slice("::-1, 1:, ::2"), a.transpose(2, 0, 1))) {
                for (Integer axis : new Integer[] {null, 0, 1, 2, -1}) {
                    for (Reductions.Op op : List.of(Reductions.Op.SUM, Reductions.Op.MEAN, Reductions.Op.MIN,
                            Reductions.Op.MAX, Reductions.Op.STD)) {
                        double[] expected = ReferenceMath.reduce(op, x, axis);
                        NDArray actual = Reductions.reduce(op, x, axis);
                        assertEquals(Reductions.resultType(op, t), actual.dtype(), op + " type");
                        double[] got = actual.toDoubleArray();
                        assertEquals(expected.length, got.length);
                        for (int i = 0; i < got.length; i++) {
                            double e = expected[i];
                            double tol = Double.isFinite(e) ? Math.abs(e) * (actual.dtype() == DType.FLOAT32 ? 1e-6 : 1e-12) : 0;
                            if (Double.isNaN(e)) {
                                assertEquals(Double.NaN, got[i], op + " " + t + " axis " + axis);
                            } else {
                                assertEquals(e, got[i], tol, op + " " + t + " axis " + axis + " element " + i);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void resultShapesTypesAndArgmax() {
        NDArray a = NDArray.of(new int[] {3, 9, 2, 9, 0, 1}, 2, 3);
        NDArray s = Reductions.reduce(Reductions.Op.SUM, a, 0);
        assertEquals(DType.INT64, s.dtype());
        assertArrayEquals(new long[] {12, 9, 3}, (long[]) s.data());
        assertArrayEquals(new long[] {1, 0}, (long[]) Reductions.reduce(Reductions.Op.ARGMAX, a, 1).data());
        assertEquals(1, Reductions.reduce(Reductions.Op.ARGMAX, a, null).getLong());
        assertEquals(DType.FLOAT64, Reductions.reduce(Reductions.Op.MEAN, a, null).dtype());
        assertEquals(0, Reductions.reduce(Reductions.Op.SUM, a, null).rank());
        NDArray u = NDArray.wrap(DType.UINT8, new byte[] {(byte) 200, (byte) 100}, 2);
        assertEquals(DType.UINT64, Reductions.reduce(Reductions.Op.SUM, u, null).dtype());
        assertEquals(300, Reductions.reduce(Reductions.Op.SUM, u, null).getLong());
        assertEquals(DType.UINT8, Reductions.reduce(Reductions.Op.MAX, u, null).dtype());
        NDArray f = NDArray.of(new double[] {1, 2, 3, 4});
        assertEquals(Math.sqrt(5.0 / 3.0), Reductions.reduce(Reductions.Op.STD, f, null, 1).getDouble(), 1e-15);
        NDArray g = NDArray.of(new double[] {4, 1, 7, 7, Double.NaN, 2, 0, -1, 5}, 3, 3);
        assertArrayEquals(new long[] {1, 1, 0}, (long[]) Reductions.reduce(Reductions.Op.ARGMAX, g, 0).data());
        assertArrayEquals(new long[] {1, 1, 1}, (long[]) Reductions.reduce(Reductions.Op.ARGMIN, g, 1).data());
        assertEquals(4, Reductions.reduce(Reductions.Op.ARGMAX, g, null).getLong());
        assertEquals(Double.NaN, Reductions.reduce(Reductions.Op.MIN, g, null).getDouble());
        assertArrayEquals(new double[] {28, Double.NaN, -0.0}, Reductions.reduce(Reductions.Op.PROD, g, 1).toDoubleArray());
        assertArrayEquals(new double[] {9, Double.NaN, 31.0 / 3}, Reductions.reduce(Reductions.Op.VAR, g, 1, 1).toDoubleArray(),
                1e-12);
        assertThrows(IllegalArgumentException.class, () -> Reductions.reduce(Reductions.Op.SUM, a, 2));
        assertThrows(IllegalArgumentException.class, () -> Reductions.reduce(Reductions.Op.MIN, NDArray.zeros(DType.FLOAT64, 0), null));
    }
}
