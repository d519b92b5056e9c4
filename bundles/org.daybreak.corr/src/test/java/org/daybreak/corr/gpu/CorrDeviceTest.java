package org.daybreak.corr.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.daybreak.core.cli.UsageException;
import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.corr.cli.CorrCommand;
import org.daybreak.gpu.GpuInventory;
import org.daybreak.gpu.GpuUnavailableException;
import org.daybreak.gpu.Gpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code corr xengine} / {@code corr run} {@code --device}: the choice, the fallback, the error, the same result. */
class CorrDeviceTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int corr(String... args) throws Exception {
        err.reset();
        return new CorrCommand().run(List.of(args), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static Path input(Path dir) throws Exception {
        byte[] x = new byte[16 * 4 * 6 * 2];
        new Random(5).nextBytes(x);
        Path p = dir.resolve("x.npy");
        Npy.write(p, NDArray.wrap(DType.INT8, x, 16, 4, 6, 2));
        return p;
    }

    @Test
    void everyDeviceGivesTheSameVisibilitiesAndSaysWhereItRan(@TempDir Path dir) throws Exception {
        Path in = input(dir);
        assertEquals(0, corr("xengine", "--in", in.toString(), "--out", dir.resolve("cpu.npy").toString(),
                "--integrate", "8", "--device", "cpu"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("on CPU (cpu requested)"), err.toString());
        assertEquals(0, corr("xengine", "--in", in.toString(), "--out", dir.resolve("auto.npy").toString(),
                "--integrate", "8"));
        GpuInventory inv = Gpus.inventory();
        String expected = inv.usable() ? "on GPU 0" : "on CPU (no GPU: " + inv.reason() + ")";
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(expected), err.toString());
        assertArrayEquals((long[]) Npy.read(dir.resolve("cpu.npy")).data(),
                (long[]) Npy.read(dir.resolve("auto.npy")).data());
    }

    @Test
    void gpuWithoutAGpuIsOneLine(@TempDir Path dir) throws Exception {
        GpuInventory inv = Gpus.inventory();
        Assumptions.assumeFalse(inv.usable(), "NOT RUN: this machine has a usable GPU, so --device gpu succeeds here");
        Path in = input(dir);
        GpuUnavailableException e = assertThrows(GpuUnavailableException.class, () -> corr("xengine", "--in",
                in.toString(), "--out", dir.resolve("v.npy").toString(), "--integrate", "8", "--device", "gpu"));
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(GpuUnavailableException.class, () -> corr("run", "--in", in.toString(), "--out",
                dir.resolve("v.h5").toString(), "--channels", "4", "--integrate", "2", "--device", "gpu"));
        assertThrows(UsageException.class, () -> corr("xengine", "--in", in.toString(), "--out",
                dir.resolve("v.npy").toString(), "--integrate", "8", "--device", "fpga"));
    }
}
