package org.daybreak.corr;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.parallel.Parallel;
import org.daybreak.core.simd.Simd;

/**
 * The X (cross-multiply) engine: for every channel and every baseline (i, j), i &lt;= j (see {@link Baselines}),
 * V_ij = sum over the K spectra of one dump of x_i * conj(x_j).
 *
 * <p><b>Input layout.</b> Channelised data {@code [time][channel][input][2]} with the last axis (re, im), C order,
 * exactly the layout of {@code corr xengine}'s .npy input. <b>Output layout</b> {@code [time/K][channel][baseline][2]}
 * (re, im).
 *
 * <p><b>Integer mode</b> ({@link #correlate(byte[], int, int, int, int, int, JobContext)}): int8 complex input, exact
 * int64 output. Every value of int8 is accepted, -128 included: a single product term
 * xr_i xr_j + xi_i xi_j (or xi_i xr_j - xr_i xi_j) lies in [-32640, 32768], so |term| &lt;= 2^15 and a sum of up to
 * {@link #INT_BLOCK_MAX} = floor((2^31 - 1) / 2^15) = 65535 terms fits an int32 exactly. The engine accumulates
 * in int32 over blocks of at most that many spectra (in practice {@link #TIME_BLOCK}, for cache reasons) and adds
 * each block into int64; the result is exact for any K (int64 overflows only after 2^48 spectra).
 *
 * <p><b>Float mode</b>: float32 input, products accumulated in float32 over blocks of {@link #TIME_BLOCK} spectra and
 * the blocks summed in float64.
 *
 * <p><b>Speed.</b> As in xGPU (Clark, La Plante &amp; Greenhill 2013) and the Tensor-Core Correlator (Romein 2021)
 * the work is, per channel, the Hermitian product X^H X over time; only the upper triangle is formed. Per channel
 * and time block the int8 input is transposed into antenna-major int planes of re and im ({@code [input][time]})
 * and each baseline is a pair of int dot products over time, which the JIT compiles to SIMD reductions. Float
 * input goes to time-major planes with the inner loop over the antennas of one triangle row. Channels are split
 * across threads (one {@link Parallel} chunk per channel); each worker owns its scratch planes and accumulators,
 * which are cleared for every block, so the result does not depend on the number of threads.
 *
 * <p><b>Vectorised form.</b> When {@link Simd#enabled()}, the float mode (and the integer mode for long runs, see
 * {@link #vectorInteger}) runs {@link VectorXEngine} instead: float planes,
 * 2 x 4 baseline tiles in vector registers, fused multiply-adds that are exact for int8 input (see there); the
 * scalar form below stays as the fallback and as the comparison in the tests.
 *
 * <p>Thread rules: the static methods are thread-safe; they run on the calling thread and the shared
 * {@link Parallel} pool and return when every channel is done. The context (null: none) is asked for cancellation
 * before each channel and told the progress every 16 channels.
 */
public final class XEngine {
    /** The largest number of spectra whose int8 products are summed exactly in an int32 (see class comment). */
    public static final int INT_BLOCK_MAX = Integer.MAX_VALUE / 32768;
    /** Spectra per accumulation block: the int planes of one block (2 x 1024 x N values) stay in the L2 cache. */
    public static final int TIME_BLOCK = 1024;

    private XEngine() {
    }

    /**
     * Integer mode.
     *
     * @param x        int8 data [time][channel][input][2], length time*channels*inputs*2
     * @param integrate spectra per dump K; must divide {@code time}
     * @param threads  worker threads (at least 1)
     * @return int64 visibilities [time/K][channel][baseline][2]
     */
    public static long[] correlate(byte[] x, int time, int channels, int inputs, int integrate, int threads,
            JobContext context) {
        return correlate(x, time, channels, inputs, integrate, threads, context,
                vectorInteger((double) time * channels * Baselines.count(inputs), Simd.enabled(),
                        System.getProperty("daybreak.xengine.vector")));
    }

    /**
     * Whether the integer mode runs the vector kernel: with the Vector API, for runs of at least
     * {@link #VECTOR_INTEGER_MIN_CMACS} complex multiply-accumulates, or as {@code -Ddaybreak.xengine.vector=true|false}
     * ({@code forced}) says. Both forms give the same bits. Measured on the project machine (JDK 25, AVX-512, 64
     * inputs x 128 channels x 4096, two threads): once compiled the vector kernel runs 15-16 G complex MAC/s against
     * 10-11 G for the scalar dot products, but getting it compiled costs about 1 s of CPU time on a side thread
     * while the channels run in the scalar form; on two cores a run of 1.1e9 took 0.45-0.68 s with it against
     * 0.24 s without. The saving (about 0.075 ns per complex MAC and core) repays that second from about 2e10.
     */
    static boolean vectorInteger(double cmacs, boolean simd, String forced) {
        if (!simd) {
            return false;
        }
        if (forced != null) {
            return Boolean.parseBoolean(forced);
        }
        return cmacs >= VECTOR_INTEGER_MIN_CMACS;
    }

    /** See {@link #vectorInteger}. */
    static final double VECTOR_INTEGER_MIN_CMACS = 2e10;

    /** The integer mode in the vectorised form ({@code vector}, see {@link VectorXEngine}) or the scalar one. */
    static long[] correlate(byte[] x, int time, int channels, int inputs, int integrate, int threads,
            JobContext context, boolean vector) {
        checkShape(x.length, time, channels, inputs, integrate);
        int nb = Baselines.count(inputs);
        int dumps = time / integrate;
        long[] out = new long[dumps * channels * nb * 2];
        if (vector) {
            // both forms give the same bits: channels started before the vector kernel is compiled take the scalar
            // form (see VectorXEngine.warm), so a short run does not pay for the JIT's warm-up. The vector form
            // reads VectorXEngine.GROUP neighbouring channels together (contiguous reads, see VectorXEngine.load)
            VectorXEngine.startWarmUp();
            int group = VectorXEngine.GROUP;
            forEachChannelGroup(channels, group, threads, context, () -> new Object[] {newGroup(inputs, group),
                new IntScratch(inputs)}, (c0, c1, both) -> {
                if (!VectorXEngine.warm()) {
                    for (int c = c0; c < c1; c++) {
                        scalarChannel(x, c, channels, inputs, integrate, dumps, nb, out, (IntScratch) both[1]);
                    }
                    return;
                }
                VectorXEngine[] engines = (VectorXEngine[]) both[0];
                int block = VectorXEngine.EXACT_BLOCK;
                for (int d = 0; d < dumps; d++) {
                    for (int t0 = d * integrate; t0 < (d + 1) * integrate; t0 += block) {
                        VectorXEngine.load(engines, c1 - c0, x, t0, Math.min(block, (d + 1) * integrate - t0), c0,
                                channels);
                        for (int e = 0; e < c1 - c0; e++) {
                            engines[e].accumulate(true);
                        }
                    }
                    for (int e = 0; e < c1 - c0; e++) {
                        engines[e].addExact(out, (d * channels + c0 + e) * nb * 2);
                    }
                }
            });
            return out;
        }
        forEachChannel(channels, threads, context, () -> new IntScratch(inputs),
                (c, s) -> scalarChannel(x, c, channels, inputs, integrate, dumps, nb, out, s));
        return out;
    }

    /** The scalar integer engine for one channel, all dumps, added into {@code out}. */
    private static void scalarChannel(byte[] x, int c, int channels, int inputs, int integrate, int dumps, int nb,
            long[] out, IntScratch s) {
        for (int d = 0; d < dumps; d++) {
            int outBase = (d * channels + c) * nb * 2;
            for (int t0 = d * integrate; t0 < (d + 1) * integrate; t0 += TIME_BLOCK) {
                int n = Math.min(TIME_BLOCK, (d + 1) * integrate - t0);
                s.load(x, t0, n, c, channels, inputs);
                java.util.Arrays.fill(s.accRe, 0);
                java.util.Arrays.fill(s.accIm, 0);
                accumulate(s.re, s.im, n, IntScratch.STRIDE, inputs, s.accRe, s.accIm);
                for (int b = 0; b < nb; b++) {
                    out[outBase + 2 * b] += s.accRe[b];
                    out[outBase + 2 * b + 1] += s.accIm[b];
                }
            }
        }
    }

    /**
     * Float mode; same layouts as the integer mode.
     *
     * @return float64 visibilities [time/K][channel][baseline][2]
     */
    public static double[] correlate(float[] x, int time, int channels, int inputs, int integrate, int threads,
            JobContext context) {
        return correlate(x, time, channels, inputs, integrate, threads, context, Simd.enabled());
    }

    /** The float mode in the vectorised form ({@code vector}, see {@link VectorXEngine}) or the scalar one. */
    static double[] correlate(float[] x, int time, int channels, int inputs, int integrate, int threads,
            JobContext context, boolean vector) {
        checkShape(x.length, time, channels, inputs, integrate);
        int nb = Baselines.count(inputs);
        int dumps = time / integrate;
        double[] out = new double[dumps * channels * nb * 2];
        if (vector) {
            // the float forms round differently, so every channel takes the vector form: it waits for the kernel to
            // be compiled (a fraction of a second, once per JVM) instead of running it interpreted (seconds)
            VectorXEngine.awaitWarm();
            forEachChannel(channels, threads, context, () -> new VectorXEngine(inputs), (c, s) -> {
                for (int d = 0; d < dumps; d++) {
                    int outBase = (d * channels + c) * nb * 2;
                    for (int t0 = d * integrate; t0 < (d + 1) * integrate; t0 += TIME_BLOCK) {
                        int n = Math.min(TIME_BLOCK, (d + 1) * integrate - t0);
                        s.load(x, t0, n, c, channels);
                        s.accumulate(false);
                        for (int b = 0; b < nb; b++) {
                            out[outBase + 2 * b] += s.floatRe[b];
                            out[outBase + 2 * b + 1] += s.floatIm[b];
                        }
                    }
                }
            });
            return out;
        }
        forEachChannel(channels, threads, context, () -> new FloatScratch(inputs), (c, s) -> {
            for (int d = 0; d < dumps; d++) {
                int outBase = (d * channels + c) * nb * 2;
                for (int t0 = d * integrate; t0 < (d + 1) * integrate; t0 += TIME_BLOCK) {
                    int n = Math.min(TIME_BLOCK, (d + 1) * integrate - t0);
                    s.load(x, t0, n, c, channels, inputs);
                    java.util.Arrays.fill(s.accRe, 0);
                    java.util.Arrays.fill(s.accIm, 0);
                    accumulate(s.re, s.im, n, inputs, s.accRe, s.accIm);
                    for (int b = 0; b < nb; b++) {
                        out[outBase + 2 * b] += s.accRe[b];
                        out[outBase + 2 * b + 1] += s.accIm[b];
                    }
                }
            }
        });
        return out;
    }

    private static void checkShape(int length, int time, int channels, int inputs, int integrate) {
        if (time <= 0 || channels <= 0 || inputs <= 0) {
            throw new IllegalArgumentException("the X-engine needs at least one spectrum, channel and input, not "
                    + time + " x " + channels + " x " + inputs);
        }
        if ((long) time * channels * inputs * 2 != length) {
            throw new IllegalArgumentException("the X-engine input holds " + length + " values, not time x channels"
                    + " x inputs x 2 = " + time + " x " + channels + " x " + inputs + " x 2");
        }
        if (integrate <= 0 || time % integrate != 0) {
            throw new IllegalArgumentException("the integration length " + integrate
                    + " does not divide the " + time + " spectra");
        }
        if ((long) (time / integrate) * channels * Baselines.count(inputs) * 2 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the visibilities of " + inputs + " inputs x " + channels
                    + " channels x " + (time / integrate) + " dumps are too many to hold in one array");
        }
    }

    /**
     * Upper-triangle accumulation over {@code n} spectra of antenna-major planes re/im [inputs][stride] into
     * baseline-ordered accumulators. One (i, j) pair at a time with the inner loop over time: the JIT turns the two
     * int sums into SIMD reductions (blocking over (i, j) by hand defeats that vectorisation on HotSpot C2, measured
     * on JDK 25: 0.4 against 4-7 G complex MAC/s per core). int arithmetic wraps, so the block sum is exact whenever
     * its true value fits an int (n &lt;= {@link #INT_BLOCK_MAX}).
     */
    static void accumulate(int[] re, int[] im, int n, int stride, int inputs, int[] accRe, int[] accIm) {
        int b = 0;
        for (int i = 0; i < inputs; i++) {
            int pi = i * stride;
            for (int j = i; j < inputs; j++, b++) {
                int pj = j * stride;
                int sr = 0, si = 0;
                for (int t = 0; t < n; t++) {
                    int ar = re[pi + t], ai = im[pi + t], br = re[pj + t], bi = im[pj + t];
                    sr += ar * br + ai * bi;
                    si += ai * br - ar * bi;
                }
                accRe[b] += sr;
                accIm[b] += si;
            }
        }
    }

    /**
     * Float version over time-major planes re/im [n][inputs]: the inner loop runs over j along one row of the
     * triangle for two spectra at once (float sums are not reordered by the JIT, so a reduction over time would stay
     * scalar).
     */
    static void accumulate(float[] re, float[] im, int n, int inputs, float[] accRe, float[] accIm) {
        int t = 0;
        for (; t + 1 < n; t += 2) {
            int p0 = t * inputs;
            int p1 = p0 + inputs;
            for (int i = 0; i < inputs; i++) {
                float ar0 = re[p0 + i], ai0 = im[p0 + i], ar1 = re[p1 + i], ai1 = im[p1 + i];
                int off = Baselines.rowStart(inputs, i) - i;
                for (int j = i; j < inputs; j++) {
                    float br0 = re[p0 + j], bi0 = im[p0 + j], br1 = re[p1 + j], bi1 = im[p1 + j];
                    accRe[off + j] += ar0 * br0 + ai0 * bi0 + ar1 * br1 + ai1 * bi1;
                    accIm[off + j] += ai0 * br0 - ar0 * bi0 + ai1 * br1 - ar1 * bi1;
                }
            }
        }
        for (; t < n; t++) {
            int p0 = t * inputs;
            for (int i = 0; i < inputs; i++) {
                float ar0 = re[p0 + i], ai0 = im[p0 + i];
                int off = Baselines.rowStart(inputs, i) - i;
                for (int j = i; j < inputs; j++) {
                    accRe[off + j] += ar0 * re[p0 + j] + ai0 * im[p0 + j];
                    accIm[off + j] += ai0 * re[p0 + j] - ar0 * im[p0 + j];
                }
            }
        }
    }

    private static final class IntScratch {
        /**
         * Row length of the planes: the block length plus 16 ints (one cache line), so that the 2N rows written
         * together during the transpose do not fall 4 KiB apart into the same L1 cache set (measured: about 4x
         * faster transpose than with unpadded rows).
         */
        static final int STRIDE = TIME_BLOCK + 16;
        final int[] re, im, accRe, accIm;

        IntScratch(int inputs) {
            re = new int[STRIDE * inputs];
            im = new int[STRIDE * inputs];
            accRe = new int[Baselines.count(inputs)];
            accIm = new int[Baselines.count(inputs)];
        }

        /** Transposes spectra t0..t0+n-1 of channel c from [time][channel][input][2] into planes [input][STRIDE]. */
        void load(byte[] x, int t0, int n, int c, int channels, int inputs) {
            for (int t = 0; t < n; t++) {
                int src = ((t0 + t) * channels + c) * inputs * 2;
                for (int k = 0; k < inputs; k++) {
                    re[k * STRIDE + t] = x[src + 2 * k];
                    im[k * STRIDE + t] = x[src + 2 * k + 1];
                }
            }
        }
    }

    private static final class FloatScratch {
        final float[] re, im, accRe, accIm;

        FloatScratch(int inputs) {
            re = new float[TIME_BLOCK * inputs];
            im = new float[TIME_BLOCK * inputs];
            accRe = new float[Baselines.count(inputs)];
            accIm = new float[Baselines.count(inputs)];
        }

        void load(float[] x, int t0, int n, int c, int channels, int inputs) {
            for (int t = 0; t < n; t++) {
                int src = ((t0 + t) * channels + c) * inputs * 2;
                int dst = t * inputs;
                for (int k = 0; k < inputs; k++) {
                    re[dst + k] = x[src + 2 * k];
                    im[dst + k] = x[src + 2 * k + 1];
                }
            }
        }
    }

    interface ChannelTask<S> {
        void run(int channel, S scratch);
    }

    /** Runs {@code task} for every channel, reporting "X-engine: channel d of n" every 16 channels and at the end. */
    private static <S> void forEachChannel(int channels, int threads, JobContext context, Supplier<S> scratch,
            ChannelTask<S> task) {
        forEachChannelGroup(channels, 1, threads, context, scratch, (c0, c1, s) -> task.run(c0, s));
    }

    interface GroupTask<S> {
        void run(int firstChannel, int endChannel, S scratch);
    }

    /** As {@link #forEachChannel}, for groups of {@code group} neighbouring channels (the last may be smaller). */
    private static <S> void forEachChannelGroup(int channels, int group, int threads, JobContext context,
            Supplier<S> scratch, GroupTask<S> task) {
        AtomicInteger done = new AtomicInteger();
        int groups = (channels + group - 1) / group;
        Parallel.forEach(groups, threads, context, scratch, (g, s) -> {
            int c0 = g * group;
            int c1 = Math.min(channels, c0 + group);
            task.run(c0, c1, s);
            int before = done.getAndAdd(c1 - c0);
            int d = before + c1 - c0;
            if (context != null && (before >> 4 != d >> 4 || d == channels)) {
                context.progress((double) d / channels, "X-engine: channel " + d + " of " + channels);
            }
        });
    }

    private static VectorXEngine[] newGroup(int inputs, int size) {
        VectorXEngine[] g = new VectorXEngine[size];
        for (int k = 0; k < size; k++) {
            g[k] = new VectorXEngine(inputs);
        }
        return g;
    }
}
