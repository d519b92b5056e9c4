package org.daybreak.script.array;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise float32 arithmetic and whole-array sums with the JDK's Vector API, for {@link ArrayMath} and
 * {@link Reductions} when {@link org.daybreak.core.simd.Simd#enabled()}.
 *
 * <p>Element-wise operations round each lane exactly as the scalar {@code float} operation does, so their results
 * are bit-identical to the plain loops. Sums convert float32 lanes to float64 and keep four vector accumulators
 * (4 x 8 doubles with AVX-512) added in a fixed order at the end: the result differs from the scalar left-to-right
 * float64 sum only by float64 roundings (relative 1e-15 x sqrt(n) in practice), and from NumPy's pairwise float32
 * sum by NumPy's float32 roundings.
 */
final class VectorArrayMath {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private VectorArrayMath() {
    }

    /** {@code out[o + i] = x[ix + i] op y[iy + i]} for i in [0, n), op one of + - * /. */
    static void floatRow(ArrayMath.Binary op, float[] x, int ix, float[] y, int iy, float[] out, int o, int n) {
        int i = 0;
        int bound = F.loopBound(n);
        switch (op) {
            case ADD -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(F, x, ix + i).add(FloatVector.fromArray(F, y, iy + i)).intoArray(out, o + i);
                }
                for (; i < n; i++) {
                    out[o + i] = x[ix + i] + y[iy + i];
                }
            }
            case SUBTRACT -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(F, x, ix + i).sub(FloatVector.fromArray(F, y, iy + i)).intoArray(out, o + i);
                }
                for (; i < n; i++) {
                    out[o + i] = x[ix + i] - y[iy + i];
                }
            }
            case MULTIPLY -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(F, x, ix + i).mul(FloatVector.fromArray(F, y, iy + i)).intoArray(out, o + i);
                }
                for (; i < n; i++) {
                    out[o + i] = x[ix + i] * y[iy + i];
                }
            }
            case DIVIDE -> {
                for (; i < bound; i += L) {
                    FloatVector.fromArray(F, x, ix + i).div(FloatVector.fromArray(F, y, iy + i)).intoArray(out, o + i);
                }
                for (; i < n; i++) {
                    out[o + i] = x[ix + i] / y[iy + i];
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    /** The float64 sum of {@code f[from .. from + n)}. */
    static double sum(float[] f, int from, int n) {
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int i = 0;
        int step = 2 * L;
        int bound = n - n % step;
        for (; i < bound; i += step) {
            FloatVector v = FloatVector.fromArray(F, f, from + i);
            FloatVector w = FloatVector.fromArray(F, f, from + i + L);
            a0 = a0.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
            a1 = a1.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
            a2 = a2.add((DoubleVector) w.convertShape(VectorOperators.F2D, D, 0));
            a3 = a3.add((DoubleVector) w.convertShape(VectorOperators.F2D, D, 1));
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += f[from + i];
        }
        return s;
    }

    /** The float64 sum of {@code d[from .. from + n)}. */
    static double sum(double[] d, int from, int n) {
        int ld = D.length();
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int i = 0;
        int step = 4 * ld;
        int bound = n - n % step;
        for (; i < bound; i += step) {
            a0 = a0.add(DoubleVector.fromArray(D, d, from + i));
            a1 = a1.add(DoubleVector.fromArray(D, d, from + i + ld));
            a2 = a2.add(DoubleVector.fromArray(D, d, from + i + 2 * ld));
            a3 = a3.add(DoubleVector.fromArray(D, d, from + i + 3 * ld));
        }
        double s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += d[from + i];
        }
        return s;
    }
}
