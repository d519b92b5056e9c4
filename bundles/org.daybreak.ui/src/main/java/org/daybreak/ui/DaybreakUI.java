package org.daybreak.ui;

import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.LocalJobExecutor;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;

/** The workbench bundle's activator: preferences, the shared job executor, logging. */
public final class DaybreakUI extends AbstractUIPlugin {
    public static final String ID = "org.daybreak.ui";
    private static DaybreakUI instance;
    private LocalJobExecutor executor;

    public static DaybreakUI getDefault() {
        return instance;
    }

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        instance = this;
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        synchronized (this) {
            if (executor != null) {
                executor.close();
                executor = null;
            }
        }
        instance = null;
        super.stop(context);
    }

    /**
     * The executor that runs Daybreak jobs for the workbench: local threads, as many jobs side by side as the
     * "concurrent jobs" preference says. GPU and remote executors plug in here later.
     */
    public synchronized LocalJobExecutor executor() {
        if (executor == null) {
            int n = getPreferenceStore().getInt(org.daybreak.ui.prefs.PreferenceDefaults.CONCURRENT_JOBS);
            executor = new LocalJobExecutor(JobRegistry.global(), Math.max(1, n));
        }
        return executor;
    }

    public static void log(String message, Throwable error) {
        ILog.of(DaybreakUI.class).log(new Status(IStatus.ERROR, ID, message, error));
    }

    public static void info(String message) {
        ILog.of(DaybreakUI.class).log(new Status(IStatus.INFO, ID, message));
    }
}
