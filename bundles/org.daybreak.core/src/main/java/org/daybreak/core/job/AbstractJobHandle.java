package org.daybreak.core.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every {@link JobHandle} keeps the same way, whichever executor runs the job: its state, progress, message,
 * result or failure, the wait for its end and the listeners with their thread rules. An executor's handle moves
 * the state forward and ends the job with {@link #end}; the end happens once, and every listener sees it once.
 */
public abstract class AbstractJobHandle implements JobHandle {
    private static final Logger LOG = Logger.getLogger(AbstractJobHandle.class.getName());

    private final String id;
    private final JobSpec spec;
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    /** Guards the state's moves out of QUEUED and into a final state, and addListener's add-or-call choice. */
    protected final Object endLock = new Object();
    protected volatile JobState state = JobState.QUEUED;
    protected volatile double progress;
    protected volatile String message = "queued";
    private volatile Map<String, Object> result;
    private volatile Throwable failure;

    protected AbstractJobHandle(String id, JobSpec spec) {
        this.id = id;
        this.spec = spec;
    }

    /**
     * Ends the job in state {@code s} (with its result when SUCCEEDED, its failure when FAILED) unless it has ended
     * already, then tells the listeners on this thread. Returns true when this call ended it.
     */
    protected final boolean end(JobState s, String msg, Map<String, Object> r, Throwable f) {
        return endFrom(null, s, msg, r, f);
    }

    /** {@link #end}, only while the job is in state {@code from} (any state not final when null). */
    protected final boolean endFrom(JobState from, JobState s, String msg, Map<String, Object> r, Throwable f) {
        synchronized (endLock) {
            if (state.isFinal() || (from != null && state != from)) {
                return false;
            }
            if (s == JobState.SUCCEEDED) {
                result = r == null ? Map.of() : r;
                progress = 1;
            }
            failure = f;
            message = msg;
            state = s;
        }
        ended();
        done.countDown();
        fire();
        return true;
    }

    /** Called once when the job has ended, before waiters wake and listeners are told (bookkeeping only). */
    protected void ended() {
    }

    /** Tells every listener of a change, on this thread. */
    protected final void fire() {
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
    public Map<String, Object> await() throws InterruptedException {
        done.await();
        return switch (state) {
            case SUCCEEDED -> result;
            case CANCELLED -> throw message != null && message.startsWith("cancelled")
                    ? new JobCancelledException(message) : new JobCancelledException();
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
