package org.daybreak.plot.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;

/** The headless tools against plain loops and hand-computed values. */
class ToolsTest {

    private static NDArray plane(int h, int w, double a, double b, double c) {
        double[] v = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = a * x + b * y + c;
            }
        }
        return NDArray.of(v, h, w);
    }

    @Test
    void lineProfileIsExactOnAPlane() {
        // bilinear interpolation reproduces a plane exactly
        NDArray img = plane(40, 60, 2, -3, 7);
        LineProfile.Result r = LineProfile.sample(img, 1.25, 2.5, 50.75, 30.125, 101);
        assertEquals(101, r.values().length);
        for (int i = 0; i < 101; i++) {
            assertEquals(2 * r.x()[i] - 3 * r.y()[i] + 7, r.values()[i], 1e-9);
        }
        assertEquals(Math.hypot(49.5, 27.625), r.distance()[100], 1e-12);
        assertEquals(0, r.distance()[0]);
    }

    @Test
    void lineProfileEdgesNanAndOutside() {
        float[] v = {1, 2, 3, 4, Float.NaN, 6, 7, 8, 9};
        NDArray img = NDArray.of(v, 3, 3);
        assertEquals(9, LineProfile.bilinear(img, 2, 2), 0);
        assertEquals(1, LineProfile.bilinear(img, 0, 0), 0);
        assertEquals(2.5, LineProfile.bilinear(img, 1.5, 0), 1e-12);
        assertTrue(Double.isNaN(LineProfile.bilinear(img, 0.5, 0.5)), "a NaN neighbour with weight");
        assertEquals(3, LineProfile.bilinear(img, 2, 0), 0, "NaN neighbour with zero weight is ignored");
        assertTrue(Double.isNaN(LineProfile.bilinear(img, -0.01, 1)));
        assertTrue(Double.isNaN(LineProfile.bilinear(img, 1, 2.01)));
        assertThrows(IllegalArgumentException.class, () -> LineProfile.sample(img, 0, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> LineProfile.sample(NDArray.of(new double[3]), 0, 0, 1, 1, 5));
        // a one-pixel-wide image samples along its column
        NDArray column = NDArray.of(new double[] {1, 3, 5}, 3, 1);
        assertEquals(4, LineProfile.bilinear(column, 0, 1.5), 1e-12);
    }

    @Test
    void boxProfileAndStatisticsMatchPlainLoops() {
        Random r = new Random(9);
        int h = 50;
        int w = 70;
        short[] s = new short[h * w];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) r.nextInt(65536);
        }
        NDArray img = NDArray.wrap(DType.UINT16, s, h, w);
        int x0 = 5;
        int x1 = 61;
        int y0 = 3;
        int y1 = 44;
        BoxProfile.Result alongX = BoxProfile.compute(img, x0, y0, x1, y1, BoxProfile.Along.X);
        BoxProfile.Result alongY = BoxProfile.compute(img, x0, y0, x1, y1, BoxProfile.Along.Y);
        double[] rowSums = new double[y1 - y0];
        double[] colSums = new double[x1 - x0];
        double min = Double.MAX_VALUE;
        double max = -1;
        double sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double v = s[y * w + x] & 0xffff;
                rowSums[y - y0] += v;
                colSums[x - x0] += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
        }
        assertArrayEquals(rowSums, alongX.sum(), 1e-9);
        assertArrayEquals(colSums, alongY.sum(), 1e-9);
        assertEquals(rowSums[0] / (x1 - x0), alongX.mean()[0], 1e-9);
        long n = (long) (x1 - x0) * (y1 - y0);
        double mean = sum / n;
        double ss = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double d = (s[y * w + x] & 0xffff) - mean;
                ss += d * d;
            }
        }
        RegionStatistics st = RegionStatistics.compute(img, x0, y0, x1, y1);
        assertEquals(min, st.min());
        assertEquals(max, st.max());
        assertEquals(sum, st.sum(), 1e-6);
        assertEquals(mean, st.mean(), 1e-9);
        assertEquals(Math.sqrt(ss / n), st.std(), 1e-9);
        assertEquals(n, st.count());
        assertEquals(0, st.nanCount());
    }

    @Test
    void statisticsCountNanApartAndRejectBadRegions() {
        double[] v = {1, Double.NaN, 3, Double.NaN, 5, 7};
        RegionStatistics st = RegionStatistics.of(NDArray.of(v, 2, 3));
        assertEquals(4, st.count());
        assertEquals(2, st.nanCount());
        assertEquals(4, st.mean(), 1e-12);
        assertEquals(Math.sqrt(5), st.std(), 1e-12);
        assertEquals(16, st.sum());
        RegionStatistics none = RegionStatistics.of(NDArray.of(new double[] {Double.NaN}));
        assertTrue(Double.isNaN(none.mean()) && none.count() == 0 && none.nanCount() == 1);
        BoxProfile.Result b = BoxProfile.compute(NDArray.of(v, 2, 3), 0, 0, 3, 2, BoxProfile.Along.Y);
        assertArrayEquals(new long[] {1, 1, 2}, b.count());
        assertArrayEquals(new double[] {1, 5, 5}, b.mean(), 1e-12);
        NDArray img = NDArray.of(v, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> RegionStatistics.compute(img, 0, 0, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> RegionStatistics.compute(img, 2, 0, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> BoxProfile.compute(img, -1, 0, 2, 1, BoxProfile.Along.X));
    }
}
