package org.daybreak.core.job;

/** Thrown inside a job when it stops because cancellation was asked for. */
public final class JobCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobCancelledException() {
        super("cancelled");
    }

    /**
     * With what a user should know about the stop, e.g. what a partial output holds; it becomes the job's message
     * and the command line's line. Starts with "cancelled".
     */
    public JobCancelledException(String message) {
        super(message);
    }
}
