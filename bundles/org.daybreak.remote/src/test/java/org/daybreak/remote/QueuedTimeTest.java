package org.daybreak.remote;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Queued times of one process's jobs are strictly increasing, so "newest first" is the submission order. */
class QueuedTimeTest {
    @Test
    void queuedTimesOfOneProcessStrictlyIncrease() {
        long before = System.currentTimeMillis();
        String previous = RemoteJobExecutor.queuedNow();
        for (int i = 0; i < 1000; i++) {
            String t = RemoteJobExecutor.queuedNow();
            // fixed-width ISO-8601 strings: their order is the time order
            assertTrue(t.compareTo(previous) > 0, previous + " then " + t);
            previous = t;
        }
        long last = Wire.millis(previous);
        assertTrue(last >= before + 1000, "a thousand distinct milliseconds: " + previous);
        assertTrue(last <= System.currentTimeMillis() + 1001, "never more than the burst ahead of the clock: " + previous);
    }
}
