package org.daybreak.core.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryNumericType() throws IOException {
        for (DType t : DType.values()) {
            if (t.isText()) {
                continue;
            }
            NDArray a = NDArray.zeros(t, 2, 3);
            for (int i = 0; i < 6; i++) {
                a.setDoubleFlat(i, t == DType.BOOL ? i % 2 : i * 3 - (t.isUnsigned() ? 0 : 5));
            }
            Path f = dir.resolve(t + ".npy");
            Npy.write(f, a);
            NDArray b = Npy.read(f);
            assertTrue(a.contentEquals(b), t + ": " + a + " vs " + b);
            byte[] bytes = Files.readAllBytes(f);
            int headerEnd = 10 + (bytes[8] & 0xff) + ((bytes[9] & 0xff) << 8);
            assertEquals(0, headerEnd % 64, "data starts on a 64-byte boundary");
            assertEquals(headerEnd + 6L * t.itemSize(), bytes.length);
        }
    }

    /**
     * Arrays longer than one write window (256 KiB) of every numeric type: the file and the stream form write the
     * same bytes, and they read back equal (the windows' seams in the middle of the data).
     */
    @Test
    void writesArraysLongerThanOneWindowAlikeToFilesAndStreams() throws IOException {
        for (DType t : DType.values()) {
            if (t.isText()) {
                continue;
            }
            int n = 300_007;
            NDArray a = NDArray.zeros(t, n);
            for (int i = 0; i < n; i++) {
                a.setDoubleFlat(i, t == DType.BOOL ? (i / 3) % 2 : (i * 7919L) % 251 - (t.isUnsigned() ? 0 : 125));
            }
            Path f = dir.resolve("long-" + t + ".npy");
            Npy.write(f, a);
            java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
            Npy.write(stream, a);
            assertArrayEquals(Files.readAllBytes(f), stream.toByteArray(), t.toString());
            assertTrue(a.contentEquals(Npy.read(f)), t.toString());
        }
    }

    @Test
    void writesAViewInCOrder() throws IOException {
        NDArray a = NDArray.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3).transpose();
        Path f = dir.resolve("t.npy");
        Npy.write(f, a);
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, Npy.read(f).toDoubleArray());
        assertArrayEquals(new int[] {3, 2}, Npy.read(f).shape());
    }

    @Test
    void rejectsFilesThatAreNotNpy() throws IOException {
        Path f = dir.resolve("bad.npy");
        Files.writeString(f, "hello world, not numpy");
        IOException e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("not a .npy file"), e.getMessage());
        NDArray a = NDArray.of(new double[100]);
        Npy.write(f, a);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 10));
        e = assertThrows(IOException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
