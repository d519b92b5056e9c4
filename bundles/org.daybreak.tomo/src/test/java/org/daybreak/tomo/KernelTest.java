package org.daybreak.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.daybreak.core.simd.Simd;
import org.junit.jupiter.api.Test;

/** The optimized kernels against {@link ReferenceBackprojector} on random and edge-case inputs. */
class KernelTest {

    private static double[] randomAngles(Random rnd, int count) {
        double[] a = new double[count];
        for (int i = 0; i < count; i++) {
            a[i] = rnd.nextDouble() * 360;
        }
        // exact axis-aligned angles are edge cases of the column-range computation
        a[0] = 0;
        if (count > 3) {
            a[1] = 90;
            a[2] = 180;
            a[3] = 270;
        }
        return a;
    }

    private static float[] random(Random rnd, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) rnd.nextGaussian();
        }
        return f;
    }

    private static void assertClose(float[] expected, float[] actual, double relTol, String what) {
        double max = 0;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > relTol * max + 1e-6) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " got " + actual[i]);
            }
        }
    }

    @Test
    void backprojectionMatchesReferenceForManyGeometries() {
        Random rnd = new Random(42);
        int[][] cases = {{64, 64}, {37, 37}, {64, 50}, {33, 48}, {8, 8}, {2, 3}};
        for (int[] c : cases) {
            int n = c[0];
            int size = c[1];
            for (double centre : new double[] {n / 2, n / 2 + 0.37, 0.0, n - 1.0, 1.6}) {
                centre = Math.min(centre, n - 1.0);
                double[] angles = randomAngles(rnd, 23);
                for (int slices : new int[] {1, 3, 16}) {
                    float[][] sinos = new float[slices][];
                    for (int s = 0; s < slices; s++) {
                        sinos[s] = random(rnd, angles.length * n);
                    }
                    ParallelBeamGeometry g = new ParallelBeamGeometry(angles, n, centre, size);
                    float[][] fast = Backprojector.backproject(g, sinos, 2);
                    for (int s = 0; s < slices; s++) {
                        float[] ref = ReferenceBackprojector.backproject(angles, sinos[s], n, centre, size);
                        assertClose(ref, fast[s], 2e-4, "n=" + n + " size=" + size + " centre=" + centre + " slice " + s);
                    }
                }
            }
        }
    }

    /**
     * The vectorised one-slice kernel (which the test JVM must be able to run: the build starts it with
     * {@code --add-modules jdk.incubator.vector}) and the scalar one against the reference, on sizes that give full
     * vectors and tails, centres off the middle and angles next to 0 and 180 degrees (|cos| near 1: the vectors
     * spanning the most detector bins, where the permutation may not serve and the lane-by-lane path runs).
     * Tolerance: 2e-5 of the largest reference value per slice (float sums over up to 41 angles).
     */
    @Test
    void vectorAndScalarOneSliceKernelsMatchReference() {
        assertTrue(Simd.enabled(), "the Vector API must be usable in the test JVM: " + Simd.describe());
        Random rnd = new Random(11);
        int[][] cases = {{200, 200}, {131, 160}, {257, 190}, {40, 64}, {17, 17}, {300, 600}}; // 600: three segments
        for (int[] c : cases) {
            int n = c[0];
            int size = c[1];
            for (double centre : new double[] {n / 2.0, n / 2.0 + 0.37, n / 2.0 - 5.5}) {
                double[] angles = randomAngles(rnd, 41);
                angles[4] = 1e-4;
                angles[5] = 179.9999;
                angles[6] = 0.5;
                angles[7] = 359.7;
                angles[8] = 45;
                float[] sino = random(rnd, angles.length * n);
                ParallelBeamGeometry g = new ParallelBeamGeometry(angles, n, centre, size);
                float[] ref = ReferenceBackprojector.backproject(angles, sino, n, centre, size);
                float[] vector = new float[size * size];
                VectorBackprojection.rows(g, Backprojector.pad(g, sino), vector, 0, size);
                assertClose(ref, vector, 2e-5, "vector n=" + n + " size=" + size + " centre=" + centre);
                float[] scalar = new float[size * size];
                Backprojector.backprojectScalar(g, Backprojector.pad(g, sino), scalar, 2);
                assertClose(ref, scalar, 2e-5, "scalar n=" + n + " size=" + size + " centre=" + centre);
                float[] dispatched = new float[size * size];
                Backprojector.backproject(g, Backprojector.pad(g, sino), dispatched, 2);
                assertClose(Backprojector.useVector(g) ? vector : scalar, dispatched, 0, "dispatch n=" + n);
            }
        }
    }

    /** Large slices take the vector form, small ones the scalar loop, unless forced; never without the Vector API. */
    @Test
    void vectorFormIsChosenBySliceSize() {
        double[] many = new double[1800];
        for (int a = 0; a < many.length; a++) {
            many[a] = 180.0 * a / many.length;
        }
        ParallelBeamGeometry big = ParallelBeamGeometry.standard(many, 2048);
        ParallelBeamGeometry small = ParallelBeamGeometry.standard(java.util.Arrays.copyOf(many, 90), 512);
        assertTrue(Backprojector.useVector(big, true, null), "2048^2 x 1800");
        assertTrue(!Backprojector.useVector(small, true, null), "512^2 x 90");
        assertTrue(Backprojector.useVector(small, true, "true"), "forced on");
        assertTrue(!Backprojector.useVector(big, true, "false"), "forced off");
        assertTrue(!Backprojector.useVector(big, false, "true"), "no Vector API");
    }

    @Test
    void forwardProjectionMatchesReference() {
        Random rnd = new Random(7);
        for (int[] c : new int[][] {{64, 64}, {31, 31}, {40, 52}}) {
            int n = c[0];
            int size = c[1];
            for (double centre : new double[] {n / 2, n / 2 - 2.71, n - 1.0}) {
                double[] angles = randomAngles(rnd, 17);
                float[] img = random(rnd, size * size);
                ParallelBeamGeometry g = new ParallelBeamGeometry(angles, n, centre, size);
                float[] fast = ForwardProjector.project(g, img, 3);
                float[] ref = ReferenceBackprojector.project(angles, img, n, centre, size);
                assertClose(ref, fast, 2e-4, "n=" + n + " centre=" + centre);
            }
        }
    }

    @Test
    void projectorsAreAdjoint() {
        Random rnd = new Random(3);
        int n = 48;
        double[] angles = randomAngles(rnd, 30);
        ParallelBeamGeometry g = new ParallelBeamGeometry(angles, n, 23.3, n);
        float[] x = random(rnd, n * n);
        float[] y = random(rnd, angles.length * n);
        float[] ax = ForwardProjector.project(g, x, 2);
        float[] aty = Backprojector.backproject(g, new float[][] {y}, 2)[0];
        double lhs = 0;
        double rhs = 0;
        for (int i = 0; i < ax.length; i++) {
            lhs += (double) ax[i] * y[i];
        }
        for (int i = 0; i < aty.length; i++) {
            rhs += (double) x[i] * aty[i];
        }
        assertEquals(lhs, rhs, 1e-4 * Math.abs(lhs) + 1e-3);
    }

    @Test
    void forwardProjectionConservesMassInsideTheDetector() {
        int n = 64;
        float[] img = Phantoms.image(Phantoms.MODIFIED_SHEPP_LOGAN, n, 0.8);
        double total = 0;
        for (float v : img) {
            total += v;
        }
        ParallelBeamGeometry g = ParallelBeamGeometry.standard(Phantoms.angles(10, 180), n);
        float[] s = ForwardProjector.project(g, img, 1);
        for (int a = 0; a < 10; a++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += s[a * n + i];
            }
            assertEquals(total, sum, 1e-3 * total, "angle " + a);
        }
    }

    @Test
    void centreOutsideTheDetectorIsRejected() {
        try {
            new ParallelBeamGeometry(new double[] {0, 1}, 10, 9.5, 10);
            throw new AssertionError("expected an exception");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("outside the detector"), e.getMessage());
        }
    }
}
