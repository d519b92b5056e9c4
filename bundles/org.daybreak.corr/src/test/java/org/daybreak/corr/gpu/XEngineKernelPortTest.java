package org.daybreak.corr.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.daybreak.corr.XEngine;
import org.daybreak.gpu.LaunchGeometry;
import org.daybreak.gpu.PtxFiles;
import org.junit.jupiter.api.Test;

/**
 * What of the GPU X-engine can be checked without a GPU: the kernel's per-thread arithmetic (through
 * {@link XEngineKernelPort}) bit for bit against the CPU X-engine, the packing against the CPU layout, the launch
 * geometry and the PTX being made from the current source.
 */
class XEngineKernelPortTest {

    private static byte[] random(Random rnd, int n, boolean extremes) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = extremes ? (rnd.nextBoolean() ? (byte) -128 : (byte) 127) : (byte) rnd.nextInt(256);
        }
        return b;
    }

    @Test
    void bitExactAgainstTheCpuEngine() {
        Random rnd = new Random(42);
        // time, channels, inputs, integrate: odd inputs (half tiles), odd K (zero-padded pairs), one input
        for (int[] c : new int[][] {{8, 3, 5, 4}, {9, 2, 4, 3}, {6, 4, 1, 6}, {10, 1, 7, 5}, {32, 2, 16, 16}}) {
            for (boolean extremes : new boolean[] {false, true}) {
                byte[] x = random(rnd, c[0] * c[1] * c[2] * 2, extremes);
                long[] cpu = XEngine.correlate(x, c[0], c[1], c[2], c[3], 1, null);
                long[] port = XEngineKernelPort.run(x, c[0], c[1], c[2], c[3]);
                assertArrayEquals(cpu, port, java.util.Arrays.toString(c) + (extremes ? " at -128/127" : ""));
            }
        }
    }

    @Test
    void int32SumsAreFlushedBeforeTheyOverflow() {
        // every value -128: each pair adds 2 * 2 * 16384 = 65536 to re; 40000 pairs exceed 2^31 without flushes
        int k = 80000;
        byte[] x = new byte[k * 2 * 2];
        java.util.Arrays.fill(x, (byte) -128);
        long[] cpu = XEngine.correlate(x, k, 1, 2, k, 1, null);
        long[] port = XEngineKernelPort.run(x, k, 1, 2, k);
        assertArrayEquals(cpu, port);
        assertEquals(2L * 16384 * k, port[0]);
    }

    @Test
    void packingFollowsTheCpuLayout() {
        Random rnd = new Random(1);
        int time = 6, channels = 2, inputs = 3, k = 3;
        byte[] x = random(rnd, time * channels * inputs * 2, false);
        int[] w = GpuXEngine.pack(x, channels, inputs, k, 0, 2);
        int pairs = GpuXEngine.pairs(k);
        assertEquals(2, pairs);
        for (int d = 0; d < 2; d++) {
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < k; t++) {
                    for (int i = 0; i < inputs; i++) {
                        int word = w[((d * channels + c) * pairs + t / 2) * inputs + i];
                        int src = (((d * k + t) * channels + c) * inputs + i) * 2;
                        assertEquals(x[src], (byte) (word >> (16 * (t & 1))));
                        assertEquals(x[src + 1], (byte) (word >> (16 * (t & 1) + 8)));
                    }
                }
                for (int i = 0; i < inputs; i++) { // the padding spectrum of the odd dump
                    assertEquals(0, w[((d * channels + c) * pairs + 1) * inputs + i] >>> 16);
                }
            }
        }
        int[] second = GpuXEngine.pack(x, channels, inputs, k, 1, 1);
        assertArrayEquals(java.util.Arrays.copyOfRange(w, channels * pairs * inputs, w.length), second);
    }

    @Test
    void launchGeometry() {
        assertEquals(528, GpuXEngine.tiles(64));
        assertEquals(1, GpuXEngine.tiles(1));
        assertEquals(6, GpuXEngine.tiles(5));
        LaunchGeometry l = GpuXEngine.launch(64, 1024, 2);
        assertEquals(5, l.gridX());
        assertEquals(1024, l.gridY());
        assertEquals(2, l.gridZ());
        assertTrue(l.gridX() * l.blockX() >= GpuXEngine.tiles(64));
        assertEquals(32, GpuXEngine.chunk(64));
        assertTrue(GpuXEngine.chunk(2048) * 2048 * 4 <= 48 * 1024);
        assertEquals(0x02010403, XEngineKernelPort.swapPairs(0x01020304));
        assertEquals(-128 * -128 * 4 + 5, XEngineKernelPort.dp4a(0x80808080, 0x80808080, 5));
    }

    @Test
    void ptxIsMadeFromTheCurrentSource() throws Exception {
        assertNull(PtxFiles.staleness(Path.of("src/main/java/org/daybreak/corr/gpu/xengine.cu")));
        assertTrue(GpuXEngine.class.getResource("xengine.ptx") != null);
    }
}
