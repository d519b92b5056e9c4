package org.daybreak.script.api;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.daybreak.core.job.JobHandle;

/**
 * Waits for the jobs of a parameter sweep ({@code daybreak.jobs.map}) in the order they end, so that the first
 * failure is seen as soon as it happens, whichever its place in the sweep. Thread rule: {@link #nextEnded} is
 * called from one thread (the script's); the jobs' listeners run on their executors' threads.
 */
public final class Sweep {
    /** {@link #nextEnded} found every job ended and reported. */
    public static final int ALL_ENDED = -2;
    /** {@link #nextEnded} waited its time and no further job ended. */
    public static final int NONE_YET = -1;

    private final List<JobHandle> jobs;
    private final LinkedBlockingQueue<Integer> ended = new LinkedBlockingQueue<>();
    private final AtomicIntegerArray seen;
    private int reported;

    public Sweep(List<JobHandle> jobs) {
        this.jobs = List.copyOf(jobs);
        this.seen = new AtomicIntegerArray(jobs.size());
        for (int i = 0; i < this.jobs.size(); i++) {
            int index = i;
            this.jobs.get(i).addListener(j -> {
                if (j.state().isFinal() && seen.compareAndSet(index, 0, 1)) {
                    ended.add(index);
                }
            });
        }
    }

    /**
     * The index (in the sweep) of the next job to end, once each: {@link #NONE_YET} when none ended within
     * {@code timeoutMs}, {@link #ALL_ENDED} once every job has been reported.
     */
    public int nextEnded(long timeoutMs) throws InterruptedException {
        if (reported == jobs.size()) {
            return ALL_ENDED;
        }
        Integer i = ended.poll(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
        if (i == null) {
            return NONE_YET;
        }
        reported++;
        return i;
    }

    /** Asks every job that has not ended to stop (returns at once). */
    public void cancelUnfinished() {
        for (JobHandle j : jobs) {
            if (!j.state().isFinal()) {
                j.cancel();
            }
        }
    }
}
