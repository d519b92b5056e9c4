package org.daybreak.core.job;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LocalJobExecutorTest {

    private static JobHandler handler(String kind, JobBody body) {
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

    interface JobBody {
        Map<String, Object> run(JobSpec spec, JobContext context) throws Exception;
    }

    @Test
    void runsAJobWithProgressAndResult() throws Exception {
        JobRegistry reg = new JobRegistry();
        reg.register(handler("sum", (spec, ctx) -> {
            long n = spec.integer("n", 0);
            long s = 0;
            for (int i = 1; i <= n; i++) {
                s += i;
                ctx.progress(i / (double) n, "step " + i);
            }
            return Map.of("sum", s);
        }));
        try (LocalJobExecutor ex = new LocalJobExecutor(reg, 2)) {
            List<Double> seen = new CopyOnWriteArrayList<>();
            JobHandle h = ex.submit(JobSpec.of("sum", Map.of("n", 10)));
            h.addListener(j -> seen.add(j.progress()));
            assertEquals(55L, h.await().get("sum"));
            assertEquals(JobState.SUCCEEDED, h.state());
            assertEquals(1.0, h.progress());
        }
    }

    @Test
    void cancellationStopsARunningJob() throws Exception {
        JobRegistry reg = new JobRegistry();
        CountDownLatch started = new CountDownLatch(1);
        reg.register(handler("spin", (spec, ctx) -> {
            started.countDown();
            while (true) {
                ctx.checkCancelled();
                Thread.sleep(1);
            }
        }));
        try (LocalJobExecutor ex = new LocalJobExecutor(reg, 1)) {
            JobHandle h = ex.submit(JobSpec.of("spin", Map.of()));
            assertTrue(started.await(5, TimeUnit.SECONDS));
            h.cancel();
            assertTrue(h.awaitEnd(Duration.ofSeconds(5)));
            assertEquals(JobState.CANCELLED, h.state());
            assertThrows(JobCancelledException.class, h::await);
        }
    }

    @Test
    void failuresCarryTheJobsOwnMessage() throws Exception {
        JobRegistry reg = new JobRegistry();
        reg.register(handler("bad", (spec, ctx) -> {
            throw new IllegalArgumentException("centre 9000 is outside the detector (0..2559)");
        }));
        try (LocalJobExecutor ex = new LocalJobExecutor(reg, 1)) {
            JobHandle h = ex.submit(JobSpec.of("bad", Map.of()));
            JobFailedException e = assertThrows(JobFailedException.class, h::await);
            assertEquals("centre 9000 is outside the detector (0..2559)", e.getMessage());
            assertEquals(JobState.FAILED, h.state());
            assertThrows(IllegalArgumentException.class, () -> ex.submit(JobSpec.of("nope", Map.of())));
        }
    }

    @Test
    void specsArePlainJsonAndRejectJavaObjects() {
        JobSpec s = new JobSpec("tomo.recon", Map.of("center", 1280.5, "filter", "ramp", "slices", List.of(0, 16)),
                Map.of("scan", "/data/scan.nxs#/entry/data"));
        JobSpec back = JobSpec.fromJson(s.toJson());
        assertEquals(s.toJson(), back.toJson());
        assertEquals(1280.5, back.number("center", 0));
        assertThrows(IllegalArgumentException.class, () -> JobSpec.of("x", Map.of("obj", new Object())));
    }
}
