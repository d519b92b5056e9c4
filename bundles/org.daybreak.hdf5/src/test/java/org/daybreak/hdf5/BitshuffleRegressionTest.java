package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bitshuffle project's own regression files hold every compressed dataset twice: {@code /compressed/NAME}
 * (bitshuffle, LZ4 or zstd) and {@code /original/NAME} (raw). The originals are the truth for the compressed ones,
 * so no HDF5 plugin (which might decode bitshuffle+zstd wrongly, as Debian's bitshuffle package does) is asked.
 * Their elements are fixed-length strings ({@code |S1} ... {@code |S10}) of random bytes, most of them not UTF-8:
 * Daybreak must return them byte for byte.
 */
class BitshuffleRegressionTest {

    @Test
    void compressedDatasetsEqualTheirOriginalsByteForByte() throws Exception {
        int compared = 0;
        for (String name : List.of("regression_0.1.3.h5", "regression_0.4.0.h5")) {
            try (H5File f = H5File.open(TestSupport.data("bitshuffle/" + name))) {
                List<String> names = new ArrayList<>();
                for (H5Node n : f.children("/original")) {
                    names.add(n.name());
                }
                assertTrue(names.size() >= 20, name + ": " + names);
                for (String n : names) {
                    NDArray original = f.dataset("/original/" + n).read();
                    NDArray compressed = f.dataset("/compressed/" + n).read();
                    assertEquals(DType.BYTES, original.dtype(), name + " " + n);
                    assertTrue(original.contentEquals(compressed), name + ": /compressed/" + n + " differs");
                    compared++;
                }
            }
        }
        assertTrue(compared >= 40, "compared " + compared);
    }

    @Test
    void bytesAbove0x7fAreKeptNotReplaced() throws Exception {
        try (H5File f = H5File.open(TestSupport.data("bitshuffle/regression_0.4.0.h5"))) {
            H5Dataset d = f.dataset("/original/a1_a");
            assertEquals("|S1", d.numpyDtype());
            NDArray a = d.read();
            int high = 0;
            for (int i = 0; i < a.size(); i++) {
                byte[] b = DType.bytesOf((String) a.getObjectFlat(i));
                assertTrue(b.length <= 1, "element " + i + " has " + b.length + " bytes in a |S1 dataset");
                if (b.length == 1 && (b[0] & 0xff) >= 0x80) {
                    high++;
                }
            }
            assertTrue(high > 50, "only " + high + " bytes >= 0x80 among " + a.size());
        }
    }

    /** {@code h5 get} writes the bytes h5py reads (the uncompressed original needs no plugin). */
    @Test
    void h5GetWritesTheStoredBytes(@TempDir Path tmp) throws Exception {
        Path file = TestSupport.data("bitshuffle/regression_0.4.0.h5");
        for (String path : List.of("/original/a1_a", "/compressed/a1_a", "/compressed/|S10_c")) {
            Path out = tmp.resolve("got" + Math.abs(path.hashCode()) + ".npy");
            TestSupport.Run r = TestSupport.h5("get", file.toString(), path, "--out", out.toString());
            assertNull(r.error(), path + ": " + r.error());
            assertEquals(0, r.code());
            String original = path.replace("/compressed/", "/original/");
            String script = """
                    import sys, h5py, numpy as np
                    a = np.load(sys.argv[2])
                    b = h5py.File(sys.argv[1], 'r')[sys.argv[3]][()]
                    print(a.dtype.str, b.dtype.str, a.tobytes() == b.tobytes())
                    """;
            String said = TestSupport.python(tmp, script, file.toString(), out.toString(), original).strip();
            String width = original.endsWith("10_c") ? "|S10" : "|S1";
            assertEquals(width + " " + width + " True", said, path);
        }
        assertArrayEquals(Files.readAllBytes(tmp.resolve("got" + Math.abs("/original/a1_a".hashCode()) + ".npy")),
                Files.readAllBytes(tmp.resolve("got" + Math.abs("/compressed/a1_a".hashCode()) + ".npy")));
    }
}
