package org.daybreak.core.job;

import java.util.Map;

/**
 * Where a job runs, as chosen on a command line, in a script or in the workbench: this machine (no
 * {@code remote}) or the workers behind a broker, and on which device.
 *
 * @param remote       the broker's URL ({@code tcp://host:port}, {@code tls://host:port}), {@code "local"} for the
 *                     broker the workbench runs on this machine, or null for this process's own threads
 * @param user         account on the broker, or null for the local broker's admin account
 * @param passwordFile file holding the account's password (first line), or null
 * @param device       {@code cpu}, {@code gpu} or {@code auto}: the job's device request; a job asking for
 *                     {@code gpu} goes to the GPU queue of a broker
 * @param options      further connection settings by name (e.g. {@code trust}: a trust store or PEM
 *                     certificate; {@code fingerprint}: a pinned SHA-256 certificate fingerprint)
 */
public record RunTarget(String remote, String user, String passwordFile, String device, Map<String, String> options) {

    public static final RunTarget LOCAL = new RunTarget(null, null, null, "auto", Map.of());

    public RunTarget {
        device = device == null ? "auto" : device;
        if (!device.equals("cpu") && !device.equals("gpu") && !device.equals("auto")) {
            throw new IllegalArgumentException("device must be cpu, gpu or auto, not '" + device + "'");
        }
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public boolean isRemote() {
        return remote != null;
    }

    public RunTarget withDevice(String d) {
        return new RunTarget(remote, user, passwordFile, d, options);
    }
}
