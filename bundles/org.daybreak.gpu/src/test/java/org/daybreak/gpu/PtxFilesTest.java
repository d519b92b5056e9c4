package org.daybreak.gpu;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtxFilesTest {
    @Test
    void currentStaleAndMissing(@TempDir Path dir) throws Exception {
        Path cu = dir.resolve("k.cu");
        Files.writeString(cu, "extern \"C\" __global__ void k() {}\n");
        String missing = PtxFiles.staleness(cu);
        assertTrue(missing.contains("k.ptx is missing"), missing);
        String hash = PtxFiles.sha256(Files.readAllBytes(cu));
        Files.writeString(dir.resolve("k.ptx"), PtxFiles.HEADER + hash + "\n.version 7.0\n", StandardCharsets.UTF_8);
        assertNull(PtxFiles.staleness(cu));
        Files.writeString(cu, "extern \"C\" __global__ void k() { }\n");
        String stale = PtxFiles.staleness(cu);
        assertTrue(stale.contains("was not made from the current k.cu"), stale);
        assertTrue(stale.contains("build-ptx.sh"), stale);
    }
}
