package org.daybreak.core.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    private final class LocalHandle implements JobHandle, JobContext {
        private final String id = "job-" + IDS.incrementAndGet();
        private final JobSpec spec;
        private final JobHandler handler;
        private final CountDownLatch done = new CountDownLatch(1);
        private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
        /** Guards the state's moves out of QUEUED and into a final state, and addListener's add-or-call choice. */
        private final Object endLock = new Object();
        private volatile JobState state = JobState.QUEUED;
        private volatile double progress;
        private volatile String message = "queued";
        private volatile boolean cancelRequested;
        private volatile Map<String, Object> result;
        private volatile Throwable failure;
        volatile Future<?> future;

        LocalHandle(JobSpec spec, JobHandler handler) {
            this.spec = spec;
            this.handler = handler;
        }

        void runJob() {
            if (cancelRequested) {
                finish(JobState.CANCELLED, "cancelled before it started");
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
                Map<String, Object> r = handler.run(spec, this);
                result = r == null ? Map.of() : r;
                if (cancelRequested) {
                    finish(JobState.CANCELLED, "cancelled");
                } else {
                    progress = 1;
                    finish(JobState.SUCCEEDED, "done");
                }
            } catch (JobCancelledException e) {
                finish(JobState.CANCELLED, "cancelled");
            } catch (Throwable e) {
                if (cancelRequested && e instanceof InterruptedException) {
                    finish(JobState.CANCELLED, "cancelled");
                } else {
                    failure = e;
                    String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                    LOG.log(Level.FINE, "job " + id + " (" + spec.kind() + ") failed", e);
                    finish(JobState.FAILED, m);
                }
            }
        }

        /** Ends the job in state {@code s} unless it has ended already. */
        private void finish(JobState s, String msg) {
            synchronized (endLock) {
                if (state.isFinal()) {
                    return;
                }
                message = msg;
                state = s;
            }
            ended();
        }

        /** Ends the job CANCELLED if it has not started. */
        void finishIfQueued() {
            synchronized (endLock) {
                if (state != JobState.QUEUED) {
                    return;
                }
                message = "cancelled before it started";
                state = JobState.CANCELLED;
            }
            ended();
        }

        private void ended() {
            unfinished.remove(this);
            done.countDown();
            fire();
        }

        private void fire() {
            for (JobListener l : listeners) {
                call(l);
            }
        }

        private void call(JobListener l) {
            try {
                l.changed(this);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "job listener failed", e);
            }
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
        public String id() {
            return id;
        }

        @Override
        public JobSpec spec() {
            return spec;
        }

        @Override
        public JobState state() {
            return state;
        }

        @Override
        public double progress() {
            return progress;
        }

        @Override
        public String message() {
            return message;
        }

        @Override
        public void cancel() {
            if (state.isFinal()) {
                return;
            }
            cancelRequested = true;
            if (state == JobState.QUEUED && future != null && future.cancel(false)) {
                finish(JobState.CANCELLED, "cancelled before it started");
            }
        }

        @Override
        public Map<String, Object> await() throws InterruptedException {
            done.await();
            return switch (state) {
                case SUCCEEDED -> result;
                case CANCELLED -> throw new JobCancelledException();
                default -> throw new JobFailedException(message, failure);
            };
        }

        @Override
        public boolean awaitEnd(Duration timeout) throws InterruptedException {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public Throwable failure() {
            return failure;
        }

        @Override
        public void addListener(JobListener listener) {
            synchronized (endLock) {
                if (!state.isFinal()) {
                    listeners.add(listener);
                    return;
                }
            }
            call(listener);
        }
    }
}
