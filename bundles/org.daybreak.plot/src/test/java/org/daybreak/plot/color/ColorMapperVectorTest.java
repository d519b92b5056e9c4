package org.daybreak.plot.color;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.simd.Simd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vector form of {@link ColorMapper} ({@link VectorColorMapping}) against the plain scalar form and the reference
 * ({@link ColorMapperReference}), exactly: every test of {@link ColorMapperTest} again with the vector form forced,
 * then the two forms side by side on row widths around the vector length (tails), NaN runs, infinities, values at
 * every entry boundary, strided views and every element type.
 */
class ColorMapperVectorTest {

    @BeforeEach
    void vectorForm() {
        // the build's test JVMs resolve jdk.incubator.vector (pom argLine): the vector form must be tested here
        assertTrue(Simd.enabled(), Simd.describe());
        ColorMapper.useForm(ColorMapper.Form.VECTOR);
    }

    @AfterEach
    void autoForm() {
        ColorMapper.useForm(ColorMapper.Form.AUTO);
    }

    @Test
    void everyReferenceTestPassesWithTheVectorForm() {
        ColorMapperTest t = new ColorMapperTest();
        t.randomFloat32MatchesReferenceForEveryScaling();
        t.otherTypesAndStridedViewsMatchReference();
        t.edgeValuesNanInfinityConstantAndEqualCuts();
        t.valuesAtAndBesideEveryEntryBoundaryMatchReference();
    }

    private static void sameInBothForms(NDArray image, ColorMapper m) {
        ColorMapper.useForm(ColorMapper.Form.SCALAR);
        int[] scalar = m.toArgb(image);
        int w = image.shape(1);
        byte[] scalarBgra = new byte[4 * scalar.length];
        m.toBgra(image, scalarBgra, 0, 4 * w);
        ColorMapper.useForm(ColorMapper.Form.VECTOR);
        int[] vector = m.toArgb(image);
        byte[] vectorBgra = new byte[4 * scalar.length];
        m.toBgra(image, vectorBgra, 0, 4 * w);
        String what = image.dtype() + " " + image.shape(0) + "x" + w + " " + m.scaling() + " [" + m.low() + ", "
                + m.high() + "]";
        assertArrayEquals(scalar, vector, what);
        assertArrayEquals(scalarBgra, vectorBgra, what);
    }

    @Test
    void vectorEqualsScalarOnEveryTailWidthAndSpecialValue() {
        Random r = new Random(23);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MAX_VALUE,
            -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, 3e38f, 50f, 5000f, Math.nextUp(50f),
            Math.nextDown(5000f), Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00000)};
        for (int w = 1; w <= 37; w++) {
            int h = 9;
            float[] f = new float[h * w];
            double[] d = new double[h * w];
            for (int i = 0; i < f.length; i++) {
                f[i] = r.nextInt(4) == 0 ? special[r.nextInt(special.length)] : (float) (r.nextGaussian() * 2000 + 2000);
                d[i] = r.nextInt(5) == 0 ? Double.NaN : f[i];
            }
            for (Scaling s : Scaling.values()) {
                for (double[] cut : new double[][] {{50, 5000}, {1, 1 + 1e-4}, {7, 7}}) {
                    ColorMapper m = new ColorMapper(ColorMap.get("viridis"), s, cut[0], cut[1], 0x01020304);
                    sameInBothForms(NDArray.of(f, h, w), m);
                    sameInBothForms(NDArray.of(d, h, w), m);
                }
            }
        }
    }

    @Test
    void vectorEqualsScalarOnLargeFramesViewsAndIntegerTypes() {
        Random r = new Random(29);
        int h = 301;
        int w = 517;
        float[] f = new float[h * w];
        int[] ints = new int[h * w];
        long[] longs = new long[h * w];
        for (int i = 0; i < f.length; i++) {
            f[i] = r.nextInt(1000) == 0 ? Float.NaN : (float) Math.abs(r.nextGaussian() * 3000 + 100);
            ints[i] = r.nextInt(70_000) - 1000;
            longs[i] = r.nextLong() >> 24;
        }
        NDArray frame = NDArray.of(f, h, w);
        for (Scaling s : Scaling.values()) {
            ColorMapper m = new ColorMapper(ColorMap.get("inferno"), s, s == Scaling.LOG ? 0.5 : -10, 9000, 0);
            sameInBothForms(frame, m);
            sameInBothForms(frame.slice("3:290:2, ::-3"), m);
            sameInBothForms(frame.transpose(1, 0), m);
            sameInBothForms(NDArray.wrap(DType.INT32, ints, h, w), m);
            sameInBothForms(NDArray.wrap(DType.UINT32, ints, h, w), m);
            sameInBothForms(NDArray.wrap(DType.INT64, longs, h, w), m);
        }
    }
}
