package org.daybreak.core.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobContext;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** A context whose cancellation the test switches on. */
    private static final class Switch implements JobContext {
        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void progress(double fraction, String message) {
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }

    private static Set<Thread> poolThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("daybreak-parallel-")) {
                out.add(t);
            }
        }
        return out;
    }

    @Test
    void everyChunkRunsExactlyOnceForManySizesAndParallelisms() {
        int[] sizes = {0, 1, 2, 3, 5, 7, 16, 63, 64, 65, 1000, 10007};
        int[] parallelisms = {-3, 0, 1, 2, 3, 4, 8, 64, 1000};
        for (int n : sizes) {
            for (int p : parallelisms) {
                AtomicIntegerArray visits = new AtomicIntegerArray(n);
                Parallel.forEach(n, p, null, visits::incrementAndGet);
                for (int i = 0; i < n; i++) {
                    assertEquals(1, visits.get(i), "chunk " + i + " of " + n + " with parallelism " + p);
                }
            }
        }
    }

    @Test
    void rangesFollowTheFixedPartitionAndCoverEveryIndexOnce() {
        for (int length : new int[] {0, 1, 9, 10, 11, 100, 4099}) {
            for (int chunk : new int[] {1, 2, 3, 10, 64, 5000}) {
                for (int p : new int[] {1, 3, 16}) {
                    AtomicIntegerArray visits = new AtomicIntegerArray(length);
                    List<int[]> ranges = new CopyOnWriteArrayList<>();
                    Parallel.forEachRange(length, chunk, p, null, (from, to) -> {
                        ranges.add(new int[] {from, to});
                        for (int i = from; i < to; i++) {
                            visits.incrementAndGet(i);
                        }
                    });
                    assertEquals((length + chunk - 1) / chunk, ranges.size());
                    for (int[] r : ranges) {
                        assertEquals(0, r[0] % chunk, "a range starts at a multiple of the chunk size");
                        assertEquals(Math.min(length, r[0] + chunk), r[1]);
                    }
                    for (int i = 0; i < length; i++) {
                        assertEquals(1, visits.get(i), "index " + i + " of " + length + " in chunks of " + chunk);
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Parallel.forEachRange(10, 0, 2, null, (a, b) -> {
        }));
        assertThrows(IllegalArgumentException.class, () -> Parallel.forEach(-1, 2, null, i -> {
        }));
    }

    @Test
    void oneWorkerRunsInOrderOnTheCallingThread() {
        List<Integer> order = new CopyOnWriteArrayList<>();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Parallel.forEach(50, 1, null, i -> {
            order.add(i);
            threads.add(Thread.currentThread());
        });
        assertEquals(50, order.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(i, order.get(i));
        }
        assertEquals(Set.of(Thread.currentThread()), threads);
    }

    @Test
    void workersNeverExceedTheParallelismOrThePool() {
        for (int p : new int[] {1, 2, 3, Parallel.poolSize(), Parallel.poolSize() + 5}) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            Set<Object> states = ConcurrentHashMap.newKeySet();
            Parallel.forEach(200, p, null, Object::new, (i, state) -> {
                states.add(state);
                int now = running.incrementAndGet();
                most.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(0, 200_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
            });
            int allowed = Math.min(p, Parallel.poolSize());
            assertTrue(most.get() <= allowed, most.get() + " chunks at once with parallelism " + p);
            assertTrue(states.size() <= allowed, states.size() + " worker states with parallelism " + p);
        }
    }

    @Test
    void workerStateIsUsedByOneThreadOnly() {
        ConcurrentHashMap<Object, Thread> owner = new ConcurrentHashMap<>();
        AtomicInteger conflicts = new AtomicInteger();
        Parallel.forEach(500, 8, null, Object::new, (i, state) -> {
            Thread previous = owner.putIfAbsent(state, Thread.currentThread());
            if (previous != null && previous != Thread.currentThread()) {
                conflicts.incrementAndGet();
            }
        });
        assertEquals(0, conflicts.get());
    }

    @Test
    void theFirstExceptionIsThrownAndLaterChunksDoNotStart() {
        // one worker: chunks start in order, so nothing after the failing chunk runs
        AtomicIntegerArray visits = new AtomicIntegerArray(100);
        IllegalStateException boom = new IllegalStateException("chunk 37 failed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(100, 1, null, i -> {
            visits.incrementAndGet(i);
            if (i == 37) {
                throw boom;
            }
        }));
        assertSame(boom, e);
        for (int i = 0; i < 100; i++) {
            assertEquals(i <= 37 ? 1 : 0, visits.get(i), "chunk " + i);
        }

        // several workers: every chunk already running finishes before the loop throws, none starts after it
        assertTimeoutPreemptively(LIMIT, () -> {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger started = new AtomicInteger();
            AtomicInteger highest = new AtomicInteger(-1);
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> Parallel.forEach(10_000, 8, null,
                    i -> {
                        running.incrementAndGet();
                        started.incrementAndGet();
                        highest.accumulateAndGet(i, Math::max);
                        try {
                            if (i == 20) {
                                throw new IllegalArgumentException("chunk 20 failed");
                            }
                            Thread.sleep(1);
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        } finally {
                            running.decrementAndGet();
                        }
                    }));
            assertEquals("chunk 20 failed", thrown.getMessage());
            assertEquals(0, running.get(), "no chunk is still running when the loop throws");
            int startedAtReturn = started.get();
            // each other worker can have taken at most one chunk while chunk 20 was failing
            assertTrue(highest.get() <= 20 + 2 * Parallel.poolSize(), "chunk " + highest.get() + " started");
            Thread.sleep(50);
            assertEquals(startedAtReturn, started.get(), "no chunk starts after the loop threw");
        });
    }

    @Test
    void failuresOfChunksRunningAtTheSameTimeAreSuppressedIntoTheFirst() {
        int parties = Math.min(4, Parallel.poolSize()); // chunks that run at the same time, each on its own worker
        CyclicBarrier together = new CyclicBarrier(parties);
        AtomicInteger failures = new AtomicInteger();
        RuntimeException e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(RuntimeException.class,
                () -> Parallel.forEach(parties, parties, null, i -> {
                    try {
                        together.await(30, TimeUnit.SECONDS);
                    } catch (Exception x) {
                        throw new IllegalStateException("the workers did not meet", x);
                    }
                    failures.incrementAndGet();
                    throw new IllegalArgumentException("chunk " + i);
                })));
        assertEquals(parties, failures.get());
        assertTrue(e.getMessage().startsWith("chunk "), e.getMessage());
        assertEquals(parties - 1, e.getSuppressed().length);
        Set<String> messages = new HashSet<>();
        messages.add(e.getMessage());
        for (Throwable s : e.getSuppressed()) {
            assertInstanceOf(IllegalArgumentException.class, s);
            messages.add(s.getMessage());
        }
        assertEquals(parties, messages.size(), "each failure is reported once");
    }

    @Test
    void errorsAndWorkerStateFailuresPropagate() {
        assertThrows(StackOverflowError.class, () -> Parallel.forEach(10, 4, null, i -> {
            if (i == 3) {
                throw new StackOverflowError();
            }
        }));
        assertThrows(UnsupportedOperationException.class, () -> Parallel.forEach(10, 4, null, () -> {
            throw new UnsupportedOperationException("no scratch");
        }, (i, s) -> {
        }));
    }

    @Test
    void cancellationStopsHandingOutChunks() {
        for (int p : new int[] {1, 4}) {
            Switch context = new Switch();
            AtomicInteger started = new AtomicInteger();
            AtomicInteger running = new AtomicInteger();
            assertTimeoutPreemptively(LIMIT, () -> assertThrows(JobCancelledException.class,
                    () -> Parallel.forEach(100_000, p, context, i -> {
                        running.incrementAndGet();
                        if (started.incrementAndGet() == 10) {
                            context.cancelled.set(true);
                        }
                        running.decrementAndGet();
                    })));
            assertEquals(0, running.get());
            if (p == 1) {
                assertEquals(10, started.get(), "one worker stops right after the chunk that cancelled");
            } else {
                assertTrue(started.get() < 10 + 2 * Parallel.poolSize(), started.get() + " chunks started");
            }
        }
        Switch already = new Switch();
        already.cancelled.set(true);
        AtomicInteger ran = new AtomicInteger();
        assertThrows(JobCancelledException.class, () -> Parallel.forEach(5, 3, already, i -> ran.incrementAndGet()));
        assertEquals(0, ran.get(), "nothing runs once cancelled");
        Parallel.forEach(0, 3, already, i -> ran.incrementAndGet()); // an empty loop has nothing to cancel
    }

    @Test
    void anInterruptWhileWaitingCancelsButLetsTheRunningChunkFinish() throws Exception {
        if (Parallel.poolSize() < 2) {
            return; // one worker only: the caller never waits for another thread
        }
        CountDownLatch helperStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean helperFinished = new AtomicBoolean();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean finishedBeforeReturn = new AtomicBoolean();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            Thread me = Thread.currentThread();
            try {
                Parallel.forEach(2, 2, null, i -> {
                    if (Thread.currentThread() == me) {
                        try {
                            helperStarted.await(30, TimeUnit.SECONDS); // keeps the other chunk for the helper
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    } else {
                        helperStarted.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        helperFinished.set(true);
                    }
                });
            } catch (Throwable e) {
                thrown.set(e);
            }
            finishedBeforeReturn.set(helperFinished.get());
            stillInterrupted.set(Thread.interrupted());
        }, "parallel-test-caller");
        caller.start();
        assertTrue(helperStarted.await(30, TimeUnit.SECONDS));
        Thread.sleep(100); // the caller is now waiting for the helper
        caller.interrupt();
        Thread.sleep(100);
        assertFalse(helperFinished.get());
        release.countDown();
        caller.join(30_000);
        assertInstanceOf(JobCancelledException.class, thrown.get());
        assertTrue(finishedBeforeReturn.get(), "the running chunk finished before the loop threw");
        assertTrue(stillInterrupted.get(), "the caller's interrupt status is kept");
    }

    @Test
    void nestedLoopsDoNotDeadlock() {
        assertTimeoutPreemptively(LIMIT, () -> {
            int outer = 4 * Parallel.poolSize() + 1;
            AtomicIntegerArray leaves = new AtomicIntegerArray(outer * 7 * 13);
            Parallel.forEach(outer, 64, null, i -> Parallel.forEach(7, 64, null, j -> Parallel.forEach(13, 64, null,
                    k -> leaves.incrementAndGet((i * 7 + j) * 13 + k))));
            for (int x = 0; x < leaves.length(); x++) {
                assertEquals(1, leaves.get(x), "leaf " + x);
            }
            // inner loops that block their worker for a while, from every pool thread at once
            AtomicInteger sum = new AtomicInteger();
            Parallel.forEach(3 * Parallel.poolSize(), Parallel.poolSize(), null, i -> {
                Parallel.forEach(Parallel.poolSize() * 2, Parallel.poolSize(), null, j -> {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    sum.incrementAndGet();
                });
            });
            assertEquals(3 * Parallel.poolSize() * Parallel.poolSize() * 2, sum.get());
        });
    }

    @Test
    void thePoolIsSharedAndDoesNotGrow() {
        Parallel.forEach(64, 64, null, i -> {
        });
        Set<Thread> before = poolThreads();
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        Thread caller = Thread.currentThread();
        for (int call = 0; call < 1000; call++) {
            Parallel.forEach(32, 64, null, i -> {
                if (Thread.currentThread() != caller) {
                    used.add(Thread.currentThread());
                }
            });
        }
        Set<Thread> after = poolThreads();
        assertTrue(after.size() <= Parallel.poolSize(), after.size() + " pool threads for a pool of "
                + Parallel.poolSize());
        assertTrue(used.size() <= Parallel.poolSize(), used.size() + " threads helped");
        for (Thread t : used) {
            assertTrue(t.getName().startsWith("daybreak-parallel-"), t.getName());
            assertTrue(t.isDaemon(), t.getName() + " is a daemon thread");
        }
        assertTrue(before.size() <= Parallel.poolSize());
    }

    @Test
    void writesOfEveryChunkAreVisibleAfterTheLoop() {
        for (int round = 0; round < 50; round++) {
            int[] plain = new int[5000];
            Parallel.forEach(plain.length, 8, null, i -> plain[i] = i + 1);
            for (int i = 0; i < plain.length; i++) {
                assertEquals(i + 1, plain[i]);
            }
        }
    }
}
