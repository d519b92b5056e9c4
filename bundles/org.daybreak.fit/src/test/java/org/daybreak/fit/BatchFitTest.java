package org.daybreak.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.LocalJobExecutor;
import org.junit.jupiter.api.Test;

class BatchFitTest {

    /** A (rows, cols, n) map of Gaussians on a line whose centre drifts with the trace index. */
    static FitData map(int rows, int cols, int n, long seed) {
        Random rnd = new Random(seed);
        double[] y = new double[rows * cols * n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.05;
        }
        for (int t = 0; t < rows * cols; t++) {
            double c = 4 + 0.01 * t;
            for (int i = 0; i < n; i++) {
                y[t * n + i] = 6 * Math.exp(-0.5 * Math.pow((x[i] - c) / 0.5, 2)) / (0.5 * Math.sqrt(2 * Math.PI))
                        + 0.05 * x[i] + 0.2 + 0.01 * rnd.nextGaussian();
            }
        }
        return FitData.fromArray(NDArray.of(y, rows, cols, n), x, "test map");
    }

    @Test
    void batchEqualsSingleFitsInTraceOrder() throws Exception {
        FitData d = map(3, 4, 200, 1);
        FitPlan plan = new FitPlan(Model.parse("gaussian+linear"), ParameterSpec.parseList("p1_center=4.1"));
        FitResult[] batch = BatchFit.run(plan, d, false, JobContext.NONE);
        assertEquals(12, batch.length);
        assertArrayEquals(new int[] {3, 4}, d.leadingShape);
        for (int t = 0; t < d.traces; t++) {
            double[] row = java.util.Arrays.copyOfRange(d.y, t * d.length, (t + 1) * d.length);
            Fitter fitter = plan.newFitter();
            fitter.optimizer().ftol(BatchFit.STACK_TOLERANCE).xtol(BatchFit.STACK_TOLERANCE);
            FitResult single = fitter.fit(d.x, row, null, d.length, plan.startValues(d.x, row, d.length, null));
            assertTrue(batch[t].success(), batch[t].message());
            assertArrayEquals(single.values(), batch[t].values(), 0, "trace " + t);
            assertEquals(4 + 0.01 * t, batch[t].value("p1_center"), 0.01);
        }
    }

    @Test
    void chainedStartsFromThePreviousFit() throws Exception {
        FitData d = map(1, 30, 200, 2);
        FitPlan plan = new FitPlan(Model.parse("gaussian+linear"), Map.of());
        FitResult[] chained = BatchFit.run(plan, d, true, new JobContext() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public int parallelism() {
                return 1;
            }
        });
        for (int t = 0; t < d.traces; t++) {
            assertTrue(chained[t].success());
            assertEquals(4 + 0.01 * t, chained[t].value("p1_center"), 0.01);
        }
        // from a good neighbour the fit needs few iterations
        assertTrue(chained[29].iterations() <= chained[0].iterations() + 2);
    }

    @Test
    void jobRunsThroughTheExecutorAndCanBeCancelled() throws Exception {
        FitData d = map(2, 3, 100, 3);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("model", "gaussian+linear");
        params.put("params", "");
        JobSpec spec = new JobSpec(FitBatchJob.KIND, params, Map.of("data", "preloaded"));
        JobRegistry reg = new JobRegistry();
        reg.register(new FitBatchJob(d, FitBatchJob.plan(spec)));
        try (LocalJobExecutor ex = new LocalJobExecutor(reg, 1)) {
            Map<String, Object> r = ex.submit(spec).await();
            assertEquals(6, r.get("traces"));
            assertEquals(6, r.get("succeeded"));
            assertEquals(6, ((List<?>) r.get("fits")).size());
        }
        // cancellation: a context that is cancelled at once stops the batch
        FitPlan plan = new FitPlan(Model.parse("gaussian+linear"), Map.of());
        assertThrows(JobCancelledException.class, () -> BatchFit.run(plan, map(4, 50, 100, 4), false, new JobContext() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        }));
        assertFalse(JobRegistry.global().find(FitBatchJob.KIND) == null, "fit.batch is declared as a service");
        try (LocalJobExecutor ex = new LocalJobExecutor(reg, 1)) {
            JobHandle h = ex.submit(spec);
            assertTrue(h.awaitEnd(Duration.ofSeconds(30)));
        }
    }

    @Test
    void serviceHandlerReadsItsInputsFromTheSpec(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        FitData d = map(2, 2, 120, 6);
        java.nio.file.Path y = dir.resolve("stack.npy");
        java.nio.file.Path x = dir.resolve("x.npy");
        org.daybreak.core.io.Npy.write(y, NDArray.of(d.y, 2, 2, 120));
        org.daybreak.core.io.Npy.write(x, NDArray.of(d.x));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("model", "gaussian+linear");
        params.put("params", "p1_sigma=0.4[0.1,2]");
        params.put("start", "previous");
        params.put("out", dir.resolve("out.h5").toString());
        JobSpec spec = JobSpec.fromJson(new JobSpec(FitBatchJob.KIND, params,
                Map.of("data", y.toString(), "x", x.toString())).toJson());
        try (LocalJobExecutor ex = new LocalJobExecutor()) {
            Map<String, Object> r = ex.submit(spec).await();
            assertEquals(4, ((Number) r.get("traces")).intValue());
            assertEquals(4, ((Number) r.get("succeeded")).intValue());
        }
        try (io.jhdf.HdfFile f = new io.jhdf.HdfFile(dir.resolve("out.h5"))) {
            double[][] c = (double[][]) f.getDatasetByPath("/p1_center").getData();
            assertEquals(4.0, c[0][0], 0.01);
            assertEquals(4.03, c[1][1], 0.01);
        }
    }

    @Test
    void aTraceWithNaNFailsAloneWithItsReason() throws Exception {
        FitData d = map(1, 3, 100, 5);
        d.y[150] = Double.NaN;
        FitResult[] r = BatchFit.run(new FitPlan(Model.parse("gaussian+linear"), Map.of()), d, false, JobContext.NONE);
        assertTrue(r[0].success());
        assertFalse(r[1].success());
        assertTrue(r[1].message().contains("NaN"));
        assertTrue(r[2].success());
    }
}
