package org.daybreak.core.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code core.echo}: the diagnostic job that measures the job machinery itself. It returns its params after
 * {@code sleep_ms} milliseconds (default 0; cancellation is checked every 50 ms while it sleeps) and fails on
 * purpose with {@code "fail": true} (message: {@code "core.echo failed on purpose"}, or {@code fail_message}).
 */
public final class EchoJob implements JobHandler {
    public static final String KIND = "core.echo";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String description() {
        return "diagnostic: returns its params after sleep_ms; fails on purpose with \"fail\": true";
    }

    @Override
    public Map<String, Object> run(JobSpec spec, JobContext context) throws Exception {
        long sleepMs = (long) spec.number("sleep_ms", 0);
        if (sleepMs < 0) {
            throw new IllegalArgumentException("core.echo: sleep_ms must not be negative, not " + sleepMs);
        }
        long end = System.nanoTime() + sleepMs * 1_000_000L;
        for (long left = sleepMs; left > 0; left = (end - System.nanoTime()) / 1_000_000L) {
            context.checkCancelled();
            context.progress(1 - (double) left / sleepMs, "sleeping");
            Thread.sleep(Math.min(50, left));
        }
        context.checkCancelled();
        if (spec.flag("fail", false)) {
            throw new IllegalStateException(spec.string("fail_message", "core.echo failed on purpose"));
        }
        return new LinkedHashMap<>(spec.params());
    }
}
