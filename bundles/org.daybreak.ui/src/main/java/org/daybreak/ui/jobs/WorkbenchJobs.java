package org.daybreak.ui.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import org.daybreak.core.job.JobExecutor;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.JobState;
import org.daybreak.ui.DaybreakUI;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

/**
 * Shows Daybreak jobs in the Eclipse Progress view: each submitted {@link JobSpec} is followed by an Eclipse
 * {@link Job} that mirrors its progress and message, and passes the user's cancel from the Progress view to the
 * executor. A failure is reported as an error status with the job's one-line reason; the workbench goes on.
 */
public final class WorkbenchJobs {
    private static final int TICKS = 10_000;

    private WorkbenchJobs() {
    }

    /** Submits to the workbench's executor and shows the job in the Progress view. */
    public static Tracker schedule(String title, JobSpec spec, Consumer<Map<String, Object>> onSuccess) {
        return schedule(DaybreakUI.getDefault().executor(), title, spec, onSuccess);
    }

    public static Tracker schedule(JobExecutor executor, String title, JobSpec spec,
            Consumer<Map<String, Object>> onSuccess) {
        JobHandle handle = executor.submit(spec);
        Tracker t = new Tracker(title, handle, onSuccess);
        t.setUser(true);
        t.schedule();
        return t;
    }

    /** The Eclipse job that follows one Daybreak job. */
    public static final class Tracker extends Job {
        private final JobHandle handle;
        private final Consumer<Map<String, Object>> onSuccess;

        Tracker(String title, JobHandle handle, Consumer<Map<String, Object>> onSuccess) {
            super(title);
            this.handle = handle;
            this.onSuccess = onSuccess;
        }

        public JobHandle handle() {
            return handle;
        }

        @Override
        protected IStatus run(IProgressMonitor monitor) {
            monitor.beginTask(getName(), TICKS);
            int reported = 0;
            try {
                while (!handle.awaitEnd(Duration.ofMillis(100))) {
                    if (monitor.isCanceled()) {
                        handle.cancel();
                    }
                    int now = (int) Math.round(handle.progress() * TICKS);
                    if (now > reported) {
                        monitor.worked(now - reported);
                        reported = now;
                    }
                    monitor.subTask(handle.message());
                }
            } catch (InterruptedException e) {
                handle.cancel();
                Thread.currentThread().interrupt();
                return Status.CANCEL_STATUS;
            } finally {
                monitor.done();
            }
            if (handle.state() == JobState.CANCELLED) {
                return Status.CANCEL_STATUS;
            }
            if (handle.state() == JobState.FAILED) {
                return new Status(IStatus.ERROR, DaybreakUI.ID, getName() + ": " + handle.message(), handle.failure());
            }
            if (onSuccess != null) {
                try {
                    onSuccess.accept(handle.await());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    return new Status(IStatus.ERROR, DaybreakUI.ID, getName() + ": showing the result failed: "
                            + e.getMessage(), e);
                }
            }
            return Status.OK_STATUS;
        }

        @Override
        protected void canceling() {
            handle.cancel();
        }
    }
}
