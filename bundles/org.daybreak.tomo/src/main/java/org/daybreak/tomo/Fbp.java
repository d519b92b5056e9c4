package org.daybreak.tomo;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.parallel.Parallel;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * Filtered back-projection for parallel beams, with scikit-image's {@code iradon} conventions and scaling:
 * each projection is zero-padded to {@link FbpFilter#paddedLength} samples, filtered in Fourier space
 * (JTransforms), back-projected with linear interpolation ({@link Backprojector}) and the sum multiplied by
 * {@code pi / (2 * angles)}. A sinogram made by {@code skimage.transform.radon(image, theta)} (transposed to
 * [angle][detector]) reconstructs to {@code image}, values in the same units.
 *
 * <p>Threads: slices go through in blocks of up to {@link #BLOCK} side by side; filtering is parallel over
 * chunks of projections, back-projection over row chunks ({@link Parallel} loops, whose partition does not depend
 * on the number of threads, so neither does the result).
 */
public final class Fbp {
    /** Slices back-projected together in one pass over the geometry. */
    public static final int BLOCK = 16;

    private Fbp() {
    }

    /**
     * Reconstructs slices from sinograms.
     *
     * @param sinograms [slice][angle * detectors], each laid out [angle][detector]
     * @return [slice][y * x], each {@code g.size()} squared
     */
    public static float[][] reconstruct(ParallelBeamGeometry g, float[][] sinograms, FbpFilter filter, int threads) {
        return reconstruct(g, sinograms, filter, threads, null);
    }

    /**
     * As {@link #reconstruct(ParallelBeamGeometry, float[][], FbpFilter, int)}, checking cancellation between the
     * chunks of its parallel loops ({@code context} null: never).
     *
     * @throws org.daybreak.core.job.JobCancelledException when the context asks to stop; nothing is returned then
     */
    public static float[][] reconstruct(ParallelBeamGeometry g, float[][] sinograms, FbpFilter filter, int threads,
            JobContext context) {
        float[][] out = new float[sinograms.length][];
        int n = g.detectors();
        int angles = g.angleCount();
        for (float[] s : sinograms) {
            if (s.length != angles * n) {
                throw new IllegalArgumentException("a sinogram has " + s.length + " values, not " + angles + " x " + n);
            }
        }
        int padded = FbpFilter.paddedLength(n);
        float[] response = symmetric(filter.response(padded));
        float scale = (float) (Math.PI / (2.0 * angles));
        int pixels = g.size() * g.size();
        int block = g.size() > 1024 ? BLOCK / 2 : BLOCK;
        for (int first = 0; first < sinograms.length; first += block) {
            int b = Math.min(block, sinograms.length - first);
            float[][] filtered = filterPadded(g, sinograms, first, b, response, threads, context);
            if (b == 1) {
                float[] image = new float[pixels];
                Backprojector.backproject(g, filtered[0], image, threads, context);
                for (int p = 0; p < pixels; p++) {
                    image[p] *= scale;
                }
                out[first] = image;
            } else {
                float[][] image = new float[pixels][b];
                Backprojector.backprojectBlock(g, Backprojector.packBlock(filtered), image, threads, context);
                float[][] slices = Backprojector.unpackBlock(image, b, scale);
                System.arraycopy(slices, 0, out, first, b);
            }
        }
        return out;
    }

    /**
     * As {@link #reconstruct(ParallelBeamGeometry, float[][], FbpFilter, int, JobContext)} with the back-projection
     * on a GPU: filtering stays on the CPU threads, then each slab of {@code gpu.slabSlices()} filtered slices goes
     * through the GPU kernel. Cancellation is checked between slabs and inside the filtering.
     */
    public static float[][] reconstruct(ParallelBeamGeometry g, float[][] sinograms, FbpFilter filter, int threads,
            JobContext context, org.daybreak.tomo.gpu.GpuTomography gpu) {
        int n = g.detectors();
        int angles = g.angleCount();
        for (float[] s : sinograms) {
            if (s.length != angles * n) {
                throw new IllegalArgumentException("a sinogram has " + s.length + " values, not " + angles + " x " + n);
            }
        }
        float[] response = symmetric(filter.response(FbpFilter.paddedLength(n)));
        float scale = (float) (Math.PI / (2.0 * angles));
        float[][] out = new float[sinograms.length][];
        for (int first = 0; first < sinograms.length; first += gpu.slabSlices()) {
            if (context != null && context.isCancelled()) {
                throw new org.daybreak.core.job.JobCancelledException();
            }
            int b = Math.min(gpu.slabSlices(), sinograms.length - first);
            float[][] slices = gpu.backproject(filterPadded(g, sinograms, first, b, response, threads, context), scale);
            System.arraycopy(slices, 0, out, first, b);
        }
        return out;
    }

    /** Reconstructs one slice ([angle * detectors]) to [y * x]. */
    public static float[] reconstruct(ParallelBeamGeometry g, float[] sinogram, FbpFilter filter, int threads) {
        return reconstruct(g, new float[][] {sinogram}, filter, threads)[0];
    }

    /**
     * Filters slices first..first+b-1 into padded sinograms [angle][padded detector] for {@link Backprojector}.
     * Parallel over chunks of projections; cancellation is checked between chunks ({@code context} null: never).
     */
    static float[][] filterPadded(ParallelBeamGeometry g, float[][] sinograms, int first, int b, float[] response,
            int threads, JobContext context) {
        int n = g.detectors();
        int angles = g.angleCount();
        int pd = g.paddedDetectors();
        int padded = response.length;
        float[][] out = new float[b][angles * pd];
        int rows = angles * b;
        int perTask = Math.max(1, rows / (8 * Math.max(1, threads)));
        Parallel.forEachRange(rows, perTask, threads, context, (r0, r1) -> {
            FloatFFT_1D fft = new FloatFFT_1D(padded);
            float[] buf = new float[padded];
            for (int r = r0; r < r1; r++) {
                int s = r / angles;
                int a = r % angles;
                java.util.Arrays.fill(buf, 0f);
                System.arraycopy(sinograms[first + s], a * n, buf, 0, n);
                filterRow(fft, buf, response);
                // The filtered projection continues beyond the detector (the filter spreads the data into the
                // zero padding; negative positions wrap to the end of the buffer). Keeping those values in the pad
                // bins makes the outermost ring of pixels agree with iradon, which interpolates on the padded row.
                float[] dst = out[s];
                int row = a * pd;
                for (int i = 0; i < ParallelBeamGeometry.PAD; i++) {
                    dst[row + i] = buf[padded - ParallelBeamGeometry.PAD + i];
                    dst[row + ParallelBeamGeometry.PAD + n + i] = buf[n + i];
                }
                System.arraycopy(buf, 0, dst, row + ParallelBeamGeometry.PAD, n);
            }
        });
        return out;
    }

    /** Filters one zero-padded row in place: forward real FFT, multiply by the real response, inverse. */
    static void filterRow(FloatFFT_1D fft, float[] buf, float[] response) {
        int p = buf.length;
        fft.realForward(buf);
        buf[0] *= response[0];
        buf[1] *= response[p / 2];
        for (int k = 1; k < p / 2; k++) {
            buf[2 * k] *= response[k];
            buf[2 * k + 1] *= response[k];
        }
        fft.realInverse(buf, true);
    }

    /**
     * The response as applied to real projections: iradon multiplies the full complex spectrum and keeps the real
     * part of the inverse transform, which equals filtering with the even part (r[k] + r[size - k]) / 2; the
     * windows of iradon (fftshift of numpy's windows) are not exactly even, so this matters at the 1e-3 level.
     */
    static float[] symmetric(double[] r) {
        int p = r.length;
        float[] f = new float[p];
        f[0] = (float) r[0];
        f[p / 2] = (float) r[p / 2];
        for (int k = 1; k < p / 2; k++) {
            f[k] = (float) (0.5 * (r[k] + r[p - k]));
            f[p - k] = f[k];
        }
        return f;
    }

    /** Filters a whole sinogram [angle][detector] without back-projecting it (to show the filtered sinogram). */
    public static float[] filter(float[] sinogram, int angles, int detectors, FbpFilter filter) {
        int padded = FbpFilter.paddedLength(detectors);
        float[] response = symmetric(filter.response(padded));
        FloatFFT_1D fft = new FloatFFT_1D(padded);
        float[] out = new float[angles * detectors];
        float[] buf = new float[padded];
        for (int a = 0; a < angles; a++) {
            java.util.Arrays.fill(buf, 0f);
            System.arraycopy(sinogram, a * detectors, buf, 0, detectors);
            filterRow(fft, buf, response);
            System.arraycopy(buf, 0, out, a * detectors, detectors);
        }
        return out;
    }
}
