package org.daybreak.script.api;

import org.daybreak.core.job.JobExecutor;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.LocalJobExecutor;
import org.daybreak.script.HeadlessPlotTarget;
import org.daybreak.script.PlotTarget;
import org.daybreak.script.WorkbenchBridge;

/**
 * What the {@code daybreak} Python module of one session reaches in Java: the workbench (or none), the plot
 * target, and the executor that runs the session's jobs. One per session; the Python module finds it as
 * {@code _daybreak_java.context}.
 */
public final class SessionContext implements AutoCloseable {
    /** The message of every call that needs the workbench in a headless session. */
    public static final String NO_WORKBENCH = "no workbench: this script runs headless";

    private volatile WorkbenchBridge workbench;
    private final HeadlessPlotTarget headlessPlot = new HeadlessPlotTarget();
    private JobExecutor jobs;

    public void setWorkbench(WorkbenchBridge workbench) {
        this.workbench = workbench;
    }

    public boolean hasWorkbench() {
        return workbench != null;
    }

    /**
     * The workbench.
     *
     * @throws IllegalStateException with {@link #NO_WORKBENCH} in a headless session
     */
    public WorkbenchBridge workbench() {
        WorkbenchBridge w = workbench;
        if (w == null) {
            throw new IllegalStateException(NO_WORKBENCH);
        }
        return w;
    }

    /** Where {@code daybreak.plot} draws: the workbench's plot view, or the session's in-memory plot. */
    public PlotTarget plotTarget() {
        WorkbenchBridge w = workbench;
        return w != null ? w.plotTarget() : headlessPlot;
    }

    /** The in-memory plot of a headless session (also kept, unused, when a workbench is attached). */
    public HeadlessPlotTarget headlessPlot() {
        return headlessPlot;
    }

    /**
     * Submits a job to this session's executor (created on first use: the process's job kinds, one at a time).
     * The kinds declared as services visible to this bundle (the Daybreak bundles it requires) are added to the
     * registry first, which matters where the core bundle's own class loader cannot see them (OSGi).
     */
    public synchronized JobHandle submit(JobSpec spec) {
        if (jobs == null) {
            JobRegistry.global().loadServices(SessionContext.class.getClassLoader());
            jobs = new LocalJobExecutor(JobRegistry.global(), 1);
        }
        return jobs.submit(spec);
    }

    /** Cancels the session's running jobs. */
    @Override
    public synchronized void close() {
        if (jobs != null) {
            jobs.close();
            jobs = null;
        }
    }
}
