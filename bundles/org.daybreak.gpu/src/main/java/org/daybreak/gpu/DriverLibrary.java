package org.daybreak.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A look for the CUDA driver library before JCuda is touched: loading JCuda (its classes, and its native library
 * unpacked from the jar) only to learn that the dynamic linker finds no {@code libcuda.so.1} took about 0.1 s of every
 * command that asks for the device on a machine without an NVIDIA driver (most laptops and workstations). On Linux
 * the dynamic linker finds a library in the directories of {@code LD_LIBRARY_PATH}, in those listed in its cache
 * {@code /etc/ld.so.cache} (built by ldconfig from {@code /etc/ld.so.conf}, where drivers and container runtimes
 * register it) and in the default directories; when none of them has it, JCuda could not load it either. Where this
 * cannot be told (another system, no cache file) the answer is "maybe", and JCuda decides as before.
 *
 * <p>Thread rules: stateless, thread-safe.
 */
final class DriverLibrary {
    /** The driver library's name as the dynamic linker looks it up. */
    static final String NAME = "libcuda.so.1";
    private static final String[] DEFAULT_DIRS = {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
        "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"};
    private static final Path CACHE = Path.of("/etc/ld.so.cache");
    /** A larger file is not the linker's cache as known; then JCuda decides. */
    private static final long CACHE_LIMIT = 64L << 20;

    private DriverLibrary() {
    }

    /** False only when this is Linux and the dynamic linker certainly finds no {@link #NAME}. */
    static boolean mayBePresent() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return true;
        }
        List<Path> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        for (String d : DEFAULT_DIRS) {
            dirs.add(Path.of(d));
        }
        byte[] cache = null;
        try {
            if (Files.isRegularFile(CACHE) && Files.size(CACHE) <= CACHE_LIMIT) {
                cache = Files.readAllBytes(CACHE);
            }
        } catch (IOException | RuntimeException e) {
            cache = null;
        }
        return mayBePresent(dirs, cache);
    }

    /**
     * Whether {@link #NAME} is in one of {@code dirs} or named in the linker's cache ({@code cache}, its bytes; null
     * when there is none to read, which leaves the answer open: true).
     */
    static boolean mayBePresent(List<Path> dirs, byte[] cache) {
        for (Path d : dirs) {
            if (Files.exists(d.resolve(NAME))) {
                return true;
            }
        }
        return cache == null || contains(cache, NAME.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
