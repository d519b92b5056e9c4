package org.daybreak.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Automatic and manual centre finding on sinograms whose centre is known to a fraction of a pixel. */
class CentreTest {

    @Test
    void voMethodRecoversSubPixelShifts() {
        int n = 256;
        double[] angles = Phantoms.angles(180, 180);
        for (double shift : new double[] {0, 0.3, -1.7, 6.45, -20.8}) {
            double centre = n / 2 + shift;
            float[] sino = Phantoms.sinogram(Phantoms.MODIFIED_SHEPP_LOGAN, n, 0.7, angles, n, centre);
            double found = CentreFinder.find(sino, angles, n);
            assertEquals(centre, found, 0.1, "shift " + shift);
        }
    }

    @Test
    void voMethodHandlesOddWidthsUnsortedAnglesAndFullTurns() {
        int n = 151;
        double[] angles = Phantoms.angles(300, 360);
        // shuffle rows deterministically
        double[] shuffled = new double[angles.length];
        for (int i = 0; i < angles.length; i++) {
            shuffled[i] = angles[(i * 7) % angles.length];
        }
        double centre = 77.62;
        float[] sino = Phantoms.sinogram(Phantoms.MODIFIED_SHEPP_LOGAN, n, 0.6, shuffled, n, centre);
        assertEquals(centre, CentreFinder.find(sino, shuffled, n), 0.15);
    }

    @Test
    void manualSearchPrefersTheTrueCentre() {
        int n = 128;
        double[] angles = Phantoms.angles(180, 180);
        double centre = 61.5;
        float[] sino = Phantoms.sinogram(Phantoms.MODIFIED_SHEPP_LOGAN, n, 0.8, angles, n, centre);
        ParallelBeamGeometry g = ParallelBeamGeometry.standard(angles, n);
        CentreSearch.Result r = CentreSearch.search(g, sino, CentreSearch.range(57.5, 65.5, 0.5), FbpFilter.RAMP, 2);
        assertEquals(17, r.slices().length);
        assertEquals(n * n, r.slices()[0].length);
        assertEquals(centre, r.best(), 0.51);
    }
}
