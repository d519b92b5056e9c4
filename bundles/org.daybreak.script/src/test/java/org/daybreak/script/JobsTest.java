package org.daybreak.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.corr.CorrRunJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** daybreak.jobs: waiting, progress, cancellation and failures, and the correlator's job from a script. */
@Timeout(180)
class JobsTest {
    private static ScriptSession session;
    private static final StringBuffer ERR = new StringBuffer();

    /** Counts to n in steps of 10 ms, reporting progress; fails on request. */
    static final class CountJob implements JobHandler {
        @Override
        public String kind() {
            return "script-test.count";
        }

        @Override
        public Map<String, Object> run(JobSpec spec, JobContext context) throws Exception {
            int n = spec.integer("n", 10);
            if (spec.flag("fail", false)) {
                throw new IllegalArgumentException("count cannot start: asked to fail");
            }
            for (int i = 0; i < n; i++) {
                context.checkCancelled();
                Thread.sleep(10);
                context.progress((i + 1) / (double) n, "step " + (i + 1));
            }
            return Map.of("counted", n, "label", spec.string("label", ""));
        }
    }

    @BeforeAll
    static void start() {
        JobRegistry.global().register(new CountJob());
        // see ExamplesTest: a merged class path keeps one services file, so register the correlator here
        JobRegistry.global().register(new CorrRunJob());
        session = ScriptSession.create(new ScriptSession.Options().out(s -> { }).err(ERR::append));
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Test
    void waitProgressCancelAndFailure() throws Exception {
        session.exec("from daybreak.jobs import submit, JobCancelled, JobFailed\n"
                + "job = submit('script-test.count', n=5, label='five')\n"
                + "result = job.wait()\n"
                + "assert result == {'counted': 5, 'label': 'five'}, result\n"
                + "assert job.progress == 1.0 and job.state == 'SUCCEEDED' and job.done\n"
                + "long_job = submit('script-test.count', n=100000)\n"
                + "import time\n"
                + "while long_job.progress == 0: time.sleep(0.01)\n"
                + "long_job.cancel()\n"
                + "try:\n"
                + "    long_job.wait()\n"
                + "    raise AssertionError('no JobCancelled')\n"
                + "except JobCancelled, e:\n"
                + "    cancelled = str(e)\n"
                + "assert long_job.state == 'CANCELLED'\n"
                + "try:\n"
                + "    submit('script-test.count', fail=True).wait()\n"
                + "except JobFailed, e:\n"
                + "    failed = str(e)\n").get();
        assertTrue(session.eval("cancelled").get().toString().endsWith("(script-test.count) was cancelled"));
        assertTrue(session.eval("failed").get().toString().endsWith("failed: count cannot start: asked to fail"),
                session.eval("failed").get().toString());
        assertTrue(session.eval("repr(job)").get().toString().matches("<Job job-\\d+ script-test.count: SUCCEEDED 100% done>"),
                session.eval("repr(job)").get().toString());
    }

    @Test
    void interruptingAWaitCancelsTheJob() throws Exception {
        var run = session.exec("j2 = daybreak.jobs.submit('script-test.count', n=100000)\nj2.wait()\n");
        while (!session.isBusy()) {
            Thread.sleep(5);
        }
        Thread.sleep(300);
        session.interrupt();
        try {
            run.get();
        } catch (java.util.concurrent.ExecutionException e) {
            assertEquals("KeyboardInterrupt", ((ScriptException) e.getCause()).pythonType());
        }
        for (int i = 0; i < 200 && !"CANCELLED".equals(session.eval("j2.state").get()); i++) {
            Thread.sleep(10);
        }
        assertEquals("CANCELLED", session.eval("j2.state").get());
    }

    @Test
    void correlatorRunFromAScript(@TempDir Path dir) throws Exception {
        // 3 antennas seeing one common noise source plus their own noise
        Random r = new Random(7);
        int n = 4096;
        float[] v = new float[3 * n];
        for (int i = 0; i < n; i++) {
            double common = r.nextGaussian();
            for (int a = 0; a < 3; a++) {
                v[a * n + i] = (float) (common + 0.5 * r.nextGaussian());
            }
        }
        Path volts = dir.resolve("volts.npy");
        Npy.write(volts, NDArray.wrap(DType.FLOAT32, v, 3, n));
        Path out = dir.resolve("vis.h5");
        session.exec("job = daybreak.corr.run(r'" + volts + "', out=r'" + out + "', channels=16, integrate=8)\n"
                + "res = job.wait()\n").get();
        assertEquals(3, session.eval("res['antennas']").get());
        assertEquals(Boolean.TRUE, session.eval("daybreak.load(res['out']) is not None").get());
    }

    @Test
    void simulatedVoltagesMatchTheCommandLineSimulator(@TempDir Path dir) throws Exception {
        // in memory: the same int8 samples as org.daybreak.corr.Simulator with the same parameters
        session.exec("v = daybreak.corr.voltages(3, 2048, tones=[0.125], delays=[0, 1.5, -2], noise=(8, 2), seed=5)\n")
                .get();
        assertEquals("(3, 1, 2048) int8", session.eval("'%s %s' % (v.shape, v.dtype)").get());
        byte[] expected = org.daybreak.corr.Simulator.quantise(org.daybreak.corr.Simulator.voltages(
                new org.daybreak.corr.Simulator.Params(3, 2048, 1, new double[] {0.125}, 20, new double[] {0, 1.5, -2},
                        null, 8, 2, 5)));
        for (int k : new int[] {0, 1, 777, 2048 + 5, 3 * 2048 - 1}) {
            int a = k / 2048;
            int t = k % 2048;
            assertEquals((int) expected[k], ((Number) session.eval("int(v[" + a + ", 0, " + t + "])").get()).intValue(),
                    "sample " + k);
        }
        // to a file that corr.run reads, with the simulation's parameters as attributes
        Path volts = dir.resolve("sim.h5");
        session.exec("daybreak.corr.simulate(r'" + volts + "', 2, 4096, tones=[0.25], sample_rate=1e6)\n"
                + "res = daybreak.corr.run(r'" + volts + "', out=r'" + dir.resolve("sim_vis.h5")
                + "', channels=16, integrate=8).wait()\n").get();
        assertEquals(2, session.eval("res['antennas']").get());
        assertEquals(Boolean.TRUE, session.eval("daybreak.load(r'" + volts + "')['/voltages'].shape == (2, 1, 4096)")
                .get());
        // bad parameters are Python errors with the simulator's message
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> session.exec("daybreak.corr.voltages(2, 1024, delays=[0])\n").get());
        assertTrue(String.valueOf(e.getMessage()).contains("ValueError"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> session.exec("daybreak.corr.voltages(2, 1024, noise=(-1, 2))\n").get());
        assertTrue(String.valueOf(e.getMessage()).contains("noise"), e.getMessage());
    }
}
