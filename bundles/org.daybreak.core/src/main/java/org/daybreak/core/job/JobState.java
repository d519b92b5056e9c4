package org.daybreak.core.job;

/** Life of a job: QUEUED, then RUNNING, then one of the three final states. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
