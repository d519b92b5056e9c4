package org.daybreak.gpu;

import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * Device memory. Copies with host arrays are synchronous; with a {@link PinnedBuffer} and a {@link GpuStream}
 * they are asynchronous. Offsets and lengths are in elements of the array type (floats, ints, bytes, longs) for
 * array copies and in bytes for pinned copies. Not thread-safe.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final GpuContext context;
    private final CUdeviceptr pointer = new CUdeviceptr();
    private final long bytes;
    private boolean freed;

    DeviceBuffer(GpuContext context, long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a device buffer needs a positive size, not " + bytes);
        }
        this.context = context;
        this.bytes = bytes;
        GpuException.check(JCudaDriver.cuMemAlloc(pointer, bytes), String.format(java.util.Locale.ROOT,
                "cuMemAlloc (%.1f MiB on %s)", bytes / 1048576.0, context.device().name()));
    }

    public long bytes() {
        return bytes;
    }

    CUdeviceptr pointer() {
        return pointer;
    }

    private void check(long offsetBytes, long lengthBytes) {
        if (freed) {
            throw new IllegalStateException("the device buffer was freed");
        }
        if (offsetBytes < 0 || lengthBytes < 0 || offsetBytes + lengthBytes > bytes) {
            throw new IndexOutOfBoundsException("bytes " + offsetBytes + ".." + (offsetBytes + lengthBytes)
                    + " are outside a device buffer of " + bytes);
        }
    }

    public void upload(float[] src) {
        check(0, (long) src.length * Sizeof.FLOAT);
        context.makeCurrent();
        GpuException.check(JCudaDriver.cuMemcpyHtoD(pointer, Pointer.to(src), (long) src.length * Sizeof.FLOAT),
                "cuMemcpyHtoD");
    }

    public void upload(int[] src) {
        check(0, (long) src.length * Sizeof.INT);
        context.makeCurrent();
        GpuException.check(JCudaDriver.cuMemcpyHtoD(pointer, Pointer.to(src), (long) src.length * Sizeof.INT),
                "cuMemcpyHtoD");
    }

    public void download(float[] dst) {
        check(0, (long) dst.length * Sizeof.FLOAT);
        context.makeCurrent();
        GpuException.check(JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), pointer, (long) dst.length * Sizeof.FLOAT),
                "cuMemcpyDtoH");
    }

    public void download(long[] dst) {
        check(0, (long) dst.length * Sizeof.LONG);
        context.makeCurrent();
        GpuException.check(JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), pointer, (long) dst.length * Sizeof.LONG),
                "cuMemcpyDtoH");
    }

    /** Copies {@code length} bytes from {@code src} at {@code srcOffset} to this buffer at {@code offset}. */
    public void uploadAsync(PinnedBuffer src, long srcOffset, long offset, long length, GpuStream stream) {
        check(offset, length);
        src.check(srcOffset, length);
        context.makeCurrent();
        GpuException.check(JCudaDriver.cuMemcpyHtoDAsync(pointer.withByteOffset(offset),
                src.pointer().withByteOffset(srcOffset), length, stream.stream()), "cuMemcpyHtoDAsync");
    }

    /** Copies {@code length} bytes from this buffer at {@code offset} to {@code dst} at {@code dstOffset}. */
    public void downloadAsync(PinnedBuffer dst, long dstOffset, long offset, long length, GpuStream stream) {
        check(offset, length);
        dst.check(dstOffset, length);
        context.makeCurrent();
        GpuException.check(JCudaDriver.cuMemcpyDtoHAsync(dst.pointer().withByteOffset(dstOffset),
                pointer.withByteOffset(offset), length, stream.stream()), "cuMemcpyDtoHAsync");
    }

    /** Sets all bytes to zero. */
    public void clear() {
        check(0, 0);
        context.makeCurrent();
        GpuException.check(JCudaDriver.cuMemsetD8(pointer, (byte) 0, bytes), "cuMemsetD8");
    }

    @Override
    public void close() {
        if (!freed) {
            freed = true;
            context.makeCurrent();
            JCudaDriver.cuMemFree(pointer);
        }
    }
}
