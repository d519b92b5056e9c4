package org.daybreak.tomo;

import org.daybreak.core.parallel.Parallel;

/**
 * Pixel-driven parallel-beam forward projection: the exact adjoint (transpose) of {@link Backprojector} for the
 * same {@link ParallelBeamGeometry}. Each pixel inside the circle spreads its value over the two detector bins
 * around {@code d = centre + (x - r) cos - (y - r) sin} with linear weights, so every projection conserves the
 * image's sum (a line integral with unit pixel and unit bin, the scaling of scikit-image's {@code radon}).
 *
 * <p>Threads: angles are cut into chunks for a {@link Parallel} loop; each chunk writes only its own angles' rows,
 * so the result does not depend on the number of threads.
 */
public final class ForwardProjector {
    private ForwardProjector() {
    }

    /**
     * Projects one slice ([y][x], size*size) into a padded sinogram [angle][padded detector] (overwritten).
     */
    public static void projectPadded(ParallelBeamGeometry g, float[] image, float[] paddedSinogram, int threads) {
        int size = g.size();
        int pd = g.paddedDetectors();
        int angles = g.angleCount();
        int perTask = Math.max(1, angles / (4 * Math.max(1, threads)));
        Parallel.forEachRange(angles, perTask, threads, null, (a0, a1) -> {
            int[] range = new int[2];
            for (int a = a0; a < a1; a++) {
                float c = g.cos(a);
                int rowOff = a * pd;
                java.util.Arrays.fill(paddedSinogram, rowOff, rowOff + pd, 0f);
                for (int y = 0; y < size; y++) {
                    g.columns(a, y, range);
                    float start = g.rowStart(a, y);
                    int p = y * size;
                    for (int x = range[0]; x <= range[1]; x++) {
                        float d = start + x * c;
                        int i = (int) d;
                        float w = d - i;
                        float v = image[p + x];
                        paddedSinogram[rowOff + i] += v - w * v;
                        paddedSinogram[rowOff + i + 1] += w * v;
                    }
                }
            }
        });
    }

    /** Projects one slice ([y][x]) to an unpadded sinogram [angle][detector]. */
    public static float[] project(ParallelBeamGeometry g, float[] image, int threads) {
        float[] padded = new float[g.angleCount() * g.paddedDetectors()];
        projectPadded(g, image, padded, threads);
        return unpad(g, padded);
    }

    static float[] unpad(ParallelBeamGeometry g, float[] padded) {
        int n = g.detectors();
        int pd = g.paddedDetectors();
        float[] out = new float[g.angleCount() * n];
        for (int a = 0; a < g.angleCount(); a++) {
            System.arraycopy(padded, a * pd + ParallelBeamGeometry.PAD, out, a * n, n);
        }
        return out;
    }
}
