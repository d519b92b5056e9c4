package org.daybreak.core.job;

/** A job ended in failure; the message is the job's own one-line reason. */
public final class JobFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
