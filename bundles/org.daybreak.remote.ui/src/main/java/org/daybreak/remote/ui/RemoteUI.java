package org.daybreak.remote.ui;

import org.daybreak.core.job.RemoteExecutorFactory;
import org.daybreak.remote.RemoteExecutors;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * The bundle's activator: registers the remote bundle's {@link RemoteExecutorFactory} (inside OSGi the core's
 * {@code ServiceLoader} cannot see it), so that "Remote workers" in the task views reaches the broker; stops the
 * workbench's broker if the bundle stops before the workbench's shut-down did.
 */
public final class RemoteUI extends AbstractUIPlugin {
    public static final String ID = "org.daybreak.remote.ui";

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        RemoteExecutorFactory.register(new RemoteExecutors());
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        LocalBroker.get().stop();
        super.stop(context);
    }

    /** Logs to the workbench's log; outside OSGi (plain tests) to java.util.logging. */
    public static void log(String message, Throwable error) {
        write(new Status(IStatus.ERROR, ID, message, error));
    }

    public static void info(String message) {
        write(new Status(IStatus.INFO, ID, message));
    }

    private static void write(IStatus s) {
        if (FrameworkUtil.getBundle(RemoteUI.class) != null) {
            ILog.of(RemoteUI.class).log(s);
        } else {
            java.util.logging.Logger.getLogger(ID).log(s.getSeverity() == IStatus.ERROR
                    ? java.util.logging.Level.WARNING : java.util.logging.Level.INFO, s.getMessage(), s.getException());
        }
    }
}
