package org.daybreak.script.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;

/** The printed form of arrays, as NumPy prints them (default precision 8). */
class PyValuesTest {

    @Test
    void reprLooksLikeNumpys() {
        assertEquals("array([[0, 1, 2],\n       [3, 4, 5]])", PyValues.repr(NDArray.of(new long[] {0, 1, 2, 3, 4, 5}, 2, 3)));
        assertEquals("array([0.5      , 0.6666667], dtype=float32)",
                PyValues.repr(NDArray.of(new float[] {0.5f, 2f / 3})));
        assertEquals("array([1.        , 0.33333333])", PyValues.repr(NDArray.of(new double[] {1, 1.0 / 3})));
        assertEquals("array([ True, False])", PyValues.repr(NDArray.wrap(DType.BOOL, new boolean[] {true, false}, 2)));
        assertEquals("array([], shape=(0,), dtype=float64)", PyValues.repr(NDArray.zeros(DType.FLOAT64, 0)));
        assertEquals("[[0 1]\n [2 3]]", PyValues.str(NDArray.of(new long[] {0, 1, 2, 3}, 2, 2)));
        assertEquals("array(5)", PyValues.repr(NDArray.of(new long[] {5}).reshape()));
        NDArray big = NDArray.arange(0, 2000, 1).astype(DType.INT64);
        assertEquals("array([   0,    1,    2, ..., 1997, 1998, 1999])", PyValues.repr(big));
    }

    @Test
    void floatsUseEightDecimalsOrScientific() {
        assertEquals("1.", PyValues.floatText(1, false));
        assertEquals("-0.", PyValues.floatText(-0.0, false));
        assertEquals("0.1", PyValues.floatText(0.1, false));
        assertEquals("1.5e-05", PyValues.floatText(1.5e-5, false));
        assertEquals("-3.e+20", PyValues.floatText(-3e20, false));
        assertEquals("0.1", PyValues.floatText(0.1f, true));
    }
}
