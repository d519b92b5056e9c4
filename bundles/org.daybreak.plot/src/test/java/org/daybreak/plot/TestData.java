package org.daybreak.plot;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates /work/shared/testdata (system property daybreak.testdata, else ../../../shared/testdata). */
public final class TestData {
    private TestData() {
    }

    public static Path file(String relative) {
        String prop = System.getProperty("daybreak.testdata");
        Path root = prop != null ? Path.of(prop) : Path.of("../../../shared/testdata");
        Path p = root.resolve(relative);
        if (!Files.isRegularFile(p)) {
            fail("test data file " + p.toAbsolutePath() + " is missing; set -Ddaybreak.testdata to the shared "
                    + "testdata folder");
        }
        return p;
    }

    /** A folder under the bundle's target/ for rendered test output (kept for looking at). */
    public static Path outputDir() throws java.io.IOException {
        Path bundle = Path.of(System.getProperty("daybreak.plot.out", "/work/main/bundles/org.daybreak.plot/target"));
        Path out = bundle.resolve("test-output");
        Files.createDirectories(out);
        return out;
    }
}
