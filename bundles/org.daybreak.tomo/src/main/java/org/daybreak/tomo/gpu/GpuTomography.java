package org.daybreak.tomo.gpu;

import java.util.Arrays;

import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobContext;
import org.daybreak.gpu.DeviceBuffer;
import org.daybreak.gpu.GpuContext;
import org.daybreak.gpu.GpuDevice;
import org.daybreak.gpu.GpuModule;
import org.daybreak.gpu.LaunchGeometry;
import org.daybreak.gpu.SlabPlan;
import org.daybreak.tomo.Backprojector;
import org.daybreak.tomo.ForwardProjector;
import org.daybreak.tomo.ParallelBeamGeometry;

/**
 * Back-projection, forward projection and SIRT on a CUDA GPU, with the kernels of {@code tomo_kernels.cu} (beside
 * this class; its comment holds the data layout and launch geometry) and the geometry and conventions of the CPU
 * {@link Backprojector} / {@link ForwardProjector}: the same detector coordinate, the same columns per row, linear
 * interpolation between the two bins around it. Results agree with the CPU within float rounding (the order of the
 * sums differs; 1e-5 relative RMS is the contract, checked by the tests).
 *
 * <p>Slabs: slices go through the GPU in slabs of {@link #slabSlices()} slices, a multiple of {@link #GROUP},
 * sized by {@link SlabPlan} to the device's free memory when this object is opened (and to what one Java array
 * holds). The caller reports progress and checks cancellation between slabs; SIRT also checks between
 * iterations.
 *
 * <p>Host layout: slices are packed four to a {@code float4} ({@link #pack}), slice {@code 4 g + k} in component
 * {@code k} of group {@code g}: the GPU's sinogram [group][angle][padded bin][4] is the CPU block layout
 * {@code rows[angle * padded + bin][slice]} of {@link Backprojector#packBlock} cut into groups of four slices.
 *
 * <p>Thread rules: one thread at a time; {@link #close()} frees the device memory and the context reference.
 */
public final class GpuTomography implements AutoCloseable {
    /** Slices per float4 vector. */
    public static final int GROUP = 4;
    /** Threads per block along x and y (one warp along x shares its row's geometry loads). */
    static final int BLOCK_X = 32;
    static final int BLOCK_Y = 8;
    /** Most slices in one slab: bounds host memory and the time between progress reports. */
    static final int MAX_SLAB = 64;

    private final ParallelBeamGeometry g;
    private final GpuContext context;
    private GpuModule module;
    private final boolean iterative;
    private int slab;
    private DeviceBuffer start;
    private DeviceBuffer range;
    private DeviceBuffer cosines;
    private DeviceBuffer sino;
    private DeviceBuffer image;
    private long kernelNanos;
    private DeviceBuffer rowInverse;
    private DeviceBuffer columnInverse;
    private DeviceBuffer measured;
    private DeviceBuffer update;

    private GpuTomography(GpuDevice device, ParallelBeamGeometry g, int slices, boolean iterative) {
        this.g = g;
        this.iterative = iterative;
        this.context = GpuContext.open(device);
        GpuModule m = null;
        try {
            m = context.loadModule(GpuTomography.class, "tomo_kernels.ptx");
            SlabPlan plan = SlabPlan.plan(context.freeMemory(), fixedBytes(g, iterative), bytesPerSlice(g, iterative),
                    slices, GROUP, maxSlab(g));
            slab = plan.perSlab();
            start = context.allocate(4L * g.angleCount() * g.size());
            start.upload(startTable(g));
            range = context.allocate(8L * g.angleCount() * g.size());
            range.upload(rangeTable(g));
            cosines = context.allocate(4L * g.angleCount());
            cosines.upload(cosineTable(g));
            sino = context.allocate(4L * slab * sinogramLength(g));
            image = context.allocate(4L * slab * g.size() * g.size());
            if (iterative) {
                measured = context.allocate(4L * slab * sinogramLength(g));
                update = context.allocate(4L * slab * g.size() * g.size());
                float[][] inv = sirtWeights(g);
                rowInverse = context.allocate(4L * inv[0].length);
                rowInverse.upload(inv[0]);
                columnInverse = context.allocate(4L * inv[1].length);
                columnInverse.upload(inv[1]);
            }
            module = m;
        } catch (RuntimeException e) {
            closeQuietly();
            if (m != null) {
                m.close();
            }
            context.close();
            throw e;
        }
    }

    /**
     * Opens the kernels on {@code device} for geometry {@code g}, with buffers for slabs of up to {@code slices}
     * slices (fewer where the memory is short).
     *
     * @param iterative also allocate what {@link #sirt} needs
     * @throws org.daybreak.gpu.GpuException when the device refuses or not even four slices fit
     */
    public static GpuTomography open(GpuDevice device, ParallelBeamGeometry g, int slices, boolean iterative) {
        return new GpuTomography(device, g, slices, iterative);
    }

    /** Slices per slab (a multiple of {@link #GROUP}). */
    public int slabSlices() {
        return slab;
    }

    /** Device bytes per slice: the sinogram and the image (twice each for SIRT). */
    static long bytesPerSlice(ParallelBeamGeometry g, boolean iterative) {
        long one = 4L * sinogramLength(g) + 4L * g.size() * g.size();
        return iterative ? 2 * one : one;
    }

    /** Device bytes of the tables: start, range, cosines (and SIRT's inverse row and column sums). */
    static long fixedBytes(ParallelBeamGeometry g, boolean iterative) {
        long t = 12L * g.angleCount() * g.size() + 4L * g.angleCount();
        return iterative ? t + 4L * sinogramLength(g) + 4L * g.size() * g.size() : t;
    }

    /** The largest slab one Java float array per slab holds, at most {@link #MAX_SLAB}, a multiple of 4. */
    static int maxSlab(ParallelBeamGeometry g) {
        long per = Math.max(sinogramLength(g), (long) g.size() * g.size());
        long fit = (Integer.MAX_VALUE - 16L) / per;
        int m = (int) Math.min(MAX_SLAB, fit);
        return Math.max(GROUP, m - m % GROUP);
    }

    static int sinogramLength(ParallelBeamGeometry g) {
        return g.angleCount() * g.paddedDetectors();
    }

    /** The launch of both projection kernels: {@value #BLOCK_X} x {@value #BLOCK_Y} blocks over the slice. */
    static LaunchGeometry launch(ParallelBeamGeometry g, int groups) {
        return LaunchGeometry.covering(g.size(), g.size(), groups, BLOCK_X, BLOCK_Y);
    }

    /** {@code start[a * size + y]} = {@link ParallelBeamGeometry#rowStart}(a, y). */
    static float[] startTable(ParallelBeamGeometry g) {
        int n = g.size();
        float[] t = new float[g.angleCount() * n];
        for (int a = 0; a < g.angleCount(); a++) {
            for (int y = 0; y < n; y++) {
                t[a * n + y] = g.rowStart(a, y);
            }
        }
        return t;
    }

    /** {@code range[2 (a * size + y)]}, {@code + 1}: first and last column, {@link ParallelBeamGeometry#columns}. */
    static int[] rangeTable(ParallelBeamGeometry g) {
        int n = g.size();
        int[] t = new int[2 * g.angleCount() * n];
        int[] r = new int[2];
        for (int a = 0; a < g.angleCount(); a++) {
            for (int y = 0; y < n; y++) {
                g.columns(a, y, r);
                t[2 * (a * n + y)] = r[0];
                t[2 * (a * n + y) + 1] = r[1];
            }
        }
        return t;
    }

    static float[] cosineTable(ParallelBeamGeometry g) {
        float[] c = new float[g.angleCount()];
        for (int a = 0; a < c.length; a++) {
            c[a] = g.cos(a);
        }
        return c;
    }

    /**
     * Packs slices {@code first .. first + count - 1} of {@code slices} (each {@code length} floats) into groups of
     * four: {@code out[(group * length + i) * 4 + k] = slices[first + 4 group + k][i]}; missing slices of the last
     * group are zero.
     */
    static float[] pack(float[][] slices, int first, int count, int length) {
        int groups = (count + GROUP - 1) / GROUP;
        float[] out = new float[groups * length * GROUP];
        for (int s = 0; s < count; s++) {
            float[] src = slices[first + s];
            int base = (s / GROUP) * length * GROUP + s % GROUP;
            for (int i = 0; i < length; i++) {
                out[base + i * GROUP] = src[i];
            }
        }
        return out;
    }

    /** The inverse of {@link #pack}: {@code count} slices of {@code length} floats. */
    static float[][] unpack(float[] packed, int count, int length) {
        float[][] out = new float[count][length];
        for (int s = 0; s < count; s++) {
            float[] dst = out[s];
            int base = (s / GROUP) * length * GROUP + s % GROUP;
            for (int i = 0; i < length; i++) {
                dst[i] = packed[base + i * GROUP];
            }
        }
        return out;
    }

    /**
     * Back-projects padded sinograms ([slice][angle * paddedDetectors], at most {@link #slabSlices()} of them)
     * into slices [slice][y * size + x] multiplied by {@code scale}.
     */
    public float[][] backproject(float[][] paddedSinograms, float scale) {
        int count = checkSlab(paddedSinograms.length);
        int groups = (count + GROUP - 1) / GROUP;
        int len = sinogramLength(g);
        for (float[] s : paddedSinograms) {
            if (s.length != len) {
                throw new IllegalArgumentException("a padded sinogram has " + s.length + " values, not " + len);
            }
        }
        sino.upload(pack(paddedSinograms, 0, count, len));
        context.synchronize();
        long k0 = System.nanoTime();
        module.launch("backproject4", launch(g, groups), 0, null, sino, start, range, cosines, image, g.size(),
                g.angleCount(), g.paddedDetectors(), scale);
        context.synchronize();
        kernelNanos += System.nanoTime() - k0;
        float[] out = new float[groups * GROUP * g.size() * g.size()];
        image.download(out);
        return unpack(out, count, g.size() * g.size());
    }

    /** Forward-projects slices ([slice][y * size + x]) into padded sinograms [slice][angle * paddedDetectors]. */
    public float[][] forwardProject(float[][] slices) {
        int count = checkSlab(slices.length);
        int groups = (count + GROUP - 1) / GROUP;
        int pixels = g.size() * g.size();
        image.upload(pack(slices, 0, count, pixels));
        sino.clear();
        module.launch("forwardproject4", launch(g, groups), 0, null, image, start, range, cosines, sino, g.size(),
                g.angleCount(), g.paddedDetectors());
        float[] out = new float[groups * GROUP * sinogramLength(g)];
        sino.download(out);
        return unpack(out, count, sinogramLength(g));
    }

    /**
     * SIRT as {@code IterativeReconstructor}'s ({@code x += C A^T R (b - A x)}), all iterations on the GPU.
     *
     * @param sinograms [slice][angle * detectors] (unpadded), at most {@link #slabSlices()}
     * @param context   asked for cancellation between iterations (null: never)
     * @return slices [slice][y * size + x]
     */
    public float[][] sirt(float[][] sinograms, int iterations, JobContext context) {
        if (!iterative) {
            throw new IllegalStateException("this GPU tomography was opened without SIRT buffers");
        }
        int count = checkSlab(sinograms.length);
        int groups = (count + GROUP - 1) / GROUP;
        float[][] padded = new float[count][];
        for (int s = 0; s < count; s++) {
            padded[s] = Backprojector.pad(g, sinograms[s]);
        }
        int len = sinogramLength(g);
        int pixels = g.size() * g.size();
        measured.upload(pack(padded, 0, count, len));
        image.clear();
        LaunchGeometry project = launch(g, groups);
        long sinoFloats = (long) groups * GROUP * len;
        long imageFloats = (long) groups * GROUP * pixels;
        LaunchGeometry overSino = new LaunchGeometry(LaunchGeometry.ceilDiv(sinoFloats, 256), 1, 1, 256, 1, 1);
        LaunchGeometry overImage = new LaunchGeometry(LaunchGeometry.ceilDiv(imageFloats, 256), 1, 1, 256, 1, 1);
        for (int it = 0; it < iterations; it++) {
            if (context != null && context.isCancelled()) {
                throw new JobCancelledException();
            }
            sino.clear();
            module.launch("forwardproject4", project, 0, null, image, start, range, cosines, sino, g.size(),
                    g.angleCount(), g.paddedDetectors());
            module.launch("sirtResidual", overSino, 0, null, sino, measured, rowInverse, g.angleCount(),
                    g.paddedDetectors(), sinoFloats);
            module.launch("backproject4", project, 0, null, sino, start, range, cosines, update, g.size(),
                    g.angleCount(), g.paddedDetectors(), 1f);
            module.launch("sirtUpdate", overImage, 0, null, image, update, columnInverse, pixels, imageFloats);
        }
        float[] out = new float[(int) imageFloats];
        image.download(out);
        return unpack(out, count, pixels);
    }

    /**
     * CGLS as {@code IterativeReconstructor}'s, slice by slice in the same arithmetic on the host (dot products in
     * double), with every projection and back-projection of the slab on the GPU.
     *
     * @param sinograms [slice][angle * detectors] (unpadded), at most {@link #slabSlices()}
     * @param context   asked for cancellation between iterations (null: never)
     */
    public float[][] cgls(float[][] sinograms, int iterations, JobContext context) {
        int count = checkSlab(sinograms.length);
        int pixels = g.size() * g.size();
        float[][] r = new float[count][];
        for (int s = 0; s < count; s++) {
            r[s] = Backprojector.pad(g, sinograms[s]);
        }
        float[][] x = new float[count][pixels];
        float[][] sv = backproject(r, 1f);
        float[][] p = new float[count][];
        double[] gamma = new double[count];
        for (int s = 0; s < count; s++) {
            p[s] = sv[s].clone();
            gamma[s] = dot(sv[s], sv[s]);
        }
        boolean[] done = new boolean[count];
        for (int it = 0; it < iterations; it++) {
            if (context != null && context.isCancelled()) {
                throw new JobCancelledException();
            }
            float[][] q = forwardProject(p);
            for (int s = 0; s < count; s++) {
                clearPads(q[s]);
                double qq = dot(q[s], q[s]);
                if (done[s] || !(gamma[s] > 0) || qq <= 0) {
                    done[s] = true;
                    continue;
                }
                float alpha = (float) (gamma[s] / qq);
                for (int j = 0; j < pixels; j++) {
                    x[s][j] += alpha * p[s][j];
                }
                for (int i = 0; i < r[s].length; i++) {
                    r[s][i] -= alpha * q[s][i];
                }
            }
            float[][] sNew = backproject(r, 1f);
            for (int s = 0; s < count; s++) {
                if (done[s]) {
                    continue;
                }
                double gammaNew = dot(sNew[s], sNew[s]);
                float beta = (float) (gammaNew / gamma[s]);
                for (int j = 0; j < pixels; j++) {
                    p[s][j] = sNew[s][j] + beta * p[s][j];
                }
                gamma[s] = gammaNew;
            }
        }
        return x;
    }

    private void clearPads(float[] padded) {
        int pd = g.paddedDetectors();
        for (int a = 0; a < g.angleCount(); a++) {
            Arrays.fill(padded, a * pd, a * pd + ParallelBeamGeometry.PAD, 0f);
            Arrays.fill(padded, (a + 1) * pd - ParallelBeamGeometry.PAD, (a + 1) * pd, 0f);
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** SIRT's inverse row sums R ([angle * padded]) and column sums C ([y * x]), as the CPU computes them. */
    static float[][] sirtWeights(ParallelBeamGeometry g) {
        int pixels = g.size() * g.size();
        float[] ones = new float[pixels];
        Arrays.fill(ones, 1f);
        float[] rows = new float[sinogramLength(g)];
        ForwardProjector.projectPadded(g, ones, rows, 1);
        float[] onesSino = new float[rows.length];
        int pd = g.paddedDetectors();
        for (int a = 0; a < g.angleCount(); a++) {
            Arrays.fill(onesSino, a * pd + ParallelBeamGeometry.PAD, (a + 1) * pd - ParallelBeamGeometry.PAD, 1f);
        }
        float[] cols = new float[pixels];
        Backprojector.backproject(g, onesSino, cols, 1);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = rows[i] > 1e-6f ? 1f / rows[i] : 0f;
        }
        for (int j = 0; j < pixels; j++) {
            cols[j] = cols[j] > 1e-6f ? 1f / cols[j] : 0f;
        }
        return new float[][] {rows, cols};
    }

    private int checkSlab(int count) {
        if (count < 1 || count > slab) {
            throw new IllegalArgumentException("a GPU slab holds 1 to " + slab + " slices, not " + count);
        }
        return count;
    }

    private void closeQuietly() {
        for (DeviceBuffer b : new DeviceBuffer[] {start, range, cosines, sino, image, measured, update, rowInverse,
                columnInverse}) {
            if (b != null) {
                b.close();
            }
        }
    }

    /** Seconds spent in the back-projection kernel (launch to completion) so far: for benchmarks. */
    public double kernelSeconds() {
        return kernelNanos / 1e9;
    }

    @Override
    public void close() {
        closeQuietly();
        module.close();
        context.close();
    }
}
