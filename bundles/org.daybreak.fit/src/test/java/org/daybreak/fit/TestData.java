package org.daybreak.fit;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates /work/shared/testdata: the daybreak.testdata property, else ../../../shared/testdata. */
final class TestData {
    private TestData() {
    }

    static Path root() {
        String p = System.getProperty("daybreak.testdata");
        Path root = p != null ? Path.of(p) : Path.of("../../../shared/testdata");
        if (!Files.isDirectory(root)) {
            fail("test data folder " + root.toAbsolutePath() + " is missing; set -Ddaybreak.testdata=/path/to/testdata");
        }
        return root;
    }

    static Path file(String relative) {
        Path f = root().resolve(relative);
        if (!Files.exists(f)) {
            fail("test data file " + f.toAbsolutePath() + " is missing");
        }
        return f;
    }
}
