package org.daybreak.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import jcuda.driver.CUresult;

class GpusTest {
    private static final GpuDevice H100 = new GpuDevice(0, "NVIDIA H100 80GB HBM3", 85L << 30, 9, 0, 132, 1980000);
    private static final GpuDevice K80 = new GpuDevice(0, "Tesla K80", 12L << 30, 3, 7, 13, 875000);

    @Test
    void discoveryOnThisMachineIsConsistentAndNeverLacksTheNativeLibrary() {
        // through JCuda whatever the driver library's look says: JCuda's classes and native library are checked
        GpuInventory inv = Gpus.discover(false);
        GpuInventory quick = Gpus.discover(true);
        assertEquals(inv.status(), quick.status(), "the look before JCuda must agree with JCuda: " + quick.reason()
                + " / " + inv.reason());
        // the fragment with JCuda's driver library is on the test class path: its absence is a packaging bug
        assertNotEquals(GpuInventory.Status.NO_NATIVE_LIBRARY, inv.status(), inv.reason());
        if (inv.usable()) {
            assertNull(inv.reason());
            assertFalse(inv.supportedDevices().isEmpty());
            assertNotNull(inv.driverVersion());
        } else {
            assertNotNull(inv.reason());
            assertFalse(inv.reason().isBlank());
        }
    }

    /** The look for libcuda.so.1 before JCuda: in a directory of the search, or named in the linker's cache. */
    @Test
    void driverLibraryLookFindsItInADirectoryOrTheCache(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path empty = java.nio.file.Files.createDirectory(dir.resolve("empty"));
        java.nio.file.Path with = java.nio.file.Files.createDirectory(dir.resolve("with"));
        java.nio.file.Files.write(with.resolve("libcuda.so.1"), new byte[] {0x7f, 'E', 'L', 'F'});
        byte[] cacheWithout = "ld.so-1.7.0\0libc.so.6\0/lib/x86_64-linux-gnu/libc.so.6\0".getBytes();
        byte[] cacheWith = "ld.so-1.7.0\0libcuda.so.1\0/usr/lib/x86_64-linux-gnu/libcuda.so.1\0".getBytes();
        assertFalse(DriverLibrary.mayBePresent(List.of(empty), cacheWithout));
        assertTrue(DriverLibrary.mayBePresent(List.of(empty, with), cacheWithout));
        assertTrue(DriverLibrary.mayBePresent(List.of(empty), cacheWith));
        assertTrue(DriverLibrary.mayBePresent(List.of(empty), null), "no cache to read: JCuda decides");
    }

    @Test
    void withoutLibcudaTheReasonIsNoDriver() {
        boolean libcuda = List.of("/usr/lib/x86_64-linux-gnu/libcuda.so.1", "/usr/lib64/libcuda.so.1",
                "/usr/lib/libcuda.so.1", "/usr/local/nvidia/lib64/libcuda.so.1").stream()
                .anyMatch(p -> java.nio.file.Files.exists(java.nio.file.Path.of(p)));
        org.junit.jupiter.api.Assumptions.assumeFalse(libcuda,
                "NOT RUN: this machine has libcuda.so.1, so the no-driver path cannot be observed here");
        GpuInventory inv = Gpus.discover();
        assertEquals(GpuInventory.Status.NO_DRIVER, inv.status(), inv.reason());
        assertTrue(inv.reason().contains("libcuda.so.1"), inv.reason());
        assertEquals(inv.reason(), Gpus.discover(false).reason(), "the same words with or without the look first");
    }

    @Test
    void switchedOffByProperty() {
        System.setProperty("daybreak.gpu", "off");
        try {
            GpuInventory inv = Gpus.discover();
            assertEquals(GpuInventory.Status.SWITCHED_OFF, inv.status());
            assertTrue(inv.reason().contains("-Ddaybreak.gpu=off"), inv.reason());
        } finally {
            System.clearProperty("daybreak.gpu");
        }
    }

    @Test
    void classifiesLoadFailures() {
        UnsatisfiedLinkError outer = new UnsatisfiedLinkError("Error while loading native library");
        outer.addSuppressed(new UnsatisfiedLinkError(
                "/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file"));
        assertEquals(GpuInventory.Status.NO_DRIVER, Gpus.classify(outer).status());
        assertEquals(GpuInventory.Status.NO_NATIVE_LIBRARY,
                Gpus.classify(new UnsatisfiedLinkError("no JCudaDriver-12.6.0-linux-x86_64 in java.library.path"))
                        .status());
        assertEquals(GpuInventory.Status.NO_NATIVE_LIBRARY,
                Gpus.classify(new NoClassDefFoundError("jcuda/driver/JCudaDriver")).status());
    }

    @Test
    void classifiesDriverAnswers() {
        assertEquals(GpuInventory.Status.NO_DEVICE, Gpus.fromInitResult(CUresult.CUDA_ERROR_NO_DEVICE).status());
        GpuInventory old = Gpus.fromInitResult(CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH);
        assertEquals(GpuInventory.Status.NO_DRIVER, old.status());
        assertTrue(old.reason().contains("CUDA_ERROR_SYSTEM_DRIVER_MISMATCH"), old.reason());
        assertEquals(GpuInventory.Status.DRIVER_ERROR, Gpus.fromInitResult(CUresult.CUDA_ERROR_UNKNOWN).status());
        assertEquals(GpuInventory.Status.NO_DEVICE, Gpus.fromDevices(List.of(), "12.4").status());
        GpuInventory tooOld = Gpus.fromDevices(List.of(K80), "12.4");
        assertEquals(GpuInventory.Status.NO_DEVICE, tooOld.status());
        assertTrue(tooOld.reason().contains("7.0"), tooOld.reason());
        GpuInventory ok = Gpus.fromDevices(List.of(K80, H100.withIndex(1)), "12.4");
        assertTrue(ok.usable());
        assertEquals(1, ok.supportedDevices().size());
    }

    @Test
    void choosesTheDevice() {
        GpuInventory none = Gpus.classify(new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file"));
        GpuInventory one = Gpus.fromDevices(List.of(H100), "12.4");
        assertFalse(Gpus.choose("cpu", one).isGpu());
        assertTrue(Gpus.choose("gpu", one).isGpu());
        assertTrue(Gpus.choose("auto", one).isGpu());
        assertTrue(Gpus.choose(null, one).isGpu());
        DeviceChoice fallback = Gpus.choose("auto", none);
        assertFalse(fallback.isGpu());
        assertEquals("cpu", fallback.kind());
        assertTrue(fallback.label().contains("no GPU: no CUDA driver"), fallback.label());
        GpuUnavailableException e = assertThrows(GpuUnavailableException.class, () -> Gpus.choose("gpu", none));
        assertTrue(e.getMessage().contains("libcuda.so.1"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(IllegalArgumentException.class, () -> Gpus.choose("tpu", one));
        assertEquals("GPU 0 (NVIDIA H100 80GB HBM3)", Gpus.choose("GPU", one).label());
    }
}
