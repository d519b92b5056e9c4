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

    /**
     * {@code target/test-output} of this bundle, for rendered test output kept for looking at. The bundle folder is
     * the working directory under Maven and {@code bundles/org.daybreak.plot} from the repository root (devtest.sh);
     * elsewhere the system's temporary folder is used.
     */
    public static Path outputDir() throws java.io.IOException {
        Path bundle = null;
        for (String c : new String[] {".", "bundles/org.daybreak.plot", "../org.daybreak.plot"}) {
            if (Files.isDirectory(Path.of(c, "src/main/java/org/daybreak/plot"))) {
                bundle = Path.of(c);
                break;
            }
        }
        Path out = bundle != null ? bundle.resolve("target/test-output")
                : Path.of(System.getProperty("java.io.tmpdir"), "daybreak-plot-test-output");
        Files.createDirectories(out);
        return out;
    }
}
