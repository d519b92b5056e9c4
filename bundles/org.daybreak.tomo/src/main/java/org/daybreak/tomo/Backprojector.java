package org.daybreak.tomo;

/**
 * Fast unfiltered parallel-beam back-projection (the adjoint of {@link ForwardProjector}), several slices per pass.
 *
 * <p>Data layouts (all float, C order):
 * <ul>
 * <li>interleaved sinograms: [angle][padded detector][slice], padded detector = {@link ParallelBeamGeometry#PAD}
 * zeros, the detector bins, PAD zeros (see {@link #interleave});</li>
 * <li>interleaved slices: [y][x][slice] ({@link #deinterleave}).</li>
 * </ul>
 * For every pixel inside the circle and every angle it adds the linearly interpolated detector value at
 * {@code d = centre + (x - r) cos - (y - r) sin} (see {@link ParallelBeamGeometry}); no scaling. Keeping the
 * slices of a block side by side lets one geometry computation (detector index and weight) serve them all.
 *
 * <p>Threads: rows are cut into chunks that fit in cache; each chunk is owned by one thread, which loops over
 * all angles for it, so no two threads write the same pixel. The reference version is
 * {@code ReferenceBackprojector} in the tests.
 */
public final class Backprojector {
    private Backprojector() {
    }

    /**
     * Adds the back-projection of {@code slices} interleaved padded sinograms to {@code image} ([y][x][slice]).
     *
     * @param sinograms [angle][padded detector][slice], length angles * paddedDetectors * slices
     * @param image     [y][x][slice], length size * size * slices, accumulated into
     */
    public static void backproject(ParallelBeamGeometry g, float[] sinograms, int slices, float[] image, int threads) {
        int size = g.size();
        int rowsPerChunk = Math.max(1, Math.min(size, 65536 / Math.max(1, size * slices)));
        int chunks = (size + rowsPerChunk - 1) / rowsPerChunk;
        Parallel.forEach(chunks, threads, chunk -> {
            int y0 = chunk * rowsPerChunk;
            int y1 = Math.min(size, y0 + rowsPerChunk);
            if (slices == 1) {
                rowsSingle(g, sinograms, image, y0, y1);
            } else {
                rowsBlock(g, sinograms, slices, image, y0, y1);
            }
        });
    }

    private static void rowsSingle(ParallelBeamGeometry g, float[] sino, float[] image, int y0, int y1) {
        int size = g.size();
        int pd = g.paddedDetectors();
        int[] range = new int[2];
        for (int a = 0; a < g.angleCount(); a++) {
            float c = g.cos(a);
            int rowOff = a * pd;
            for (int y = y0; y < y1; y++) {
                g.columns(a, y, range);
                int x0 = range[0];
                int x1 = range[1];
                float start = g.rowStart(a, y);
                int p = y * size;
                for (int x = x0; x <= x1; x++) {
                    float d = start + x * c;
                    int i = (int) d;
                    float w = d - i;
                    float v0 = sino[rowOff + i];
                    float v1 = sino[rowOff + i + 1];
                    image[p + x] += v0 + w * (v1 - v0);
                }
            }
        }
    }

    private static void rowsBlock(ParallelBeamGeometry g, float[] sino, int b, float[] image, int y0, int y1) {
        int size = g.size();
        int pd = g.paddedDetectors();
        int[] range = new int[2];
        for (int a = 0; a < g.angleCount(); a++) {
            float c = g.cos(a);
            int rowOff = a * pd * b;
            for (int y = y0; y < y1; y++) {
                g.columns(a, y, range);
                int x0 = range[0];
                int x1 = range[1];
                float start = g.rowStart(a, y);
                for (int x = x0; x <= x1; x++) {
                    float d = start + x * c;
                    int i = (int) d;
                    float w = d - i;
                    float w0 = 1 - w;
                    int q = rowOff + i * b;
                    int p = (y * size + x) * b;
                    for (int k = 0; k < b; k++) {
                        image[p + k] += w0 * sino[q + k] + w * sino[q + b + k];
                    }
                }
            }
        }
    }

    /**
     * Packs sinograms ([slice][angle * detectors] each) into the padded interleaved layout
     * [angle][PAD + detector + PAD][slice].
     */
    public static float[] interleave(float[][] sinograms, int angles, int detectors) {
        int b = sinograms.length;
        int pd = detectors + 2 * ParallelBeamGeometry.PAD;
        float[] out = new float[angles * pd * b];
        for (int s = 0; s < b; s++) {
            float[] sino = sinograms[s];
            for (int a = 0; a < angles; a++) {
                int src = a * detectors;
                int dst = (a * pd + ParallelBeamGeometry.PAD) * b + s;
                for (int i = 0; i < detectors; i++) {
                    out[dst + i * b] = sino[src + i];
                }
            }
        }
        return out;
    }

    /** Unpacks [y][x][slice] into one [y*x] array per slice, multiplied by {@code scale}. */
    public static float[][] deinterleave(float[] image, int slices, int pixels, float scale) {
        float[][] out = new float[slices][pixels];
        for (int p = 0; p < pixels; p++) {
            int q = p * slices;
            for (int s = 0; s < slices; s++) {
                out[s][p] = image[q + s] * scale;
            }
        }
        return out;
    }

    /** Back-projects whole sinograms ([slice][angle * detectors]) into slices ([slice][y * x]), unscaled. */
    public static float[][] backproject(ParallelBeamGeometry g, float[][] sinograms, int threads) {
        int b = sinograms.length;
        float[] packed = interleave(sinograms, g.angleCount(), g.detectors());
        float[] image = new float[g.size() * g.size() * b];
        backproject(g, packed, b, image, threads);
        return deinterleave(image, b, g.size() * g.size(), 1f);
    }
}
