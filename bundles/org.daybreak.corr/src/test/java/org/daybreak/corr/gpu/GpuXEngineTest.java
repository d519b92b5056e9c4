package org.daybreak.corr.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;

import org.daybreak.corr.XEngine;
import org.daybreak.gpu.GpuDevice;
import org.daybreak.gpu.GpuInventory;
import org.daybreak.gpu.Gpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The X-engine kernel on a real GPU, bit for bit against the CPU engine. Needs a usable CUDA GPU: where there is
 * none, each test is reported as not run, with the reason.
 */
class GpuXEngineTest {
    private GpuDevice device;

    @BeforeEach
    void needsAGpu() {
        GpuInventory inv = Gpus.inventory();
        Assumptions.assumeTrue(inv.usable(), () -> "NOT RUN: needs a usable CUDA GPU; here: " + inv.reason());
        device = inv.supportedDevices().get(0);
    }

    @Test
    void bitExactAgainstTheCpu() {
        Random rnd = new Random(9);
        try (GpuXEngine gpu = GpuXEngine.open(device)) {
            for (int[] c : new int[][] {{64, 16, 64, 32}, {90, 8, 13, 9}, {40, 3, 200, 20}, {33000, 1, 4, 33000}}) {
                byte[] x = new byte[c[0] * c[1] * c[2] * 2];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (byte) rnd.nextInt(256);
                }
                assertArrayEquals(XEngine.correlate(x, c[0], c[1], c[2], c[3], 2, null),
                        gpu.correlate(x, c[0], c[1], c[2], c[3], null), java.util.Arrays.toString(c));
            }
        }
    }
}
