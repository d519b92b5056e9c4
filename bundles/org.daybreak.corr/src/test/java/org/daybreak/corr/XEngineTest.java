package org.daybreak.corr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.simd.Simd;
import org.junit.jupiter.api.Test;

class XEngineTest {

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    void integerModeMatchesReferenceOnRandomInput() {
        Random r = new Random(1);
        int[][] cases = {{1, 1, 1, 1}, {7, 3, 5, 7}, {600, 2, 9, 300}, {40, 4, 16, 8}, {513, 3, 4, 513}};
        for (int[] c : cases) {
            byte[] x = random(r, c[0] * c[1] * c[2] * 2);
            for (int threads : new int[] {1, 2, 3}) {
                assertArrayEquals(ReferenceCorrelator.xengine(x, c[0], c[1], c[2], c[3]),
                        XEngine.correlate(x, c[0], c[1], c[2], c[3], threads, JobContext.NONE));
            }
        }
    }

    @Test
    void integerModeIsExactOnExtremeValues() {
        int time = 2 * XEngine.TIME_BLOCK + 3, channels = 2, inputs = 5;
        for (byte[] pattern : new byte[][] {{-128}, {127}, {-128, 127}, {127, -128, -128}, {0, -128, 127, 1}}) {
            byte[] x = new byte[time * channels * inputs * 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = pattern[i % pattern.length];
            }
            assertArrayEquals(ReferenceCorrelator.xengine(x, time, channels, inputs, time),
                    XEngine.correlate(x, time, channels, inputs, time, 2, JobContext.NONE));
        }
        // all -128: every autocorrelation is 2 * 128^2 per spectrum, summed exactly
        byte[] x = new byte[time * channels * inputs * 2];
        java.util.Arrays.fill(x, (byte) -128);
        long[] v = XEngine.correlate(x, time, channels, inputs, time, 1, JobContext.NONE);
        assertEquals(2L * 128 * 128 * time, v[0]);
        assertEquals(0L, v[1]);
    }

    /**
     * The vectorised and the scalar integer engines against the reference, bit for bit: random int8 input, the
     * extreme values (-128, 127) that make the largest products, shapes with inputs not a multiple of the 2 x 4
     * tile, spectra not a multiple of the vector length, blocks of {@link XEngine#TIME_BLOCK} and dumps.
     */
    @Test
    void vectorAndScalarIntegerEnginesAreBitExact() throws InterruptedException {
        assertTrue(Simd.enabled(), "the Vector API must be usable in the test JVM: " + Simd.describe());
        // the engine takes the scalar form until the vector kernel is compiled: wait for that, so the channels
        // below really run the vector kernel (the block-level test below runs it unconditionally)
        VectorXEngine.startWarmUp();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!VectorXEngine.warm() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(VectorXEngine.warm(), "the X-engine's warm-up did not finish in 20 s");
        Random r = new Random(5);
        int[][] cases = {{1, 1, 1, 1}, {17, 2, 3, 17}, {2 * XEngine.TIME_BLOCK + 5, 2, 13, 2 * XEngine.TIME_BLOCK + 5},
            {96, 3, 64, 32}, {40, 1, 7, 20}, {33, 2, 2, 11}};
        for (int[] c : cases) {
            byte[] x = random(r, c[0] * c[1] * c[2] * 2);
            long[] ref = ReferenceCorrelator.xengine(x, c[0], c[1], c[2], c[3]);
            assertArrayEquals(ref, XEngine.correlate(x, c[0], c[1], c[2], c[3], 2, JobContext.NONE, true));
            assertArrayEquals(ref, XEngine.correlate(x, c[0], c[1], c[2], c[3], 2, JobContext.NONE, false));
        }
        int time = XEngine.TIME_BLOCK + 7, inputs = 9;
        for (byte[] pattern : new byte[][] {{-128}, {127, -128}, {-128, -128, 127}}) {
            byte[] x = new byte[time * inputs * 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = pattern[i % pattern.length];
            }
            assertArrayEquals(ReferenceCorrelator.xengine(x, time, 1, inputs, time),
                    XEngine.correlate(x, time, 1, inputs, time, 1, JobContext.NONE, true));
        }
    }

    /**
     * The exact kernel keeps its sums in int lanes across blocks and moves them to int64 every
     * {@link VectorXEngine#DRAIN_BLOCKS} blocks: with the largest products (-128 everywhere) a lane passes 2^31 after
     * about that many blocks, so running past it checks the drain (without it the sums would wrap).
     */
    @Test
    void exactLanesAreDrainedBeforeTheyOverflow() {
        int n = XEngine.TIME_BLOCK;
        byte[] x = new byte[n * 2];
        java.util.Arrays.fill(x, (byte) -128);
        VectorXEngine v = new VectorXEngine(1);
        v.load(x, 0, n, 0, 1);
        int blocks = 2 * VectorXEngine.DRAIN_BLOCKS + 3;
        for (int k = 0; k < blocks; k++) {
            v.accumulate(true);
        }
        long[] got = new long[2];
        v.addExact(got, 0);
        assertEquals((long) blocks * n * 2 * 16384, got[0]);
        assertTrue(got[0] > Integer.MAX_VALUE, "the test must pass the int range: " + got[0]);
        assertEquals(0L, got[1]);
    }

    /** The integer mode's choice of form: by size, unless forced; never without the Vector API. */
    @Test
    void integerFormIsChosenBySize() {
        assertTrue(XEngine.vectorInteger(1e11, true, null));
        assertTrue(!XEngine.vectorInteger(1e9, true, null));
        assertTrue(XEngine.vectorInteger(1e3, true, "true"));
        assertTrue(!XEngine.vectorInteger(1e11, true, "false"));
        assertTrue(!XEngine.vectorInteger(1e11, false, "true"));
    }

    /** One block through the vector kernel and the scalar accumulation directly, whatever the warm-up state. */
    @Test
    void vectorKernelBlockEqualsScalarBlock() {
        Random r = new Random(9);
        for (int inputs : new int[] {1, 2, 5, 8, 13, 64}) {
            for (int n : new int[] {1, 15, 16, 17, 300, XEngine.TIME_BLOCK}) {
                byte[] x = random(r, n * inputs * 2);
                VectorXEngine v = new VectorXEngine(inputs);
                v.load(x, 0, n, 0, 1);
                v.accumulate(true);
                long[] ref = ReferenceCorrelator.xengine(x, n, 1, inputs, n);
                long[] got = new long[ref.length];
                v.addExact(got, 0);
                for (int b = 0; b < Baselines.count(inputs); b++) {
                    assertEquals(ref[2 * b], got[2 * b], "re, inputs " + inputs + ", n " + n + ", baseline " + b);
                    assertEquals(ref[2 * b + 1], got[2 * b + 1], "im, inputs " + inputs + ", n " + n + ", baseline " + b);
                }
            }
        }
    }

    /**
     * The vectorised float engine against the reference and the scalar float engine. Tolerance: the sums of K
     * products of unit Gaussians are accumulated in float32 in a different order, so each element may differ by a
     * few float32 roundings of the running sum: 1e-5 x (sum of |products|) + 1e-4.
     */
    @Test
    void vectorFloatEngineMatchesReferenceToTolerance() {
        Random r = new Random(8);
        int time = 2100, channels = 2, inputs = 11, k = 700;
        float[] x = new float[time * channels * inputs * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        double[] ref = ReferenceCorrelator.xengine(x, time, channels, inputs, k);
        double[] vector = XEngine.correlate(x, time, channels, inputs, k, 2, JobContext.NONE, true);
        double[] scalar = XEngine.correlate(x, time, channels, inputs, k, 2, JobContext.NONE, false);
        double bound = 1e-5 * 2 * k + 1e-4;
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], vector[i], bound, "vector, element " + i);
            assertEquals(scalar[i], vector[i], bound, "vector against scalar, element " + i);
        }
    }

    @Test
    void integrationsBeyondTheInt32RangeStayExact() {
        int time = 70000, inputs = 2;
        byte[] x = new byte[time * inputs * 2];
        java.util.Arrays.fill(x, (byte) -128);
        x[2] = 127; // input 1, spectrum 0: (127, -128)
        long[] v = XEngine.correlate(x, time, 1, inputs, time, 1, JobContext.NONE);
        assertEquals(2L * 128 * 128 * time, v[0]); // 2 294 284 800 > 2^31 - 1
        assertArrayEquals(ReferenceCorrelator.xengine(x, time, 1, inputs, time), v);
    }

    @Test
    void intBlockBoundIsTheExactOne() {
        assertEquals(65535, XEngine.INT_BLOCK_MAX);
        // the largest term: both components -128 -> 32768; 65535 of them fit an int, 65536 do not
        long term = 2L * 128 * 128;
        assertEquals(true, term * XEngine.INT_BLOCK_MAX <= Integer.MAX_VALUE);
        assertEquals(true, term * (XEngine.INT_BLOCK_MAX + 1) > Integer.MAX_VALUE);
        assertEquals(true, XEngine.TIME_BLOCK <= XEngine.INT_BLOCK_MAX);
    }

    @Test
    void floatModeMatchesReferenceToTolerance() {
        Random r = new Random(2);
        int time = 300, channels = 3, inputs = 6, k = 100;
        float[] x = new float[time * channels * inputs * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        double[] ref = ReferenceCorrelator.xengine(x, time, channels, inputs, k);
        double[] got = XEngine.correlate(x, time, channels, inputs, k, 2, JobContext.NONE);
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], got[i], 1e-4 * Math.sqrt(k) * 4 + 1e-5 * Math.abs(ref[i]), "element " + i);
        }
    }

    @Test
    void badShapesAreRejectedWithOneSentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XEngine.correlate(new byte[10 * 2 * 3 * 2], 10, 2, 3, 3, 1, JobContext.NONE));
        assertEquals("the integration length 3 does not divide the 10 spectra", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> XEngine.correlate(new byte[11], 10, 2, 3, 5, 1, JobContext.NONE));
    }

    @Test
    void baselineOrderIsRowByRow() {
        int[][] t = Baselines.table(3);
        assertArrayEquals(new int[][] {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}}, t);
        for (int b = 0; b < t.length; b++) {
            assertEquals(b, Baselines.index(3, t[b][0], t[b][1]));
        }
    }
}
