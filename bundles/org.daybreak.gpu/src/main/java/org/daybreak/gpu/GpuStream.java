package org.daybreak.gpu;

import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/** A CUDA stream: copies and kernel launches on one stream run in order. Not thread-safe. */
public final class GpuStream implements AutoCloseable {
    private final GpuContext context;
    private final CUstream stream;
    private boolean destroyed;

    GpuStream(GpuContext context, CUstream stream) {
        this.context = context;
        this.stream = stream;
    }

    CUstream stream() {
        return stream;
    }

    /** Waits until everything queued on this stream has finished. */
    public void synchronize() {
        context.makeCurrent();
        GpuException.check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    @Override
    public void close() {
        if (!destroyed) {
            destroyed = true;
            context.makeCurrent();
            JCudaDriver.cuStreamDestroy(stream);
        }
    }
}
