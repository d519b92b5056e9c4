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

    /** What a listener saw: the threads it was called on, and how often it saw the end. */
    private static final class Recorder implements JobHandle.JobListener {
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final List<JobState> ends = new CopyOnWriteArrayList<>();

        @Override
        public void changed(JobHandle job) {
            threads.add(Thread.currentThread());
            JobState s = job.state();
            if (s.isFinal()) {
                ends.add(s);
            }
        }
    }

    @Test
    void listenersAreCalledOnTheJobsThreadAndOnceAtOnceWhenAddedAfterTheEnd() throws Exception {
        JobRegistry reg = new JobRegistry();
        CountDownLatch go = new CountDownLatch(1);
        reg.register(handler("steps", (spec, ctx) -> {
            go.await(10, TimeUnit.SECONDS);
            for (int i = 1; i <= 5; i++) {
                ctx.progress(i / 5.0, "step " + i);
            }
            return Map.of();
        }));
        try (LocalJobExecutor ex = new LocalJobExecutor(reg, 1)) {
            JobHandle h = ex.submit(JobSpec.of("steps", Map.of()));
            Recorder during = new Recorder();
            h.addListener(during);
            go.countDown();
            h.await();
            Recorder late = new Recorder();
            ex.submit(JobSpec.of("steps", Map.of())).await(); // the one job thread has finished with h
            h.addListener(late);
            assertFalse(during.threads.isEmpty());
            for (Thread t : during.threads) {
                assertTrue(t.getName().startsWith("daybreak-job-"), "called on " + t.getName());
            }
            assertEquals(List.of(JobState.SUCCEEDED), during.ends);
            assertEquals(List.of(Thread.currentThread()), late.threads, "once, on the thread that added it");
            assertEquals(List.of(JobState.SUCCEEDED), late.ends);
            h.addListener(j -> {
                throw new IllegalStateException("a broken listener");
            }); // logged, not thrown
        }
    }

    @Test
    void aJobCancelledWhileQueuedReportsItsEndOnTheCancellingThread() throws Exception {
        JobRegistry reg = new JobRegistry();
        CountDownLatch release = new CountDownLatch(1);
        reg.register(handler("wait", (spec, ctx) -> {
            release.await(10, TimeUnit.SECONDS);
            return Map.of();
        }));
        try (LocalJobExecutor ex = new LocalJobExecutor(reg, 1)) {
            JobHandle busy = ex.submit(JobSpec.of("wait", Map.of()));
            JobHandle queued = ex.submit(JobSpec.of("wait", Map.of()));
            Recorder r = new Recorder();
            queued.addListener(r);
            queued.cancel();
            assertEquals(JobState.CANCELLED, queued.state());
            assertEquals(List.of(Thread.currentThread()), r.threads);
            assertEquals(List.of(JobState.CANCELLED), r.ends);
            release.countDown();
            busy.await();
        }
    }

    @Test
    void everyListenerSeesTheEndExactlyOnceEvenWhenAddedWhileTheJobEnds() throws Exception {
        JobRegistry reg = new JobRegistry();
        reg.register(handler("quick", (spec, ctx) -> Map.of()));
        try (LocalJobExecutor ex = new LocalJobExecutor(reg, 1)) {
            List<Recorder> recorders = new java.util.ArrayList<>();
            for (int i = 0; i < 500; i++) {
                JobHandle h = ex.submit(JobSpec.of("quick", Map.of()));
                for (int k = 0; k < 3; k++) {
                    Recorder r = new Recorder();
                    recorders.add(r);
                    h.addListener(r);
                }
            }
            ex.submit(JobSpec.of("quick", Map.of())).await(); // every job before it has ended and told its listeners
            for (Recorder r : recorders) {
                assertEquals(List.of(JobState.SUCCEEDED), r.ends);
            }
        }
    }

    @Test
    void closingEndsQueuedJobsAndCancelsRunningOnes() throws Exception {
        JobRegistry reg = new JobRegistry();
        CountDownLatch started = new CountDownLatch(1);
        reg.register(handler("block", (spec, ctx) -> {
            started.countDown();
            new CountDownLatch(1).await(); // until interrupted
            return Map.of();
        }));
        LocalJobExecutor ex = new LocalJobExecutor(reg, 1);
        JobHandle running = ex.submit(JobSpec.of("block", Map.of()));
        JobHandle queued = ex.submit(JobSpec.of("block", Map.of()));
        Recorder r = new Recorder();
        queued.addListener(r);
        assertTrue(started.await(5, TimeUnit.SECONDS));
        ex.close();
        assertTrue(queued.awaitEnd(Duration.ofSeconds(5)), "a queued job ends when its executor closes");
        assertEquals(JobState.CANCELLED, queued.state());
        assertEquals(List.of(JobState.CANCELLED), r.ends);
        assertThrows(JobCancelledException.class, queued::await);
        assertTrue(running.awaitEnd(Duration.ofSeconds(5)));
        assertEquals(JobState.CANCELLED, running.state());
    }
}
