package org.daybreak.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Device discovery and the choice between CPU and GPU.
 *
 * <p>Discovery runs once per process ({@link #inventory()}); it never throws: a missing driver, a missing native
 * library or a driver error becomes a {@link GpuInventory} with a status and one sentence saying why. Only the CUDA
 * driver ({@code libcuda.so.1}) is needed at run time: PTX is loaded with the driver API, so no CUDA toolkit library
 * (runtime, NVRTC, cuFFT) is involved.
 *
 * <p>GPU use can be switched off for a process with the environment variable {@code DAYBREAK_GPU=off} or the
 * system property {@code daybreak.gpu=off} (e.g. to compare with the CPU path on a GPU machine).
 *
 * <p>Thread rules: thread-safe.
 */
public final class Gpus {
    private static GpuInventory cached;
    /** JCuda's class initialisation runs once per process: its failure is kept and classified on every discovery. */
    private static boolean loadAttempted;
    private static LinkageError loadFailure;

    /** Why there is no GPU when the CUDA driver library is missing. */
    static final String NO_DRIVER = "no CUDA driver: libcuda.so.1 was not found (install the NVIDIA driver to use a"
            + " GPU)";

    private Gpus() {
    }

    /** The devices of this machine, discovered on the first call. */
    public static synchronized GpuInventory inventory() {
        if (cached == null) {
            cached = discover();
        }
        return cached;
    }

    static GpuInventory discover() {
        return discover(true);
    }

    /**
     * Discovery; {@code lookFirst}: skip JCuda when {@link DriverLibrary} says the dynamic linker finds no driver
     * library (false: always ask JCuda, for the tests that check JCuda's own classes and native library).
     */
    static GpuInventory discover(boolean lookFirst) {
        String off = switchedOff();
        if (off != null) {
            return new GpuInventory(GpuInventory.Status.SWITCHED_OFF, "GPU use is switched off (" + off + ")", null,
                    List.of());
        }
        if (lookFirst && !DriverLibrary.mayBePresent()) {
            return new GpuInventory(GpuInventory.Status.NO_DRIVER, NO_DRIVER, null, List.of());
        }
        LinkageError failure = loadDriverLibrary();
        if (failure != null) {
            return classify(failure);
        }
        int result = JCudaDriver.cuInit(0);
        if (result != CUresult.CUDA_SUCCESS) {
            return fromInitResult(result);
        }
        int[] v = new int[1];
        String driver = JCudaDriver.cuDriverGetVersion(v) == CUresult.CUDA_SUCCESS
                ? (v[0] / 1000) + "." + (v[0] % 1000) / 10 : null;
        int[] count = new int[1];
        int r = JCudaDriver.cuDeviceGetCount(count);
        if (r != CUresult.CUDA_SUCCESS) {
            return new GpuInventory(GpuInventory.Status.DRIVER_ERROR, "the CUDA driver could not count its devices ("
                    + CUresult.stringFor(r) + ")", driver, List.of());
        }
        List<GpuDevice> devices = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            CUdevice d = new CUdevice();
            if (JCudaDriver.cuDeviceGet(d, i) != CUresult.CUDA_SUCCESS) {
                continue;
            }
            byte[] name = new byte[256];
            JCudaDriver.cuDeviceGetName(name, name.length, d);
            long[] mem = new long[1];
            JCudaDriver.cuDeviceTotalMem(mem, d);
            devices.add(new GpuDevice(i, cString(name), mem[0],
                    attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                    attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                    attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
                    attribute(d, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_CLOCK_RATE)));
        }
        return fromDevices(devices, driver);
    }

    private static synchronized LinkageError loadDriverLibrary() {
        if (!loadAttempted) {
            loadAttempted = true;
            try {
                JCudaDriver.setExceptionsEnabled(false);
            } catch (LinkageError e) {
                loadFailure = e;
            }
        }
        return loadFailure;
    }

    /** The inventory for the devices a driver reported. */
    static GpuInventory fromDevices(List<GpuDevice> devices, String driver) {
        if (devices.isEmpty()) {
            return new GpuInventory(GpuInventory.Status.NO_DEVICE, "the CUDA driver " + (driver == null ? "" : driver
                    + " ") + "reports no GPU", driver, devices);
        }
        for (GpuDevice d : devices) {
            if (d.supported()) {
                return new GpuInventory(GpuInventory.Status.USABLE, null, driver, devices);
            }
        }
        return new GpuInventory(GpuInventory.Status.NO_DEVICE, "no GPU of compute capability 7.0 or newer (found "
                + devices.get(0).name() + ", " + devices.get(0).computeCapability() + ")", driver, devices);
    }

    /** The inventory for a failed {@code cuInit}. */
    static GpuInventory fromInitResult(int result) {
        if (result == CUresult.CUDA_ERROR_NO_DEVICE) {
            return new GpuInventory(GpuInventory.Status.NO_DEVICE, "the CUDA driver is installed but reports no GPU",
                    null, List.of());
        }
        if (result == CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH || result == CUresult.CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE) {
            return new GpuInventory(GpuInventory.Status.NO_DRIVER, "the CUDA driver is too old or does not match its"
                    + " kernel module (" + CUresult.stringFor(result) + ")", null, List.of());
        }
        return new GpuInventory(GpuInventory.Status.DRIVER_ERROR, "the CUDA driver failed to start ("
                + CUresult.stringFor(result) + ")", null, List.of());
    }

    /**
     * The inventory for a failure to load JCuda: a missing {@code libcuda.so.1} (the dynamic linker names it in the
     * message) means no driver; anything else means this installation lacks JCuda's classes or native library.
     */
    static GpuInventory classify(Throwable e) {
        String all = messages(e);
        if (all.contains("libcuda.so") || all.contains("nvcuda.dll")) {
            return new GpuInventory(GpuInventory.Status.NO_DRIVER, NO_DRIVER, null, List.of());
        }
        if (e instanceof NoClassDefFoundError) {
            return new GpuInventory(GpuInventory.Status.NO_NATIVE_LIBRARY, "this installation lacks JCuda ("
                    + e.getMessage() + ")", null, List.of());
        }
        return new GpuInventory(GpuInventory.Status.NO_NATIVE_LIBRARY, "JCuda's driver library for "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + " could not be loaded (this installation carries it for Linux x86_64 only)", null, List.of());
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append('\n');
            for (Throwable s : t.getSuppressed()) {
                b.append(s.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    /** Why GPU use is switched off, or null. */
    static String switchedOff() {
        String p = System.getProperty("daybreak.gpu");
        if (p != null && p.equalsIgnoreCase("off")) {
            return "-Ddaybreak.gpu=off";
        }
        String env = System.getenv("DAYBREAK_GPU");
        if (env != null && env.equalsIgnoreCase("off")) {
            return "DAYBREAK_GPU=off";
        }
        return null;
    }

    private static int attribute(CUdevice d, int attribute) {
        int[] v = new int[1];
        return JCudaDriver.cuDeviceGetAttribute(v, attribute, d) == CUresult.CUDA_SUCCESS ? v[0] : 0;
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Resolves a device request ({@code cpu}, {@code gpu} or {@code auto}; null means auto) against this machine.
     *
     * @throws GpuUnavailableException for {@code gpu} when no GPU is usable (one sentence naming the reason)
     * @throws IllegalArgumentException for an unknown request
     */
    public static DeviceChoice choose(String request) {
        return choose(request, inventory());
    }

    static DeviceChoice choose(String request, GpuInventory inv) {
        String r = request == null ? "auto" : request.trim().toLowerCase(Locale.ROOT);
        switch (r) {
            case "cpu":
                return DeviceChoice.cpu("cpu requested");
            case "gpu":
                if (!inv.usable()) {
                    throw new GpuUnavailableException("device gpu was requested but no GPU is usable here: "
                            + inv.reason());
                }
                return DeviceChoice.gpu(inv.supportedDevices().get(0));
            case "auto":
                return inv.usable() ? DeviceChoice.gpu(inv.supportedDevices().get(0))
                        : DeviceChoice.cpu("no GPU: " + inv.reason());
            default:
                throw new IllegalArgumentException("device must be cpu, gpu or auto, not '" + request + "'");
        }
    }
}
