package org.daybreak.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.zip.Deflater;

import org.daybreak.hdf5.filter.Inflate;
import org.daybreak.plot.color.ColorMapper;
import org.junit.jupiter.api.Test;

/**
 * The issue-17 kernels are wired inside the workbench's OSGi runtime: jlibdeflate's bundle resolves for the HDF5
 * bundle's optional import and extracts and loads its native library from the bundle (so deflate chunks are
 * decoded by libdeflate here, not by the JDK fallback), and the plot bundle's optional import of
 * {@code jdk.incubator.vector} lets the colour mapping switch to its vector form once warm.
 */
class NativeInflaterInOsgiTest {
    @Test
    void libdeflateLoadsFromItsBundle() throws Exception {
        assertTrue(Inflate.fastAvailable(), "in OSGi: " + Inflate.describe());
        byte[] plain = new byte[100_000];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) (i % 251 ^ i >> 9);
        }
        Deflater d = new Deflater();
        d.setInput(plain);
        d.finish();
        byte[] z = new byte[plain.length];
        int n = d.deflate(z);
        d.end();
        assertArrayEquals(plain, Inflate.inflate(java.util.Arrays.copyOf(z, n), plain.length));
    }

    @Test
    void colourMappingReachesItsVectorForm() throws InterruptedException {
        long until = System.nanoTime() + 60_000_000_000L;
        while (!ColorMapper.vectorForm() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(ColorMapper.vectorForm(), "in OSGi the colour mapping stayed scalar");
    }
}
