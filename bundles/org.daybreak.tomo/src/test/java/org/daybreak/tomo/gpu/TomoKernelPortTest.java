package org.daybreak.tomo.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.daybreak.gpu.LaunchGeometry;
import org.daybreak.gpu.PtxFiles;
import org.daybreak.tomo.Backprojector;
import org.daybreak.tomo.ForwardProjector;
import org.daybreak.tomo.ParallelBeamGeometry;
import org.junit.jupiter.api.Test;

/**
 * What of the GPU tomography can be checked without a GPU: the kernels' per-thread arithmetic (through
 * {@link TomoKernelPort}) against the CPU back- and forward projector, the host-side packing against the CPU block
 * layout, the tables, the launch geometry and the PTX being made from the current source.
 */
class TomoKernelPortTest {

    static double relativeRms(float[] expected, float[] actual) {
        double num = 0, den = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) expected[i] - actual[i];
            num += d * d;
            den += (double) expected[i] * expected[i];
        }
        return Math.sqrt(num / Math.max(den, 1e-300));
    }

    private static float[] random(Random rnd, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) rnd.nextGaussian();
        }
        return f;
    }

    private static ParallelBeamGeometry geometry(Random rnd, int angles, int detectors, double centre, int size) {
        double[] a = new double[angles];
        for (int i = 0; i < angles; i++) {
            a[i] = i < 4 ? 90.0 * i : rnd.nextDouble() * 360; // axis-aligned angles: edge cases of the ranges
        }
        return new ParallelBeamGeometry(a, detectors, centre, size);
    }

    /** Runs the ported back-projection over the whole launch grid, as the GPU would. */
    static float[][] portBackproject(ParallelBeamGeometry g, float[][] padded, float scale) {
        int count = padded.length;
        int groups = (count + 3) / 4;
        float[] sino = GpuTomography.pack(padded, 0, count, GpuTomography.sinogramLength(g));
        float[] image = new float[groups * 4 * g.size() * g.size()];
        LaunchGeometry l = GpuTomography.launch(g, groups);
        float[] start = GpuTomography.startTable(g);
        int[] range = GpuTomography.rangeTable(g);
        float[] cos = GpuTomography.cosineTable(g);
        for (int z = 0; z < l.gridZ(); z++) {
            for (int y = 0; y < l.gridY() * l.blockY(); y++) {
                for (int x = 0; x < l.gridX() * l.blockX(); x++) {
                    TomoKernelPort.backproject4(sino, start, range, cos, image, g.size(), g.angleCount(),
                            g.paddedDetectors(), scale, x, y, z);
                }
            }
        }
        return GpuTomography.unpack(image, count, g.size() * g.size());
    }

    @Test
    void backprojectionArithmeticMatchesTheCpu() {
        Random rnd = new Random(7);
        for (int[] c : new int[][] {{37, 64, 64}, {60, 63, 50}, {17, 40, 57}}) {
            ParallelBeamGeometry g = geometry(rnd, c[0], c[1], c[1] / 2.0 + rnd.nextDouble() * 3 - 1.5, c[2]);
            int slices = 6; // one full group of four and a partial one
            float[][] padded = new float[slices][];
            for (int s = 0; s < slices; s++) {
                padded[s] = random(rnd, g.angleCount() * g.paddedDetectors()); // non-zero pads as after filtering
            }
            float[][] port = portBackproject(g, padded, 0.5f);
            float[][] pixels = new float[g.size() * g.size()][slices];
            Backprojector.backprojectBlock(g, Backprojector.packBlock(padded), pixels, 1);
            float[][] cpu = Backprojector.unpackBlock(pixels, slices, 0.5f);
            for (int s = 0; s < slices; s++) {
                double e = relativeRms(cpu[s], port[s]);
                assertTrue(e < 1e-6, "slice " + s + " of " + g.angleCount() + " angles: relative RMS " + e);
                float[] single = new float[g.size() * g.size()];
                Backprojector.backproject(g, padded[s], single, 1);
                for (int i = 0; i < single.length; i++) {
                    single[i] *= 0.5f;
                }
                assertTrue(relativeRms(single, port[s]) < 1e-5);
            }
        }
    }

    @Test
    void forwardProjectionArithmeticMatchesTheCpu() {
        Random rnd = new Random(11);
        ParallelBeamGeometry g = geometry(rnd, 45, 48, 24.7, 48);
        int slices = 5;
        float[][] images = new float[slices][];
        for (int s = 0; s < slices; s++) {
            images[s] = random(rnd, g.size() * g.size());
        }
        int groups = 2;
        float[] image = GpuTomography.pack(images, 0, slices, g.size() * g.size());
        float[] sino = new float[groups * 4 * GpuTomography.sinogramLength(g)];
        float[] start = GpuTomography.startTable(g);
        int[] range = GpuTomography.rangeTable(g);
        float[] cos = GpuTomography.cosineTable(g);
        LaunchGeometry l = GpuTomography.launch(g, groups);
        for (int z = 0; z < groups; z++) {
            for (int y = 0; y < l.gridY() * l.blockY(); y++) {
                for (int x = 0; x < l.gridX() * l.blockX(); x++) {
                    TomoKernelPort.forwardproject4(image, start, range, cos, sino, g.size(), g.angleCount(),
                            g.paddedDetectors(), x, y, z);
                }
            }
        }
        float[][] port = GpuTomography.unpack(sino, slices, GpuTomography.sinogramLength(g));
        for (int s = 0; s < slices; s++) {
            float[] cpu = new float[GpuTomography.sinogramLength(g)];
            ForwardProjector.projectPadded(g, images[s], cpu, 1);
            double e = relativeRms(cpu, port[s]);
            assertTrue(e < 1e-6, "slice " + s + ": relative RMS " + e);
        }
    }

    @Test
    void packingIsTheCpuBlockLayoutInGroupsOfFour() {
        Random rnd = new Random(3);
        int len = 23;
        float[][] slices = new float[7][];
        for (int s = 0; s < slices.length; s++) {
            slices[s] = random(rnd, len);
        }
        float[] packed = GpuTomography.pack(slices, 0, 7, len);
        assertEquals(2 * len * 4, packed.length);
        float[][] rows = Backprojector.packBlock(slices); // [i][slice]
        for (int s = 0; s < 7; s++) {
            for (int i = 0; i < len; i++) {
                assertEquals(rows[i][s], packed[((s / 4) * len + i) * 4 + s % 4]);
            }
        }
        for (int i = 0; i < len; i++) {
            assertEquals(0f, packed[(len + i) * 4 + 3]); // slice 7 does not exist
        }
        float[][] back = GpuTomography.unpack(packed, 7, len);
        for (int s = 0; s < 7; s++) {
            assertArrayEquals(slices[s], back[s]);
        }
        float[] offset = GpuTomography.pack(slices, 3, 2, len);
        assertEquals(slices[4][5], offset[5 * 4 + 1]);
    }

    @Test
    void tablesAreTheGeometrysOwnNumbers() {
        ParallelBeamGeometry g = geometry(new Random(5), 9, 30, 14.25, 28);
        float[] start = GpuTomography.startTable(g);
        int[] range = GpuTomography.rangeTable(g);
        int[] r = new int[2];
        for (int a = 0; a < 9; a++) {
            for (int y = 0; y < 28; y++) {
                assertEquals(g.rowStart(a, y), start[a * 28 + y]);
                g.columns(a, y, r);
                assertEquals(r[0], range[2 * (a * 28 + y)]);
                assertEquals(r[1], range[2 * (a * 28 + y) + 1]);
            }
        }
    }

    @Test
    void launchAndSlabSizes() {
        ParallelBeamGeometry big = ParallelBeamGeometry.standard(new double[1800], 2048);
        LaunchGeometry l = GpuTomography.launch(big, 16);
        assertEquals(64, l.gridX());
        assertEquals(256, l.gridY());
        assertEquals(16, l.gridZ());
        assertEquals(256, l.blockX() * l.blockY());
        assertEquals(0, GpuTomography.maxSlab(big) % 4);
        assertTrue((long) GpuTomography.maxSlab(big) * 2048 * 2048 < Integer.MAX_VALUE);
        assertEquals(4L * 1800 * 2052 + 4L * 2048 * 2048, GpuTomography.bytesPerSlice(big, false));
        assertEquals(2 * GpuTomography.bytesPerSlice(big, false), GpuTomography.bytesPerSlice(big, true));
    }

    @Test
    void ptxIsMadeFromTheCurrentSource() throws Exception {
        Path cu = Path.of("src/main/java/org/daybreak/tomo/gpu/tomo_kernels.cu");
        assertNull(PtxFiles.staleness(cu));
        assertTrue(GpuTomography.class.getResource("tomo_kernels.ptx") != null,
                "tomo_kernels.ptx must travel in the bundle beside GpuTomography");
    }
}
