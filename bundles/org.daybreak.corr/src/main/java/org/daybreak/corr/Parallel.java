package org.daybreak.corr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobContext;

/** Runs an index loop on a few threads of its own; each thread gets one scratch object from the supplier. */
final class Parallel {
    private Parallel() {
    }

    interface Task<S> {
        void run(int index, S scratch);
    }

    /**
     * Runs {@code task} for indices 0..count-1, handed out one at a time to {@code threads} threads. Checks
     * cancellation between indices; reports progress with {@code label} when {@code label} is not null. The first
     * failure stops the loop and is rethrown.
     */
    static <S> void forEach(int count, int threads, JobContext context, String label, Supplier<S> scratch,
            Task<S> task) {
        JobContext ctx = context == null ? JobContext.NONE : context;
        int nt = Math.max(1, Math.min(threads, count));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable worker = () -> {
            S s = scratch.get();
            for (int i; (i = next.getAndIncrement()) < count;) {
                ctx.checkCancelled();
                task.run(i, s);
                int d = done.incrementAndGet();
                if (label != null && ((d & 15) == 0 || d == count)) {
                    ctx.progress((double) d / count, label + " " + d + " of " + count);
                }
            }
        };
        if (nt == 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(nt, r -> {
            Thread th = new Thread(r, "daybreak-corr");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int k = 0; k < nt; k++) {
                fs.add(pool.submit(worker));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    next.set(count);
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    if (e.getCause() instanceof Error er) {
                        throw er;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException();
        } finally {
            pool.shutdownNow();
        }
    }
}
