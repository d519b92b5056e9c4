package org.daybreak.core.job;

/** Thrown inside a job when it stops because cancellation was asked for. */
public final class JobCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobCancelledException() {
        super("cancelled");
    }
}
