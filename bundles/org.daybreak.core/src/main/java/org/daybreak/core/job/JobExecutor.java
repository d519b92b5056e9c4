package org.daybreak.core.job;

/**
 * Runs jobs somewhere: local threads today ({@link LocalJobExecutor}); GPU and remote executors implement the
 * same interface. Submitting never blocks on the work itself.
 */
public interface JobExecutor extends AutoCloseable {

    /** A short name for people ("local CPU (2 threads)"). */
    String name();

    /**
     * Queues a job.
     *
     * @throws IllegalArgumentException when no handler for the job's kind is known here
     */
    JobHandle submit(JobSpec spec);

    /** Stops taking jobs and cancels those still running. */
    @Override
    void close();
}
