package org.daybreak.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeometryAndSlabTest {
    @Test
    void launchGeometryCoversThePlane() {
        LaunchGeometry g = LaunchGeometry.covering(2049, 2048, 3, 32, 8);
        assertEquals(65, g.gridX());
        assertEquals(256, g.gridY());
        assertEquals(3, g.gridZ());
        assertTrue(g.threads() >= 2049L * 2048 * 3);
        assertEquals(1, LaunchGeometry.ceilDiv(1, 32));
        assertEquals(0, LaunchGeometry.ceilDiv(0, 32));
        assertThrows(IllegalArgumentException.class, () -> new LaunchGeometry(1, 1, 1, 64, 32, 1));
        assertThrows(IllegalArgumentException.class, () -> new LaunchGeometry(1, 70000, 1, 32, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.covering(0, 10, 1, 32, 8));
    }

    @Test
    void slabsFitTheFreeMemoryInWholeGranules() {
        long mib = 1L << 20;
        // 1000 MiB free, 100 MiB fixed: 700 MiB for slices of 30 MiB -> 23 -> 20 (granule 4)
        SlabPlan p = SlabPlan.plan(1000 * mib, 100 * mib, 30 * mib, 50, 4, 1024);
        assertEquals(20, p.perSlab());
        assertEquals(3, p.slabs().size());
        assertArrayEquals(new int[] {0, 20}, p.slabs().get(0));
        assertArrayEquals(new int[] {40, 50}, p.slabs().get(2));
        // fewer items than fit: one slab, rounded up to the granule
        SlabPlan small = SlabPlan.plan(1000 * mib, 0, mib, 5, 4, 1024);
        assertEquals(8, small.perSlab());
        assertEquals(1, small.slabs().size());
        assertArrayEquals(new int[] {0, 5}, small.slabs().get(0));
        // the cap wins
        assertEquals(16, SlabPlan.plan(80_000 * mib, 0, mib, 2048, 4, 16).perSlab());
        GpuException e = assertThrows(GpuException.class, () -> SlabPlan.plan(100 * mib, 50 * mib, 20 * mib, 8, 4,
                64));
        assertTrue(e.getMessage().contains("device memory"), e.getMessage());
    }

    @Test
    void slabPlanFor2048CubedOnAnH100() {
        // sinogram slice 1800 x 2052 floats + output slice 2048^2 floats, double-buffered
        long perSlice = 2L * (1800L * 2052 * 4 + 2048L * 2048 * 4);
        SlabPlan p = SlabPlan.plan(79L << 30, 50L << 20, perSlice, 2048, 4, 256);
        assertEquals(0, p.perSlab() % 4);
        assertTrue(p.perSlab() >= 64, "an H100 holds many slices per slab: " + p.perSlab());
        int covered = 0;
        for (int[] s : p.slabs()) {
            assertEquals(covered, s[0]);
            covered = s[1];
        }
        assertEquals(2048, covered);
    }
}
