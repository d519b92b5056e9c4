package org.daybreak.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.daybreak.core.cli.InputException;
import org.daybreak.tomo.io.AngleFiles;
import org.daybreak.tomo.io.ProjectionSource;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

    @Test
    void quickselectMatchesSorting() {
        Random rnd = new Random(5);
        for (int n : new int[] {1, 2, 3, 7, 21, 50}) {
            for (int rep = 0; rep < 50; rep++) {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = rep % 3 == 0 ? rnd.nextInt(3) : (float) rnd.nextGaussian();
                }
                float[] sorted = v.clone();
                Arrays.sort(sorted);
                int k = rnd.nextInt(n);
                assertEquals(sorted[k], Preprocessing.select(v.clone(), k));
            }
        }
    }

    @Test
    void flatFieldAndLogWithClipping() {
        float[] p = {150, 60, 10, 5, Float.NaN, 80};
        float[] dark = {10, 10, 10, 10, 10, 10};
        float[] flat = {150, 110, 110, 110, 110, 10};
        Preprocessing.flatFieldLog(p, 0, p.length, dark, flat, 0);
        assertEquals(0, p[0], 1e-6);
        assertEquals(-Math.log(0.5), p[1], 1e-6);
        assertEquals(-Math.log(1e-6), p[2], 1e-3); // zero transmission clipped
        assertEquals(-Math.log(1e-6), p[3], 1e-3); // below the dark clipped
        assertEquals(-Math.log(1e-6), p[4], 1e-3); // NaN clipped
        assertEquals(0, p[5], 1e-6); // dead flat pixel: transmission 1
    }

    @Test
    void zingersAreReplacedAndTheRestKept() {
        int angles = 20;
        int n = 30;
        float[] s = Phantoms.sinogram(Phantoms.MODIFIED_SHEPP_LOGAN, n, 0.7, Phantoms.angles(angles, 180), n, 15);
        float[] clean = s.clone();
        s[5 * n + 12] += 50;
        s[11 * n + 3] -= 40;
        int replaced = Preprocessing.removeOutliers(s, angles, n, 5f);
        assertTrue(replaced >= 2 && replaced <= 4, "replaced " + replaced);
        assertTrue(Math.abs(s[5 * n + 12] - clean[5 * n + 12]) < 5);
        assertTrue(Math.abs(s[11 * n + 3] - clean[11 * n + 3]) < 5);
    }

    @Test
    void sortingStripeRemovalSuppressesRings() {
        int n = 128;
        double[] angles = Phantoms.angles(180, 180);
        float[] sino = Phantoms.sinogram(Phantoms.MODIFIED_SHEPP_LOGAN, n, 0.8, angles, n, n / 2);
        float[] truth = Phantoms.image(Phantoms.MODIFIED_SHEPP_LOGAN, n, 0.8);
        float[] striped = sino.clone();
        Random rnd = new Random(11);
        for (int i = 0; i < n; i += 5) {
            float offset = (float) (10 * rnd.nextGaussian());
            for (int a = 0; a < angles.length; a++) {
                striped[a * n + i] += offset;
            }
        }
        ParallelBeamGeometry g = ParallelBeamGeometry.standard(angles, n);
        boolean[] mask = Phantoms.circle(n, 0.9);
        double clean = Phantoms.rms(Fbp.reconstruct(g, sino, FbpFilter.RAMP, 1), truth, mask);
        double rings = Phantoms.rms(Fbp.reconstruct(g, striped, FbpFilter.RAMP, 1), truth, mask);
        float[] fixed = Preprocessing.removeStripesSorting(striped, angles.length, n, 11);
        double after = Phantoms.rms(Fbp.reconstruct(g, fixed, FbpFilter.RAMP, 1), truth, mask);
        assertTrue(rings > 3 * clean, "stripes should hurt: " + clean + " vs " + rings);
        assertTrue(after < 0.4 * rings, "ring removal: " + rings + " -> " + after);
        // a sinogram without stripes is changed little
        float[] same = Preprocessing.removeStripesSorting(sino, angles.length, n, 11);
        assertTrue(Phantoms.rms(Fbp.reconstruct(g, same, FbpFilter.RAMP, 1), truth, mask) < 1.5 * clean);
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.removeStripesSorting(sino, 180, n, 1));
    }

    @Test
    void flatsBeforeAndAfterAreInterpolated() {
        // projection counts drift linearly from 100 to 200 with the flats: transmission is 1 throughout
        ProjectionSource drifting = new ProjectionSource() {
            @Override
            public String description() {
                return "drifting beam";
            }

            @Override
            public int rows() {
                return 1;
            }

            @Override
            public int columns() {
                return 4;
            }

            @Override
            public int projectionCount() {
                return 11;
            }

            @Override
            public double[] anglesDegrees() {
                return Phantoms.angles(11, 180);
            }

            @Override
            public float[][] projections(int r0, int r1) {
                float[][] p = new float[11][4];
                for (int i = 0; i < 11; i++) {
                    Arrays.fill(p[i], 100 + 10 * (i + 0.5f));
                }
                return p;
            }

            @Override
            public float[] darkMean(int r0, int r1) {
                return new float[4];
            }

            @Override
            public List<FlatGroup> flatMeans(int r0, int r1) {
                float[] before = new float[4];
                float[] after = new float[4];
                Arrays.fill(before, 100);
                Arrays.fill(after, 210);
                return List.of(new FlatGroup(-0.5, before, 5), new FlatGroup(10.5, after, 5));
            }
        };
        float[] interp = SinogramSource.ofScan(drifting, SinogramSource.FlatMode.INTERPOLATE, 0, 4, 1).read(0, 1)[0];
        for (float v : interp) {
            assertEquals(0, v, 1e-5);
        }
        float[] avg = SinogramSource.ofScan(drifting, SinogramSource.FlatMode.AVERAGE, 0, 4, 1).read(0, 1)[0];
        assertTrue(avg[0] > 0.1 && avg[avg.length - 1] < -0.1);
    }

    @Test
    void anglesFilesWithDarkAndFlatFramesAreMatched() {
        double[] withExtras = {5, 5, 5, 5, 10, 15, 20, 20.0001, 20};
        assertArrayEquals(new double[] {5, 10, 15, 20}, AngleFiles.forProjections(withExtras, 4, "x"));
        assertArrayEquals(new double[] {1, 2, 3}, AngleFiles.forProjections(new double[] {1, 2, 3}, 3, "x"));
        InputException e = assertThrows(InputException.class,
                () -> AngleFiles.forProjections(new double[] {1, 2, 3, 4}, 3, "angles file a.txt"));
        assertEquals("angles file a.txt holds 4 angles but there are 3 projections", e.getMessage());
    }

    @Test
    void filterResponsesFollowScikitImage() {
        int p = FbpFilter.paddedLength(100);
        assertEquals(512, p); // 2 * ceil(sqrt(2) * 100) = 284 -> 512
        assertEquals(64, FbpFilter.paddedLength(3));
        double[] ramp = FbpFilter.RAMP.response(p);
        // Kak & Slaney's discrete ramp: close to |f| * 2, slightly positive at DC
        assertTrue(ramp[0] > 0 && ramp[0] < 0.01);
        assertEquals(1.0, ramp[p / 2], 0.01);
        for (FbpFilter f : FbpFilter.values()) {
            double[] r = f.response(p);
            // iradon's windows are fftshift(numpy window): symmetric to within half a frequency sample
            for (int k = 1; k < p; k++) {
                assertEquals(r[k], r[p - k], 1e-2 * ramp[k] + 1e-12, f + " symmetric");
            }
            assertTrue(r[p / 4] <= ramp[p / 4] + 1e-12, f + " never above the ramp");
        }
        assertEquals(FbpFilter.SHEPP_LOGAN, FbpFilter.parse("Shepp-Logan"));
        assertThrows(IllegalArgumentException.class, () -> FbpFilter.parse("gauss"));
    }
}
