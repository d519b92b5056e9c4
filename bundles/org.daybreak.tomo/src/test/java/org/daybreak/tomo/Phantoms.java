package org.daybreak.tomo;

/**
 * Test phantoms with exact (analytic) parallel-beam projections, in the geometry of {@link ParallelBeamGeometry}.
 *
 * <p>The modified Shepp-Logan phantom: ellipse table of L. A. Shepp and B. F. Logan, "The Fourier reconstruction
 * of a head section", IEEE Trans. Nucl. Sci. 21, 21-43 (1974), with the higher-contrast intensities of P. Toft,
 * "The Radon Transform: Theory and Implementation", PhD thesis, DTU (1996). Columns: intensity, semi-axis a,
 * semi-axis b, centre x0, centre y0 (y up), rotation phi (degrees, counter-clockwise), in units of the radius.
 */
final class Phantoms {
    static final double[][] MODIFIED_SHEPP_LOGAN = {
        {1.0, 0.69, 0.92, 0, 0, 0},
        {-0.8, 0.6624, 0.8740, 0, -0.0184, 0},
        {-0.2, 0.1100, 0.3100, 0.22, 0, -18},
        {-0.2, 0.1600, 0.4100, -0.22, 0, 18},
        {0.1, 0.2100, 0.2500, 0, 0.35, 0},
        {0.1, 0.0460, 0.0460, 0, 0.1, 0},
        {0.1, 0.0460, 0.0460, 0, -0.1, 0},
        {0.1, 0.0460, 0.0230, -0.08, -0.605, 0},
        {0.1, 0.0230, 0.0230, 0, -0.606, 0},
        {0.1, 0.0230, 0.0460, 0.06, -0.605, 0},
    };

    private Phantoms() {
    }

    /**
     * The phantom sampled at pixel centres of a size x size image [y][x]; the table's unit radius maps to
     * {@code scale * (size / 2)} pixels, y up in the table = decreasing row index.
     */
    static float[] image(double[][] table, int size, double scale) {
        int r = size / 2;
        double radius = scale * r;
        float[] img = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double px = x - r;
                double py = r - y;
                double v = 0;
                for (double[] e : table) {
                    double phi = Math.toRadians(e[5]);
                    double dx = px - e[3] * radius;
                    double dy = py - e[4] * radius;
                    double u = (dx * Math.cos(phi) + dy * Math.sin(phi)) / (e[1] * radius);
                    double w = (-dx * Math.sin(phi) + dy * Math.cos(phi)) / (e[2] * radius);
                    if (u * u + w * w <= 1) {
                        v += e[0];
                    }
                }
                img[y * size + x] = (float) v;
            }
        }
        return img;
    }

    /**
     * Exact line integrals [angle][detector] of the same phantom: bin i at detector coordinate
     * {@code t = i - centre}, the rotation axis through pixel (size/2, size/2) of {@link #image}.
     */
    static float[] sinogram(double[][] table, int size, double scale, double[] anglesDegrees, int detectors,
            double centre) {
        double radius = scale * (size / 2);
        float[] s = new float[anglesDegrees.length * detectors];
        for (int a = 0; a < anglesDegrees.length; a++) {
            double th = Math.toRadians(anglesDegrees[a]);
            // the line X cos(th) - Y_down sin(th) = t is X cos(th) + Y_up sin(th) = t
            double nx = Math.cos(th);
            double ny = Math.sin(th);
            for (int i = 0; i < detectors; i++) {
                double t = i - centre;
                double v = 0;
                for (double[] e : table) {
                    double phi = Math.toRadians(e[5]);
                    double ea = e[1] * radius;
                    double eb = e[2] * radius;
                    double nu = nx * Math.cos(phi) + ny * Math.sin(phi);
                    double nv = -nx * Math.sin(phi) + ny * Math.cos(phi);
                    double s2 = ea * ea * nu * nu + eb * eb * nv * nv;
                    double tp = t - (e[3] * radius * nx + e[4] * radius * ny);
                    if (tp * tp < s2) {
                        v += 2 * e[0] * ea * eb * Math.sqrt(s2 - tp * tp) / s2;
                    }
                }
                s[a * detectors + i] = (float) v;
            }
        }
        return s;
    }

    static double[] angles(int count, double span) {
        double[] a = new double[count];
        for (int i = 0; i < count; i++) {
            a[i] = i * span / count;
        }
        return a;
    }

    static double rms(float[] a, float[] b, boolean[] mask) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (mask == null || mask[i]) {
                double d = a[i] - b[i];
                s += d * d;
                n++;
            }
        }
        return Math.sqrt(s / n);
    }

    static boolean[] circle(int size, double radiusFraction) {
        boolean[] m = new boolean[size * size];
        int r = size / 2;
        double lim = radiusFraction * r;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                m[y * size + x] = (x - r) * (x - r) + (y - r) * (y - r) <= lim * lim;
            }
        }
        return m;
    }
}
