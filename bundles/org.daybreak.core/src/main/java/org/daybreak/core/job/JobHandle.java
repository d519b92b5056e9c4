package org.daybreak.core.job;

import java.time.Duration;
import java.util.Map;

/** A submitted job as its submitter sees it, whichever executor runs it. Thread-safe. */
public interface JobHandle {

    String id();

    JobSpec spec();

    JobState state();

    /** Fraction done in [0, 1]. */
    double progress();

    /** The latest progress message, or the failure message once FAILED. */
    String message();

    /** Asks the job to stop; it ends CANCELLED unless it had already finished. Returns at once. */
    void cancel();

    /**
     * Waits for the end and returns the result.
     *
     * @throws JobFailedException when the job failed (its message is the job's one-line reason)
     * @throws JobCancelledException when it was cancelled
     */
    Map<String, Object> await() throws InterruptedException;

    /** Waits at most {@code timeout}; returns true when the job has ended. */
    boolean awaitEnd(Duration timeout) throws InterruptedException;

    /** The failure, once FAILED; null otherwise. */
    Throwable failure();

    /**
     * Adds a listener that is called at every state change and progress report of the job, and once at its end.
     *
     * <p>Thread rules: while the job has not ended, the listener is called on the thread that made the change: the
     * job's thread for its state changes and its end, the thread that reported for progress (a job that reports
     * from several worker threads may call a listener from several threads at once). A job cancelled before it
     * started reports its end on the thread that called {@link #cancel()}. A listener added after the job ended is
     * called once, at once, on the calling thread, before this method returns. Either way every listener sees the
     * end (a final {@link #state()}) exactly once.
     *
     * <p>A listener should return quickly: the job waits for it. An exception it throws is logged and ignored.
     */
    void addListener(JobListener listener);

    interface JobListener {
        void changed(JobHandle job);
    }
}
