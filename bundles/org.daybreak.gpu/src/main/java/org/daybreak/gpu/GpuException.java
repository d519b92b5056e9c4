package org.daybreak.gpu;

import jcuda.driver.CUresult;

/**
 * A CUDA driver call failed. The message names the call, the driver's error name and what it means for the user,
 * e.g. {@code cuMemAlloc (2.0 GiB): CUDA_ERROR_OUT_OF_MEMORY}.
 */
public class GpuException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public GpuException(String message) {
        this(message, 0);
    }

    public GpuException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** The CUresult code (0 when the failure did not come from a driver call). */
    public int code() {
        return code;
    }

    /** Throws a {@link GpuException} when {@code result} is not CUDA_SUCCESS. */
    static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new GpuException("GPU: " + call + " failed: " + CUresult.stringFor(result), result);
        }
    }
}
