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

    /**
     * One slice: four angles are fused per pass over a row, so each pixel is loaded and stored once per four
     * updates; the parts of a row that not all four angles reach are done angle by angle.
     */
    private static void rowsSingle(ParallelBeamGeometry g, float[] sino, float[] image, int y0, int y1) {
        int size = g.size();
        int pd = g.paddedDetectors();
        int angles = g.angleCount();
        int[][] r = new int[4][2];
        int a = 0;
        for (; a + 3 < angles; a += 4) {
            float c0 = g.cos(a);
            float c1 = g.cos(a + 1);
            float c2 = g.cos(a + 2);
            float c3 = g.cos(a + 3);
            int o0 = a * pd;
            int o1 = o0 + pd;
            int o2 = o1 + pd;
            int o3 = o2 + pd;
            for (int y = y0; y < y1; y++) {
                int lo = Integer.MIN_VALUE;
                int hi = Integer.MAX_VALUE;
                for (int k = 0; k < 4; k++) {
                    g.columns(a + k, y, r[k]);
                    lo = Math.max(lo, r[k][0]);
                    hi = Math.min(hi, r[k][1]);
                }
                int p = y * size;
                if (lo > hi) {
                    for (int k = 0; k < 4; k++) {
                        accumulate(sino, (a + k) * pd, g.rowStart(a + k, y), g.cos(a + k), image, p, r[k][0], r[k][1]);
                    }
                    continue;
                }
                for (int k = 0; k < 4; k++) {
                    float st = g.rowStart(a + k, y);
                    float ck = g.cos(a + k);
                    accumulate(sino, (a + k) * pd, st, ck, image, p, r[k][0], Math.min(r[k][1], lo - 1));
                    accumulate(sino, (a + k) * pd, st, ck, image, p, Math.max(r[k][0], hi + 1), r[k][1]);
                }
                float s0 = g.rowStart(a, y);
                float s1 = g.rowStart(a + 1, y);
                float s2 = g.rowStart(a + 2, y);
                float s3 = g.rowStart(a + 3, y);
                for (int x = lo; x <= hi; x++) {
                    float d0 = s0 + x * c0;
                    float d1 = s1 + x * c1;
                    float d2 = s2 + x * c2;
                    float d3 = s3 + x * c3;
                    int i0 = (int) d0;
                    int i1 = (int) d1;
                    int i2 = (int) d2;
                    int i3 = (int) d3;
                    float w0 = d0 - i0;
                    float w1 = d1 - i1;
                    float w2 = d2 - i2;
                    float w3 = d3 - i3;
                    float u0 = sino[o0 + i0];
                    float u1 = sino[o1 + i1];
                    float u2 = sino[o2 + i2];
                    float u3 = sino[o3 + i3];
                    float v = (u0 + w0 * (sino[o0 + i0 + 1] - u0)) + (u1 + w1 * (sino[o1 + i1 + 1] - u1))
                            + ((u2 + w2 * (sino[o2 + i2 + 1] - u2)) + (u3 + w3 * (sino[o3 + i3 + 1] - u3)));
                    image[p + x] += v;
                }
            }
        }
        for (; a < angles; a++) {
            for (int y = y0; y < y1; y++) {
                g.columns(a, y, r[0]);
                accumulate(sino, a * pd, g.rowStart(a, y), g.cos(a), image, y * size, r[0][0], r[0][1]);
            }
        }
    }

    /** Adds one angle's interpolated values to pixels x0..x1 of the row starting at {@code p}. */
    private static void accumulate(float[] sino, int rowOff, float start, float c, float[] image, int p, int x0,
            int x1) {
        for (int x = x0; x <= x1; x++) {
            float d = start + x * c;
            int i = (int) d;
            float w = d - i;
            float v0 = sino[rowOff + i];
            image[p + x] += v0 + w * (sino[rowOff + i + 1] - v0);
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
