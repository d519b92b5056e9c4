package org.daybreak.core.job;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs jobs on threads of this process. {@code concurrentJobs} jobs run side by side (each may use
 * {@link JobContext#parallelism()} threads of its own); the rest wait in submission order. {@link #close()} cancels
 * every job that has not ended: a queued one ends CANCELLED at once (its listeners are told on the closing thread),
 * a running one is asked to stop and its thread interrupted.
 */
public final class LocalJobExecutor implements JobExecutor {
    private static final Logger LOG = Logger.getLogger(LocalJobExecutor.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();

    private final JobRegistry registry;
    private final ExecutorService pool;
    private final int concurrentJobs;
    private final Set<LocalHandle> unfinished = ConcurrentHashMap.newKeySet();

    public LocalJobExecutor(JobRegistry registry, int concurrentJobs) {
        this.registry = registry;
        this.concurrentJobs = Math.max(1, concurrentJobs);
        this.pool = Executors.newFixedThreadPool(this.concurrentJobs, r -> {
            Thread t = new Thread(r, "daybreak-job-" + IDS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** An executor running one job at a time with the global registry. */
    public LocalJobExecutor() {
        this(JobRegistry.global(), 1);
    }

    @Override
    public String name() {
        return "local CPU (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }

    @Override
    public JobHandle submit(JobSpec spec) {
        JobHandler handler = registry.find(spec.kind());
        if (handler == null) {
            throw new IllegalArgumentException("no handler for job kind '" + spec.kind() + "'; known kinds: "
                    + registry.kinds());
        }
        LocalHandle h = new LocalHandle(JobParameter.normalise(spec, handler.parameters(),
                w -> LOG.warning(w)), handler);
        unfinished.add(h);
        try {
            h.future = pool.submit(h::runJob);
        } catch (RuntimeException e) {
            unfinished.remove(h);
            throw e;
        }
        return h;
    }

    @Override
    public void close() {
        for (LocalHandle h : unfinished) {
            h.cancel();
        }
        pool.shutdownNow();
        for (LocalHandle h : unfinished) {
            h.finishIfQueued(); // its task was dropped from the queue without running
        }
    }

    private final class LocalHandle extends AbstractJobHandle implements JobContext {
        private final JobHandler handler;
        private volatile boolean cancelRequested;
        volatile Future<?> future;

        LocalHandle(JobSpec spec, JobHandler handler) {
            super("job-" + IDS.incrementAndGet(), spec);
            this.handler = handler;
        }

        void runJob() {
            if (cancelRequested) {
                end(JobState.CANCELLED, "cancelled before it started", null, null);
                return;
            }
            synchronized (endLock) {
                if (state != JobState.QUEUED) {
                    return; // ended by close() while this task was being started
                }
                state = JobState.RUNNING;
                message = "running";
            }
            fire();
            try {
                Map<String, Object> r = handler.run(spec(), this);
                if (cancelRequested) {
                    end(JobState.CANCELLED, "cancelled", null, null);
                } else {
                    end(JobState.SUCCEEDED, "done", r, null);
                }
            } catch (JobCancelledException e) {
                end(JobState.CANCELLED, e.getMessage(), null, null);
            } catch (Throwable e) {
                if (cancelRequested && e instanceof InterruptedException) {
                    end(JobState.CANCELLED, "cancelled", null, null);
                } else {
                    String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                    LOG.log(Level.FINE, "job " + id() + " (" + spec().kind() + ") failed", e);
                    end(JobState.FAILED, m, null, e);
                }
            }
        }

        /** Ends the job CANCELLED if it has not started. */
        void finishIfQueued() {
            endFrom(JobState.QUEUED, JobState.CANCELLED, "cancelled before it started", null, null);
        }

        @Override
        protected void ended() {
            unfinished.remove(this);
        }

        @Override
        public void progress(double fraction, String msg) {
            progress = Math.max(0, Math.min(1, fraction));
            if (msg != null) {
                message = msg;
            }
            fire();
        }

        @Override
        public boolean isCancelled() {
            return cancelRequested;
        }

        @Override
        public void cancel() {
            if (state.isFinal()) {
                return;
            }
            cancelRequested = true;
            if (state == JobState.QUEUED && future != null && future.cancel(false)) {
                end(JobState.CANCELLED, "cancelled before it started", null, null);
            }
        }
    }
}
