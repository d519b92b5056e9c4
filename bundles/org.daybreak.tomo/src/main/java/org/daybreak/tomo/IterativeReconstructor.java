package org.daybreak.tomo;

import java.util.Arrays;
import java.util.function.IntConsumer;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.parallel.Parallel;

/**
 * Algebraic reconstruction with the matched pair {@link ForwardProjector} (A) / {@link Backprojector} (A^T) on a
 * {@link ParallelBeamGeometry}. Values come out in the units of the sinogram per pixel, like FBP's.
 * <ul>
 * <li>SIRT (Gilbert 1972; the form x += C A^T R (b - A x) with R, C the inverse row and column sums of A, as in
 * the ASTRA toolbox): converges slowly and smoothly; more iterations = sharper and noisier.</li>
 * <li>CGLS (conjugate gradients on the normal equations, Hestenes &amp; Stiefel 1952; Björck, <i>Numerical
 * methods for least squares problems</i>, 1996): faster convergence; stop early to regularise.</li>
 * </ul>
 * Threads: each slice runs on one thread; several slices run in parallel (one {@link Parallel} chunk per slice).
 */
public final class IterativeReconstructor {
    public enum Method {
        SIRT, CGLS
    }

    private IterativeReconstructor() {
    }

    /**
     * Reconstructs slices ([slice][angle * detectors]) to [slice][y * x] with {@code iterations} iterations.
     *
     * @param sliceDone called with the slice index after each slice finishes (from worker threads); may be null
     */
    public static float[][] reconstruct(ParallelBeamGeometry g, float[][] sinograms, Method method, int iterations,
            int threads, IntConsumer sliceDone) {
        return reconstruct(g, sinograms, method, iterations, threads, sliceDone, null);
    }

    /**
     * As {@link #reconstruct(ParallelBeamGeometry, float[][], Method, int, int, IntConsumer)}, checking cancellation
     * before each slice starts ({@code context} null: never); a slice that has started runs to its end.
     *
     * @throws org.daybreak.core.job.JobCancelledException when the context asks to stop; nothing is returned then
     */
    public static float[][] reconstruct(ParallelBeamGeometry g, float[][] sinograms, Method method, int iterations,
            int threads, IntConsumer sliceDone, JobContext context) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, not " + iterations);
        }
        float[][] out = new float[sinograms.length][];
        Parallel.forEach(sinograms.length, threads, context, s -> {
            out[s] = method == Method.SIRT ? sirt(g, sinograms[s], iterations) : cgls(g, sinograms[s], iterations);
            if (sliceDone != null) {
                sliceDone.accept(s);
            }
        });
        return out;
    }

    private static float[] pad(ParallelBeamGeometry g, float[] sinogram) {
        int n = g.detectors();
        int pd = g.paddedDetectors();
        float[] p = new float[g.angleCount() * pd];
        for (int a = 0; a < g.angleCount(); a++) {
            System.arraycopy(sinogram, a * n, p, a * pd + ParallelBeamGeometry.PAD, n);
        }
        return p;
    }

    /** Zeroes the pad bins, which lie outside the detector and carry no measurement. */
    private static void clearPads(ParallelBeamGeometry g, float[] padded) {
        int pd = g.paddedDetectors();
        for (int a = 0; a < g.angleCount(); a++) {
            int o = a * pd;
            Arrays.fill(padded, o, o + ParallelBeamGeometry.PAD, 0f);
            Arrays.fill(padded, o + pd - ParallelBeamGeometry.PAD, o + pd, 0f);
        }
    }

    static float[] sirt(ParallelBeamGeometry g, float[] sinogram, int iterations) {
        int pixels = g.size() * g.size();
        float[] b = pad(g, sinogram);
        float[] ones = new float[pixels];
        Arrays.fill(ones, 1f);
        float[] rowSums = new float[b.length];
        ForwardProjector.projectPadded(g, ones, rowSums, 1);
        float[] onesSino = new float[b.length];
        Arrays.fill(onesSino, 1f);
        clearPads(g, onesSino);
        float[] colSums = new float[pixels];
        Backprojector.backproject(g, onesSino, colSums, 1);
        for (int i = 0; i < rowSums.length; i++) {
            rowSums[i] = rowSums[i] > 1e-6f ? 1f / rowSums[i] : 0f;
        }
        for (int j = 0; j < pixels; j++) {
            colSums[j] = colSums[j] > 1e-6f ? 1f / colSums[j] : 0f;
        }
        float[] x = new float[pixels];
        float[] ax = new float[b.length];
        float[] update = new float[pixels];
        for (int it = 0; it < iterations; it++) {
            ForwardProjector.projectPadded(g, x, ax, 1);
            for (int i = 0; i < ax.length; i++) {
                ax[i] = (b[i] - ax[i]) * rowSums[i];
            }
            clearPads(g, ax);
            Arrays.fill(update, 0f);
            Backprojector.backproject(g, ax, update, 1);
            for (int j = 0; j < pixels; j++) {
                x[j] += colSums[j] * update[j];
            }
        }
        return x;
    }

    static float[] cgls(ParallelBeamGeometry g, float[] sinogram, int iterations) {
        int pixels = g.size() * g.size();
        float[] r = pad(g, sinogram);
        float[] x = new float[pixels];
        float[] s = new float[pixels];
        Backprojector.backproject(g, r, s, 1);
        float[] p = s.clone();
        double gamma = dot(s, s);
        float[] q = new float[r.length];
        for (int it = 0; it < iterations && gamma > 0; it++) {
            ForwardProjector.projectPadded(g, p, q, 1);
            clearPads(g, q);
            double qq = dot(q, q);
            if (qq <= 0) {
                break;
            }
            float alpha = (float) (gamma / qq);
            for (int j = 0; j < pixels; j++) {
                x[j] += alpha * p[j];
            }
            for (int i = 0; i < r.length; i++) {
                r[i] -= alpha * q[i];
            }
            Arrays.fill(s, 0f);
            Backprojector.backproject(g, r, s, 1);
            double gammaNew = dot(s, s);
            float beta = (float) (gammaNew / gamma);
            for (int j = 0; j < pixels; j++) {
                p[j] = s[j] + beta * p[j];
            }
            gamma = gammaNew;
        }
        return x;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
