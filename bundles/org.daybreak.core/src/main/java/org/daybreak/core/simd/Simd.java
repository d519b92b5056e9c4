package org.daybreak.core.simd;

/**
 * Whether the JDK's Vector API ({@code jdk.incubator.vector}) may be used by the vectorised kernels.
 *
 * <p>The module is an incubator module: the JVM resolves it only when started with
 * {@code --add-modules jdk.incubator.vector} (the {@code daybreak} launcher does, for the command line, workers and
 * the workbench; the builds' test JVMs do too). Each kernel that has a vectorised form keeps a plain scalar form and
 * picks one through {@link #enabled()}: without the module, or with {@code -Ddaybreak.simd=false}, the scalar form
 * runs. A kernel's vector class is loaded only after this check, so a JVM without the module never links it.
 *
 * <p>In the workbench (Equinox), bundles that use the API import {@code jdk.incubator.vector} with
 * {@code resolution:=optional}; the system bundle exports the package when the boot layer holds the module.
 */
public final class Simd {
    /** System property that turns the vectorised kernels off ({@code false}) for comparison or diagnosis. */
    public static final String PROPERTY = "daybreak.simd";

    private static final boolean ENABLED = detect();

    private Simd() {
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            // the package must also be visible to this class's loader (in OSGi: through the optional import)
            Class.forName("jdk.incubator.vector.FloatVector", false, Simd.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** True when the vectorised kernels may run in this JVM (module present and not turned off). */
    public static boolean enabled() {
        return ENABLED;
    }

    /** One line for logs and benchmark records: which form the kernels use, and why. */
    public static String describe() {
        if (ENABLED) {
            return "vector (jdk.incubator.vector)";
        }
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
            return "scalar (-D" + PROPERTY + "=false)";
        }
        return "scalar (jdk.incubator.vector not resolved: start the JVM with --add-modules jdk.incubator.vector)";
    }
}
