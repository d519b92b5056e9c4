package org.daybreak.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * A device's primary context (one per device, shared by everyone in the process who opens it) and the factory for
 * everything that lives in it: device buffers, pinned host buffers, streams and modules loaded from PTX.
 *
 * <p>Thread rules: a CUDA context is current per thread; every method here makes this context current on the
 * calling thread first, so a context may be used from any thread, but the objects it makes are not thread-safe
 * (one job, one thread at a time). {@link #close()} releases the primary context after the caller has closed the
 * objects it made.
 */
public final class GpuContext implements AutoCloseable {
    private final GpuDevice device;
    private final CUdevice cuDevice = new CUdevice();
    private final CUcontext context = new CUcontext();
    private boolean closed;

    private GpuContext(GpuDevice device) {
        this.device = device;
        GpuException.check(JCudaDriver.cuDeviceGet(cuDevice, device.index()), "cuDeviceGet(" + device.index() + ")");
        GpuException.check(JCudaDriver.cuDevicePrimaryCtxRetain(context, cuDevice), "cuDevicePrimaryCtxRetain");
        makeCurrent();
    }

    /**
     * Opens the primary context of {@code device}.
     *
     * @throws GpuException when the driver refuses (device busy in exclusive mode, out of memory, ...)
     */
    public static GpuContext open(GpuDevice device) {
        Gpus.inventory(); // cuInit
        return new GpuContext(device);
    }

    public GpuDevice device() {
        return device;
    }

    /** Makes this context current on the calling thread. */
    public void makeCurrent() {
        if (closed) {
            throw new IllegalStateException("the GPU context of " + device.name() + " is closed");
        }
        GpuException.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** Free device memory in bytes, as the driver reports it now. */
    public long freeMemory() {
        makeCurrent();
        long[] free = new long[1];
        long[] total = new long[1];
        GpuException.check(JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
        return free[0];
    }

    /** Device memory of {@code bytes} bytes (uninitialised). */
    public DeviceBuffer allocate(long bytes) {
        makeCurrent();
        return new DeviceBuffer(this, bytes);
    }

    /** Page-locked host memory of {@code bytes} bytes, which the GPU copies from and to asynchronously. */
    public PinnedBuffer allocatePinned(long bytes) {
        makeCurrent();
        return new PinnedBuffer(bytes);
    }

    public GpuStream createStream() {
        makeCurrent();
        CUstream s = new CUstream();
        GpuException.check(JCudaDriver.cuStreamCreate(s, 0), "cuStreamCreate");
        return new GpuStream(this, s);
    }

    /** Waits for all work of this context. */
    public void synchronize() {
        makeCurrent();
        GpuException.check(JCudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    /**
     * Loads a PTX module from a class-path resource beside {@code owner} (e.g. {@code backproject.ptx} next to
     * the class that launches it). The driver JIT-compiles it for this device.
     */
    public GpuModule loadModule(Class<?> owner, String resource) {
        byte[] ptx;
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new GpuException("GPU: the kernel file " + resource + " is missing beside " + owner.getName());
            }
            ptx = in.readAllBytes();
        } catch (IOException e) {
            throw new GpuException("GPU: cannot read the kernel file " + resource + ": " + e.getMessage());
        }
        return loadModule(ptx, resource);
    }

    /** Loads PTX text (NUL-terminated here) as a module. */
    public GpuModule loadModule(byte[] ptx, String name) {
        makeCurrent();
        byte[] z = java.util.Arrays.copyOf(ptx, ptx.length + 1);
        CUmodule m = new CUmodule();
        int r = JCudaDriver.cuModuleLoadData(m, z);
        if (r != CUresult.CUDA_SUCCESS) {
            String hint = r == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION
                    ? " (the CUDA driver is older than the PTX needs; see docs/gpu.md)" : "";
            throw new GpuException(String.format(Locale.ROOT, "GPU: the driver could not load %s on %s: %s%s", name,
                    device.name(), CUresult.stringFor(r), hint), r);
        }
        return new GpuModule(this, m, name);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            JCudaDriver.cuDevicePrimaryCtxRelease(cuDevice);
        }
    }
}
