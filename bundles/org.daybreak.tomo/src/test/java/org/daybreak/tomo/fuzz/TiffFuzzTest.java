package org.daybreak.tomo.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.daybreak.core.cli.InputException;
import org.daybreak.testing.fuzz.FuzzHarness;
import org.daybreak.tomo.io.TiffFolderSource;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: TIFF projections, darks and flats through {@link TiffFolderSource} (the JDK's TIFF reader behind
 * Daybreak's checks): a folder of one projection, one dark and one flat, each the fuzzed file; the source is opened
 * and every row read. Seeds: the small TIFFs of the shared test data. Allowed: InputException (the source's
 * contract: one sentence naming the file), IllegalArgumentException.
 */
class TiffFuzzTest {
    private static final List<byte[]> SEEDS = FuzzHarness.seeds("savu", 12, 64 * 1024, ".tif", ".tiff");
    private static final Path DIR = folder();

    private static Path folder() {
        try {
            Path d = Files.createTempDirectory("tifffuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "15s")
    void openAndReadRows(FuzzedDataProvider data) throws IOException {
        byte[] bytes = FuzzHarness.mutate(SEEDS, data);
        Path proj = Files.createDirectories(DIR.resolve("proj"));
        Files.write(proj.resolve("raw_00000.tif"), bytes);
        Path dark = Files.write(DIR.resolve("dark.tif"), bytes);
        Path flat = Files.write(DIR.resolve("flat.tif"), bytes);
        Path angles = Files.writeString(DIR.resolve("angles.txt"), "0\n");
        FuzzHarness.check(() -> {
            TiffFolderSource s = new TiffFolderSource(proj, angles, dark, flat);
            if ((long) s.rows() * s.columns() <= 4_000_000) {
                s.projections(0, s.rows());
                s.darkMean(0, s.rows());
                s.flatMeans(0, s.rows());
            }
        }, InputException.class, IllegalArgumentException.class);
    }
}
