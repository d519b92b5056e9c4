package org.daybreak.gpu;

import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * A loaded PTX module and launches of its kernels. Kernel arguments are given in the kernel's order as
 * {@link DeviceBuffer} (a pointer), {@link Integer} ({@code int}), {@link Float} ({@code float}) or {@link Long}
 * ({@code long long}). Not thread-safe.
 */
public final class GpuModule implements AutoCloseable {
    private final GpuContext context;
    private final CUmodule module;
    private final String name;
    private boolean unloaded;

    GpuModule(GpuContext context, CUmodule module, String name) {
        this.context = context;
        this.module = module;
        this.name = name;
    }

    /**
     * Queues kernel {@code kernel} on {@code stream} (null: the default stream) with the given geometry.
     *
     * @throws GpuException when the kernel is missing or the launch is refused (the geometry is checked first)
     */
    public void launch(String kernel, LaunchGeometry g, int sharedBytes, GpuStream stream, Object... args) {
        context.makeCurrent();
        CUfunction f = new CUfunction();
        int r = JCudaDriver.cuModuleGetFunction(f, module, kernel);
        if (r != CUresult.CUDA_SUCCESS) {
            throw new GpuException("GPU: kernel " + kernel + " is missing from " + name + " ("
                    + CUresult.stringFor(r) + ")", r);
        }
        Pointer[] p = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof DeviceBuffer b) {
                p[i] = Pointer.to(b.pointer());
            } else if (a instanceof Integer v) {
                p[i] = Pointer.to(new int[] {v});
            } else if (a instanceof Float v) {
                p[i] = Pointer.to(new float[] {v});
            } else if (a instanceof Long v) {
                p[i] = Pointer.to(new long[] {v});
            } else {
                throw new IllegalArgumentException("kernel argument " + i + " of " + kernel + " has unsupported type "
                        + (a == null ? "null" : a.getClass().getSimpleName()));
            }
        }
        GpuException.check(JCudaDriver.cuLaunchKernel(f, g.gridX(), g.gridY(), g.gridZ(), g.blockX(), g.blockY(),
                g.blockZ(), sharedBytes, stream == null ? null : stream.stream(), Pointer.to(p), null),
                "cuLaunchKernel(" + kernel + ", " + g + ")");
    }

    @Override
    public void close() {
        if (!unloaded) {
            unloaded = true;
            context.makeCurrent();
            JCudaDriver.cuModuleUnload(module);
        }
    }
}
