package org.daybreak.tomo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates /work/shared/testdata (system property daybreak.testdata, else ../../../shared/testdata). */
final class TestData {
    private TestData() {
    }

    static Path file(String relative) {
        String prop = System.getProperty("daybreak.testdata");
        Path root = prop != null ? Path.of(prop) : Path.of("../../../shared/testdata");
        Path p = root.resolve(relative);
        if (!Files.exists(p)) {
            throw new AssertionError("test data " + p.toAbsolutePath() + " is missing (set -Ddaybreak.testdata)");
        }
        return p;
    }
}
