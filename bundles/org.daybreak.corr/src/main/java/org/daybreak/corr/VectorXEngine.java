package org.daybreak.corr;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
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
 * is exact. At the end of a block each tile's lanes are converted to int32 and added lane by lane into the tile's
 * int accumulators ({@link #accumulate}); {@link #addExact} sums them into int64 (and so does every
 * {@link #DRAIN_BLOCKS} blocks, before an int32 lane could overflow): the result equals the scalar integer engine
 * bit for bit, which {@code XEngineTest} checks. Float input: the same kernel, lanes summed in float32 per block (differences from
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
    /** Per-baseline block sums in float mode. */
    final float[] floatRe;
    final float[] floatIm;
    private final float[] lanes = new float[16 * L];
    private int steps;
    /**
     * Exact mode: each tile's 16 accumulators (re and im of its 8 baselines) as int lanes, summed over blocks. A lane
     * gains at most {@code ceil(TIME_BLOCK / L) * 2^15} per block (see class comment), so they are drained into
     * {@link #pending} every {@link #DRAIN_BLOCKS} blocks, before an int could overflow.
     */
    private final int[] intLanes;
    private final long[] pending;
    private int pendingBlocks;
    static final int DRAIN_BLOCKS = (Integer.MAX_VALUE / 32768) / ((Math.max(XEngine.TIME_BLOCK, VectorXEngine.EXACT_BLOCK) + L - 1) / L);

    VectorXEngine(int inputs) {
        this.inputs = inputs;
        this.rows = (inputs + 3) / 4 * 4;
        re = new float[rows * STRIDE];
        im = new float[rows * STRIDE];
        int nb = Baselines.count(inputs);
        int tiles = 0;
        for (int i0 = 0; i0 < inputs; i0 += 2) {
            tiles += (inputs - i0 / 4 * 4 + 3) / 4;
        }
        intLanes = new int[tiles * 16 * L];
        pending = new long[2 * nb];
        floatRe = new float[nb];
        floatIm = new float[nb];
    }

    /** Transposes spectra t0..t0+n-1 of channel c from int8 [time][channel][input][2] into the planes. */
    void load(byte[] x, int t0, int n, int c, int channels) {
        load(new VectorXEngine[] {this}, 1, x, t0, n, c, channels);
    }

    /**
     * Channels c0 .. c0+count-1 into {@code group[0 .. count-1]}, spectra t0..t0+n-1 (all engines for the same
     * inputs). With 16 lanes (AVX-512) whole squares of 16 spectra x 8 inputs go through {@link #square}: sixteen
     * 16-byte loads widened to int, a 16 x 16 transpose in registers, sixteen vector stores; the rest element by
     * element ({@link #loadScalar}, the reference form). The channels of a group are read together, 16 spectra at a
     * time: one channel alone reads 128 bytes of each 16 KiB row of the input (64 inputs x 128 channels), which the
     * memory system serves at a few GB/s; {@link #GROUP} neighbouring channels make the reads contiguous.
     * Measured on the project machine (one core, 64 inputs x 128 channels x 4096 spectra, transpose alone): element
     * by element one channel at a time 0.041 s, in squares one channel at a time 0.027 s, in squares four channels
     * at a time 0.012 s.
     */
    static void load(VectorXEngine[] group, int count, byte[] x, int t0, int n, int c0, int channels) {
        int inputs = group[0].inputs;
        int rowStride = channels * inputs * 2;
        int squares = L == 16 ? inputs / 8 : 0;
        int t = 0;
        if (squares > 0) {
            for (; t + 16 <= n; t += 16) {
                for (int e = 0; e < count; e++) {
                    int src = ((t0 + t) * channels + c0 + e) * inputs * 2;
                    VectorXEngine engine = group[e];
                    for (int g = 0; g < squares; g++) {
                        engine.square(x, src + 16 * g, rowStride, g * 8 * STRIDE + t);
                    }
                }
            }
        }
        for (int e = 0; e < count; e++) {
            // the inputs past the last whole square for the spectra done above, then the spectra left
            group[e].loadScalar(x, t0, 0, t, c0 + e, channels, squares * 8);
            group[e].loadScalar(x, t0, t, n, c0 + e, channels, 0);
            group[e].padTail(n);
        }
    }

    /** Channels per group in {@link #load(VectorXEngine[], int, byte[], int, int, int, int)}. */
    static final int GROUP = 4;
    /**
     * Spectra per block of the exact kernel with groups of {@link #GROUP} channels. Measured on the project machine
     * (one core, thread CPU time of transpose + accumulation, 64 inputs x 128 channels x 4096): blocks of 256 x
     * groups of 4 0.12 s (the per-block work of each tile weighs more), 512 x 2 0.11 s, 512 x 4 0.09 s, 1024 x 1
     * 0.095 s, 1024 x 2 0.10 s.
     */
    static final int EXACT_BLOCK = 512;

    /** Spectra t0+tFrom .. t0+tTo-1, inputs kFrom .. inputs-1, element by element (the reference form). */
    private void loadScalar(byte[] x, int t0, int tFrom, int tTo, int c, int channels, int kFrom) {
        for (int t = tFrom; t < tTo; t++) {
            int src = ((t0 + t) * channels + c) * inputs * 2;
            for (int k = kFrom; k < inputs; k++) {
                re[k * STRIDE + t] = x[src + 2 * k];
                im[k * STRIDE + t] = x[src + 2 * k + 1];
            }
        }
    }

    /**
     * One square: inputs 8g .. 8g+7 of the 16 spectra whose rows start at {@code src}, {@code src + rowStride}, ...
     * into plane positions {@code at + input * STRIDE} (re) and the same in {@code im}. The transpose swaps the
     * off-diagonal halves, quarters, eighths and sixteenths of the 16 x 16 matrix in turn; each swap of a pair of
     * rows is two rotations and two blends.
     */
    private void square(byte[] x, int src, int rowStride, int at) {
        float[] re = this.re;
        float[] im = this.im;
        IntVector m0 = load16(x, src + 0 * rowStride);
        IntVector m1 = load16(x, src + 1 * rowStride);
        IntVector m2 = load16(x, src + 2 * rowStride);
        IntVector m3 = load16(x, src + 3 * rowStride);
        IntVector m4 = load16(x, src + 4 * rowStride);
        IntVector m5 = load16(x, src + 5 * rowStride);
        IntVector m6 = load16(x, src + 6 * rowStride);
        IntVector m7 = load16(x, src + 7 * rowStride);
        IntVector m8 = load16(x, src + 8 * rowStride);
        IntVector m9 = load16(x, src + 9 * rowStride);
        IntVector m10 = load16(x, src + 10 * rowStride);
        IntVector m11 = load16(x, src + 11 * rowStride);
        IntVector m12 = load16(x, src + 12 * rowStride);
        IntVector m13 = load16(x, src + 13 * rowStride);
        IntVector m14 = load16(x, src + 14 * rowStride);
        IntVector m15 = load16(x, src + 15 * rowStride);
        IntVector a0 = m0.blend(m8.rearrange(DOWN8), UPPER8);
        IntVector a8 = m0.rearrange(UP8).blend(m8, UPPER8);
        IntVector a1 = m1.blend(m9.rearrange(DOWN8), UPPER8);
        IntVector a9 = m1.rearrange(UP8).blend(m9, UPPER8);
        IntVector a2 = m2.blend(m10.rearrange(DOWN8), UPPER8);
        IntVector a10 = m2.rearrange(UP8).blend(m10, UPPER8);
        IntVector a3 = m3.blend(m11.rearrange(DOWN8), UPPER8);
        IntVector a11 = m3.rearrange(UP8).blend(m11, UPPER8);
        IntVector a4 = m4.blend(m12.rearrange(DOWN8), UPPER8);
        IntVector a12 = m4.rearrange(UP8).blend(m12, UPPER8);
        IntVector a5 = m5.blend(m13.rearrange(DOWN8), UPPER8);
        IntVector a13 = m5.rearrange(UP8).blend(m13, UPPER8);
        IntVector a6 = m6.blend(m14.rearrange(DOWN8), UPPER8);
        IntVector a14 = m6.rearrange(UP8).blend(m14, UPPER8);
        IntVector a7 = m7.blend(m15.rearrange(DOWN8), UPPER8);
        IntVector a15 = m7.rearrange(UP8).blend(m15, UPPER8);
        IntVector b0 = a0.blend(a4.rearrange(DOWN4), UPPER4);
        IntVector b4 = a0.rearrange(UP4).blend(a4, UPPER4);
        IntVector b1 = a1.blend(a5.rearrange(DOWN4), UPPER4);
        IntVector b5 = a1.rearrange(UP4).blend(a5, UPPER4);
        IntVector b2 = a2.blend(a6.rearrange(DOWN4), UPPER4);
        IntVector b6 = a2.rearrange(UP4).blend(a6, UPPER4);
        IntVector b3 = a3.blend(a7.rearrange(DOWN4), UPPER4);
        IntVector b7 = a3.rearrange(UP4).blend(a7, UPPER4);
        IntVector b8 = a8.blend(a12.rearrange(DOWN4), UPPER4);
        IntVector b12 = a8.rearrange(UP4).blend(a12, UPPER4);
        IntVector b9 = a9.blend(a13.rearrange(DOWN4), UPPER4);
        IntVector b13 = a9.rearrange(UP4).blend(a13, UPPER4);
        IntVector b10 = a10.blend(a14.rearrange(DOWN4), UPPER4);
        IntVector b14 = a10.rearrange(UP4).blend(a14, UPPER4);
        IntVector b11 = a11.blend(a15.rearrange(DOWN4), UPPER4);
        IntVector b15 = a11.rearrange(UP4).blend(a15, UPPER4);
        IntVector c0 = b0.blend(b2.rearrange(DOWN2), UPPER2);
        IntVector c2 = b0.rearrange(UP2).blend(b2, UPPER2);
        IntVector c1 = b1.blend(b3.rearrange(DOWN2), UPPER2);
        IntVector c3 = b1.rearrange(UP2).blend(b3, UPPER2);
        IntVector c4 = b4.blend(b6.rearrange(DOWN2), UPPER2);
        IntVector c6 = b4.rearrange(UP2).blend(b6, UPPER2);
        IntVector c5 = b5.blend(b7.rearrange(DOWN2), UPPER2);
        IntVector c7 = b5.rearrange(UP2).blend(b7, UPPER2);
        IntVector c8 = b8.blend(b10.rearrange(DOWN2), UPPER2);
        IntVector c10 = b8.rearrange(UP2).blend(b10, UPPER2);
        IntVector c9 = b9.blend(b11.rearrange(DOWN2), UPPER2);
        IntVector c11 = b9.rearrange(UP2).blend(b11, UPPER2);
        IntVector c12 = b12.blend(b14.rearrange(DOWN2), UPPER2);
        IntVector c14 = b12.rearrange(UP2).blend(b14, UPPER2);
        IntVector c13 = b13.blend(b15.rearrange(DOWN2), UPPER2);
        IntVector c15 = b13.rearrange(UP2).blend(b15, UPPER2);
        IntVector d0 = c0.blend(c1.rearrange(DOWN1), UPPER1);
        IntVector d1 = c0.rearrange(UP1).blend(c1, UPPER1);
        IntVector d2 = c2.blend(c3.rearrange(DOWN1), UPPER1);
        IntVector d3 = c2.rearrange(UP1).blend(c3, UPPER1);
        IntVector d4 = c4.blend(c5.rearrange(DOWN1), UPPER1);
        IntVector d5 = c4.rearrange(UP1).blend(c5, UPPER1);
        IntVector d6 = c6.blend(c7.rearrange(DOWN1), UPPER1);
        IntVector d7 = c6.rearrange(UP1).blend(c7, UPPER1);
        IntVector d8 = c8.blend(c9.rearrange(DOWN1), UPPER1);
        IntVector d9 = c8.rearrange(UP1).blend(c9, UPPER1);
        IntVector d10 = c10.blend(c11.rearrange(DOWN1), UPPER1);
        IntVector d11 = c10.rearrange(UP1).blend(c11, UPPER1);
        IntVector d12 = c12.blend(c13.rearrange(DOWN1), UPPER1);
        IntVector d13 = c12.rearrange(UP1).blend(c13, UPPER1);
        IntVector d14 = c14.blend(c15.rearrange(DOWN1), UPPER1);
        IntVector d15 = c14.rearrange(UP1).blend(c15, UPPER1);
        ((FloatVector) d0.convert(VectorOperators.I2F, 0)).intoArray(re, at + 0 * STRIDE);
        ((FloatVector) d1.convert(VectorOperators.I2F, 0)).intoArray(im, at + 0 * STRIDE);
        ((FloatVector) d2.convert(VectorOperators.I2F, 0)).intoArray(re, at + 1 * STRIDE);
        ((FloatVector) d3.convert(VectorOperators.I2F, 0)).intoArray(im, at + 1 * STRIDE);
        ((FloatVector) d4.convert(VectorOperators.I2F, 0)).intoArray(re, at + 2 * STRIDE);
        ((FloatVector) d5.convert(VectorOperators.I2F, 0)).intoArray(im, at + 2 * STRIDE);
        ((FloatVector) d6.convert(VectorOperators.I2F, 0)).intoArray(re, at + 3 * STRIDE);
        ((FloatVector) d7.convert(VectorOperators.I2F, 0)).intoArray(im, at + 3 * STRIDE);
        ((FloatVector) d8.convert(VectorOperators.I2F, 0)).intoArray(re, at + 4 * STRIDE);
        ((FloatVector) d9.convert(VectorOperators.I2F, 0)).intoArray(im, at + 4 * STRIDE);
        ((FloatVector) d10.convert(VectorOperators.I2F, 0)).intoArray(re, at + 5 * STRIDE);
        ((FloatVector) d11.convert(VectorOperators.I2F, 0)).intoArray(im, at + 5 * STRIDE);
        ((FloatVector) d12.convert(VectorOperators.I2F, 0)).intoArray(re, at + 6 * STRIDE);
        ((FloatVector) d13.convert(VectorOperators.I2F, 0)).intoArray(im, at + 6 * STRIDE);
        ((FloatVector) d14.convert(VectorOperators.I2F, 0)).intoArray(re, at + 7 * STRIDE);
        ((FloatVector) d15.convert(VectorOperators.I2F, 0)).intoArray(im, at + 7 * STRIDE);
    }

    private static IntVector load16(byte[] x, int offset) {
        return (IntVector) ByteVector.fromArray(B16, x, offset).convertShape(VectorOperators.B2I, I, 0);
    }

    /** 16 bytes: one vector row of a square. */
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    // The transpose's swaps (16 lanes). For the pair of rows (a, b) = (t, t + h), lane k of the new row t is a[k]
    // where bit h of k is clear and b[k - h] where it is set; of the new row t + h, a[k + h] where it is clear and
    // b[k] where it is set: a rotation of one row by h lanes and a blend on the mask of that bit.
    private static final VectorShuffle<Integer> DOWN8 = rotation(-8), UP8 = rotation(8);
    private static final VectorShuffle<Integer> DOWN4 = rotation(-4), UP4 = rotation(4);
    private static final VectorShuffle<Integer> DOWN2 = rotation(-2), UP2 = rotation(2);
    private static final VectorShuffle<Integer> DOWN1 = rotation(-1), UP1 = rotation(1);
    private static final VectorMask<Integer> UPPER8 = bitMask(8), UPPER4 = bitMask(4), UPPER2 = bitMask(2),
            UPPER1 = bitMask(1);

    /** Lane k takes lane k + by (mod L). */
    private static VectorShuffle<Integer> rotation(int by) {
        int[] idx = new int[L];
        for (int k = 0; k < L; k++) {
            idx[k] = Math.floorMod(k + by, L);
        }
        return VectorShuffle.fromArray(I, idx, 0);
    }

    /** Lanes k with bit {@code bit} set. */
    private static VectorMask<Integer> bitMask(int bit) {
        boolean[] set = new boolean[L];
        for (int k = 0; k < L; k++) {
            set[k] = (k & bit) != 0;
        }
        return VectorMask.fromArray(I, set, 0);
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
     * Accumulates the loaded block: exact (int8 input), added into the tiles' int lanes until {@link #addExact};
     * otherwise into {@link #floatRe}/{@link #floatIm}, overwriting them.
     */
    void accumulate(boolean exact) {
        int tileNo = 0;
        for (int i0 = 0; i0 < inputs; i0 += 2) {
            for (int j0 = i0 / 4 * 4; j0 < inputs; j0 += 4) {
                tile(i0, j0, tileNo++, exact);
            }
        }
        if (exact && ++pendingBlocks == DRAIN_BLOCKS) {
            drain(pending);
        }
    }

    /**
     * Adds the exact sums of the blocks accumulated since the last call to {@code out[outBase + 2b]} (re) and
     * {@code out[outBase + 2b + 1]} (im) of every baseline b, and clears them.
     */
    void addExact(long[] out, int outBase) {
        drain(pending);
        for (int b = 0; b < pending.length / 2; b++) {
            out[outBase + 2 * b] += pending[2 * b];
            out[outBase + 2 * b + 1] += pending[2 * b + 1];
        }
        java.util.Arrays.fill(pending, 0);
    }

    /** Sums each tile's int lanes into {@code into} (per baseline, re and im) and clears the lanes. */
    private void drain(long[] into) {
        int[] acc = intLanes;
        int tileNo = 0;
        for (int i0 = 0; i0 < inputs; i0 += 2) {
            for (int j0 = i0 / 4 * 4; j0 < inputs; j0 += 4, tileNo++) {
                for (int k = 0; k < 8; k++) {
                    int i = i0 + k / 4;
                    int j = j0 + k % 4;
                    int at = (tileNo * 16 + 2 * k) * L;
                    if (i <= j && j < inputs) {
                        long sr = 0;
                        long si = 0;
                        for (int l = 0; l < L; l++) {
                            sr += acc[at + l];
                            si += acc[at + L + l];
                        }
                        int b = Baselines.rowStart(inputs, i) + (j - i);
                        into[2 * b] += sr;
                        into[2 * b + 1] += si;
                    }
                }
            }
        }
        java.util.Arrays.fill(acc, 0);
        pendingBlocks = 0;
    }

    private void tile(int i0, int j0, int tileNo, boolean exact) {
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
        if (exact) {
            // exact integers: added lane by lane into this tile's int accumulators (no sum across lanes per block)
            int[] acc = intLanes;
            int at = tileNo * 16 * L;
            IntVector.fromArray(I, acc, at + 0 * L).add((IntVector) r00.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 0 * L);
            IntVector.fromArray(I, acc, at + 1 * L).add((IntVector) q00.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 1 * L);
            IntVector.fromArray(I, acc, at + 2 * L).add((IntVector) r01.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 2 * L);
            IntVector.fromArray(I, acc, at + 3 * L).add((IntVector) q01.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 3 * L);
            IntVector.fromArray(I, acc, at + 4 * L).add((IntVector) r02.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 4 * L);
            IntVector.fromArray(I, acc, at + 5 * L).add((IntVector) q02.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 5 * L);
            IntVector.fromArray(I, acc, at + 6 * L).add((IntVector) r03.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 6 * L);
            IntVector.fromArray(I, acc, at + 7 * L).add((IntVector) q03.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 7 * L);
            IntVector.fromArray(I, acc, at + 8 * L).add((IntVector) r10.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 8 * L);
            IntVector.fromArray(I, acc, at + 9 * L).add((IntVector) q10.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 9 * L);
            IntVector.fromArray(I, acc, at + 10 * L).add((IntVector) r11.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 10 * L);
            IntVector.fromArray(I, acc, at + 11 * L).add((IntVector) q11.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 11 * L);
            IntVector.fromArray(I, acc, at + 12 * L).add((IntVector) r12.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 12 * L);
            IntVector.fromArray(I, acc, at + 13 * L).add((IntVector) q12.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 13 * L);
            IntVector.fromArray(I, acc, at + 14 * L).add((IntVector) r13.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 14 * L);
            IntVector.fromArray(I, acc, at + 15 * L).add((IntVector) q13.convert(VectorOperators.F2I, 0))
                    .intoArray(acc, at + 15 * L);
            return;
        }
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
            store(i0 + k / 4, j0 + k % 4, 2 * k * L);
        }
    }

    /** Float mode: sums the lanes of baseline (i, j) held in {@code lanes[at ..]} (re) and {@code lanes[at + L ..]} (im). */
    private void store(int i, int j, int at) {
        if (i > j || j >= inputs) {
            return;
        }
        int b = Baselines.rowStart(inputs, i) + (j - i);
        float[] lanes = this.lanes;
        float sr = 0;
        float si = 0;
        for (int k = 0; k < L; k++) {
            sr += lanes[at + k];
            si += lanes[at + L + k];
        }
        floatRe[b] = sr;
        floatIm[b] = si;
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
            // 10 inputs: one whole 16 x 8 square and a tail input in the transpose, tiles on the diagonal and past
            // the last input in the accumulation
            int inputs = 10;
            VectorXEngine e = new VectorXEngine(inputs);
            byte[] block = new byte[16 * inputs * 2];
            for (int k = 0; k < block.length; k++) {
                block[k] = (byte) (k * 37 + 11);
            }
            long[] sink = new long[2 * Baselines.count(inputs)];
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            java.util.function.LongSupplier cpu = mx.isCurrentThreadCpuTimeSupported() ? mx::getCurrentThreadCpuTime
                    : System::nanoTime;
            long start = cpu.getAsLong();
            int fast = 0;
            while (fast < 3 && cpu.getAsLong() - start < WARM_UP_LIMIT_NANOS) {
                long c0 = cpu.getAsLong();
                for (int k = 0; k < 200; k++) {
                    e.load(block, 0, 16, 0, 1);
                    e.accumulate(true);
                    e.accumulate(false);
                    if (k % 50 == 0) {
                        e.addExact(sink, 0);
                    }
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
