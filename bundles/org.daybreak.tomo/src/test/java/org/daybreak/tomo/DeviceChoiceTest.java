package org.daybreak.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.daybreak.core.cli.UsageException;
import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.core.json.Json;
import org.daybreak.gpu.GpuInventory;
import org.daybreak.gpu.GpuUnavailableException;
import org.daybreak.gpu.Gpus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tomo recon --device cpu|gpu|auto}: the choice, the fallback under auto, the error under gpu. */
class DeviceChoiceTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int tomo(String... args) throws Exception {
        out.reset();
        err.reset();
        return new TomoCommand().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static void sinograms(Path dir) throws Exception {
        double[] a = Phantoms.angles(60, 180);
        float[] all = new float[2 * 60 * 48];
        for (int s = 0; s < 2; s++) {
            float[] one = Phantoms.sinogram(Phantoms.MODIFIED_SHEPP_LOGAN, 48, 0.7, a, 48, 24);
            System.arraycopy(one, 0, all, s * one.length, one.length);
        }
        Npy.write(dir.resolve("s.npy"), NDArray.wrap(DType.FLOAT32, all, 2, 60, 48));
        Npy.write(dir.resolve("a.npy"), NDArray.of(a, a.length));
    }

    private Map<String, Object> recon(Path dir, String device) throws Exception {
        assertEquals(0, tomo("recon", "--sinogram", dir.resolve("s.npy").toString(), "--angles",
                dir.resolve("a.npy").toString(), "--out", dir.resolve("r-" + device + ".npy").toString(), "--device",
                device, "--json"));
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void cpuIsCpu(@TempDir Path dir) throws Exception {
        sinograms(dir);
        Map<String, Object> r = recon(dir, "cpu");
        assertEquals("cpu", r.get("device"));
        assertEquals("CPU (cpu requested)", r.get("device_name"));
    }

    @Test
    void autoSaysWhichRan(@TempDir Path dir) throws Exception {
        sinograms(dir);
        Map<String, Object> r = recon(dir, "auto");
        GpuInventory inv = Gpus.inventory();
        if (inv.usable()) {
            assertEquals("gpu", r.get("device"));
        } else {
            assertEquals("cpu", r.get("device"));
            assertEquals("CPU (no GPU: " + inv.reason() + ")", r.get("device_name"));
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("on " + r.get("device_name")),
                "the progress says where it runs: " + err);
    }

    @Test
    void gpuWithoutAGpuIsOneLineBeforeAnyInputIsRead(@TempDir Path dir) {
        GpuInventory inv = Gpus.inventory();
        Assumptions.assumeFalse(inv.usable(), "NOT RUN: this machine has a usable GPU, so --device gpu succeeds here");
        GpuUnavailableException e = assertThrows(GpuUnavailableException.class, () -> tomo("recon", "--sinogram",
                dir.resolve("missing.npy").toString(), "--angles", "a.npy", "--out", "r.npy", "--device", "gpu"));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains(inv.reason()), e.getMessage());
    }

    @Test
    void unknownDevice() {
        assertThrows(UsageException.class, () -> tomo("recon", "--sinogram", "s.npy", "--angles", "a.npy", "--out",
                "r.npy", "--device", "tpu"));
    }
}
