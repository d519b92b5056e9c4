package org.daybreak.ui.jobs;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.daybreak.core.job.JobExecutor;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.JobState;
import org.daybreak.core.job.RunTarget;
import org.daybreak.ui.DaybreakUI;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

/**
 * Shows Daybreak jobs in the Eclipse Progress view: each submitted {@link JobSpec} is followed by an Eclipse
 * {@link Job} that mirrors its progress and message, and passes the user's cancel from the Progress view to the
 * executor. A failure is reported as an error status with the job's one-line reason; the workbench goes on.
 * Jobs for remote workers ({@link #schedule(RunTarget, String, JobSpec, Consumer)}) connect and submit on the
 * Eclipse job's thread, so a slow or absent broker never blocks the UI thread; not reaching it is one error
 * status (one dialog, one log entry) with the reason in one sentence.
 */
public final class WorkbenchJobs {
    private static final int TICKS = 10_000;
    /** How long a cancelled job may take to confirm its end before the Progress view stops following it. */
    static final long CANCEL_WAIT_MS = 15_000;

    private WorkbenchJobs() {
    }

    /** Submits to the workbench's executor and shows the job in the Progress view. */
    public static Tracker schedule(String title, JobSpec spec, Consumer<Map<String, Object>> onSuccess) {
        return schedule(DaybreakUI.getDefault().executor(), title, spec, onSuccess);
    }

    public static Tracker schedule(JobExecutor executor, String title, JobSpec spec,
            Consumer<Map<String, Object>> onSuccess) {
        JobHandle handle = executor.submit(spec);
        Tracker t = new Tracker(title, handle, null, onSuccess);
        t.setUser(true);
        t.schedule();
        return t;
    }

    /**
     * Runs the job where {@code target} says: on this machine as {@link #schedule(String, JobSpec, Consumer)}, or on
     * the remote workers of its broker (the Progress view shows "TITLE (remote workers)"; connecting and submitting
     * happen on the Eclipse job's thread). Any thread.
     */
    public static Tracker schedule(RunTarget target, String title, JobSpec requested,
            Consumer<Map<String, Object>> onSuccess) {
        JobSpec spec = RunTargets.withPreferredDevice(requested);
        if (!target.isRemote()) {
            return schedule(title, spec, onSuccess);
        }
        Tracker t = new Tracker(title + " (remote workers)", null, () -> RunTargets.submit(target, spec), onSuccess);
        t.setUser(true);
        t.schedule();
        return t;
    }

    /** Submits a job somewhere and returns its handle; may block (connecting to a broker). */
    @FunctionalInterface
    interface Submitter {
        JobHandle submit() throws IOException;
    }

    /** The Eclipse job that follows one Daybreak job. */
    public static final class Tracker extends Job {
        private volatile JobHandle handle;
        private final Submitter submitter;
        private final Consumer<Map<String, Object>> onSuccess;
        private final AtomicBoolean cancelSent = new AtomicBoolean();

        Tracker(String title, JobHandle handle, Submitter submitter, Consumer<Map<String, Object>> onSuccess) {
            super(title);
            this.handle = handle;
            this.submitter = submitter;
            this.onSuccess = onSuccess;
        }

        /** The Daybreak job; null while a remote one is still being submitted. */
        public JobHandle handle() {
            return handle;
        }

        /** Passes the cancel on once (for a remote job it is a request to the broker). */
        private void cancelOnce() {
            JobHandle h = handle;
            if (h != null && cancelSent.compareAndSet(false, true)) {
                h.cancel();
            }
        }

        @Override
        protected IStatus run(IProgressMonitor monitor) {
            monitor.beginTask(getName(), TICKS);
            if (handle == null) {
                monitor.subTask("submitting to the remote workers");
                try {
                    handle = submitter.submit();
                } catch (IOException | RuntimeException e) {
                    monitor.done();
                    String why = e.getMessage() == null ? e.toString() : e.getMessage();
                    return new Status(IStatus.ERROR, DaybreakUI.ID, getName() + ": " + why, e);
                }
            }
            int reported = 0;
            long cancelledAt = 0;
            try {
                while (!handle.awaitEnd(Duration.ofMillis(100))) {
                    if (monitor.isCanceled()) {
                        cancelOnce();
                        long now = System.currentTimeMillis();
                        if (cancelledAt == 0) {
                            cancelledAt = now;
                        } else if (now - cancelledAt > CANCEL_WAIT_MS) {
                            // a remote job whose broker went away never confirms: stop following it
                            return new Status(IStatus.CANCEL, DaybreakUI.ID, getName() + ": cancelled here; its end "
                                    + "was not confirmed within " + CANCEL_WAIT_MS / 1000 + " s");
                        }
                    }
                    int now = (int) Math.round(handle.progress() * TICKS);
                    if (now > reported) {
                        monitor.worked(now - reported);
                        reported = now;
                    }
                    monitor.subTask(handle.message());
                }
            } catch (InterruptedException e) {
                cancelOnce();
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

        /** Called on the thread that cancels (the UI thread for the Progress view's button): never blocks it. */
        @Override
        protected void canceling() {
            CompletableFuture.runAsync(this::cancelOnce);
        }
    }
}
