package org.daybreak.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/**
 * Resource hygiene of local jobs: executors that ran jobs (succeeded, failed, cancelled while running, cancelled
 * while queued) leave no thread behind once closed.
 */
class JobThreadHygieneTest {

    private static long jobThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("daybreak-job-")).count();
    }

    interface Body {
        Map<String, Object> run(JobSpec spec, JobContext context) throws Exception;
    }

    private static JobHandler handler(String kind, Body body) {
        return new JobHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public Map<String, Object> run(JobSpec spec, JobContext context) throws Exception {
                return body.run(spec, context);
            }
        };
    }

    @Test
    void closedExecutorsLeaveNoJobThreads() throws Exception {
        long before = jobThreads();
        JobRegistry reg = new JobRegistry();
        reg.register(handler("ok", (spec, ctx) -> Map.of("v", 1)));
        reg.register(handler("fail", (spec, ctx) -> {
            throw new IllegalStateException("planned failure");
        }));
        reg.register(handler("spin", (spec, ctx) -> {
            while (!ctx.isCancelled()) {
                Thread.onSpinWait();
            }
            return Map.of();
        }));
        for (int round = 0; round < 100; round++) {
            try (LocalJobExecutor ex = new LocalJobExecutor(reg, 3)) {
                List<JobHandle> handles = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    handles.add(ex.submit(JobSpec.of("ok", Map.of())));
                    handles.add(ex.submit(JobSpec.of("fail", Map.of())));
                }
                handles.add(ex.submit(JobSpec.of("spin", Map.of())));
                handles.add(ex.submit(JobSpec.of("spin", Map.of()))); // may still be queued at close
                for (int i = 0; i < 10; i++) {
                    handles.get(i).awaitEnd(java.time.Duration.ofSeconds(10));
                }
            }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (jobThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(before, jobThreads(), "job threads left after 100 closed executors");
    }

    @Test
    void closeEndsEveryUnfinishedJob() throws Exception {
        JobRegistry reg = new JobRegistry();
        CountDownLatch started = new CountDownLatch(1);
        reg.register(handler("spin", (spec, ctx) -> {
            started.countDown();
            while (!ctx.isCancelled()) {
                Thread.onSpinWait();
            }
            return Map.of();
        }));
        JobHandle running;
        JobHandle queued;
        try (LocalJobExecutor ex = new LocalJobExecutor(reg, 1)) {
            running = ex.submit(JobSpec.of("spin", Map.of()));
            queued = ex.submit(JobSpec.of("spin", Map.of()));
            started.await();
        }
        assertTrue(running.awaitEnd(java.time.Duration.ofSeconds(10)), "running job did not end after close");
        assertTrue(queued.awaitEnd(java.time.Duration.ofSeconds(10)), "queued job did not end after close");
        assertEquals(JobState.CANCELLED, queued.state());
    }
}
