package org.daybreak.plot.color;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The value-to-entry step of {@link ColorMapper} with the JDK's Vector API, used when
 * {@link org.daybreak.core.simd.Simd#enabled()} and the kernel is warm (see {@link ColorMapper}); loaded only then.
 *
 * <p>Exactly the scalar arithmetic, lane by lane, so the entries are bit-identical to the plain loops:
 * <ul>
 * <li>LINEAR: f = (v - lo) * factor in float64 (float lanes widened exactly), entry = (int) f clamped to [0, 255]
 * (Java's saturating cast: +inf gives 255, -inf 0), NaN lanes entry 256 (the NaN colour);</li>
 * <li>LOG and SQRT of float32: the lanes compute the sortable key of each float and its bucket in
 * {@link FloatIndexTable} (below the first threshold: 0; at or above the last: 255); the bucket's entry is looked up
 * per element afterwards, and buckets that hold a threshold finish by the table's own binary search.</li>
 * </ul>
 * The colour lookup itself (entry to ARGB) stays a scalar load per pixel: the Vector API gathers only through an
 * index array, which measured no faster.
 *
 * <p>Layout: a vector of {@code L} float64 lanes (4 with AVX2, 8 with AVX-512) takes {@code L} floats and gives
 * {@code L} ints, so the float and int vectors are half the float64 vector's width.
 */
final class VectorColorMapping {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class,
            VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class,
            VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int L = D.length();

    private VectorColorMapping() {
    }

    /** Entries of {@code idx.length} floats from {@code s[start]}, LINEAR scaling with a non-zero factor. */
    static void linearRow(float[] s, int start, double lo, double factor, int[] idx) {
        int n = idx.length;
        int x = 0;
        int bound = n - n % L;
        for (; x < bound; x += L) {
            FloatVector v = FloatVector.fromArray(F, s, start + x);
            DoubleVector f = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).sub(lo).mul(factor);
            IntVector e = ((IntVector) f.convertShape(VectorOperators.D2I, I, 0)).max(0).min(255);
            VectorMask<Integer> nan = v.test(VectorOperators.IS_NAN).cast(I);
            e.blend(ColorMap.SIZE, nan).intoArray(idx, x);
        }
        for (; x < n; x++) {
            double v = s[start + x];
            int i = (int) ((v - lo) * factor);
            i = Math.max(0, Math.min(255, i));
            idx[x] = v != v ? ColorMap.SIZE : i;
        }
    }

    /** As {@link #linearRow(float[], int, double, double, int[])} for float64 values. */
    static void linearRow(double[] s, int start, double lo, double factor, int[] idx) {
        int n = idx.length;
        int x = 0;
        int bound = n - n % L;
        for (; x < bound; x += L) {
            DoubleVector v = DoubleVector.fromArray(D, s, start + x);
            DoubleVector f = v.sub(lo).mul(factor);
            IntVector e = ((IntVector) f.convertShape(VectorOperators.D2I, I, 0)).max(0).min(255);
            VectorMask<Integer> nan = v.test(VectorOperators.IS_NAN).cast(I);
            e.blend(ColorMap.SIZE, nan).intoArray(idx, x);
        }
        for (; x < n; x++) {
            double v = s[start + x];
            int i = (int) ((v - lo) * factor);
            i = Math.max(0, Math.min(255, i));
            idx[x] = v != v ? ColorMap.SIZE : i;
        }
    }

    /**
     * Entries of {@code idx.length} floats from {@code s[start]} through a {@link FloatIndexTable} (LOG, SQRT);
     * NaN gives {@link ColorMap#SIZE}.
     */
    static void tableRow(FloatIndexTable table, float[] s, int start, int[] idx) {
        int n = idx.length;
        int x = 0;
        int bound = n - n % I.length();
        int base = table.base();
        int last = table.lastThreshold();
        int shift = table.shift();
        short[] buckets = table.buckets();
        // lanes: -1 - bucket for keys inside [base, last), else the final entry (0, 255, or 256 for NaN)
        for (; x < bound; x += I.length()) {
            FloatVector v = FloatVector.fromArray(F, s, start + x);
            IntVector bits = (IntVector) v.viewAsIntegralLanes();
            IntVector key = bits.lanewise(VectorOperators.XOR,
                    bits.lanewise(VectorOperators.ASHR, 31).and(0x7FFFFFFF));
            VectorMask<Integer> below = key.compare(VectorOperators.LT, base);
            VectorMask<Integer> above = key.compare(VectorOperators.GE, last);
            IntVector bucket = key.sub(base).lanewise(VectorOperators.LSHR, shift);
            IntVector e = bucket.neg().sub(1).blend(0, below).blend(255, above);
            VectorMask<Integer> nan = v.test(VectorOperators.IS_NAN).cast(I);
            e.blend(ColorMap.SIZE, nan).intoArray(idx, x);
        }
        for (int k = 0; k < bound; k++) {
            int e = idx[k];
            if (e < 0) {
                int b = buckets[-1 - e];
                idx[k] = b >= 0 ? b : table.index(s[start + k]);
            }
        }
        for (; x < n; x++) {
            float v = s[start + x];
            idx[x] = v != v ? ColorMap.SIZE : table.index(v);
        }
    }
}
