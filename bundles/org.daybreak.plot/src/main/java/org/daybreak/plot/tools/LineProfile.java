package org.daybreak.plot.tools;

import org.daybreak.core.data.NDArray;

/**
 * Values of an image {@code [y][x]} along the straight segment from (x0, y0) to (x1, y1), in pixel coordinates
 * where integer (x, y) is the centre of pixel [y][x]. Bilinear interpolation between the four surrounding pixel
 * centres; a sample outside the centres' hull [0, width-1] x [0, height-1], or touching a NaN neighbour with
 * non-zero weight, is NaN.
 */
public final class LineProfile {
    private LineProfile() {
    }

    /** Sample positions and values: {@code x[i], y[i]} in pixels, {@code distance[i]} from the start in pixels. */
    public record Result(double[] x, double[] y, double[] distance, double[] values) {
    }

    /**
     * {@code points} equally spaced samples, both ends included.
     *
     * @throws IllegalArgumentException for a non-2-D image, fewer than 2 points or a non-finite end point
     */
    public static Result sample(NDArray image, double x0, double y0, double x1, double y1, int points) {
        if (image.rank() != 2 || !image.dtype().isNumeric()) {
            throw new IllegalArgumentException("a line profile needs a 2-D numeric image, not shape "
                    + java.util.Arrays.toString(image.shape()));
        }
        if (points < 2) {
            throw new IllegalArgumentException("a line profile needs at least 2 points, not " + points);
        }
        if (!(Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(x1) && Double.isFinite(y1))) {
            throw new IllegalArgumentException("line profile end points must be finite");
        }
        double[] xs = new double[points];
        double[] ys = new double[points];
        double[] ds = new double[points];
        double[] vs = new double[points];
        double length = Math.hypot(x1 - x0, y1 - y0);
        for (int i = 0; i < points; i++) {
            double t = (double) i / (points - 1);
            xs[i] = x0 + t * (x1 - x0);
            ys[i] = y0 + t * (y1 - y0);
            ds[i] = t * length;
            vs[i] = bilinear(image, xs[i], ys[i]);
        }
        return new Result(xs, ys, ds, vs);
    }

    /** Bilinear value at pixel coordinates (x, y); NaN outside [0, w-1] x [0, h-1]. */
    public static double bilinear(NDArray image, double x, double y) {
        int h = image.shape(0);
        int w = image.shape(1);
        if (!(x >= 0 && y >= 0 && x <= w - 1 && y <= h - 1)) {
            return Double.NaN;
        }
        int ix = Math.min((int) x, Math.max(0, w - 2));
        int iy = Math.min((int) y, Math.max(0, h - 2));
        double fx = x - ix;
        double fy = y - iy;
        int ix1 = Math.min(ix + 1, w - 1);
        int iy1 = Math.min(iy + 1, h - 1);
        return term(image, iy, ix, (1 - fx) * (1 - fy)) + term(image, iy, ix1, fx * (1 - fy))
                + term(image, iy1, ix, (1 - fx) * fy) + term(image, iy1, ix1, fx * fy);
    }

    private static double term(NDArray image, int y, int x, double weight) {
        if (weight == 0) {
            return 0;
        }
        return image.getDouble(y, x) * weight;
    }
}
