package org.daybreak.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daybreak.core.job.EchoJob;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobFailedException;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.RunTarget;
import org.junit.jupiter.api.Test;

class JobRunnerTest {

    private static Args args(String... a) {
        return new Args("t", JobRunner.normalise(List.of(a)), JobRunner.withRunOptions(Set.of("out")), Set.of());
    }

    @Test
    void targetIsParsedOnceForEveryCommand() {
        RunTarget local = JobRunner.target(args("--out", "x"), "t");
        assertFalse(local.isRemote());
        assertEquals("auto", local.device());
        RunTarget r = JobRunner.target(args("--remote", "tcp://h:1", "--user", "u", "--password-file", "f",
                "--device", "GPU", "--fingerprint", "ab"), "t");
        assertEquals("tcp://h:1", r.remote());
        assertEquals("u", r.user());
        assertEquals("f", r.passwordFile());
        assertEquals("gpu", r.device());
        assertEquals("ab", r.options().get("fingerprint"));
        UsageException bad = assertThrows(UsageException.class, () -> JobRunner.target(args("--device", "tpu"), "t"));
        assertEquals("t: --device must be cpu, gpu or auto, not 'tpu'", bad.getMessage());
        UsageException alone = assertThrows(UsageException.class, () -> JobRunner.target(args("--user", "u"), "t"));
        assertEquals("t: --user goes with --remote URL", alone.getMessage());
        // --remote without a URL (last, or before another option) means DAYBREAK_BROKER or the local broker
        String env = System.getenv("DAYBREAK_BROKER");
        String expected = env == null || env.isBlank() ? "local" : env;
        assertEquals(expected, JobRunner.target(args("--remote"), "t").remote());
        assertEquals(expected, JobRunner.target(args("--remote", "--out", "x"), "t").remote());
    }

    @Test
    void runsLocallyWithProgressLinesAndTheDoneLine() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        JobHandler h = new JobHandler() {
            @Override
            public String kind() {
                return "t.steps";
            }

            @Override
            public Map<String, Object> run(JobSpec spec, JobContext context) {
                context.progress(0.5, "half way");
                context.progress(0.5, "half way");
                return Map.of("n", 3);
            }
        };
        Map<String, Object> r = new JobRunner("t run", err)
                .progress(new JobRunner.ProgressStyle(0, 0, true, "100% done"))
                .run(JobSpec.of("t.steps", Map.of()), RunTarget.LOCAL, h);
        assertEquals(3, r.get("n"));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals("t run:  50% half way\nt run: 100% done\n", text.replace("\r", ""));
    }

    @Test
    void failuresBecomeOneExceptionEach() {
        JobRunner runner = new JobRunner("t", new PrintStream(new ByteArrayOutputStream()));
        assertInstanceOf(InputException.class, assertThrows(Exception.class,
                () -> runner.run(JobSpec.of("t.bad", Map.of()), RunTarget.LOCAL, failing(new IllegalArgumentException(
                        "bad centre")))));
        Exception io = assertThrows(Exception.class, () -> runner.run(JobSpec.of("t.bad", Map.of()), RunTarget.LOCAL,
                failing(new UncheckedIOException(new IOException("disk full")))));
        assertInstanceOf(InputException.class, io);
        assertEquals("disk full", io.getMessage());
        Exception bug = assertThrows(Exception.class, () -> runner.run(JobSpec.of("t.bad", Map.of()), RunTarget.LOCAL,
                failing(new IllegalStateException("a bug"))));
        assertInstanceOf(JobFailedException.class, bug);
        assertEquals("a bug", bug.getMessage());
    }

    @Test
    void theDeviceRequestTravelsInTheSpec() throws Exception {
        RunTarget gpu = new RunTarget(null, null, null, "gpu", Map.of());
        Map<String, Object> r = new JobRunner("t", new PrintStream(new ByteArrayOutputStream()))
                .run(JobSpec.of(EchoJob.KIND, Map.of("a", 1)), gpu, new EchoJob());
        assertEquals("gpu", r.get("device"));
        assertEquals(1, r.get("a"));
    }

    @Test
    void echoSleepsFailsOnPurposeAndHonoursCancel() throws Exception {
        EchoJob e = new EchoJob();
        long t0 = System.nanoTime();
        assertEquals(Map.of("sleep_ms", 120), e.run(JobSpec.of("core.echo", Map.of("sleep_ms", 120)), JobContext.NONE));
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 119);
        IllegalStateException f = assertThrows(IllegalStateException.class,
                () -> e.run(JobSpec.of("core.echo", Map.of("fail", true)), JobContext.NONE));
        assertEquals("core.echo failed on purpose", f.getMessage());
        JobContext cancelled = new JobContext() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(org.daybreak.core.job.JobCancelledException.class,
                () -> e.run(JobSpec.of("core.echo", Map.of("sleep_ms", 60_000)), cancelled));
    }

    private static JobHandler failing(RuntimeException ex) {
        return new JobHandler() {
            @Override
            public String kind() {
                return "t.bad";
            }

            @Override
            public Map<String, Object> run(JobSpec spec, JobContext context) {
                throw ex;
            }
        };
    }
}
