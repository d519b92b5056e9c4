package org.daybreak.corr.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.daybreak.core.cli.InputException;
import org.daybreak.corr.baseband.Baseband;
import org.daybreak.corr.baseband.BasebandReader;
import org.daybreak.testing.fuzz.FuzzHarness;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: baseband recordings (VDIF, Mark 5B, PSRDADA, GUPPI RAW) through {@link Baseband#open}: detect the
 * format, read the headers and frame index, decode the first and last samples as levels and as raw codes. Seeds:
 * the first 64 KiB of every recording in the shared test data's radio/baseband folder, each under a name with its
 * own suffix (the format is detected from the bytes, the suffix only breaks ties). Allowed: IOException,
 * InputException and IllegalArgumentException (a file that is not a recording, or lies about itself).
 */
class BasebandFuzzTest {
    private static final String[] SUFFIXES = {".vdif", ".m5b", ".dada", ".raw"};
    private static final List<byte[]> SEEDS = seeds();

    private static List<byte[]> seeds() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] f : FuzzHarness.seeds("radio/baseband", 32, Integer.MAX_VALUE, SUFFIXES)) {
            out.add(Arrays.copyOf(f, Math.min(f.length, 64 * 1024)));
        }
        return out;
    }

    private static final Path DIR = temp();

    private static Path temp() {
        try {
            Path d = Files.createTempDirectory("basebandfuzz");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "15s")
    void openAndDecode(FuzzedDataProvider data) throws IOException {
        Path file = DIR.resolve("input" + SUFFIXES[data.consumeInt(0, SUFFIXES.length - 1)]);
        Files.write(file, FuzzHarness.mutate(SEEDS, data));
        try {
            FuzzHarness.check(() -> {
                try (BasebandReader r = Baseband.open(file, Baseband.Options.NONE)) {
                    r.info().toMap();
                    long n = r.samples();
                    int count = (int) Math.min(n, 4096);
                    r.read(0, count);
                    r.readCodes(0, count);
                    if (n > count) {
                        r.read(n - count, count);
                    }
                }
            }, IOException.class, InputException.class, IllegalArgumentException.class);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
