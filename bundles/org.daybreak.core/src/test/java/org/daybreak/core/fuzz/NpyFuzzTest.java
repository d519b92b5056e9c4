package org.daybreak.core.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.testing.fuzz.FuzzHarness;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target: {@code .npy} files through {@link Npy#read(Path)} (the file path) and
 * {@link Npy#read(java.io.InputStream, String)} (the stream path used for carried job inputs). Seeds: small arrays of
 * every numeric type written by Npy itself at class load (the shared test data holds no .npy files).
 * Allowed: IOException.
 */
class NpyFuzzTest {
    private static final List<byte[]> SEEDS = seeds();

    private static List<byte[]> seeds() {
        List<byte[]> out = new ArrayList<>();
        try {
            for (DType t : DType.values()) {
                if (t.isText()) {
                    continue;
                }
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                Npy.write(b, NDArray.zeros(t, 3, 5));
                out.add(b.toByteArray());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    @FuzzTest(maxDuration = "15s")
    void read(FuzzedDataProvider data) throws IOException {
        byte[] bytes = FuzzHarness.mutate(SEEDS, data);
        FuzzHarness.check(() -> Npy.read(new ByteArrayInputStream(bytes), "input.npy"), IOException.class);
        Path f = Files.createTempFile("npyfuzz", ".npy");
        try {
            Files.write(f, bytes);
            FuzzHarness.check(() -> Npy.read(f), IOException.class);
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
