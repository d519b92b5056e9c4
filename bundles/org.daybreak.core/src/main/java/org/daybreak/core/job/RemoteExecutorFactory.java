package org.daybreak.core.job;

import java.io.IOException;
import java.util.ServiceLoader;

/**
 * Opens executors that run jobs on remote workers. The core knows no broker: the bundle that does (see
 * {@code docs/ARCHITECTURE.md}) declares an implementation in
 * {@code META-INF/services/org.daybreak.core.job.RemoteExecutorFactory}, found with {@link ServiceLoader} on a
 * plain class path; inside OSGi that bundle registers it with {@link #register}.
 */
public interface RemoteExecutorFactory {

    /**
     * Connects to the broker the target names.
     *
     * @throws IOException with one sentence for the user when the broker cannot be reached or refuses the
     *                     account (wrong password, unknown host, TLS mismatch)
     */
    JobExecutor open(RunTarget target) throws IOException;

    /** The factory of this process, or null when no remote bundle is present. */
    static RemoteExecutorFactory find() {
        RemoteExecutorFactory f = Holder.registered;
        if (f != null) {
            return f;
        }
        for (RemoteExecutorFactory s : ServiceLoader.load(RemoteExecutorFactory.class,
                RemoteExecutorFactory.class.getClassLoader())) {
            return s;
        }
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        if (tccl != null) {
            for (RemoteExecutorFactory s : ServiceLoader.load(RemoteExecutorFactory.class, tccl)) {
                return s;
            }
        }
        return null;
    }

    /** Registers the factory explicitly (OSGi bundle activators). */
    static void register(RemoteExecutorFactory factory) {
        Holder.registered = factory;
    }

    final class Holder {
        private static volatile RemoteExecutorFactory registered;

        private Holder() {
        }
    }
}
