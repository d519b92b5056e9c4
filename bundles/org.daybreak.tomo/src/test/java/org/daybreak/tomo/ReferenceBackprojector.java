package org.daybreak.tomo;

/**
 * Plain reference back-projection and forward projection, written straight from the contract of
 * {@link ParallelBeamGeometry} in double precision, one pixel and one angle at a time: for each pixel inside the
 * circle, d = centre + (x - r) cos - (y - r) sin, linear interpolation between bins floor(d) and floor(d) + 1,
 * zero outside [0, detectors - 1].
 */
final class ReferenceBackprojector {
    private ReferenceBackprojector() {
    }

    private static boolean inside(int x, int y, int r) {
        long dx = x - r;
        long dy = y - r;
        return dx * dx + dy * dy <= (long) r * r;
    }

    private static double bin(float[] sino, int a, int n, int i) {
        return i < 0 || i >= n ? 0 : sino[a * n + i];
    }

    static float[] backproject(double[] anglesDeg, float[] sino, int n, double centre, int size) {
        int r = size / 2;
        float[] img = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (!inside(x, y, r)) {
                    continue;
                }
                double sum = 0;
                for (int a = 0; a < anglesDeg.length; a++) {
                    double th = Math.toRadians(anglesDeg[a]);
                    double d = centre + (x - r) * Math.cos(th) - (y - r) * Math.sin(th);
                    int i = (int) Math.floor(d);
                    double w = d - i;
                    sum += (1 - w) * bin(sino, a, n, i) + w * bin(sino, a, n, i + 1);
                }
                img[y * size + x] = (float) sum;
            }
        }
        return img;
    }

    static float[] project(double[] anglesDeg, float[] img, int n, double centre, int size) {
        int r = size / 2;
        double[] s = new double[anglesDeg.length * n];
        for (int a = 0; a < anglesDeg.length; a++) {
            double th = Math.toRadians(anglesDeg[a]);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (!inside(x, y, r)) {
                        continue;
                    }
                    double d = centre + (x - r) * Math.cos(th) - (y - r) * Math.sin(th);
                    int i = (int) Math.floor(d);
                    double w = d - i;
                    double v = img[y * size + x];
                    if (i >= 0 && i < n) {
                        s[a * n + i] += (1 - w) * v;
                    }
                    if (i + 1 >= 0 && i + 1 < n) {
                        s[a * n + i + 1] += w * v;
                    }
                }
            }
        }
        float[] f = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            f[i] = (float) s[i];
        }
        return f;
    }
}
