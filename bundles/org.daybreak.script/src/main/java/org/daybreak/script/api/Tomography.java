package org.daybreak.script.api;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.tomo.CentreFinder;
import org.daybreak.tomo.Fbp;
import org.daybreak.tomo.FbpFilter;
import org.daybreak.tomo.ParallelBeamGeometry;

/**
 * In-memory tomography for {@code daybreak.tomo} on one sinogram (the file-to-file reconstruction runs as a
 * {@code tomo.recon} job). Conventions are org.daybreak.tomo's (scikit-image's {@code iradon}): a sinogram is
 * [angle][detector] of attenuation (after flat-field and -log), angles in degrees, the centre of rotation in
 * detector bins (bin i centred at i), a slice [y][x] of detectors x detectors pixels.
 */
public final class Tomography {

    private Tomography() {
    }

    private static void check(NDArray sinogram, NDArray angles) {
        if (sinogram.rank() != 2) {
            throw new IllegalArgumentException("a sinogram is 2-D [angle][detector], not an array of shape "
                    + java.util.Arrays.toString(sinogram.shape()));
        }
        if (angles.rank() != 1 || angles.size() != sinogram.shape(0)) {
            throw new IllegalArgumentException("the sinogram has " + sinogram.shape(0) + " rows but there are "
                    + angles.size() + " angles; give one angle (degrees) per row");
        }
    }

    /** The centre of rotation (detector bins) found from the sinogram's symmetry over 180 degrees. */
    public static double findCentre(NDArray sinogram, NDArray angles) {
        check(sinogram, angles);
        return CentreFinder.find(sinogram.toFloatArray(), angles.toDoubleArray(), sinogram.shape(1));
    }

    /**
     * Filtered back-projection of one sinogram into a FLOAT32 slice [y][x].
     *
     * @param centre centre of rotation in detector bins; NaN: found with {@link #findCentre}
     * @param filter FBP filter name (ramp, shepp-logan, cosine, hamming, hann)
     */
    public static NDArray fbp(NDArray sinogram, NDArray angles, double centre, String filter, int threads) {
        check(sinogram, angles);
        int n = sinogram.shape(1);
        double c = Double.isNaN(centre) ? findCentre(sinogram, angles) : centre;
        ParallelBeamGeometry g = new ParallelBeamGeometry(angles.toDoubleArray(), n, c, n);
        float[] slice = Fbp.reconstruct(g, sinogram.toFloatArray(), FbpFilter.parse(filter), Math.max(1, threads));
        return NDArray.wrap(DType.FLOAT32, slice, n, n);
    }
}
