package org.daybreak.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Optional;

/**
 * Gives the command line its standard error back after the JVM's start-up.
 *
 * <p>The vectorised kernels need the incubator module {@code jdk.incubator.vector}, and a JVM that resolves it prints
 * {@code WARNING: Using incubator modules: jdk.incubator.vector} on standard error before any of our code runs; no
 * option silences it. That line would break the command line's contract (a user error is exactly one line on
 * stderr), so the launcher starts the JVM with the terminal's stderr also on descriptor 3 and descriptor 2 going
 * through a filter that drops that line (a JVM that cannot start at all still shows its reason), and names
 * descriptor 3 in {@code -Ddaybreak.stderr.fd=3}. First thing in {@code main}, this class makes descriptor 2 a copy
 * of descriptor 3 again ({@code dup2} through the foreign-function API, looked up reflectively because the code is
 * compiled for Java 21 where that API was a preview), so {@code System.err} and native libraries write to the
 * terminal as before. Where that is impossible, {@code System.err} alone is pointed at descriptor 3.
 */
final class StartupStderr {
    static final String PROPERTY = "daybreak.stderr.fd";

    private StartupStderr() {
    }

    /** Restores descriptor 2 from the descriptor named by {@value #PROPERTY}; does nothing without it. */
    static void restore() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isEmpty()) {
            return;
        }
        int fd;
        try {
            fd = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return;
        }
        System.err.flush();
        if (dup2(fd, 2)) {
            return;
        }
        try {
            System.setErr(new PrintStream(new FileOutputStream("/proc/self/fd/" + fd), true));
        } catch (IOException e) {
            // stderr stays where the launcher put it (the start-up log)
        }
    }

    private static boolean dup2(int from, int to) {
        try {
            Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
            Class<?> layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
            Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
            Object lookup = linkerClass.getMethod("defaultLookup").invoke(linker);
            Optional<?> symbol = (Optional<?>) lookupClass.getMethod("find", String.class).invoke(lookup, "dup2");
            if (symbol.isEmpty()) {
                return false;
            }
            Object javaInt = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT").get(null);
            Object arguments = Array.newInstance(layoutClass, 2);
            Array.set(arguments, 0, javaInt);
            Array.set(arguments, 1, javaInt);
            Object descriptor = descriptorClass.getMethod("of", layoutClass, arguments.getClass()).invoke(null, javaInt,
                    arguments);
            MethodHandle handle = (MethodHandle) linkerClass
                    .getMethod("downcallHandle", segmentClass, descriptorClass, Array.newInstance(optionClass, 0).getClass())
                    .invoke(linker, symbol.get(), descriptor, Array.newInstance(optionClass, 0));
            int result = (int) handle.invoke(from, to);
            return result == to;
        } catch (Throwable e) {
            return false;
        }
    }
}
