package org.daybreak.core.parallel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobContext;

/**
 * Parallel loops over chunks 0..count-1 on one thread pool shared by the whole process. The one home of
 * "run this loop on a few threads" in Daybreak: kernels call it instead of starting threads or pools of their own.
 *
 * <p><b>Work and partition.</b> A loop is {@code count} chunks; the body is called exactly once for each chunk index
 * (unless the loop stops early, see below). What a chunk covers is fixed before the loop starts, by the caller
 * ({@link #forEach}) or by the rule of {@link #forEachRange}; neither the pool size nor the scheduling changes it. A
 * result whose arithmetic stays within chunks (a chunk's own rows, a chunk's own partial sum) is therefore the same,
 * bit for bit, however many threads run the loop and in whatever order; combine per-chunk partial results in chunk
 * order after the loop, not in the order chunks end.
 *
 * <p><b>Threads.</b> The calling thread is one of the workers; the others come from the shared pool:
 * {@link #poolSize()} daemon threads (one per core) named {@code daybreak-parallel-N}, created on first use and
 * reused by every loop of the process. A loop uses at most {@code min(parallelism, count, poolSize())} workers,
 * the caller included; a parallelism below 1 counts as 1. With one worker every chunk runs on the calling thread.
 * The body must be thread-safe for different chunks: a chunk writes only its own part of the output.
 *
 * <p><b>Ordering.</b> Chunks are handed out one at a time in increasing index order to whichever worker is free,
 * so they start in index order but overlap and end in no fixed order; with one worker they run in index order.
 * Everything a chunk wrote happens-before the loop returns or throws, and no chunk of the loop is still running
 * then.
 *
 * <p><b>Exceptions.</b> When a chunk throws, no further chunk is started; chunks already running are let finish.
 * The loop then throws the first exception thrown (in time), with the exceptions of the other chunks that failed
 * meanwhile added to it as {@linkplain Throwable#getSuppressed() suppressed}. Runtime exceptions and errors are
 * rethrown as they are (their stack trace is that of the worker thread); a checked exception thrown past the
 * compiler comes wrapped in an {@link IllegalStateException}.
 *
 * <p><b>Cancellation.</b> With a non-null {@link JobContext}, {@link JobContext#isCancelled()} is asked before each
 * chunk is handed out; once it says yes no further chunk is started, the running ones finish and the loop throws
 * {@link JobCancelledException} (or the failure of a chunk that came first, as above). Running chunks are never
 * interrupted: a chunk that runs for long checks the context itself. If the calling thread is interrupted while
 * it waits for the other workers, that counts as cancellation: the loop stops handing out chunks, waits for the
 * running ones, keeps the thread's interrupt status and throws {@link JobCancelledException}.
 *
 * <p><b>Nesting.</b> A chunk may run a loop of its own. The inner caller works through the inner chunks itself and
 * waits only for helpers that have actually started, so a nested loop never waits for a pool thread to become free
 * and cannot deadlock however busy the pool is; it merely gets fewer helpers.
 *
 * <p><b>Worker state.</b> {@link #forEach(int, int, JobContext, Supplier, WorkerBody)} gives each worker one state
 * object (scratch buffers, a fitter), made by the supplier on that worker's thread before its first chunk and
 * used by that worker only. Which chunks share a state object depends on scheduling, so a state object must not
 * carry results from one chunk into the next.
 */
public final class Parallel {
    private Parallel() {
    }

    /** The body of {@link #forEach(int, int, JobContext, Supplier, WorkerBody)}: one chunk and the worker's state. */
    @FunctionalInterface
    public interface WorkerBody<S> {
        void run(int chunk, S state);
    }

    /** The body of {@link #forEachRange}: the indices [from, to) of one chunk. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** Threads of the shared pool: the number of processors the JVM sees (at least 1). */
    public static int poolSize() {
        return SharedPool.POOL.getParallelism();
    }

    /**
     * Calls {@code body} for every chunk in [0, {@code count}) on up to {@code parallelism} workers (see the class
     * comment for threads, ordering, exceptions and cancellation).
     *
     * @param context cancellation is checked between chunks; null: never cancelled
     * @throws IllegalArgumentException when {@code count} is negative
     * @throws JobCancelledException when the context asked to stop before every chunk was handed out
     */
    public static void forEach(int count, int parallelism, JobContext context, IntConsumer body) {
        forEach(count, parallelism, context, () -> null, (chunk, none) -> body.accept(chunk));
    }

    /**
     * As {@link #forEach(int, int, JobContext, IntConsumer)}, and each worker gets one state object from
     * {@code state}, made on the worker's thread before its first chunk (a worker that gets no chunk makes none).
     * An exception from the supplier counts as a failure of the chunk it was made for.
     */
    public static <S> void forEach(int count, int parallelism, JobContext context, Supplier<? extends S> state,
            WorkerBody<? super S> body) {
        if (count < 0) {
            throw new IllegalArgumentException("a parallel loop needs a chunk count of at least 0, not " + count);
        }
        if (count == 0) {
            return;
        }
        Loop<S> loop = new Loop<>(count, context, state, body);
        int workers = Math.min(Math.max(1, parallelism), count);
        if (workers > 1) {
            workers = Math.min(workers, poolSize());
        }
        if (workers == 1) {
            loop.work();
        } else {
            loop.runWithHelpers(workers - 1);
        }
        loop.rethrow();
    }

    /**
     * Splits [0, {@code length}) into consecutive chunks of {@code chunkSize} indices (the last one shorter) and
     * calls {@code body(from, to)} for each: chunk k is [k chunkSize, min(length, (k + 1) chunkSize)). Otherwise as
     * {@link #forEach(int, int, JobContext, IntConsumer)}.
     *
     * @throws IllegalArgumentException when {@code length} is negative or {@code chunkSize} below 1
     */
    public static void forEachRange(int length, int chunkSize, int parallelism, JobContext context, RangeBody body) {
        if (length < 0 || chunkSize < 1) {
            throw new IllegalArgumentException("a parallel range needs a length of at least 0 and chunks of at least"
                    + " 1 index, not " + length + " and " + chunkSize);
        }
        int chunks = (int) ((length + (long) chunkSize - 1) / chunkSize);
        forEach(chunks, parallelism, context, chunk -> {
            int from = chunk * chunkSize;
            body.run(from, from + Math.min(chunkSize, length - from));
        });
    }

    /** One loop: its chunk counter and its first failure, shared by its workers. */
    private static final class Loop<S> {
        private final int count;
        private final JobContext context;
        private final Supplier<? extends S> state;
        private final WorkerBody<? super S> body;
        /** The next chunk to hand out; set to {@code count} to stop handing out. Never decreases. */
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Loop(int count, JobContext context, Supplier<? extends S> state, WorkerBody<? super S> body) {
            this.count = count;
            this.context = context;
            this.state = state;
            this.body = body;
        }

        /** One worker: takes chunks until none is left or the loop stops. Never throws. */
        void work() {
            S own = null;
            boolean made = false;
            while (true) {
                if (context != null && next.get() < count && context.isCancelled()) {
                    stop(new JobCancelledException());
                    return;
                }
                int chunk = take();
                if (chunk < 0) {
                    return;
                }
                try {
                    if (!made) {
                        own = state.get();
                        made = true;
                    }
                    body.run(chunk, own);
                } catch (Throwable e) {
                    stop(e);
                    return;
                }
            }
        }

        /** The next chunk, or -1 when all were handed out or the loop stopped. */
        private int take() {
            while (true) {
                int chunk = next.get();
                if (chunk >= count) {
                    return -1;
                }
                if (next.compareAndSet(chunk, chunk + 1)) {
                    return chunk;
                }
            }
        }

        /** Stops handing out chunks; keeps {@code e} as the failure, or adds it to the first one. */
        void stop(Throwable e) {
            if (!failure.compareAndSet(null, e)) {
                Throwable first = failure.get();
                if (first != e && !(e instanceof JobCancelledException && first instanceof JobCancelledException)) {
                    first.addSuppressed(e);
                }
            }
            next.set(count);
        }

        /**
         * Offers {@code helpers} helper tasks to the pool, works on the calling thread, then withdraws the helpers
         * that have not started and waits for those that have.
         */
        void runWithHelpers(int helpers) {
            CountDownLatch helpersDone = new CountDownLatch(helpers);
            Helper[] offered = new Helper[helpers];
            for (int h = 0; h < helpers; h++) {
                offered[h] = new Helper(this, helpersDone);
                try {
                    SharedPool.POOL.execute(offered[h]);
                } catch (RejectedExecutionException e) {
                    // no thread for it: the loop runs with fewer helpers, and this one is withdrawn below
                }
            }
            work();
            for (Helper h : offered) {
                if (h.claim()) {
                    helpersDone.countDown();
                }
            }
            boolean interrupted = false;
            while (helpersDone.getCount() > 0) {
                try {
                    helpersDone.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop(new JobCancelledException());
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        void rethrow() {
            Throwable e = failure.get();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error r) {
                throw r;
            }
            if (e != null) {
                throw new IllegalStateException("a parallel loop failed: " + e, e);
            }
        }
    }

    /**
     * A pool task that runs one worker of a loop, unless the loop's caller withdrew it first (it then does
     * nothing when the pool gets to it).
     */
    private static final class Helper implements Runnable {
        private final Loop<?> loop;
        private final CountDownLatch done;
        private final AtomicBoolean claimed = new AtomicBoolean();

        Helper(Loop<?> loop, CountDownLatch done) {
            this.loop = loop;
            this.done = done;
        }

        /** True for the one caller (the pool thread or the withdrawing loop caller) that gets this helper. */
        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        @Override
        public void run() {
            if (claim()) {
                try {
                    loop.work();
                } finally {
                    done.countDown();
                }
            }
        }
    }

    /** The process-wide pool, created when a loop first needs it. */
    private static final class SharedPool {
        static final ForkJoinPool POOL = create();

        private static ForkJoinPool create() {
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
            AtomicInteger ids = new AtomicInteger();
            ClassLoader loader = Parallel.class.getClassLoader();
            ForkJoinPool.ForkJoinWorkerThreadFactory factory = pool -> {
                ForkJoinWorkerThread t = new ForkJoinWorkerThread(pool) {
                };
                t.setName("daybreak-parallel-" + ids.incrementAndGet());
                t.setDaemon(true);
                t.setContextClassLoader(loader);
                return t;
            };
            return new ForkJoinPool(threads, factory, null, false);
        }
    }
}
