package org.daybreak.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FBP and the iterative methods on the Shepp-Logan phantom, against the phantom and scikit-image. */
class FbpAccuracyTest {
    private static final int N = 256;

    @Test
    void fbpOfExactProjectionsReproducesThePhantom() {
        double[] angles = Phantoms.angles(360, 180);
        float[] sino = Phantoms.sinogram(Phantoms.MODIFIED_SHEPP_LOGAN, N, 0.9, angles, N, N / 2);
        float[] truth = Phantoms.image(Phantoms.MODIFIED_SHEPP_LOGAN, N, 0.9);
        ParallelBeamGeometry g = ParallelBeamGeometry.standard(angles, N);
        boolean[] mask = Phantoms.circle(N, 0.95);
        double[] bounds = {0.055, 0.058, 0.066, 0.072, 0.074};
        for (FbpFilter f : FbpFilter.values()) {
            float[] rec = Fbp.reconstruct(g, sino, f, 2);
            double err = Phantoms.rms(rec, truth, mask);
            assertTrue(err < bounds[f.ordinal()], f + ": RMS error " + err);
        }
        // a wrong centre must be visibly worse
        float[] off = Fbp.reconstruct(g.withCentre(N / 2 + 3), sino, FbpFilter.RAMP, 2);
        assertTrue(Phantoms.rms(off, truth, mask) > 0.1);
    }

    @Test
    void fbpMatchesSkimageIradonForEveryFilter(@TempDir Path dir) throws Exception {
        // skimage makes the sinogram of its own phantom: checks orientation, centre and scaling together
        PythonPeer.run(dir, """
                import numpy as np
                from skimage.data import shepp_logan_phantom
                from skimage.transform import radon, iradon, rescale
                img = rescale(shepp_logan_phantom(), 0.35, anti_aliasing=False)[:, 3:137]  # 140 x 134, not square
                img = np.pad(img, ((0, 0), (2, 4)))  # 140 x 140, asymmetric content
                theta = np.linspace(0., 180., 150, endpoint=False)
                sino = radon(img, theta=theta)
                np.save('img.npy', img.astype(np.float32))
                np.save('sino.npy', sino.T.astype(np.float32))
                np.save('theta.npy', theta)
                for f in ['ramp', 'shepp-logan', 'cosine', 'hamming', 'hann']:
                    np.save('iradon_%s.npy' % f, iradon(sino, theta=theta, filter_name=f).astype(np.float32))
                """);
        NDArray sino = Npy.read(dir.resolve("sino.npy"));
        double[] theta = Npy.read(dir.resolve("theta.npy")).toDoubleArray();
        int n = sino.shape(1);
        ParallelBeamGeometry g = ParallelBeamGeometry.standard(theta, n);
        float[] s = sino.toFloatArray();
        float[] img = Npy.read(dir.resolve("img.npy")).toFloatArray();
        boolean[] all = Phantoms.circle(n, 1.0);
        for (FbpFilter f : FbpFilter.values()) {
            float[] ours = Fbp.reconstruct(g, s, f, 2);
            float[] theirs = Npy.read(dir.resolve("iradon_" + f.label() + ".npy")).toFloatArray();
            double diff = Phantoms.rms(ours, theirs, all);
            double scale = Phantoms.rms(theirs, new float[theirs.length], all);
            assertTrue(diff / scale < 1e-4, f + ": RMS difference to iradon " + diff / scale + " of RMS");
        }
        float[] ramp = Fbp.reconstruct(g, s, FbpFilter.RAMP, 2);
        double err = Phantoms.rms(ramp, img, Phantoms.circle(n, 0.95));
        assertTrue(err < 0.07, "RMS error against skimage's phantom " + err);
        // the same values transposed or flipped would be far off: orientation is right
        float[] transposed = new float[ramp.length];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                transposed[x * n + y] = ramp[y * n + x];
            }
        }
        assertTrue(Phantoms.rms(transposed, img, Phantoms.circle(n, 0.95)) > 3 * err);
    }

    @Test
    void fbpOfSeveralSlicesEqualsSliceBySlice() {
        double[] angles = Phantoms.angles(90, 180);
        int n = 64;
        float[][] sinos = new float[19][];
        for (int s = 0; s < sinos.length; s++) {
            sinos[s] = Phantoms.sinogram(Phantoms.MODIFIED_SHEPP_LOGAN, n, 0.5 + 0.02 * s, angles, n, 31.5);
        }
        ParallelBeamGeometry g = new ParallelBeamGeometry(angles, n, 31.5, n);
        float[][] together = Fbp.reconstruct(g, sinos, FbpFilter.HAMMING, 2);
        for (int s = 0; s < sinos.length; s++) {
            assertArrayEquals(Fbp.reconstruct(g, sinos[s], FbpFilter.HAMMING, 1), together[s], 1e-5f);
        }
    }

    @Test
    void sirtAndCglsConvergeTowardsThePhantom() {
        int n = 96;
        double[] angles = Phantoms.angles(120, 180);
        float[] truth = Phantoms.image(Phantoms.MODIFIED_SHEPP_LOGAN, n, 0.9);
        ParallelBeamGeometry g = ParallelBeamGeometry.standard(angles, n);
        // projections of the discrete image with the matched projector: the system is consistent
        float[] sino = ForwardProjector.project(g, truth, 2);
        boolean[] mask = Phantoms.circle(n, 0.9);
        double sirt10 = Phantoms.rms(IterativeReconstructor.sirt(g, sino, 10), truth, mask);
        double sirt100 = Phantoms.rms(IterativeReconstructor.sirt(g, sino, 100), truth, mask);
        double cgls5 = Phantoms.rms(IterativeReconstructor.cgls(g, sino, 5), truth, mask);
        double cgls30 = Phantoms.rms(IterativeReconstructor.cgls(g, sino, 30), truth, mask);
        assertTrue(sirt100 < sirt10 && sirt100 < 0.09, "SIRT RMS " + sirt10 + " -> " + sirt100);
        assertTrue(cgls30 < cgls5 && cgls30 < 0.05, "CGLS RMS " + cgls5 + " -> " + cgls30);
        // exact line integrals of the continuous phantom: same units as FBP
        float[] exact = Phantoms.sinogram(Phantoms.MODIFIED_SHEPP_LOGAN, n, 0.9, angles, n, n / 2);
        float[] cg = IterativeReconstructor.cgls(g, exact, 20);
        assertTrue(Phantoms.rms(cg, truth, mask) < 0.12, "CGLS on exact projections " + Phantoms.rms(cg, truth, mask));
    }

    static void save(Path p, float[] data, int... shape) throws Exception {
        Npy.write(p, NDArray.wrap(DType.FLOAT32, data, shape));
    }
}
