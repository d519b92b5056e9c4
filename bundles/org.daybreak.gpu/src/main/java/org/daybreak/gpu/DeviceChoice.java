package org.daybreak.gpu;

/**
 * Where a computation runs, after a request was resolved by {@link Gpus#choose(String)}.
 *
 * @param device the GPU, or null for the CPU
 * @param why    for the CPU, why it was chosen ({@code cpu requested}, or {@code no GPU: REASON} under auto)
 */
public record DeviceChoice(GpuDevice device, String why) {

    public static DeviceChoice cpu(String why) {
        return new DeviceChoice(null, why);
    }

    public static DeviceChoice gpu(GpuDevice d) {
        return new DeviceChoice(d, null);
    }

    public boolean isGpu() {
        return device != null;
    }

    /**
     * What jobs report as where they ran: {@code cpu} or {@code gpu}.
     */
    public String kind() {
        return isGpu() ? "gpu" : "cpu";
    }

    /** A short description for output: {@code GPU 0 (NVIDIA H100 80GB HBM3)} or {@code CPU (no GPU: ...)}. */
    public String label() {
        return isGpu() ? "GPU " + device.index() + " (" + device.name() + ")" : "CPU (" + why + ")";
    }
}
