package org.daybreak.script.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Python source of the {@code daybreak} module, kept as resources {@code Lib/daybreak/*.py} of this bundle
 * and copied to a cache folder that goes on Jython's {@code sys.path}. Copying (instead of pointing Jython at
 * the jar) works the same on a plain class path and inside an OSGi bundle, and lets Jython keep its compiled
 * {@code $py.class} files next to the sources between runs.
 *
 * <p>The folder is named after a digest of the sources, so a new version never reuses stale files:
 * {@code $DAYBREAK_CACHE} (system property {@code daybreak.cache}) or {@code ~/.daybreak/cache}, then
 * {@code jython-lib/<digest>/daybreak/}. When that place is not writable, a temporary folder is used.
 */
public final class PythonLibrary {
    /** The module files, in {@code Lib/daybreak/}; a test checks this list against the resource folder. */
    public static final List<String> FILES = List.of("__init__.py", "_java.py", "arrays.py", "workbench.py",
            "files.py", "plot.py", "fitting.py", "jobs.py", "tomo.py", "corr.py");

    private static Path cached;

    private PythonLibrary() {
    }

    /** The folder to put on {@code sys.path} (it holds {@code daybreak/}); extracted on the first call. */
    public static synchronized Path directory() {
        if (cached != null && Files.isDirectory(cached.resolve("daybreak"))) {
            return cached;
        }
        List<byte[]> contents = new ArrayList<>();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String f : FILES) {
            byte[] b = read("Lib/daybreak/" + f);
            sha.update(f.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(b);
            contents.add(b);
        }
        String digest = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        IOException first = null;
        for (Path base : candidates()) {
            Path root = base.resolve("jython-lib").resolve(digest);
            try {
                if (!Files.isRegularFile(root.resolve("daybreak").resolve(FILES.get(FILES.size() - 1)))) {
                    extract(root, contents);
                }
                cached = root;
                return root;
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw new UncheckedIOException("cannot write the daybreak Python module to a cache folder", first);
    }

    private static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String p = System.getProperty("daybreak.cache", System.getenv("DAYBREAK_CACHE"));
        if (p != null && !p.isBlank()) {
            out.add(Path.of(p));
        }
        out.add(Path.of(System.getProperty("user.home"), ".daybreak", "cache"));
        out.add(Path.of(System.getProperty("java.io.tmpdir"), "daybreak-" + System.getProperty("user.name") + "-cache"));
        return out;
    }

    /** Writes the files into a fresh sibling folder, then renames it into place (another process may race). */
    private static void extract(Path root, List<byte[]> contents) throws IOException {
        Files.createDirectories(root.getParent());
        Path tmp = Files.createTempDirectory(root.getParent(), root.getFileName() + ".tmp");
        Path pkg = Files.createDirectory(tmp.resolve("daybreak"));
        for (int i = 0; i < FILES.size(); i++) {
            Files.write(pkg.resolve(FILES.get(i)), contents.get(i));
        }
        try {
            Files.move(tmp, root, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            deleteTree(tmp);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, root);
        }
        if (!Files.isDirectory(root.resolve("daybreak"))) {
            throw new IOException("the module folder " + root + " could not be created");
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = PythonLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from org.daybreak.script");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
