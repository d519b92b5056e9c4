package org.daybreak.corr;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The X-engine's per-channel accumulation with the JDK's Vector API, for int8 and float32 input alike.
 *
 * <p><b>Layout.</b> One channel's block of {@code n} spectra is transposed into antenna-major float planes
 * {@code re[input][STRIDE]}, {@code im[input][STRIDE]} (time along a row; rows past the last input and lanes past
 * {@code n} are zero). The upper triangle is covered by tiles of 2 x 4 baselines (i0..i0+1, j0..j0+3): per vector
 * of L spectra a tile loads 12 vectors and does 32 fused multiply-adds into 16 vector accumulators (re and im of 8
 * baselines), all in registers (AVX-512: 32 of them). Tiles on the diagonal also form some (i &gt; j) pairs, which
 * are dropped: 4.6 % extra work for 64 inputs.
 *
 * <p><b>Exactness for int8.</b> Every int8 value is an exact float; a product of two is at most 2^14 in magnitude,
 * so {@code ar*br + ai*bi} is at most 2^15. Each accumulator lane sums at most {@code TIME_BLOCK / L * 2} such
 * products (a few hundred), so every partial sum is an integer below 2^24 in magnitude and every fused multiply-add
 * is exact. At the end of a block the lanes are converted to int32 and summed in int32 (16 lanes x 2^21 at most),
 * and the caller adds the block into int64: the result equals the scalar integer engine bit for bit, which
 * {@code XEngineTest} checks. Float input: the same kernel, lanes summed in float32 per block (differences from
 * the scalar float engine are roundings, stated in the test).
 *
 * <p>Loaded only after {@link org.daybreak.core.simd.Simd#enabled()} said yes. Not thread-safe: one instance per
 * worker.
 */
final class VectorXEngine {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Row length of a plane: the block plus one vector of zero padding, rounded to 16 floats plus one cache line. */
    static final int STRIDE = ((XEngine.TIME_BLOCK + L + 15) / 16) * 16 + 16;

    final int inputs;
    final int rows;
    final float[] re;
    final float[] im;
    /** Per-baseline block sums: exact integers in int mode. */
    final int[] intRe;
    final int[] intIm;
    /** Per-baseline block sums in float mode. */
    final float[] floatRe;
    final float[] floatIm;
    private final float[] lanes = new float[16 * L];
    private int steps;

    VectorXEngine(int inputs) {
        this.inputs = inputs;
        this.rows = (inputs + 3) / 4 * 4;
        re = new float[rows * STRIDE];
        im = new float[rows * STRIDE];
        int nb = Baselines.count(inputs);
        intRe = new int[nb];
        intIm = new int[nb];
        floatRe = new float[nb];
        floatIm = new float[nb];
    }

    /** Transposes spectra t0..t0+n-1 of channel c from int8 [time][channel][input][2] into the planes. */
    void load(byte[] x, int t0, int n, int c, int channels) {
        for (int t = 0; t < n; t++) {
            int src = ((t0 + t) * channels + c) * inputs * 2;
            for (int k = 0; k < inputs; k++) {
                re[k * STRIDE + t] = x[src + 2 * k];
                im[k * STRIDE + t] = x[src + 2 * k + 1];
            }
        }
        padTail(n);
    }

    /** Transposes spectra t0..t0+n-1 of channel c from float32 [time][channel][input][2] into the planes. */
    void load(float[] x, int t0, int n, int c, int channels) {
        for (int t = 0; t < n; t++) {
            int src = ((t0 + t) * channels + c) * inputs * 2;
            for (int k = 0; k < inputs; k++) {
                re[k * STRIDE + t] = x[src + 2 * k];
                im[k * STRIDE + t] = x[src + 2 * k + 1];
            }
        }
        padTail(n);
    }

    private void padTail(int n) {
        steps = (n + L - 1) / L;
        int end = steps * L;
        for (int k = 0; k < inputs; k++) {
            java.util.Arrays.fill(re, k * STRIDE + n, k * STRIDE + end, 0f);
            java.util.Arrays.fill(im, k * STRIDE + n, k * STRIDE + end, 0f);
        }
    }

    /**
     * Accumulates the loaded block into {@link #intRe}/{@link #intIm} (exact, {@code exact} true) or
     * {@link #floatRe}/{@link #floatIm}, overwriting them.
     */
    void accumulate(boolean exact) {
        for (int i0 = 0; i0 < inputs; i0 += 2) {
            for (int j0 = i0 / 4 * 4; j0 < inputs; j0 += 4) {
                tile(i0, j0, exact);
            }
        }
    }

    private void tile(int i0, int j0, boolean exact) {
        float[] re = this.re;
        float[] im = this.im;
        int a0 = i0 * STRIDE;
        int a1 = a0 + STRIDE;
        int b0 = j0 * STRIDE;
        int b1 = b0 + STRIDE;
        int b2 = b1 + STRIDE;
        int b3 = b2 + STRIDE;
        FloatVector r00 = FloatVector.zero(F), r01 = r00, r02 = r00, r03 = r00;
        FloatVector r10 = r00, r11 = r00, r12 = r00, r13 = r00;
        FloatVector q00 = r00, q01 = r00, q02 = r00, q03 = r00;
        FloatVector q10 = r00, q11 = r00, q12 = r00, q13 = r00;
        int end = steps * L;
        for (int t = 0; t < end; t += L) {
            FloatVector ar0 = FloatVector.fromArray(F, re, a0 + t);
            FloatVector ai0 = FloatVector.fromArray(F, im, a0 + t);
            FloatVector ar1 = FloatVector.fromArray(F, re, a1 + t);
            FloatVector ai1 = FloatVector.fromArray(F, im, a1 + t);
            FloatVector br = FloatVector.fromArray(F, re, b0 + t);
            FloatVector bi = FloatVector.fromArray(F, im, b0 + t);
            // re += ar br + ai bi (fused); im += ai br - ar bi with both products rounded alike, so that the
            // imaginary part of x conj(x) is exactly 0 (autocorrelations, and identical voltages at two stations)
            r00 = ar0.fma(br, ai0.fma(bi, r00));
            q00 = q00.add(ai0.mul(br).sub(ar0.mul(bi)));
            r10 = ar1.fma(br, ai1.fma(bi, r10));
            q10 = q10.add(ai1.mul(br).sub(ar1.mul(bi)));
            br = FloatVector.fromArray(F, re, b1 + t);
            bi = FloatVector.fromArray(F, im, b1 + t);
            r01 = ar0.fma(br, ai0.fma(bi, r01));
            q01 = q01.add(ai0.mul(br).sub(ar0.mul(bi)));
            r11 = ar1.fma(br, ai1.fma(bi, r11));
            q11 = q11.add(ai1.mul(br).sub(ar1.mul(bi)));
            br = FloatVector.fromArray(F, re, b2 + t);
            bi = FloatVector.fromArray(F, im, b2 + t);
            r02 = ar0.fma(br, ai0.fma(bi, r02));
            q02 = q02.add(ai0.mul(br).sub(ar0.mul(bi)));
            r12 = ar1.fma(br, ai1.fma(bi, r12));
            q12 = q12.add(ai1.mul(br).sub(ar1.mul(bi)));
            br = FloatVector.fromArray(F, re, b3 + t);
            bi = FloatVector.fromArray(F, im, b3 + t);
            r03 = ar0.fma(br, ai0.fma(bi, r03));
            q03 = q03.add(ai0.mul(br).sub(ar0.mul(bi)));
            r13 = ar1.fma(br, ai1.fma(bi, r13));
            q13 = q13.add(ai1.mul(br).sub(ar1.mul(bi)));
        }
        // the sums leave the registers through plain stores: passing vectors to a method the JIT does not inline
        // would make it box them, inside the loop as well (measured: 20x slower)
        float[] lanes = this.lanes;
        r00.intoArray(lanes, 0);
        q00.intoArray(lanes, L);
        r01.intoArray(lanes, 2 * L);
        q01.intoArray(lanes, 3 * L);
        r02.intoArray(lanes, 4 * L);
        q02.intoArray(lanes, 5 * L);
        r03.intoArray(lanes, 6 * L);
        q03.intoArray(lanes, 7 * L);
        r10.intoArray(lanes, 8 * L);
        q10.intoArray(lanes, 9 * L);
        r11.intoArray(lanes, 10 * L);
        q11.intoArray(lanes, 11 * L);
        r12.intoArray(lanes, 12 * L);
        q12.intoArray(lanes, 13 * L);
        r13.intoArray(lanes, 14 * L);
        q13.intoArray(lanes, 15 * L);
        for (int k = 0; k < 8; k++) {
            store(i0 + k / 4, j0 + k % 4, 2 * k * L, exact);
        }
    }

    /** Sums the lanes of baseline (i, j) held in {@code lanes[at ..]} (re) and {@code lanes[at + L ..]} (im). */
    private void store(int i, int j, int at, boolean exact) {
        if (i > j || j >= inputs) {
            return;
        }
        int b = Baselines.rowStart(inputs, i) + (j - i);
        float[] lanes = this.lanes;
        if (exact) {
            // each lane is an exact integer below 2^24 in magnitude; their sum fits an int (see class comment)
            int sr = 0;
            int si = 0;
            for (int k = 0; k < L; k++) {
                sr += (int) lanes[at + k];
                si += (int) lanes[at + L + k];
            }
            intRe[b] = sr;
            intIm[b] = si;
        } else {
            float sr = 0;
            float si = 0;
            for (int k = 0; k < L; k++) {
                sr += lanes[at + k];
                si += lanes[at + L + k];
            }
            floatRe[b] = sr;
            floatIm[b] = si;
        }
    }

    /**
     * Set once the JIT has compiled the kernel (see {@link #startWarmUp}). Until then the Vector API runs as plain
     * Java objects, a hundred times slower than the scalar engine, so the integer engine (whose two forms give the
     * same bits) takes the scalar form for the channels it starts before this is set.
     */
    private static volatile boolean warm;
    private static final java.util.concurrent.atomic.AtomicBoolean WARMING =
            new java.util.concurrent.atomic.AtomicBoolean();
    private static final Object WARM_LOCK = new Object();

    /** True when the kernel has been seen running compiled. */
    static boolean warm() {
        return warm;
    }

    /** Waits until {@link #warm()} (the warm-up gives up after {@link #WARM_UP_LIMIT_NANOS} of its CPU time). */
    static void awaitWarm() {
        startWarmUp();
        synchronized (WARM_LOCK) {
            while (!warm) {
                try {
                    WARM_LOCK.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The warm-up's CPU time limit, after which the kernel is taken as it is. */
    static final long WARM_UP_LIMIT_NANOS = 5_000_000_000L;

    /**
     * Starts (once per JVM) a daemon thread that gets the kernel compiled, then sets {@link #warm()}.
     *
     * <p>Measured on the project machine (JDK 25): a run that entered the kernel cold spent 3-5 s in it before the
     * JIT's optimising tier had compiled {@code tile} (each interpreted call allocates its vectors), and a warm-up on
     * a block of another shape let the real run meet branches the compiled code had never seen, so it was thrown
     * away and the slow phase came again. Here the kernel runs on a block of one vector of spectra (each call cheap
     * even interpreted) for 6 inputs, so that tiles on the diagonal and past the last input take every branch of
     * {@link #store}, in both the exact and the float mode, until a call costs what compiled code costs (under 5 us
     * of CPU time per pair of calls in three batches in a row; interpreted, a pair is tens of microseconds).
     */
    static void startWarmUp() {
        if (warm || !WARMING.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(VectorXEngine::warmUp, "daybreak-xengine-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void warmUp() {
        try {
            int inputs = 6;
            VectorXEngine e = new VectorXEngine(inputs);
            byte[] block = new byte[L * inputs * 2];
            for (int k = 0; k < block.length; k++) {
                block[k] = (byte) (k * 37 + 11);
            }
            e.load(block, 0, L, 0, 1);
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            java.util.function.LongSupplier cpu = mx.isCurrentThreadCpuTimeSupported() ? mx::getCurrentThreadCpuTime
                    : System::nanoTime;
            long start = cpu.getAsLong();
            int fast = 0;
            while (fast < 3 && cpu.getAsLong() - start < WARM_UP_LIMIT_NANOS) {
                long c0 = cpu.getAsLong();
                for (int k = 0; k < 200; k++) {
                    e.accumulate(true);
                    e.accumulate(false);
                }
                long perPair = (cpu.getAsLong() - c0) / 200;
                fast = perPair < 5_000 ? fast + 1 : 0;
                if (Boolean.getBoolean("daybreak.xengine.warmup.trace")) {
                    System.err.printf("x-engine warm-up: %d ns per pair, %.3f s of CPU%n", perPair,
                            (cpu.getAsLong() - start) / 1e9);
                }
            }
        } finally {
            synchronized (WARM_LOCK) {
                warm = true;
                WARM_LOCK.notifyAll();
            }
        }
    }

    static {
        if (I.length() != L) {
            throw new IllegalStateException("int and float vectors of different lane counts: " + I + ", " + F);
        }
    }
}
