package org.daybreak.plot.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The decimated polyline against the full one: same extremes per bucket, same drawn pixels per column. */
class DecimatorTest {

    /** Plain reference: per-bucket min and max of y over all points, by direct bucketing. */
    static double[][] bucketExtremes(double[] x, double[] y, int[] indices, double lo, double hi, int buckets) {
        double[] min = new double[buckets];
        double[] max = new double[buckets];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i : indices) {
            if (x[i] < lo || x[i] > hi || Double.isNaN(y[i])) {
                continue;
            }
            int b = Math.min(buckets - 1, (int) ((x[i] - lo) * (buckets / (hi - lo))));
            min[b] = Math.min(min[b], y[i]);
            max[b] = Math.max(max[b], y[i]);
        }
        return new double[][] {min, max};
    }

    static BufferedImage draw(double[] x, double[] y, int[] indices, double xLo, double xHi, double yLo, double yHi,
            int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setRenderingHint(java.awt.RenderingHints.KEY_STROKE_CONTROL, java.awt.RenderingHints.VALUE_STROKE_PURE);
        Path2D.Double p = new Path2D.Double();
        boolean down = false;
        for (int i : indices) {
            if (Double.isNaN(y[i])) {
                down = false;
                continue;
            }
            double px = (x[i] - xLo) / (xHi - xLo) * w;
            double py = (yHi - y[i]) / (yHi - yLo) * h;
            if (down) {
                p.lineTo(px, py);
            } else {
                p.moveTo(px, py);
                down = true;
            }
        }
        g.draw(p);
        g.dispose();
        return img;
    }

    @Test
    void millionPointWalkKeepsEveryBucketsExtremesAndDrawsTheSame() {
        int n = 1_000_000;
        Random r = new Random(6);
        double[] x = new double[n];
        double[] y = new double[n];
        double v = 0;
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.001;
            v += r.nextGaussian();
            y[i] = v + (r.nextInt(50000) == 0 ? 500 : 0);
            if (i % 100_003 == 7) {
                y[i] = Double.NaN;
            }
        }
        double lo = 100;
        double hi = 900;
        // two buckets per pixel column, aligned with the columns, as the chart painter uses them
        int width = 640;
        int buckets = 2 * width;
        int[] kept = Decimator.keep(x, y, lo, hi, buckets, false);
        assertTrue(kept.length <= 4 * buckets + 16 && kept.length > 2 * buckets, "kept " + kept.length);
        for (int i = 1; i < kept.length; i++) {
            assertTrue(kept[i] > kept[i - 1], "indices ascend");
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        double[][] full = bucketExtremes(x, y, all, lo, hi, buckets);
        double[][] thin = bucketExtremes(x, y, kept, lo, hi, buckets);
        assertArrayEquals(full[0], thin[0]);
        assertArrayEquals(full[1], thin[1]);
        assertEquals(99_999, kept[0], "the last point before the range is kept");
        assertEquals(900_001, kept[kept.length - 1], "the first point after the range is kept");

        double yLo = -2000;
        double yHi = 2000;
        for (double[] m : full) {
            for (double d : m) {
                if (Double.isFinite(d)) {
                    yLo = Math.min(yLo, d);
                    yHi = Math.max(yHi, d);
                }
            }
        }
        BufferedImage a = draw(x, y, all, lo, hi, yLo, yHi, width, 300);
        BufferedImage b = draw(x, y, kept, lo, hi, yLo, yHi, width, 300);
        // the outermost columns also show segments between points beyond the range, which thinning drops
        for (int c = 1; c < width - 1; c++) {
            int[] ea = columnExtent(a, c);
            int[] eb = columnExtent(b, c);
            assertTrue(Math.abs(ea[0] - eb[0]) <= 1 && Math.abs(ea[1] - eb[1]) <= 1,
                    "column " + c + ": full draws rows " + ea[0] + ".." + ea[1] + ", thinned " + eb[0] + ".." + eb[1]);
        }
    }

    private static int[] columnExtent(BufferedImage img, int c) {
        int top = -1;
        int bottom = -1;
        for (int row = 0; row < img.getHeight(); row++) {
            if ((img.getRGB(c, row) & 0xFFFFFF) != 0xFFFFFF) {
                if (top < 0) {
                    top = row;
                }
                bottom = row;
            }
        }
        return new int[] {top, bottom};
    }

    @Test
    void unsortedOrSmallInputIsKeptWhole() {
        double[] x = {3, 1, 2, 5, 4, 0, 9, 8, 7, 6};
        double[] y = new double[10];
        assertEquals(10, Decimator.keep(x, y, 0, 9, 1, false).length);
        double[] sx = {1, 2, 3};
        assertEquals(3, Decimator.keep(sx, new double[3], 0, 10, 100, false).length);
        // log x drops non-positive x
        assertEquals(2, Decimator.keep(new double[] {-1, 0, 1, 2}, new double[4], 0.5, 3, 100, true).length);
    }

    @Test
    void logBucketsAreEqualInDecades() {
        int n = 100_000;
        double[] x = new double[n];
        double[] y = new double[n];
        Random r = new Random(8);
        for (int i = 0; i < n; i++) {
            x[i] = Math.pow(10, 6.0 * i / n);
            y[i] = r.nextDouble();
        }
        int[] kept = Decimator.keep(x, y, 1, 1e6, 60, true);
        // each of the 60 log buckets holds about n/60 points, so each keeps its four representatives
        assertTrue(kept.length >= 200 && kept.length <= 240, "kept " + kept.length);
    }
}
