package org.daybreak.hdf5.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opaque elements (held as hex text) are written back as NumPy {@code |V<n>} with their bytes. */
class NpyWriterTest {

    @Test
    void opaqueElementsBecomeTheirBytes(@TempDir Path tmp) throws Exception {
        NDArray a = NDArray.of(new String[] {"00ff80616263", "7f0102030405"}, 2);
        Path out = tmp.resolve("opaque.npy");
        NpyWriter.writeOpaque(out, a, 6);
        byte[] file = Files.readAllBytes(out);
        String header = new String(file, 10, file.length - 10 - 12, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertArrayEquals(new byte[] {0, (byte) 0xff, (byte) 0x80, 'a', 'b', 'c', 0x7f, 1, 2, 3, 4, 5},
                Arrays.copyOfRange(file, file.length - 12, file.length));
        org.junit.jupiter.api.Assertions.assertTrue(header.contains("'descr': '|V6'"), header);
    }
}
