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
        registerJobHandlers(context);
        // the device, colour map and data folders of the preferences (and the site file) for all that runs here
        org.daybreak.ui.prefs.SitePreferences.installAndFollow();
    }

    /**
     * Registers the job handlers that the capability bundles declare in
     * {@code META-INF/services/org.daybreak.core.job.JobHandler}. On a plain class path {@code ServiceLoader}
     * finds them; inside OSGi each bundle's own class loader must load its classes, which is done here.
     *
     * @return the job kinds registered
     */
    public static java.util.List<String> registerJobHandlers(BundleContext context) {
        java.util.List<String> kinds = new java.util.ArrayList<>();
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            String name = b.getSymbolicName();
            if (name == null || !name.startsWith("org.daybreak.")) {
                continue;
            }
            java.net.URL entry = b.getEntry("META-INF/services/" + org.daybreak.core.job.JobHandler.class.getName());
            if (entry == null) {
                continue;
            }
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(entry.openStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String cls = line.replaceAll("#.*", "").trim();
                    if (cls.isEmpty()) {
                        continue;
                    }
                    org.daybreak.core.job.JobHandler h = (org.daybreak.core.job.JobHandler) b.loadClass(cls)
                            .getDeclaredConstructor().newInstance();
                    JobRegistry.global().register(h);
                    kinds.add(h.kind());
                }
            } catch (Exception | LinkageError e) {
                log("The job handlers of bundle " + name + " could not be registered", e);
            }
        }
        return kinds;
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        synchronized (this) {
            if (executor != null) {
                executor.close();
                executor = null;
            }
        }
        org.daybreak.ui.jobs.RunTargets.closeAll();
        instance = null;
        super.stop(context);
    }

    /**
     * The executor that runs Daybreak jobs for the workbench: local threads, as many jobs side by side as the
     * "concurrent jobs" preference says. Remote workers: {@link org.daybreak.ui.jobs.RunTargets}.
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
