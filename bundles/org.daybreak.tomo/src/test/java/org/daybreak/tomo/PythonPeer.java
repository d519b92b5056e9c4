package org.daybreak.tomo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a short script with the system Python (/usr/bin/python3, numpy + scikit-image) for reference values. */
final class PythonPeer {
    static final String PYTHON = "/usr/bin/python3";

    private PythonPeer() {
    }

    /** Runs {@code script} in {@code dir}; fails the test with the script's output when it does not succeed. */
    static String run(Path dir, String script) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            throw new AssertionError(PYTHON + " is missing; the reference comparisons need it with scikit-image");
        }
        Path file = dir.resolve("peer.py");
        Files.writeString(file, script);
        Process p = new ProcessBuilder(PYTHON, file.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("reference Python script failed:\n" + out);
        }
        return out;
    }
}
