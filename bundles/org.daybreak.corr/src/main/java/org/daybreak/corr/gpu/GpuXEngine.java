package org.daybreak.corr.gpu;

import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobContext;
import org.daybreak.corr.Baselines;
import org.daybreak.corr.XEngine;
import org.daybreak.gpu.DeviceBuffer;
import org.daybreak.gpu.GpuContext;
import org.daybreak.gpu.GpuDevice;
import org.daybreak.gpu.GpuModule;
import org.daybreak.gpu.LaunchGeometry;
import org.daybreak.gpu.SlabPlan;

/**
 * The integer X-engine on a CUDA GPU: the contract of {@link XEngine#correlate(byte[], int, int, int, int, int,
 * JobContext)} (int8 [time][channel][input][2] in, exact int64 [time/K][channel][baseline][2] out, the same baseline
 * order), computed by {@code xengine.cu} beside this class (its comment holds the layout, the dp4a arithmetic and
 * the launch geometry). The result is bit-identical to the CPU's: both are exact integer sums.
 *
 * <p>Slabs: dumps go through the GPU in slabs sized by {@link SlabPlan} to the free device memory; progress is
 * reported and cancellation checked between slabs.
 *
 * <p>Thread rules: one thread at a time; {@link #close()} frees the module and the context reference.
 */
public final class GpuXEngine implements AutoCloseable {
    /** Threads per block, each owning one tile of 2 x 2 baselines. */
    static final int BLOCK = 128;
    /** Most dumps per slab (bounds the host arrays). */
    static final int MAX_SLAB = 4096;

    private final GpuContext context;
    private final GpuModule module;
    private long kernelNanos;

    private GpuXEngine(GpuDevice device) {
        context = GpuContext.open(device);
        try {
            module = context.loadModule(GpuXEngine.class, "xengine.ptx");
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** Loads the kernel on {@code device}. */
    public static GpuXEngine open(GpuDevice device) {
        return new GpuXEngine(device);
    }

    /** Tiles of 2 x 2 baselines: T (T + 1) / 2 with T = ceil(inputs / 2). */
    static int tiles(int inputs) {
        int t = (inputs + 1) / 2;
        return t * (t + 1) / 2;
    }

    /** Pairs of spectra staged in shared memory at once: at most 32, and at most 48 KiB of words. */
    static int chunk(int inputs) {
        return Math.max(1, Math.min(32, 12288 / inputs));
    }

    static LaunchGeometry launch(int inputs, int channels, int dumps) {
        return new LaunchGeometry(LaunchGeometry.ceilDiv(tiles(inputs), BLOCK), channels, dumps, BLOCK, 1, 1);
    }

    /** Pairs of spectra per dump of {@code integrate} spectra (an odd dump ends with a zero spectrum). */
    static int pairs(int integrate) {
        return (integrate + 1) / 2;
    }

    /**
     * Packs dumps {@code firstDump .. firstDump + dumps - 1} of {@code x} ([time][channel][input][2] int8) into the
     * kernel's words [dump][channel][pair][input]: word = re(2p) | im(2p) << 8 | re(2p+1) << 16 | im(2p+1) << 24
     * (bytes as two's complement), spectrum 2p and 2p+1 of the dump.
     */
    static int[] pack(byte[] x, int channels, int inputs, int integrate, int firstDump, int dumps) {
        int pairs = pairs(integrate);
        int[] w = new int[dumps * channels * pairs * inputs];
        for (int d = 0; d < dumps; d++) {
            int t0 = (firstDump + d) * integrate;
            for (int tt = 0; tt < integrate; tt++) {
                int shift = (tt & 1) * 16;
                int src = ((t0 + tt) * channels) * inputs * 2;
                for (int c = 0; c < channels; c++) {
                    int dst = ((d * channels + c) * pairs + (tt >> 1)) * inputs;
                    int s = src + c * inputs * 2;
                    for (int i = 0; i < inputs; i++) {
                        int re = x[s + 2 * i] & 0xff;
                        int im = x[s + 2 * i + 1] & 0xff;
                        w[dst + i] |= (re | im << 8) << shift;
                    }
                }
            }
        }
        return w;
    }

    /**
     * As {@link XEngine#correlate(byte[], int, int, int, int, int, JobContext)}, on the GPU.
     *
     * @param job progress and cancellation between slabs (null: none)
     */
    public long[] correlate(byte[] x, int time, int channels, int inputs, int integrate, JobContext job) {
        if (time <= 0 || channels <= 0 || inputs <= 0 || integrate <= 0 || time % integrate != 0
                || (long) time * channels * inputs * 2 != x.length) {
            // the CPU engine's checks and messages
            return XEngine.correlate(x, time, channels, inputs, integrate, 1, job);
        }
        int nb = Baselines.count(inputs);
        int dumps = time / integrate;
        long[] out = new long[dumps * channels * nb * 2];
        int pairs = pairs(integrate);
        long inPerDump = 4L * channels * pairs * inputs;
        long outPerDump = 16L * channels * nb;
        int maxSlab = (int) Math.max(1, Math.min(MAX_SLAB, (Integer.MAX_VALUE - 16L) / Math.max(inPerDump / 4,
                outPerDump / 8)));
        SlabPlan plan = SlabPlan.plan(context.freeMemory(), 0, inPerDump + outPerDump, dumps, 1, maxSlab);
        try (DeviceBuffer words = context.allocate(inPerDump * plan.perSlab());
                DeviceBuffer vis = context.allocate(outPerDump * plan.perSlab())) {
            for (int[] slab : plan.slabs()) {
                if (job != null && job.isCancelled()) {
                    throw new JobCancelledException();
                }
                int n = slab[1] - slab[0];
                words.upload(pack(x, channels, inputs, integrate, slab[0], n));
                context.synchronize();
                long k0 = System.nanoTime();
                module.launch("xengine_dp4a", launch(inputs, channels, n), chunk(inputs) * inputs * 4, null, words,
                        vis, inputs, channels, pairs, tiles(inputs), chunk(inputs));
                context.synchronize();
                kernelNanos += System.nanoTime() - k0;
                long[] part = new long[n * channels * nb * 2];
                vis.download(part);
                System.arraycopy(part, 0, out, slab[0] * channels * nb * 2, part.length);
                if (job != null) {
                    job.progress((double) slab[1] / dumps, "X-engine (GPU): dump " + slab[1] + " of " + dumps);
                }
            }
        }
        return out;
    }

    /** Seconds spent in the kernel (launch to completion) by this object so far: for benchmarks. */
    public double kernelSeconds() {
        return kernelNanos / 1e9;
    }

    @Override
    public void close() {
        module.close();
        context.close();
    }
}
