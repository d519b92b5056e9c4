package org.daybreak.tomo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** Runs independent tasks 0..n-1 on a few threads (the caller's included) and waits for them all. */
final class Parallel {
    private Parallel() {
    }

    /**
     * Calls {@code task} once for every index in [0, n), on at most {@code threads} threads, in no fixed order.
     * The first exception thrown by a task is rethrown here after all threads stopped taking tasks.
     */
    static void forEach(int n, int threads, IntConsumer task) {
        int t = Math.max(1, Math.min(threads, n));
        if (t == 1) {
            for (int i = 0; i < n; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            int i;
            while (failure.get() == null && (i = next.getAndIncrement()) < n) {
                try {
                    task.accept(i);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        List<Thread> started = new ArrayList<>();
        for (int k = 1; k < t; k++) {
            Thread th = new Thread(worker, "daybreak-tomo-" + k);
            th.setDaemon(true);
            th.start();
            started.add(th);
        }
        worker.run();
        for (Thread th : started) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for reconstruction threads", e);
            }
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error er) {
            throw er;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }
}
