package org.daybreak.core.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

class NDArrayTest {

    private static NDArray ramp(int... shape) {
        int n = (int) NDArray.sizeOf(shape);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i;
        }
        return NDArray.of(d, shape);
    }

    @Test
    void sliceIsAViewWithNumpySemantics() {
        NDArray a = ramp(3, 4, 5);
        NDArray s = a.slice("1,:,1:4");
        assertArrayEquals(new int[] {4, 3}, s.shape());
        assertEquals(20 + 1, s.getDouble(0, 0));
        assertEquals(20 + 3 * 5 + 3, s.getDouble(3, 2));
        s.setDouble(-1, 0, 0);
        assertEquals(-1, a.getDouble(1, 0, 1), "a slice shares its parent's storage");
    }

    @Test
    void negativeAndSteppedRanges() {
        NDArray a = ramp(10);
        assertArrayEquals(new double[] {5, 6, 7, 8, 9}, a.slice("-5:").toDoubleArray());
        assertArrayEquals(new double[] {0, 2, 4, 6, 8}, a.slice("::2").toDoubleArray());
        assertArrayEquals(new double[] {9, 8, 7}, a.slice("::-1").slice(":3").toDoubleArray());
        assertArrayEquals(new double[] {8, 6}, a.slice("8:4:-2").toDoubleArray());
        assertEquals(0, a.slice("7:3").size());
        assertEquals(9, a.slice("-1").item());
    }

    @Test
    void ellipsisAndBadSlices() {
        NDArray a = ramp(2, 3, 4);
        assertArrayEquals(new int[] {2, 3}, a.slice("...,1").shape());
        assertArrayEquals(new int[] {3, 4}, a.slice("1,...").shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.slice("5"));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.slice("0,0,0,0"));
        assertThrows(IllegalArgumentException.class, () -> a.slice("::0"));
        assertThrows(IllegalArgumentException.class, () -> a.slice("a:b"));
    }

    @Test
    void transposeReshapeAndCopy() {
        NDArray a = ramp(2, 3);
        NDArray t = a.transpose();
        assertArrayEquals(new int[] {3, 2}, t.shape());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, t.copy().toDoubleArray());
        assertFalse(t.isContiguous());
        assertArrayEquals(new int[] {6}, t.reshape(-1).shape());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, t.reshape(6).toDoubleArray());
        assertEquals(List.of(List.of(0.0, 1.0, 2.0), List.of(3.0, 4.0, 5.0)), a.toList());
    }

    @Test
    void unsignedTypesReadWithoutSign() {
        NDArray u8 = NDArray.wrap(DType.UINT8, new byte[] {(byte) 255, 1}, 2);
        assertEquals(255, u8.getDouble(0));
        NDArray u32 = NDArray.wrap(DType.UINT32, new int[] {-1}, 1);
        assertEquals(4294967295L, u32.getLong(0));
        NDArray u64 = NDArray.wrap(DType.UINT64, new long[] {-1L}, 1);
        assertEquals(18446744073709551615.0, u64.getDouble(0));
        assertEquals("18446744073709551615", u64.getObject(0).toString());
    }

    @Test
    void halfFloatsRoundTrip() {
        NDArray h = NDArray.zeros(DType.FLOAT16, 3);
        h.setDouble(0.1, 0);
        h.setDouble(65504, 1);
        h.setDouble(1e6, 2);
        assertEquals(0.0999755859375, h.getDouble(0), 0);
        assertEquals(65504, h.getDouble(1));
        assertEquals(Double.POSITIVE_INFINITY, h.getDouble(2));
    }

    @Test
    void promotionFollowsNumpy() {
        assertEquals(DType.INT16, DType.promote(DType.UINT8, DType.INT8));
        assertEquals(DType.FLOAT64, DType.promote(DType.INT32, DType.FLOAT32));
        assertEquals(DType.FLOAT32, DType.promote(DType.INT16, DType.FLOAT32));
        assertEquals(DType.UINT16, DType.promote(DType.UINT16, DType.BOOL));
        assertEquals("<f4", DType.FLOAT32.numpyStr());
        assertEquals(">i2", DType.INT16.numpyStr(java.nio.ByteOrder.BIG_ENDIAN));
        assertEquals("|b1", DType.BOOL.numpyStr());
    }

    @Test
    void rangesAndWrapChecks() {
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, NDArray.linspace(0, 1, 5).toDoubleArray());
        assertArrayEquals(new double[] {1, 3}, NDArray.arange(1, 4.5, 2).toDoubleArray(), 0);
        assertThrows(IllegalArgumentException.class, () -> NDArray.wrap(DType.FLOAT32, new double[3], 3));
        assertThrows(IllegalArgumentException.class, () -> NDArray.of(new double[5], 2, 3));
    }

    @Test
    void toFloatArrayAlwaysReturnsAFreshArray() {
        for (DType type : DType.values()) {
            NDArray whole = NDArray.zeros(type, 2, 3);
            for (int i = 0; i < 6; i++) {
                whole.setDouble(type == DType.BOOL ? i % 2 : i + 1, i / 3, i % 3);
            }
            NDArray before = whole.copy();
            // a contiguous array, a contiguous copy, a strided view and a transposed view
            for (NDArray a : List.of(whole, whole.copy(), whole.slice(":,1:"), whole.transpose())) {
                NDArray expected = a.copy();
                float[] first = a.toFloatArray();
                float[] second = a.toFloatArray();
                assertEquals(a.size(), first.length, type + " " + a);
                assertFalse(first == second, type + ": two calls share an array");
                java.util.Arrays.fill(first, -7f);
                assertTrue(a.contentEquals(expected), type + ": writing to the returned array changed " + a);
                for (int i = 0; i < second.length; i++) {
                    assertEquals((float) expected.getDoubleFlat(i), second[i], 0, type + " element " + i);
                }
            }
            assertTrue(whole.contentEquals(before), type + ": the backing array changed");
            if (type != DType.STRING) {
                assertFalse(whole.data() == (Object) whole.toFloatArray(), type + ": the backing array was handed out");
            }
        }
    }
}
