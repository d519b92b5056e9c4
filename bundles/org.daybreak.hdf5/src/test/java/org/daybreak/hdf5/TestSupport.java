package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.daybreak.hdf5.cli.H5Command;

/** Test helpers: the shared test data, the Python peer (h5py, hdf5plugin) and the h5 command in-process. */
public final class TestSupport {
    public static final String PYTHON = "/usr/bin/python3";

    private TestSupport() {
    }

    /** The shared test data folder; fails the test with a clear message when it is missing. */
    public static Path testdata() {
        String p = System.getProperty("daybreak.testdata");
        Path dir = p != null ? Path.of(p) : Path.of("../../../shared/testdata");
        if (!Files.isDirectory(dir)) {
            fail("test data folder " + dir.toAbsolutePath() + " is missing (set -Ddaybreak.testdata)");
        }
        return dir;
    }

    public static Path data(String relative) {
        Path f = testdata().resolve(relative);
        if (!Files.exists(f)) {
            fail("test data file " + f + " is missing");
        }
        return f;
    }

    /** Text of a test resource next to this class. */
    public static String resource(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream(name)) {
            if (in == null) {
                fail("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The HDF5 filter plugins the Python peer may load: a folder of links to Debian's LZ4, bzip2 and Blosc
     * plugins only (the encoders write_filtered.py needs), whatever else the machine has installed. Without it, a
     * plugin such as Debian's {@code bitshuffle} (filter 32008, LZ4 only) would decode bitshuffle+zstd chunks into
     * garbage that the tests would take as the truth, and rewrite the parameters of chunks written directly.
     * Filters outside this set are unavailable to h5py: their datasets are checked against the files' own
     * reference data (BitshuffleRegressionTest) or against arrays the test wrote itself.
     */
    public static final List<String> TRUSTED_PLUGINS = List.of("libh5lz4.so", "libh5bz2.so", "libH5Zblosc.so");

    private static Path pluginFolder;

    /** The folder for {@code HDF5_PLUGIN_PATH} (see {@link #TRUSTED_PLUGINS}); made once per test run. */
    public static synchronized Path pluginFolder() throws IOException {
        if (pluginFolder == null) {
            Path dir = Files.createTempDirectory("daybreak-hdf5-plugins");
            dir.toFile().deleteOnExit();
            for (String name : TRUSTED_PLUGINS) {
                for (String system : List.of("/usr/lib/x86_64-linux-gnu/hdf5/serial/plugins",
                        "/usr/lib/x86_64-linux-gnu/hdf5/plugins", "/usr/local/hdf5/lib/plugin")) {
                    Path lib = Path.of(system, name);
                    if (Files.isRegularFile(lib)) {
                        Files.createSymbolicLink(dir.resolve(name), lib);
                        dir.resolve(name).toFile().deleteOnExit();
                        break;
                    }
                }
            }
            pluginFolder = dir;
        }
        return pluginFolder;
    }

    /**
     * Runs a Python script with /usr/bin/python3 (HDF5_PLUGIN_PATH set to {@link #pluginFolder()}) and returns its
     * standard output; fails on a non-zero exit.
     * An import error of h5py/hdf5plugin (the packages being installed) is retried for up to two minutes.
     */
    public static String python(Path workDir, String script, String... args) {
        try {
            Path file = Files.createTempFile(workDir, "peer", ".py");
            Files.writeString(file, script);
            for (int attempt = 0;; attempt++) {
                List<String> cmd = new ArrayList<>();
                cmd.add(PYTHON);
                cmd.add(file.toString());
                cmd.addAll(Arrays.asList(args));
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(false);
                pb.environment().put("HDF5_PLUGIN_PATH", pluginFolder().toString());
                Process p = pb.start();
                byte[] out = p.getInputStream().readAllBytes();
                byte[] err = p.getErrorStream().readAllBytes();
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("python timed out");
                }
                String errText = new String(err, StandardCharsets.UTF_8);
                if (p.exitValue() == 0) {
                    return new String(out, StandardCharsets.UTF_8);
                }
                if (errText.contains("ModuleNotFoundError") && attempt < 4) {
                    Thread.sleep(30_000);
                    continue;
                }
                fail("python failed (exit " + p.exitValue() + "): " + errText);
            }
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The outcome of one in-process run of the h5 command. */
    public record Run(int code, String out, String err, RuntimeException error) {
    }

    /** Runs {@code h5 ARGS...}; a thrown UsageException/InputException is returned, not rethrown. */
    public static Run h5(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = new H5Command().run(List.of(args), o, e);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), null);
        } catch (RuntimeException ex) {
            return new Run(2, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), ex);
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }
}
