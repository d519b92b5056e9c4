package org.daybreak.plot.color;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;

/** Compares the parallel kernel with {@link ColorMapperReference} on random and edge-case images. */
class ColorMapperTest {
    private static final int NAN = 0x00000000;

    private static void compare(NDArray image, String map, Scaling s, double lo, double hi) {
        ColorMapper mapper = new ColorMapper(ColorMap.get(map), s, lo, hi, NAN);
        int[] expected = ColorMapperReference.toArgb(image, ColorMap.get(map), s, lo, hi, NAN);
        int[] actual = mapper.toArgb(image);
        assertArrayEquals(expected, actual, () -> "kernel differs from reference for " + image.dtype() + " "
                + s + " [" + lo + ", " + hi + "]");
        // the RGB byte output holds the same colours, in padded rows
        int h = image.shape(0);
        int w = image.shape(1);
        int stride = 3 * w + 5;
        byte[] rgb = new byte[7 + stride * h];
        mapper.toRgb(image, rgb, 7, stride);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = 7 + y * stride + 3 * x;
                int c = expected[y * w + x];
                assertEquals(c & 0xFFFFFF, ((rgb[o] & 0xff) << 16) | ((rgb[o + 1] & 0xff) << 8) | (rgb[o + 2] & 0xff));
            }
        }
        // and the BGRA bytes (SWT depth 32) hold them as little-endian ints
        int bStride = 4 * w + 8;
        byte[] bgra = new byte[3 + bStride * h];
        mapper.toBgra(image, bgra, 3, bStride);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = 3 + y * bStride + 4 * x;
                int c = (bgra[o] & 0xff) | (bgra[o + 1] & 0xff) << 8 | (bgra[o + 2] & 0xff) << 16 | (bgra[o + 3] & 0xff) << 24;
                assertEquals(expected[y * w + x], c);
            }
        }
    }

    private static float[] randomFloats(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 100 + 50);
        }
        return v;
    }

    @Test
    void randomFloat32MatchesReferenceForEveryScaling() {
        Random r = new Random(1);
        // large enough to run in several parallel bands
        NDArray img = NDArray.of(randomFloats(r, 300 * 257), 300, 257);
        for (Scaling s : Scaling.values()) {
            compare(img, "viridis", s, s == Scaling.LOG ? 1 : -80, 180);
        }
        compare(img, "turbo_r", Scaling.LINEAR, 0, 1e-3);
    }

    @Test
    void otherTypesAndStridedViewsMatchReference() {
        Random r = new Random(2);
        int h = 280;
        int w = 250;
        double[] d = new double[h * w];
        short[] s = new short[h * w];
        byte[] b = new byte[h * w];
        long[] l = new long[h * w];
        int[] in = new int[h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble() * 1e4 - 100;
            s[i] = (short) r.nextInt();
            b[i] = (byte) r.nextInt();
            l[i] = r.nextLong() >> 20;
            in[i] = r.nextInt();
        }
        NDArray f64 = NDArray.of(d, h, w);
        for (Scaling sc : Scaling.values()) {
            compare(f64, "magma", sc, sc == Scaling.LOG ? 0.5 : 0, 9000);
            compare(NDArray.wrap(DType.UINT16, s, h, w), "gray", sc, sc == Scaling.LOG ? 10 : 100, 60000);
            compare(NDArray.wrap(DType.INT16, s, h, w), "inferno", sc, sc == Scaling.LOG ? 10 : -3000, 30000);
            compare(NDArray.wrap(DType.UINT8, b, h, w), "viridis", sc, sc == Scaling.LOG ? 1 : 0, 255);
            compare(NDArray.wrap(DType.INT64, l, h, w), "turbo", sc, sc == Scaling.LOG ? 1 : -1e12, 1e12);
            compare(NDArray.wrap(DType.UINT32, in, h, w), "gray_r", sc, 1, 4e9);
        }
        // views: a sub-region, a strided subsample, a transposed image
        compare(f64.slice("10:200:3, 5:240:2"), "viridis", Scaling.LINEAR, 0, 5000);
        compare(f64.transpose(1, 0), "viridis", Scaling.SQRT, 0, 5000);
        compare(NDArray.of(randomFloats(r, h * w), h, w).slice("::-1, 3:"), "inferno", Scaling.LINEAR, -50, 250);
    }

    @Test
    void edgeValuesNanInfinityConstantAndEqualCuts() {
        float[] v = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f, 2f, 3f, 4f,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, 2.5f, 1.0000001f, 3.9999998f, 5f};
        NDArray img = NDArray.of(v, 4, 4);
        for (Scaling s : Scaling.values()) {
            double lo = s == Scaling.LOG ? 1 : 0;
            compare(img, "viridis", s, lo, 4);
            compare(img, "viridis", s, 2.5, 2.5);
            compare(img, "gray", s, lo, lo + Math.ulp(lo));
        }
        ColorMapper m = new ColorMapper(ColorMap.get("gray"), Scaling.LINEAR, 0, 4, 0x12345678);
        int[] out = m.toArgb(img);
        assertEquals(0x12345678, out[0], "NaN colour");
        assertEquals(0xFFFFFFFF, out[1], "+inf takes the last entry");
        assertEquals(0xFF000000, out[2], "-inf takes the first entry");
        assertEquals(0xFF000000, out[3]);
        assertEquals(0xFF404040, out[5], "1 of [0, 4] is entry 64");
        assertEquals(0xFFFFFFFF, out[8], "the high cut takes the last entry");
        // a constant image with lo == hi: all first entry
        NDArray constant = NDArray.of(new float[100 * 100], 100, 100);
        int[] c = new ColorMapper(ColorMap.get("viridis"), Scaling.LINEAR, 0, 0, 0).toArgb(constant);
        for (int p : c) {
            assertEquals(0xFF440154, p);
        }
        // all-NaN image
        float[] nan = new float[64];
        java.util.Arrays.fill(nan, Float.NaN);
        for (int p : m.toArgb(NDArray.of(nan, 8, 8))) {
            assertEquals(0x12345678, p);
        }
        // empty image
        assertEquals(0, m.toArgb(NDArray.of(new float[0], 0, 5)).length);
    }

    @Test
    void valuesAtAndBesideEveryEntryBoundaryMatchReference() {
        // the float lookup table for LOG and SQRT must agree with the formula exactly at the boundaries
        for (Scaling s : new Scaling[] {Scaling.LOG, Scaling.SQRT, Scaling.LINEAR}) {
            double lo = s == Scaling.LOG ? 3.7 : -12.5;
            double hi = 7.9e4;
            float[] v = new float[257 * 5];
            for (int i = 0; i <= 256; i++) {
                double t = i / 256.0;
                double b = s == Scaling.LOG ? lo * Math.pow(hi / lo, t) : s == Scaling.SQRT ? lo + (hi - lo) * t * t
                        : lo + (hi - lo) * t;
                float f = (float) b;
                v[5 * i] = f;
                v[5 * i + 1] = Math.nextUp(f);
                v[5 * i + 2] = Math.nextDown(f);
                v[5 * i + 3] = Math.nextUp(Math.nextUp(f));
                v[5 * i + 4] = -f;
            }
            compare(NDArray.of(v, 257, 5), "turbo", s, lo, hi);
        }
        // 8- and 16-bit integers go through a per-value table: every value once
        short[] all = new short[65536];
        byte[] bytes = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) i;
        }
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i;
        }
        for (Scaling s : Scaling.values()) {
            compare(NDArray.wrap(DType.UINT16, all, 256, 256), "viridis", s, 3, 40000);
            compare(NDArray.wrap(DType.INT16, all, 256, 256), "viridis", s, s == Scaling.LOG ? 1 : -1000, 1000);
            compare(NDArray.wrap(DType.INT8, bytes, 16, 16), "magma", s, s == Scaling.LOG ? 1 : -100, 100);
            compare(NDArray.wrap(DType.UINT8, bytes, 16, 16), "magma", s, 7, 7);
        }
    }

    @Test
    void badCutsAndShapesAreRefused() {
        ColorMap g = ColorMap.get("gray");
        assertThrows(IllegalArgumentException.class, () -> new ColorMapper(g, Scaling.LINEAR, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ColorMapper(g, Scaling.LINEAR, Double.NaN, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ColorMapper(g, Scaling.LOG, 0, 1, 0));
        ColorMapper m = new ColorMapper(g, Scaling.LINEAR, 0, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> m.toArgb(NDArray.of(new float[8])));
        assertThrows(IllegalArgumentException.class, () -> m.toArgb(NDArray.of(new float[8], 2, 4), new int[7], 0, 4));
    }
}
