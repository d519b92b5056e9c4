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

    /** Called (on the job's thread) at every progress report and at the end. */
    void addListener(JobListener listener);

    interface JobListener {
        void changed(JobHandle job);
    }
}
