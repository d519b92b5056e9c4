package org.daybreak.script.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.simd.Simd;
import org.junit.jupiter.api.Test;

/** The vectorised float32 arithmetic and sums against the plain loops, on random and edge-case inputs. */
class VectorArrayMathTest {

    private static float[] random(Random r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
        }
        return f;
    }

    @Test
    void elementWiseOperationsAreBitIdenticalToTheScalarLoops() {
        assertTrue(Simd.enabled(), "the Vector API must be usable in the test JVM: " + Simd.describe());
        Random r = new Random(3);
        for (int n : new int[] {0, 1, 15, 16, 17, 33, 1000, 4099}) {
            float[] x = random(r, n + 3);
            float[] y = random(r, n + 5);
            if (n > 4) {
                x[0] = Float.NaN;
                y[1] = Float.POSITIVE_INFINITY;
                x[2] = -0f;
                y[3] = 0f;
                x[4] = Float.MIN_VALUE;
            }
            for (ArrayMath.Binary op : new ArrayMath.Binary[] {ArrayMath.Binary.ADD, ArrayMath.Binary.SUBTRACT,
                ArrayMath.Binary.MULTIPLY, ArrayMath.Binary.DIVIDE}) {
                float[] vector = new float[n + 2];
                float[] scalar = new float[n + 2];
                VectorArrayMath.floatRow(op, x, 3, y, 5, vector, 2, n - 3 < 0 ? 0 : n - 3);
                ArrayMath.floatRow(op, x, 3, 1, y, 5, 1, scalar, 2, n - 3 < 0 ? 0 : n - 3);
                assertArrayEquals(scalar, vector, op + " n=" + n);
            }
        }
    }

    /**
     * Sums: the vector form (four float64 accumulators) against the scalar float64 sum. Tolerance: 1e-12 of the
     * sum of absolute values (float64 roundings of a different order).
     */
    @Test
    void sumsAgreeWithTheScalarSumAndPropagateNaN() {
        Random r = new Random(4);
        for (int n : new int[] {0, 1, 7, 31, 32, 33, 1000, 100003}) {
            float[] f = random(r, n);
            double scalar = 0;
            double abs = 0;
            for (float v : f) {
                scalar += v;
                abs += Math.abs(v);
            }
            assertEquals(scalar, VectorArrayMath.sum(f, 0, n), 1e-12 * abs, "float n=" + n);
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = f[i];
            }
            assertEquals(scalar, VectorArrayMath.sum(d, 0, n), 1e-12 * abs, "double n=" + n);
        }
        float[] f = random(r, 100);
        f[57] = Float.NaN;
        assertTrue(Double.isNaN(VectorArrayMath.sum(f, 0, 100)));
    }

    @Test
    void reductionsAndArithmeticThroughTheArrayApi() {
        Random r = new Random(5);
        float[] a = random(r, 3 * 1001);
        float[] b = random(r, 3 * 1001);
        NDArray x = NDArray.wrap(DType.FLOAT32, a, 3, 1001);
        NDArray y = NDArray.wrap(DType.FLOAT32, b, 3, 1001);
        float[] sum = (float[]) ArrayMath.binary(ArrayMath.Binary.ADD, x, y).data();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i] + b[i], sum[i], 0f);
        }
        assertArrayEquals(a, (float[]) x.data(), 0f, "operands are not changed");
        NDArray rowSums = Reductions.reduce(Reductions.Op.SUM, x, 1);
        NDArray total = Reductions.reduce(Reductions.Op.SUM, x, null);
        double all = 0;
        for (int row = 0; row < 3; row++) {
            double s = 0;
            for (int i = 0; i < 1001; i++) {
                s += a[row * 1001 + i];
            }
            all += s;
            assertEquals((float) s, rowSums.getDouble(row), 1e-6 * Math.abs(s) + 1e-3);
        }
        assertEquals((float) all, total.getDouble(), 1e-6 * Math.abs(all) + 1e-3);
    }
}
