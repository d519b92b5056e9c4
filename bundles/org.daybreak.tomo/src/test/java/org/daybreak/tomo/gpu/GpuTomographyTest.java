package org.daybreak.tomo.gpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.daybreak.gpu.GpuDevice;
import org.daybreak.gpu.GpuInventory;
import org.daybreak.gpu.Gpus;
import org.daybreak.tomo.Fbp;
import org.daybreak.tomo.FbpFilter;
import org.daybreak.tomo.ForwardProjector;
import org.daybreak.tomo.IterativeReconstructor;
import org.daybreak.tomo.ParallelBeamGeometry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kernels on a real GPU against the Java port and the CPU. Needs a usable CUDA GPU: where there is none, every
 * test here is reported as not run, with the reason (never passed).
 */
class GpuTomographyTest {
    private GpuDevice device;

    @BeforeEach
    void needsAGpu() {
        GpuInventory inv = Gpus.inventory();
        Assumptions.assumeTrue(inv.usable(), () -> "NOT RUN: needs a usable CUDA GPU; here: " + inv.reason());
        device = inv.supportedDevices().get(0);
    }

    private static float[][] sinograms(ParallelBeamGeometry g, int count, long seed) {
        Random rnd = new Random(seed);
        float[][] s = new float[count][];
        for (int i = 0; i < count; i++) {
            float[] img = new float[g.size() * g.size()];
            for (int p = 0; p < img.length; p++) {
                img[p] = rnd.nextFloat();
            }
            s[i] = ForwardProjector.project(g, img, 1);
        }
        return s;
    }

    @Test
    void backprojectionEqualsThePortAndTheCpu() {
        ParallelBeamGeometry g = new ParallelBeamGeometry(GpuTestAngles.angles(181), 256, 129.3, 256);
        Random rnd = new Random(1);
        float[][] padded = new float[7][g.angleCount() * g.paddedDetectors()];
        for (float[] p : padded) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) rnd.nextGaussian();
            }
        }
        try (GpuTomography gpu = GpuTomography.open(device, g, 7, false)) {
            float[][] got = gpu.backproject(padded, 0.25f);
            float[][] port = TomoKernelPortTest.portBackproject(g, padded, 0.25f);
            for (int s = 0; s < 7; s++) {
                double e = TomoKernelPortTest.relativeRms(port[s], got[s]);
                assertTrue(e < 1e-6, "slice " + s + ": GPU against its Java port, relative RMS " + e);
            }
        }
    }

    @Test
    void fbpOverSeveralSlabsMatchesTheCpu() {
        ParallelBeamGeometry g = new ParallelBeamGeometry(GpuTestAngles.angles(360), 200, 100.5, 200);
        float[][] sinos = sinograms(g, 13, 2);
        float[][] cpu = Fbp.reconstruct(g, sinos, FbpFilter.parse("ramp"), 2, null);
        try (GpuTomography gpu = GpuTomography.open(device, g, 5, false)) { // slabs of 8: two slabs
            float[][] got = Fbp.reconstruct(g, sinos, FbpFilter.parse("ramp"), 2, null, gpu);
            for (int s = 0; s < sinos.length; s++) {
                double e = TomoKernelPortTest.relativeRms(cpu[s], got[s]);
                assertTrue(e < 1e-5, "slice " + s + ": relative RMS " + e);
            }
        }
    }

    @Test
    void sirtAndCglsMatchTheCpu() {
        ParallelBeamGeometry g = new ParallelBeamGeometry(GpuTestAngles.angles(90), 64, 32, 64);
        float[][] sinos = sinograms(g, 5, 3);
        try (GpuTomography gpu = GpuTomography.open(device, g, 5, true)) {
            float[][] sirt = gpu.sirt(sinos, 20, null);
            float[][] cgls = gpu.cgls(sinos, 10, null);
            float[][] cpuSirt = IterativeReconstructor.reconstruct(g, sinos, IterativeReconstructor.Method.SIRT, 20,
                    2, null);
            float[][] cpuCgls = IterativeReconstructor.reconstruct(g, sinos, IterativeReconstructor.Method.CGLS, 10,
                    2, null);
            for (int s = 0; s < 5; s++) {
                double es = TomoKernelPortTest.relativeRms(cpuSirt[s], sirt[s]);
                double ec = TomoKernelPortTest.relativeRms(cpuCgls[s], cgls[s]);
                assertTrue(es < 1e-4, "SIRT slice " + s + ": relative RMS " + es);
                assertTrue(ec < 1e-4, "CGLS slice " + s + ": relative RMS " + ec);
            }
        }
    }
}
