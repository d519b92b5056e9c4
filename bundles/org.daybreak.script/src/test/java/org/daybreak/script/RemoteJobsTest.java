package org.daybreak.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.core.job.EchoJob;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.RunTarget;
import org.daybreak.corr.CorrRunJob;
import org.daybreak.hdf5.H5File;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.broker.DaybreakBroker;
import org.daybreak.remote.worker.Worker;
import org.daybreak.tomo.ReconJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * daybreak.jobs with remote workers: a real broker (in this JVM, on 127.0.0.1) and a real worker ("w1", two
 * threads, in this JVM too), driven from a Jython session as a script would: submit, map, failures, workers,
 * records, and the tomography and correlator entry points giving the same results remotely as locally.
 */
@Timeout(300)
class RemoteJobsTest {
    @TempDir
    static Path dir;
    private static DaybreakBroker broker;
    private static Worker worker;
    private static ScriptSession session;
    private static String previousBrokerDir;
    private static final StringBuffer ERR = new StringBuffer();

    @BeforeAll
    static void start() throws Exception {
        JobRegistry.global().register(new EchoJob());
        JobRegistry.global().register(new ReconJob());
        JobRegistry.global().register(new CorrRunJob());
        // the broker writes broker.json, so that remote='local' and remote=True (no DAYBREAK_BROKER here) find it
        Path brokerDir = dir.resolve("broker");
        previousBrokerDir = System.getProperty("daybreak.broker.dir");
        System.setProperty("daybreak.broker.dir", brokerDir.toString());
        broker = DaybreakBroker.start(DaybreakBroker.Settings.local(brokerDir), true);
        Path password = brokerDir.resolve("admin.password");
        worker = new Worker(BrokerConnection.open(broker.url(), "admin", password.toString(), Map.of(), true), "w1", 2,
                false, JobRegistry.global(), System.err);
        worker.start();
        session = ScriptSession.create(new ScriptSession.Options().out(s -> { }).err(ERR::append));
        session.exec("import daybreak\n"
                + "from daybreak.jobs import JobFailed, JobCancelled\n"
                + "B = dict(remote=r'" + broker.url() + "', user='admin', password_file=r'" + password + "')\n")
                .get();
        long end = System.currentTimeMillis() + 30_000;
        while (!Boolean.TRUE.equals(session.eval("any(w['name'] == 'w1' and w['state'] == 'alive' "
                + "for w in daybreak.jobs.workers(**B))").get())) {
            assertTrue(System.currentTimeMillis() < end, "worker w1 did not report within 30 s");
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (previousBrokerDir == null) {
            System.clearProperty("daybreak.broker.dir");
        } else {
            System.setProperty("daybreak.broker.dir", previousBrokerDir);
        }
    }

    private static Object eval(String expression) throws Exception {
        return session.eval(expression).get();
    }

    /** The Python exception's text of a statement that must fail. */
    private static String failure(String code) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> session.exec(code).get());
        return e.getCause().getMessage();
    }

    @Test
    void echoOnAWorkerGivesItsParamsBack() throws Exception {
        session.exec("p = {'x': 1, 'f': 0.1, 's': 'text', 'l': [1, 2.5, 'three'], 'd': {'nested': True}, 'n': -7}\n"
                + "job = daybreak.jobs.submit('core.echo', p, **B)\n"
                + "r = job.wait()\n").get();
        assertEquals(Boolean.TRUE, eval("r == p"), () -> "echo returned " + eval0("r"));
        assertEquals("SUCCEEDED", eval("job.state"));
        assertEquals("w1", eval("job.worker"));
        assertEquals(Boolean.TRUE, eval("job.remote and job.done and job.progress == 1.0"));
        assertTrue(((String) eval("repr(job)")).matches("<Job j-[0-9a-z-]+ core\\.echo: SUCCEEDED 100% done on w1>"),
                eval0("repr(job)"));
        // keyword params join the dict; remote=True is the local broker here (no DAYBREAK_BROKER), with its
        // admin account found beside it
        assertEquals(Boolean.TRUE, eval("daybreak.jobs.submit('core.echo', {'a': 1}, remote=True, b=2).wait() "
                + "== {'a': 1, 'b': 2}"));
        assertEquals(Boolean.TRUE, eval("daybreak.jobs.submit('core.echo', {'a': 1}, remote='local').worker in "
                + "(None, 'w1')"));
        // the broker's ledger keeps the record, with its params
        session.exec("import time\n"
                + "for _ in range(100):\n"
                + "    rec = daybreak.jobs.show(job.id, **B)\n"
                + "    if rec['state'] == 'done': break\n"
                + "    time.sleep(0.05)\n").get();
        assertEquals("done", eval("rec['state']"));
        assertEquals(Boolean.TRUE, eval("rec['params'] == p and rec['result'] == p and rec['worker'] == 'w1'"));
        assertEquals(Boolean.TRUE, eval("job.id in [x['id'] for x in daybreak.jobs.list(kind='core.echo', **B)]"));
        // a job whose files travel in its messages (as to a worker on another machine) writes its outputs in a
        // folder of the worker's; the result names them where the submitter asked for them
        Path out = dir.resolve("echo_out.npy");
        assertEquals(out.toString(), eval("daybreak.jobs.submit('core.echo', {'out': r'" + out + "', "
                + "'transfer': 'carry'}, **B).wait()['out']"));
        // the same call without remote= runs here and gives the same
        assertEquals(Boolean.TRUE, eval("daybreak.jobs.submit('core.echo', p).wait() == p"));
    }

    private static String eval0(String expression) {
        try {
            return String.valueOf(eval(expression));
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    void mapGathersTwentyResultsInTheOrderOfTheirParams() throws Exception {
        // later params sleep less, so the jobs end roughly in reverse order on the worker's two threads
        session.exec("ps = [{'i': i, 'sleep_ms': (20 - i) * 10} for i in range(20)]\n"
                + "rs = daybreak.jobs.map('core.echo', ps, **B)\n"
                + "here = daybreak.jobs.map('core.echo', ps)\n").get();
        assertEquals(20, eval("len(rs)"));
        assertEquals(Boolean.TRUE, eval("rs == ps"), () -> eval0("[r['i'] for r in rs]"));
        assertEquals(Boolean.TRUE, eval("here == rs"));
        assertEquals(List.of(), eval("daybreak.jobs.map('core.echo', [], **B)"));
        // one dict of inputs for all, or one per job (the worker checks that it can read them)
        Path one = Files.writeString(dir.resolve("one.txt"), "1");
        Path two = Files.writeString(dir.resolve("two.txt"), "2");
        assertEquals(Boolean.TRUE, eval("daybreak.jobs.map('core.echo', [{'a': 1}, {'a': 2}], "
                + "inputs=[{'f': r'" + one + "'}, {'f': r'" + two + "'}], **B) == [{'a': 1}, {'a': 2}]"));
        assertTrue(failure("daybreak.jobs.map('core.echo', [{'a': 1}], inputs={'f': r'" + dir.resolve("none.txt")
                + "'}, **B)").contains("cannot read input 'f'"));
        assertTrue(failure("daybreak.jobs.map('core.echo', [{'a': 1}], inputs=[{}, {}], **B)")
                .contains("2 inputs for 1 params"));
    }

    @Test
    void aFailingJobInASweepRaisesWithItsNameAndReason() throws Exception {
        session.exec("ps = [{'i': i, 'sleep_ms': 3000 if i > 5 else 0} for i in range(20)]\n"
                + "ps[3] = {'i': 3, 'fail': True, 'fail_message': 'point 3 diverged'}\n"
                + "import time\n"
                + "t0 = time.time()\n"
                + "try:\n"
                + "    daybreak.jobs.map('core.echo', ps, **B)\n"
                + "    raise AssertionError('no JobFailed')\n"
                + "except JobFailed, e:\n"
                + "    err = e\n"
                + "waited = time.time() - t0\n").get();
        String message = (String) eval("str(err)");
        assertTrue(message.matches("job j-[0-9a-z-]+ \\(core\\.echo, params\\[3\\] = \\{.*\\}\\) failed: point 3 "
                + "diverged; \\d+ unfinished job\\(s\\) of the sweep were cancelled"), message);
        assertEquals(3, eval("err.index"));
        assertEquals(Boolean.TRUE, eval("err.job is err.jobs[3] and len(err.jobs) == 20"));
        assertEquals(Boolean.TRUE, eval("waited < 2.5"), () -> "the failure was raised after " + eval0("waited")
                + " s, not at once");
        // the jobs that had ended keep their results; the others were cancelled
        assertEquals(Boolean.TRUE, eval("err.jobs[0].wait() == ps[0]"));
        session.exec("for j in err.jobs:\n"
                + "    for _ in range(200):\n"
                + "        if j.done: break\n"
                + "        time.sleep(0.05)\n").get();
        assertEquals(Boolean.TRUE, eval("err.jobs[19].state == 'CANCELLED'"), () -> eval0("err.jobs[19]"));
        // return_exceptions=True: every job runs, the failure stands in its place
        session.exec("ps2 = [{'i': i} for i in range(6)]\n"
                + "ps2[4] = {'i': 4, 'fail': True}\n"
                + "rs = daybreak.jobs.map('core.echo', ps2, return_exceptions=True, **B)\n").get();
        assertEquals(Boolean.TRUE, eval("[r for i, r in enumerate(rs) if i != 4] == [p for i, p in enumerate(ps2) "
                + "if i != 4]"));
        assertEquals(Boolean.TRUE, eval("isinstance(rs[4], JobFailed) and rs[4].index == 4"));
        assertTrue(((String) eval("str(rs[4])")).endsWith("failed: core.echo failed on purpose"), eval0("str(rs[4])"));
        // one job: the reason as the local path gives it
        assertTrue(failure("daybreak.jobs.submit('core.echo', {'fail': True}, **B).wait()")
                .matches("(?s).*JobFailed: job j-[0-9a-z-]+ \\(core\\.echo\\) failed: core\\.echo failed on purpose.*"));
        // an unknown kind is refused by the worker with one sentence
        assertTrue(failure("daybreak.jobs.submit('no.such.kind', **B).wait()")
                .contains("worker w1 knows no job kind 'no.such.kind'"));
    }

    @Test
    void interruptingASweepCancelsItsJobsOnTheWorkers() throws Exception {
        var run = session.exec("daybreak.jobs.map('core.echo', [{'tag': 'interrupted', 'sleep_ms': 60000}] * 3, **B)\n");
        // both worker threads busy with the sweep
        long end = System.currentTimeMillis() + 30_000;
        ScriptSession probe = ScriptSession.create(new ScriptSession.Options().out(x -> { }).err(ERR::append));
        try {
            probe.exec("import daybreak\nB = dict(remote=r'" + broker.url() + "', user='admin', password_file=r'"
                    + dir.resolve("broker/admin.password") + "')\n"
                    + "def sweep(state):\n"
                    + "    return len([r for r in daybreak.jobs.list(kind='core.echo', **B) "
                    + "if r['params'].get('tag') == 'interrupted' and r['state'] == state])\n").get();
            while (((Number) probe.eval("sweep('running')").get()).intValue() < 2) {
                assertTrue(System.currentTimeMillis() < end, "the sweep's jobs did not start");
                Thread.sleep(50);
            }
            session.interrupt();
            ExecutionException e = assertThrows(ExecutionException.class, run::get);
            assertEquals("KeyboardInterrupt", ((ScriptException) e.getCause()).pythonType());
            assertTrue(e.getCause().getMessage().contains("the unfinished ones were cancelled"), e.getMessage());
            while (((Number) probe.eval("sweep('cancelled')").get()).intValue() < 3) {
                assertTrue(System.currentTimeMillis() < end + 30_000, "the sweep's jobs were not cancelled");
                Thread.sleep(50);
            }
        } finally {
            probe.close();
        }
        // a sweep that outlives its timeout says so; its jobs go on
        assertTrue(failure("daybreak.jobs.map('core.echo', [{'sleep_ms': 1500}] * 2, timeout=0.3, **B)")
                .contains("RuntimeError: 2 of 2 core.echo jobs have not ended after 0.3 s"));
    }

    @Test
    void workersAndErrorsOfWhere() throws Exception {
        session.exec("ws = daybreak.jobs.workers(**B)\n"
                + "w1 = [w for w in ws if w['name'] == 'w1'][0]\n").get();
        assertEquals("alive", eval("w1['state']"));
        assertEquals(2, eval("w1['threads']"));
        assertEquals(Boolean.TRUE, eval("w1['capabilities'] == ['cpu']"));
        assertEquals(Boolean.TRUE, eval("[w['name'] for w in daybreak.jobs.workers()] == [w['name'] for w in ws]"));
        // wrong places are one-sentence Python errors
        assertTrue(failure("daybreak.jobs.submit('core.echo', remote='tcp://127.0.0.1:1', user='admin', "
                + "password_file=B['password_file'])").contains("IOError: cannot connect to the broker at "
                        + "tcp://127.0.0.1:1: no broker answers there"));
        assertTrue(failure("daybreak.jobs.submit('core.echo', user='admin')")
                .contains("ValueError: user= goes with remote="));
        assertTrue(failure("daybreak.jobs.submit('core.echo', device='tpu', **B)")
                .contains("ValueError: device must be cpu, gpu or auto, not 'tpu'"));
        assertTrue(failure("daybreak.jobs.submit('core.echo', remote=7)").contains("TypeError: remote= is a broker"));
        assertTrue(failure("daybreak.jobs.submit('core.echo', remote=B['remote'], user='admin', "
                + "password_file=r'" + dir.resolve("missing.password") + "')")
                .contains("IOError: cannot read the password file"));
        assertTrue(failure("daybreak.jobs.show('j-nothing', **B)")
                .contains("IOError: no job 'j-nothing' is known to this broker"));
        // device='cpu' is a request that travels as the job's param, on the same connection
        assertEquals("cpu", eval("daybreak.jobs.submit('core.echo', device='cpu', **B).wait()['device']"));
    }

    @Test
    void connectionsAreKeptPerBrokerAndClosedWithTheSession() throws Exception {
        ScriptSession s = ScriptSession.create(new ScriptSession.Options().out(x -> { }).err(ERR::append));
        try {
            s.exec("import daybreak\n"
                    + "B = dict(remote=r'" + broker.url() + "', user='admin', password_file=r'"
                    + dir.resolve("broker/admin.password") + "')\n"
                    + "for i in range(3):\n"
                    + "    daybreak.jobs.submit('core.echo', {'i': i}, **B).wait()\n"
                    + "daybreak.jobs.submit('core.echo', device='cpu', **B).wait()\n"
                    + "daybreak.jobs.map('core.echo', [{}, {}], **B)\n"
                    + "daybreak.jobs.workers(**B)\n").get();
            assertEquals(1, s.context().openConnections());
            s.exec("daybreak.jobs.submit('core.echo', remote='local').wait()\n").get();
            assertEquals(2, s.context().openConnections(), "'local' with its own account is another connection");
        } finally {
            s.close();
        }
        assertEquals(0, s.context().openConnections());
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> s.context().submit(
                org.daybreak.core.job.JobSpec.of("core.echo", Map.of()), new RunTarget(broker.url(), "admin",
                        dir.resolve("broker/admin.password").toString(), "auto", Map.of())));
        assertTrue(closed.getMessage().contains("closed"));
    }

    @Test
    void tomographyGivesTheSameSlicesRemotely() throws Exception {
        Path tooth = TestPaths.testdata().resolve("tomopy/tooth.h5");
        Path local = dir.resolve("tooth_local.npy");
        Path remote = dir.resolve("tooth_remote.npy");
        session.exec("a = daybreak.tomo.recon(r'" + tooth + "', out=r'" + local + "', slices='0:2').wait()\n"
                + "b = daybreak.tomo.recon(r'" + tooth + "', out=r'" + remote + "', slices='0:2', device='cpu', **B)"
                + ".wait()\n").get();
        NDArray l = Npy.read(local);
        NDArray r = Npy.read(remote);
        assertArrayEquals(new int[] {2, 640, 640}, l.shape());
        assertArrayEquals(l.shape(), r.shape());
        assertArrayEquals(l.toFloatArray(), r.toFloatArray(), "remote slices differ from local ones");
        // the same result but for the output path, the time and why the CPU ran (auto here, asked for there)
        String same = "('out', 'seconds', 'device_name')";
        assertEquals(Boolean.TRUE, eval("dict((k, v) for k, v in a.items() if k not in " + same + ") == "
                + "dict((k, v) for k, v in b.items() if k not in " + same + ")"), () -> eval0("(a, b)"));
        assertEquals("cpu", eval("b['device']"));
        assertEquals(local.toString(), eval("a['out']"));
        assertEquals(remote.toString(), eval("b['out']"));
        // a parameter the kind does not have is refused before anything runs, here and on the way to a broker
        for (String where : new String[] {"", ", **B"}) {
            assertTrue(failure("daybreak.tomo.recon(r'" + tooth + "', out=r'" + dir.resolve("x.npy") + "', "
                    + "no_such=1" + where + ")").contains("ValueError: tomo.recon has no parameter 'no_such'"));
        }

        // in memory: the sinogram goes to a worker as a tomo.recon job and the same slice comes back
        session.exec("f = daybreak.load(r'" + tooth + "')\n"
                + "theta = f['/exchange/theta'][...]\n"
                + "proj = f['/exchange/data'][:, 0, :]\n"
                + "flat = f['/exchange/data_white'][:, 0, :].mean(axis=0)\n"
                + "dark = f['/exchange/data_dark'][:, 0, :].mean(axis=0)\n"
                + "sino = -daybreak.log(daybreak.clip((proj - dark) / (flat - dark), 1e-6, None))\n"
                + "here = daybreak.tomo.fbp(sino, theta)\n"
                + "there = daybreak.tomo.fbp(sino, theta, **B)\n"
                + "here_c = daybreak.tomo.fbp(sino, theta, centre=300.5, filter='hann')\n"
                + "there_c = daybreak.tomo.fbp(sino, theta, centre=300.5, filter='hann', remote=True)\n").get();
        assertEquals("(640, 640) float32 (640, 640) float32", eval("'%s %s %s %s' % (here.shape, here.dtype, "
                + "there.shape, there.dtype)"));
        assertEquals(Boolean.TRUE, eval("bool((here == there).all()) and bool((here_c == there_c).all())"));
        assertEquals(Boolean.FALSE, eval("bool((here == here_c).all())"), "the settings travelled");
        assertTrue(failure("daybreak.tomo.fbp(sino, theta, filter='sharp', **B)").contains("ValueError"));
    }

    @Test
    void correlatorGivesTheSameVisibilitiesRemotely() throws Exception {
        Path volts = dir.resolve("volts.h5");
        Path local = dir.resolve("vis_local.h5");
        Path remote = dir.resolve("vis_remote.h5");
        session.exec("daybreak.corr.simulate(r'" + volts + "', 3, 8192, tones=[0.2], delays=[0, 1.5, -2])\n"
                + "a = daybreak.corr.run(r'" + volts + "', out=r'" + local + "', channels=32, integrate=16).wait()\n"
                + "b = daybreak.corr.run(r'" + volts + "', out=r'" + remote + "', channels=32, integrate=16, **B)"
                + ".wait()\n").get();
        assertTrue(Files.size(remote) > 0);
        try (H5File lf = H5File.open(local); H5File rf = H5File.open(remote)) {
            NDArray lv = lf.dataset("/visibilities").read();
            NDArray rv = rf.dataset("/visibilities").read();
            assertArrayEquals(lv.shape(), rv.shape());
            assertArrayEquals(lv.toDoubleArray(), rv.toDoubleArray(), "remote visibilities differ from local ones");
        }
        // the same result but for the output path, the time and why the CPU ran (auto here, asked for there)
        String same = "('out', 'seconds', 'device_name')";
        assertEquals(Boolean.TRUE, eval("dict((k, v) for k, v in a.items() if k not in " + same + ") == "
                + "dict((k, v) for k, v in b.items() if k not in " + same + ")"), () -> eval0("(a, b)"));
        assertEquals("cpu", eval("b['device']"));
    }
}
