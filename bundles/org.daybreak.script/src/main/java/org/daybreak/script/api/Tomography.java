package org.daybreak.script.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.core.job.JobSpec;
import org.daybreak.tomo.CentreFinder;
import org.daybreak.tomo.Fbp;
import org.daybreak.tomo.FbpFilter;
import org.daybreak.tomo.ParallelBeamGeometry;
import org.daybreak.tomo.ReconJob;

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
        return fbp(sinogram, angles, centre, filter, threads, "cpu");
    }

    /**
     * As {@link #fbp(NDArray, NDArray, double, String, int)} on the device asked for: {@code cpu}, {@code gpu} (an
     * error naming the reason where no GPU is usable) or {@code auto} (the GPU when one is usable). The filtering
     * runs on the CPU either way; the slice agrees with the CPU's within float rounding.
     */
    public static NDArray fbp(NDArray sinogram, NDArray angles, double centre, String filter, int threads,
            String device) {
        check(sinogram, angles);
        int n = sinogram.shape(1);
        double c = Double.isNaN(centre) ? findCentre(sinogram, angles) : centre;
        ParallelBeamGeometry g = new ParallelBeamGeometry(angles.toDoubleArray(), n, c, n);
        FbpFilter f = FbpFilter.parse(filter);
        org.daybreak.gpu.DeviceChoice choice = org.daybreak.gpu.Gpus.choose(device);
        if (choice.isGpu()) {
            try (org.daybreak.tomo.gpu.GpuTomography gpu = org.daybreak.tomo.gpu.GpuTomography.open(choice.device(),
                    g, 1, false)) {
                float[] slice = Fbp.reconstruct(g, new float[][] {sinogram.toFloatArray()}, f, Math.max(1, threads),
                        null, gpu)[0];
                return NDArray.wrap(DType.FLOAT32, slice, n, n);
            }
        }
        float[] slice = Fbp.reconstruct(g, sinogram.toFloatArray(), f, Math.max(1, threads));
        return NDArray.wrap(DType.FLOAT32, slice, n, n);
    }

    /**
     * The {@code tomo.recon} job that computes what {@link #fbp} computes, for workers elsewhere: writes the
     * sinogram (as FLOAT32, the values {@link #fbp} reconstructs from) to {@code dir/sinogram.npy} and the angles to
     * {@code dir/angles.npy}; the job writes the slice to {@code dir/slice.npy} ({@link #readSlice}).
     *
     * @param centre  centre of rotation in detector bins; NaN: the job finds it as {@link #findCentre} does
     * @param threads threads of the worker; 0: as many as the worker offers
     */
    public static JobSpec fbpJob(NDArray sinogram, NDArray angles, double centre, String filter, int threads,
            String dir) throws IOException {
        check(sinogram, angles);
        FbpFilter.parse(filter); // an unknown name is refused here, before anything is sent
        Path d = Path.of(dir);
        Path sino = d.resolve("sinogram.npy");
        Path theta = d.resolve("angles.npy");
        Npy.write(sino, NDArray.wrap(DType.FLOAT32, sinogram.toFloatArray(), sinogram.shape()));
        Npy.write(theta, NDArray.wrap(DType.FLOAT64, angles.toDoubleArray(), angles.size()));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("algorithm", "fbp");
        params.put("filter", filter);
        params.put("center", Double.isNaN(centre) ? "auto" : Double.toString(centre));
        params.put("out", d.resolve("slice.npy").toString());
        if (threads > 0) {
            params.put("threads", threads);
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("sinogram", sino.toString());
        inputs.put("angles", theta.toString());
        return new JobSpec(ReconJob.KIND, params, inputs);
    }

    /** The slice a {@link #fbpJob} wrote: FLOAT32 [y][x]. */
    public static NDArray readSlice(String path) throws IOException {
        NDArray a = Npy.read(Path.of(path));
        if (a.rank() != 2 || a.dtype() != DType.FLOAT32) {
            throw new IOException("the reconstruction " + path + " holds " + a.dtype() + " " + Arrays.toString(a.shape())
                    + ", not a float32 slice");
        }
        return a;
    }
}
