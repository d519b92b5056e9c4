package org.daybreak.gpu;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One CUDA device as the driver reports it.
 *
 * @param index             the driver's device ordinal (0, 1, ...)
 * @param name              e.g. {@code NVIDIA H100 80GB HBM3}
 * @param totalMemory       device memory in bytes
 * @param major             compute capability, major part (7 = Volta/Turing, 8 = Ampere/Ada, 9 = Hopper)
 * @param minor             compute capability, minor part
 * @param multiprocessors   streaming multiprocessors
 * @param clockKHz          peak shader clock in kHz (0 where the driver does not say)
 */
public record GpuDevice(int index, String name, long totalMemory, int major, int minor, int multiprocessors,
        int clockKHz) {

    /** The same device under another ordinal. */
    public GpuDevice withIndex(int i) {
        return new GpuDevice(i, name, totalMemory, major, minor, multiprocessors, clockKHz);
    }

    /** {@code "9.0"}. */
    public String computeCapability() {
        return major + "." + minor;
    }

    /** True when Daybreak's PTX (compiled for compute capability 7.0, see docs/gpu.md) can run on it. */
    public boolean supported() {
        return major >= 7;
    }

    /** One line: {@code GPU 0: NVIDIA H100 80GB HBM3, 79.1 GiB, compute capability 9.0, 132 SMs, 1980 MHz}. */
    public String describe() {
        return String.format(Locale.ROOT, "GPU %d: %s, %.1f GiB, compute capability %s, %d SMs, %d MHz", index, name,
                totalMemory / (double) (1L << 30), computeCapability(), multiprocessors, clockKHz / 1000);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("name", name);
        m.put("memory_bytes", totalMemory);
        m.put("compute_capability", computeCapability());
        m.put("multiprocessors", multiprocessors);
        m.put("clock_mhz", clockKHz / 1000);
        m.put("supported", supported());
        return m;
    }
}
