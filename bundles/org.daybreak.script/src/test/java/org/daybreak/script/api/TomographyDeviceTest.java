package org.daybreak.script.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.gpu.GpuInventory;
import org.daybreak.gpu.GpuUnavailableException;
import org.daybreak.gpu.Gpus;
import org.junit.jupiter.api.Test;

/** The scripts' {@code daybreak.tomo.fbp(..., device=)}: cpu, auto (falls back to the CPU), gpu (refused without). */
class TomographyDeviceTest {
    private static NDArray[] sinogram() {
        int angles = 90, n = 64;
        float[] s = new float[angles * n];
        double[] theta = new double[angles];
        for (int a = 0; a < angles; a++) {
            theta[a] = 2.0 * a;
            for (int d = 0; d < n; d++) {
                double x = (d - n / 2.0) / 20.0;
                s[a * n + d] = (float) Math.max(0, 1 - x * x);
            }
        }
        return new NDArray[] {NDArray.wrap(DType.FLOAT32, s, angles, n), NDArray.wrap(DType.FLOAT64, theta, angles)};
    }

    @Test
    void deviceChoice() {
        NDArray[] in = sinogram();
        float[] cpu = (float[]) Tomography.fbp(in[0], in[1], 32, "ramp", 1, "cpu").data();
        float[] auto = (float[]) Tomography.fbp(in[0], in[1], 32, "ramp", 1, "auto").data();
        GpuInventory inv = Gpus.inventory();
        if (!inv.usable()) {
            assertArrayEquals(cpu, auto);
            GpuUnavailableException e = assertThrows(GpuUnavailableException.class,
                    () -> Tomography.fbp(in[0], in[1], 32, "ramp", 1, "gpu"));
            assertTrue(e.getMessage().contains(inv.reason()), e.getMessage());
        } else {
            double num = 0, den = 0;
            for (int i = 0; i < cpu.length; i++) {
                num += (cpu[i] - auto[i]) * (double) (cpu[i] - auto[i]);
                den += cpu[i] * (double) cpu[i];
            }
            assertTrue(Math.sqrt(num / den) < 1e-5, "GPU against CPU: relative RMS " + Math.sqrt(num / den));
        }
    }
}
