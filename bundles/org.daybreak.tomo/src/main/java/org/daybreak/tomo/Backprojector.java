package org.daybreak.tomo;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.parallel.Parallel;
import org.daybreak.core.simd.Simd;

/**
 * Fast unfiltered parallel-beam back-projection (the adjoint of {@link ForwardProjector}).
 *
 * <p>For every pixel inside the circle and every angle it adds the linearly interpolated detector value at
 * {@code d = centre + (x - r) cos - (y - r) sin} (see {@link ParallelBeamGeometry}); no scaling. Detector rows are
 * padded with {@link ParallelBeamGeometry#PAD} bins on each side (zeros, or whatever the caller puts there).
 *
 * <p>Two layouts:
 * <ul>
 * <li>one slice: padded sinogram [angle][padded detector] and slice [y][x], flat float arrays; four angles are
 * fused per pass over a row;</li>
 * <li>a block of slices: one small array per padded detector bin ({@code rows[angle * padded + bin][slice]}) and per
 * pixel ({@code pixels[y * size + x][slice]}). One geometry computation (detector index and weight) then serves
 * all slices, and because the innermost loop indexes all three arrays with the same index the JIT can use vector
 * instructions for it (with different offsets into flat arrays it cannot rule out aliasing and stays scalar).</li>
 * </ul>
 *
 * <p>Threads: rows are cut into chunks that fit in cache; each chunk is owned by one worker of a {@link Parallel}
 * loop, which loops over all angles for it, so no two threads write the same pixel and the result does not depend
 * on the number of threads. The reference version is {@code ReferenceBackprojector} in the tests.
 *
 * <p>One slice runs {@link VectorBackprojection} (Vector API, no gathers) when {@link #useVector} (large slices), else
 * the scalar loop below; both are compared with the reference in {@code KernelTest}.
 */
public final class Backprojector {
    private Backprojector() {
    }

    /**
     * Adds the back-projection of one padded sinogram ([angle][padded detector]) to {@code image} ([y][x]).
     */
    public static void backproject(ParallelBeamGeometry g, float[] paddedSinogram, float[] image, int threads) {
        backproject(g, paddedSinogram, image, threads, null);
    }

    /**
     * As {@link #backproject(ParallelBeamGeometry, float[], float[], int)}; cancellation is checked between row
     * chunks ({@code context} null: never). When cancelled, {@code image} holds a part of the sum.
     */
    public static void backproject(ParallelBeamGeometry g, float[] paddedSinogram, float[] image, int threads,
            JobContext context) {
        int size = g.size();
        int rowsPerChunk = Math.max(1, Math.min(size, 65536 / size));
        if (useVector(g)) {
            Parallel.forEachRange(size, rowsPerChunk, threads, context,
                    (y0, y1) -> VectorBackprojection.rows(g, paddedSinogram, image, y0, y1));
        } else {
            Parallel.forEachRange(size, rowsPerChunk, threads, context,
                    (y0, y1) -> rowsSingle(g, paddedSinogram, image, y0, y1));
        }
    }

    /**
     * Whether one slice runs {@link VectorBackprojection}: when {@link Simd#enabled()} and the slice has at least
     * {@link #VECTOR_MIN_UPDATES} pixel-angle updates, or as {@code -Ddaybreak.tomo.vector=true|false} says. The choice
     * depends on the geometry only, so a reconstruction gives the same bits on every run. Measured on the project
     * machine (JDK 25, AVX-512, one core, 2048^2 from 360 angles): the vector form 0.25 s once compiled against
     * 1.9 s for the scalar loop, but its first call in a JVM took 1.1 s (its Vector API calls run as objects until
     * the JIT has compiled them, about 0.85 s of CPU time), so below about 6e8 updates the scalar loop finishes
     * first.
     */
    static boolean useVector(ParallelBeamGeometry g) {
        return useVector(g, Simd.enabled(), System.getProperty("daybreak.tomo.vector"));
    }

    /** {@link #useVector(ParallelBeamGeometry)} given the Vector API's state and the property's value (or null). */
    static boolean useVector(ParallelBeamGeometry g, boolean simd, String forced) {
        if (!simd) {
            return false;
        }
        if (forced != null) {
            return Boolean.parseBoolean(forced);
        }
        return updates(g) >= VECTOR_MIN_UPDATES;
    }

    /** See {@link #useVector}: twice the break-even size measured, for machines where the JIT shares the cores. */
    static final double VECTOR_MIN_UPDATES = 1.2e9;

    /** Pixel-angle updates of one slice: the pixels inside the reconstruction circle times the angles. */
    static double updates(ParallelBeamGeometry g) {
        return Math.PI / 4 * g.size() * (double) g.size() * g.angleCount();
    }

    /** The scalar one-slice form whatever {@link Simd#enabled()} says (for the tests comparing both forms). */
    static void backprojectScalar(ParallelBeamGeometry g, float[] paddedSinogram, float[] image, int threads) {
        int size = g.size();
        int rowsPerChunk = Math.max(1, Math.min(size, 65536 / size));
        Parallel.forEachRange(size, rowsPerChunk, threads, null,
                (y0, y1) -> rowsSingle(g, paddedSinogram, image, y0, y1));
    }

    /**
     * Adds the back-projection of a block of slices to {@code pixels}.
     *
     * @param rows   [angle * paddedDetectors + bin][slice], see {@link #packBlock}
     * @param pixels [y * size + x][slice], accumulated into
     */
    public static void backprojectBlock(ParallelBeamGeometry g, float[][] rows, float[][] pixels, int threads) {
        backprojectBlock(g, rows, pixels, threads, null);
    }

    /**
     * As {@link #backprojectBlock(ParallelBeamGeometry, float[][], float[][], int)}; cancellation is checked between
     * row chunks ({@code context} null: never). When cancelled, {@code pixels} hold a part of the sum.
     */
    public static void backprojectBlock(ParallelBeamGeometry g, float[][] rows, float[][] pixels, int threads,
            JobContext context) {
        int size = g.size();
        int b = pixels.length == 0 ? 1 : pixels[0].length;
        int rowsPerChunk = Math.max(1, Math.min(size, 262144 / Math.max(1, size * (16 + 4 * b))));
        Parallel.forEachRange(size, rowsPerChunk, threads, context, (y0, y1) -> rowsBlock(g, rows, pixels, y0, y1));
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

    /** A block of slices: two angles fused per pass over a row (each pixel's array loaded once per two angles). */
    private static void rowsBlock(ParallelBeamGeometry g, float[][] rows, float[][] pixels, int y0, int y1) {
        int size = g.size();
        int pd = g.paddedDetectors();
        int angles = g.angleCount();
        int[] ra = new int[2];
        int[] rb = new int[2];
        int a = 0;
        for (; a + 1 < angles; a += 2) {
            float ca = g.cos(a);
            float cb = g.cos(a + 1);
            int offA = a * pd;
            int offB = offA + pd;
            for (int y = y0; y < y1; y++) {
                g.columns(a, y, ra);
                g.columns(a + 1, y, rb);
                float sa = g.rowStart(a, y);
                float sb = g.rowStart(a + 1, y);
                int p = y * size;
                int lo = Math.max(ra[0], rb[0]);
                int hi = Math.min(ra[1], rb[1]);
                if (lo > hi) {
                    accumulateBlock(rows, offA, sa, ca, pixels, p, ra[0], ra[1]);
                    accumulateBlock(rows, offB, sb, cb, pixels, p, rb[0], rb[1]);
                    continue;
                }
                accumulateBlock(rows, offA, sa, ca, pixels, p, ra[0], lo - 1);
                accumulateBlock(rows, offA, sa, ca, pixels, p, hi + 1, ra[1]);
                accumulateBlock(rows, offB, sb, cb, pixels, p, rb[0], lo - 1);
                accumulateBlock(rows, offB, sb, cb, pixels, p, hi + 1, rb[1]);
                for (int x = lo; x <= hi; x++) {
                    float da = sa + x * ca;
                    float db = sb + x * cb;
                    int ia = (int) da;
                    int ib = (int) db;
                    float wa = da - ia;
                    float wb = db - ib;
                    float wa0 = 1 - wa;
                    float wb0 = 1 - wb;
                    float[] dst = pixels[p + x];
                    float[] a0 = rows[offA + ia];
                    float[] a1 = rows[offA + ia + 1];
                    float[] b0 = rows[offB + ib];
                    float[] b1 = rows[offB + ib + 1];
                    for (int k = 0; k < dst.length; k++) {
                        dst[k] += (wa0 * a0[k] + wa * a1[k]) + (wb0 * b0[k] + wb * b1[k]);
                    }
                }
            }
        }
        for (; a < angles; a++) {
            for (int y = y0; y < y1; y++) {
                g.columns(a, y, ra);
                accumulateBlock(rows, a * pd, g.rowStart(a, y), g.cos(a), pixels, y * size, ra[0], ra[1]);
            }
        }
    }

    /** Adds one angle's interpolated detector arrays to the pixel arrays x0..x1 of the row starting at p. */
    private static void accumulateBlock(float[][] rows, int rowOff, float start, float c, float[][] pixels, int p,
            int x0, int x1) {
        for (int x = x0; x <= x1; x++) {
            float d = start + x * c;
            int i = (int) d;
            float w = d - i;
            float w0 = 1 - w;
            float[] dst = pixels[p + x];
            float[] s0 = rows[rowOff + i];
            float[] s1 = rows[rowOff + i + 1];
            for (int k = 0; k < dst.length; k++) {
                dst[k] += w0 * s0[k] + w * s1[k];
            }
        }
    }

    /** Packs padded sinograms ([slice][angle * paddedDetectors]) into [angle * paddedDetectors + bin][slice]. */
    public static float[][] packBlock(float[][] paddedSinograms) {
        int b = paddedSinograms.length;
        int len = paddedSinograms[0].length;
        float[][] rows = new float[len][b];
        for (int s = 0; s < b; s++) {
            float[] src = paddedSinograms[s];
            for (int i = 0; i < len; i++) {
                rows[i][s] = src[i];
            }
        }
        return rows;
    }

    /** Unpacks [pixel][slice] into one [y * x] array per slice, multiplied by {@code scale}. */
    public static float[][] unpackBlock(float[][] pixels, int slices, float scale) {
        float[][] out = new float[slices][pixels.length];
        for (int p = 0; p < pixels.length; p++) {
            float[] v = pixels[p];
            for (int s = 0; s < slices; s++) {
                out[s][p] = v[s] * scale;
            }
        }
        return out;
    }

    /** A sinogram [angle][detector] with {@link ParallelBeamGeometry#PAD} zero bins added on each side. */
    public static float[] pad(ParallelBeamGeometry g, float[] sinogram) {
        int n = g.detectors();
        int pd = g.paddedDetectors();
        float[] p = new float[g.angleCount() * pd];
        for (int a = 0; a < g.angleCount(); a++) {
            System.arraycopy(sinogram, a * n, p, a * pd + ParallelBeamGeometry.PAD, n);
        }
        return p;
    }

    /** Back-projects whole sinograms ([slice][angle * detectors]) into slices ([slice][y * x]), unscaled. */
    public static float[][] backproject(ParallelBeamGeometry g, float[][] sinograms, int threads) {
        int b = sinograms.length;
        int pixels = g.size() * g.size();
        if (b == 1) {
            float[] image = new float[pixels];
            backproject(g, pad(g, sinograms[0]), image, threads);
            return new float[][] {image};
        }
        float[][] padded = new float[b][];
        for (int s = 0; s < b; s++) {
            padded[s] = pad(g, sinograms[s]);
        }
        float[][] image = new float[pixels][b];
        backprojectBlock(g, packBlock(padded), image, threads);
        return unpackBlock(image, b, 1f);
    }
}
