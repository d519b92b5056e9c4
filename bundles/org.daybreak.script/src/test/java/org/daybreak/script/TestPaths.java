package org.daybreak.script;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the shared test data, the repository's examples and the Python peer. */
final class TestPaths {
    private TestPaths() {
    }

    /** The test data folder: -Ddaybreak.testdata, else ../../../shared/testdata from the bundle folder. */
    static Path testdata() {
        String p = System.getProperty("daybreak.testdata");
        Path dir = p != null ? Path.of(p) : Path.of("../../../shared/testdata");
        if (!Files.isRegularFile(dir.resolve("SOURCES.md"))) {
            fail("test data not found at " + dir.toAbsolutePath() + "; set -Ddaybreak.testdata to /work/shared/testdata");
        }
        return dir.toAbsolutePath().normalize();
    }

    /** The repository's examples folder: -Ddaybreak.examples, else ../../examples or examples from here. */
    static Path examples() {
        String p = System.getProperty("daybreak.examples");
        for (Path c : p != null ? new Path[] {Path.of(p)} : new Path[] {Path.of("../../examples"), Path.of("examples")}) {
            if (Files.isRegularFile(c.resolve("_testdata.py"))) {
                return c.toAbsolutePath().normalize();
            }
        }
        fail("the examples folder was not found (looked in ../../examples and examples; set -Ddaybreak.examples)");
        return null;
    }

    /** The Debian Python 3 with numpy, h5py and scipy (not a pyenv one from PATH). */
    static Path python() {
        Path py = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(py)) {
            fail("/usr/bin/python3 (with numpy, h5py, scipy) is needed as the reference peer");
        }
        return py;
    }
}
