package org.daybreak.fit;

import java.util.concurrent.atomic.AtomicInteger;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.parallel.Parallel;

/**
 * Fits every trace of a {@link FitData} in parallel. With {@code chain} each fit starts from the previous
 * trace's result (for parameters the user gave no value), so the traces are split into one contiguous run
 * per thread; otherwise every fit starts from the user's values and the automatic estimates, and the traces
 * are dealt out in small blocks. Results are in trace order (C order of the leading shape).
 *
 * <p>Threads: the blocks are the chunks of a {@link Parallel} loop; how the traces are split depends only on
 * {@link JobContext#parallelism()} (so chained results do too), not on the number of cores.
 */
public final class BatchFit {
    private BatchFit() {
    }

    /** Default relative tolerance (MINPACK ftol and xtol) for stacks: ample for spectra, cheaper than 1e-15. */
    public static final double STACK_TOLERANCE = 1.4901161193847656e-8;

    /** As {@link #run(FitPlan, FitData, boolean, double, JobContext)} with {@link #STACK_TOLERANCE}. */
    public static FitResult[] run(FitPlan plan, FitData data, boolean chain, JobContext context)
            throws InterruptedException {
        return run(plan, data, chain, STACK_TOLERANCE, context);
    }

    /**
     * Fits every trace; {@code tolerance} is MINPACK's ftol and xtol for each fit.
     *
     * @throws org.daybreak.core.job.JobCancelledException when the context asks to stop
     */
    public static FitResult[] run(FitPlan plan, FitData data, boolean chain, double tolerance, JobContext context)
            throws InterruptedException {
        int traces = data.traces;
        FitResult[] results = new FitResult[traces];
        if (traces == 0) {
            return results;
        }
        int threads = Math.max(1, Math.min(context.parallelism(), traces));
        int blocks = chain ? threads : Math.min(traces, threads * 8);
        AtomicInteger done = new AtomicInteger();
        long[] lastReport = {System.nanoTime()};
        int len = data.length;
        Parallel.forEach(blocks, threads, context, () -> new Worker(plan, tolerance, len), (b, worker) -> {
            int from = (int) ((long) traces * b / blocks);
            int to = (int) ((long) traces * (b + 1) / blocks);
            double[] previous = null;
            for (int t = from; t < to; t++) {
                context.checkCancelled();
                System.arraycopy(data.y, t * len, worker.row, 0, len);
                double[] w = data.weightsOf(t, worker.weights);
                FitResult r;
                try {
                    double[] start = plan.startValues(data.x, worker.row, len, chain ? previous : null);
                    r = worker.fitter.fit(data.x, worker.row, w, len, start);
                } catch (RuntimeException e) {
                    r = failed(plan, e.getMessage() == null ? e.toString() : e.getMessage(), len);
                }
                results[t] = r;
                if (chain && r.success()) {
                    previous = r.values();
                }
                int d = done.incrementAndGet();
                long now = System.nanoTime();
                synchronized (lastReport) {
                    if (now - lastReport[0] > 250_000_000L || d == traces) {
                        lastReport[0] = now;
                        context.progress((double) d / traces, "fitted " + d + " of " + traces + " traces");
                    }
                }
            }
        });
        return results;
    }

    /** What one worker thread reuses from block to block: its own fitter and row buffers. */
    private static final class Worker {
        final Fitter fitter;
        final double[] row;
        final double[] weights;

        Worker(FitPlan plan, double tolerance, int length) {
            fitter = plan.newFitter();
            fitter.optimizer().ftol(tolerance).xtol(tolerance);
            row = new double[length];
            weights = new double[length];
        }
    }

    private static FitResult failed(FitPlan plan, String why, int n) {
        int np = plan.model().parameterCount();
        double[] nan = new double[np];
        java.util.Arrays.fill(nan, Double.NaN);
        return new FitResult(plan.model().parameterNames(), nan, nan.clone(), Double.NaN, Double.NaN, Double.NaN, 0, 0,
                n, plan.freeCount(), false, why, java.util.Map.of());
    }
}
