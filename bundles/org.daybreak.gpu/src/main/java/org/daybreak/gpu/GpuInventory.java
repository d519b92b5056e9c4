package org.daybreak.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What device discovery found: the usable GPUs, or why there are none.
 *
 * @param status        whether GPUs are usable, and if not the kind of reason
 * @param reason        one sentence for the user when {@code status} is not {@link Status#USABLE}; null otherwise
 * @param driverVersion the CUDA driver's version as {@code "12.4"}, or null when no driver answered
 * @param devices       every device the driver reports (possibly including unsupported ones), in ordinal order
 */
public record GpuInventory(Status status, String reason, String driverVersion, List<GpuDevice> devices) {

    /** Why GPUs are or are not usable. */
    public enum Status {
        /** At least one supported device answered. */
        USABLE,
        /** GPU use was switched off ({@code DAYBREAK_GPU=off} or {@code -Ddaybreak.gpu=off}). */
        SWITCHED_OFF,
        /** JCuda's classes or its driver-API native library are missing from this installation. */
        NO_NATIVE_LIBRARY,
        /** No CUDA driver: {@code libcuda.so.1} could not be loaded. */
        NO_DRIVER,
        /** A driver is installed but reports no device (or none Daybreak's PTX supports). */
        NO_DEVICE,
        /** The driver failed otherwise (e.g. a driver older than the PTX needs, a device in a bad state). */
        DRIVER_ERROR
    }

    public GpuInventory {
        devices = List.copyOf(devices);
    }

    public boolean usable() {
        return status == Status.USABLE;
    }

    /** The supported devices (compute capability 7.0 and newer). */
    public List<GpuDevice> supportedDevices() {
        List<GpuDevice> l = new ArrayList<>();
        for (GpuDevice d : devices) {
            if (d.supported()) {
                l.add(d);
            }
        }
        return l;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        m.put("reason", reason);
        m.put("driver_version", driverVersion);
        List<Object> l = new ArrayList<>();
        for (GpuDevice d : devices) {
            l.add(d.toJson());
        }
        m.put("gpus", l);
        return m;
    }
}
