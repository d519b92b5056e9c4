package org.daybreak.core.job;

/**
 * What a running job sees of its executor. Thread rules: a job calls these from its own thread(s);
 * implementations are thread-safe.
 */
public interface JobContext {

    /**
     * Reports progress: {@code fraction} in [0, 1] of the whole job (values outside are clipped) and a short
     * message for people ("slice 12 of 512").
     */
    void progress(double fraction, String message);

    /** True once cancellation was asked for; long loops check it at least every few hundred milliseconds. */
    boolean isCancelled();

    /** Throws {@link JobCancelledException} when cancellation was asked for. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new JobCancelledException();
        }
    }

    /** Worker threads the job may use for its own parallel loops (at least 1). */
    default int parallelism() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** A context that reports nowhere and is never cancelled (for direct calls from tests and scripts). */
    JobContext NONE = new JobContext() {
        @Override
        public void progress(double fraction, String message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };
}
