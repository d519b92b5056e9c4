package org.daybreak.gpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import jcuda.Pointer;
import jcuda.driver.JCudaDriver;

/**
 * Page-locked ("pinned") host memory: the staging area for asynchronous copies, so that the next slab can travel
 * while the GPU computes the current one. {@link #buffer()} is a native-order view for filling and reading it.
 * Not thread-safe.
 */
public final class PinnedBuffer implements AutoCloseable {
    private final Pointer pointer = new Pointer();
    private final long bytes;
    private final ByteBuffer view;
    private boolean freed;

    PinnedBuffer(long bytes) {
        if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a pinned buffer holds 1 byte to 2 GiB, not " + bytes);
        }
        this.bytes = bytes;
        GpuException.check(JCudaDriver.cuMemAllocHost(pointer, bytes), "cuMemAllocHost (" + bytes + " bytes)");
        view = pointer.getByteBuffer(0, bytes).order(ByteOrder.nativeOrder());
    }

    public long bytes() {
        return bytes;
    }

    /** The memory as a native-order byte buffer (position 0, limit {@link #bytes()}). */
    public ByteBuffer buffer() {
        return view.duplicate().order(ByteOrder.nativeOrder());
    }

    Pointer pointer() {
        return pointer;
    }

    void check(long offset, long length) {
        if (freed) {
            throw new IllegalStateException("the pinned buffer was freed");
        }
        if (offset < 0 || length < 0 || offset + length > bytes) {
            throw new IndexOutOfBoundsException("bytes " + offset + ".." + (offset + length)
                    + " are outside a pinned buffer of " + bytes);
        }
    }

    @Override
    public void close() {
        if (!freed) {
            freed = true;
            JCudaDriver.cuMemFreeHost(pointer);
        }
    }
}
