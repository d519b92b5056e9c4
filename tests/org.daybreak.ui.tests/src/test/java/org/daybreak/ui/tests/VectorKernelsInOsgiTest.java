package org.daybreak.ui.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.daybreak.core.simd.Simd;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels are usable inside the workbench's OSGi runtime: the JVM has {@code jdk.incubator.vector} (the
 * launcher's and this test's {@code --add-modules}), Equinox's system bundle exports the package and core's optional
 * import is wired to it, so {@link Simd#enabled()} is true here as on the command line.
 */
class VectorKernelsInOsgiTest {
    @Test
    void vectorApiIsVisibleToTheBundles() {
        assertTrue(Simd.enabled(), "in OSGi: " + Simd.describe());
    }
}
