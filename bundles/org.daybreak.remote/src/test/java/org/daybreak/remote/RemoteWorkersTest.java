package org.daybreak.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobFailedException;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.JobState;
import org.daybreak.remote.broker.DaybreakBroker;
import org.daybreak.remote.cli.Launch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote workers end to end: real brokers (in this JVM, bound to 127.0.0.1) and real worker processes
 * ({@code Launch worker}, a JVM each, killed with -9 or SIGTERM where a test says so).
 */
class RemoteWorkersTest {
    @TempDir
    Path tmp;
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // closing after a failed test
            }
        }
    }

    private DaybreakBroker broker(Path dir, boolean tls, Path users, int maxAttempts) throws IOException {
        DaybreakBroker b = DaybreakBroker.start(new DaybreakBroker.Settings(dir, "127.0.0.1", 0, tls, users, false,
                maxAttempts), false);
        open.add(b);
        return b;
    }

    private Process worker(DaybreakBroker b, String name, String user, Path passwordFile, String... extra)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launch.class.getName(), "worker", "--broker", b.url(),
                "--user", user, "--password-file", passwordFile.toString(), "--name", name, "--threads", "1"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    private RemoteJobExecutor client(DaybreakBroker b) throws IOException {
        BrokerConnection c = BrokerConnection.open(b.url(), "admin",
                b.settings().dataDir().resolve("admin.password").toString(), Map.of(), false);
        RemoteJobExecutor ex = new RemoteJobExecutor(c, true);
        open.add(ex);
        return ex;
    }

    private static void awaitWorkers(RemoteJobExecutor ex, int n) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            long alive = ex.jobs().workers().stream().filter(w -> "alive".equals(w.get("state"))).count();
            if (alive >= n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(n + " workers did not report within 60 s");
    }

    private static JobSpec echo(Map<String, Object> params) {
        return JobSpec.of("core.echo", params);
    }

    private static void awaitRunning(JobHandle h) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (h.state() != JobState.RUNNING && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertEquals(JobState.RUNNING, h.state(), "the job should have started");
    }

    @Test
    void jobsRunOnWorkersAndAreRecorded() throws Exception {
        DaybreakBroker b = broker(tmp.resolve("b"), false, null, 3);
        Path pw = b.settings().dataDir().resolve("admin.password");
        worker(b, "wa", "admin", pw);
        worker(b, "wb", "admin", pw);
        RemoteJobExecutor ex = client(b);
        awaitWorkers(ex, 2);
        List<JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            specs.add(echo(Map.of("i", i, "sleep_ms", 20)));
        }
        List<JobHandle> hs = ex.submitAll(specs);
        Set<String> workersSeen = new java.util.HashSet<>();
        for (int i = 0; i < hs.size(); i++) {
            assertEquals(i, ((Number) hs.get(i).await().get("i")).intValue());
            JobRecord r = ((RemoteJobExecutor.RemoteHandle) hs.get(i)).record();
            assertEquals("done", r.state);
            assertEquals(1, r.attempts);
            assertTrue(Wire.millis(r.queued) <= Wire.millis(r.started) + 50, "queued before started");
            assertTrue(Wire.millis(r.started) <= Wire.millis(r.finished));
            workersSeen.add(r.worker);
        }
        assertEquals(Set.of("wa", "wb"), workersSeen, "both workers took jobs");
        // any client sees the records, with their params
        Thread.sleep(300);
        List<JobRecord> listed = ex.jobs().list(null, "core.echo", null);
        assertEquals(40, listed.size());
        assertEquals(7, ((Number) ex.jobs().show(hs.get(7).id()).params.get("i")).intValue());
        Timeline t = new Timeline(listed);
        assertEquals(Set.of("wa", "wb"), t.lanes().keySet());
        assertTrue(t.html().contains("\"worker\":\"wa\""));
        // an unknown kind fails with one clear reason, in the dead-letter queue
        JobHandle bad = ex.submit(JobSpec.of("no.such.kind", Map.of()));
        JobFailedException f = assertThrows(JobFailedException.class, bad::await);
        assertTrue(f.getMessage().contains("knows no job kind 'no.such.kind'"), f.getMessage());
    }

    @Test
    void aWorkerKilledMidJobLosesNothing() throws Exception {
        DaybreakBroker b = broker(tmp.resolve("b"), false, null, 3);
        Path pw = b.settings().dataDir().resolve("admin.password");
        Process first = worker(b, "first", "admin", pw);
        RemoteJobExecutor ex = client(b);
        awaitWorkers(ex, 1);
        JobHandle h = ex.submit(echo(Map.of("sleep_ms", 3000, "tag", "survivor")));
        awaitRunning(h);
        assertEquals("first", ((RemoteJobExecutor.RemoteHandle) h).record().worker);
        worker(b, "second", "admin", pw);
        first.destroyForcibly(); // kill -9
        assertEquals("survivor", h.await().get("tag"));
        JobRecord r = ((RemoteJobExecutor.RemoteHandle) h).record();
        assertEquals("second", r.worker);
        assertEquals(2, r.attempts);
        Thread.sleep(500);
        JobRecord kept = ex.jobs().show(h.id());
        assertEquals("done", kept.state);
        assertEquals(2, kept.attempts);
        assertEquals(1, ex.jobs().list("done", null, null).size(), "committed exactly once");
    }

    @Test
    void smallJobsTravelInBundlesThatCanBeListedCancelledAndSplit() throws Exception {
        DaybreakBroker b = broker(tmp.resolve("b"), false, null, 3);
        Path pw = b.settings().dataDir().resolve("admin.password");
        RemoteJobExecutor ex = client(b);
        assertEquals(4, RemoteJobExecutor.bundleSize(64));
        List<JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            specs.add(echo(Map.of("i", i, "sleep_ms", 30)));
        }
        List<JobHandle> hs = ex.submitAll(specs);
        // 16 messages of 4 jobs, each job listed as queued with its own record
        Map<String, Object> cpu = ex.jobs().queues().stream().filter(q -> Wire.QUEUE_CPU.equals(q.get("name")))
                .findFirst().orElseThrow();
        assertEquals(16, ((Number) cpu.get("messages")).intValue(), "messages in the queue: " + cpu);
        List<JobRecord> queued = ex.jobs().list("queued", null, null);
        assertEquals(64, queued.size());
        assertEquals(9, ((Number) ex.jobs().show(hs.get(9).id()).params.get("i")).intValue());
        // cancelling one job of a bundle leaves its three neighbours queued
        assertEquals("cancelled", ex.jobs().cancel(hs.get(9).id()));
        assertEquals(JobState.CANCELLED, awaitEnd(hs.get(9)));
        assertEquals(63, ex.jobs().list("queued", null, null).size());
        worker(b, "wa", "admin", pw);
        worker(b, "wb", "admin", pw);
        Set<String> workersSeen = new java.util.HashSet<>();
        for (int i = 0; i < hs.size(); i++) {
            if (i == 9) {
                continue;
            }
            assertEquals(i, ((Number) hs.get(i).await().get("i")).intValue());
            JobRecord r = ((RemoteJobExecutor.RemoteHandle) hs.get(i)).record();
            assertEquals(1, r.attempts, "job " + i);
            workersSeen.add(r.worker);
        }
        // 4 x 30 ms is longer than a bundle may hold a worker: bundles were split and both workers took jobs
        assertEquals(Set.of("wa", "wb"), workersSeen, "both workers took jobs");
        Thread.sleep(500);
        assertEquals(63, ex.jobs().list("done", null, null).size(), "each committed exactly once");
        assertEquals(1, ex.jobs().list("cancelled", null, null).size());
    }

    @Test
    void aWorkerKilledMidBundleLosesNothingAndTheBundleGoesOnJobByJob() throws Exception {
        DaybreakBroker b = broker(tmp.resolve("b"), false, null, 3);
        Path pw = b.settings().dataDir().resolve("admin.password");
        Process first = worker(b, "first", "admin", pw);
        RemoteJobExecutor ex = client(b);
        awaitWorkers(ex, 1);
        List<JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            specs.add(echo(Map.of("i", i, "sleep_ms", i == 0 ? 3000 : 10)));
        }
        List<JobHandle> hs = ex.submitAll(specs); // bundles of 2: job 0 and job 1 together
        awaitRunning(hs.get(0));
        worker(b, "second", "admin", pw);
        first.destroyForcibly(); // kill -9 mid-bundle
        for (int i = 0; i < hs.size(); i++) {
            assertEquals(i, ((Number) hs.get(i).await().get("i")).intValue());
        }
        assertEquals(2, ((RemoteJobExecutor.RemoteHandle) hs.get(0)).record().attempts);
        assertEquals(2, ((RemoteJobExecutor.RemoteHandle) hs.get(1)).record().attempts, "delivered with job 0");
        assertEquals("second", ((RemoteJobExecutor.RemoteHandle) hs.get(1)).record().worker);
        Thread.sleep(500);
        assertEquals(32, ex.jobs().list("done", null, null).size(), "committed exactly once");
    }

    private static JobState awaitEnd(JobHandle h) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (!h.state().isFinal() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        return h.state();
    }

    @Test
    void aFrozenWorkerIsDetectedAndItsJobHandedOn() throws Exception {
        DaybreakBroker b = broker(tmp.resolve("b"), false, null, 3);
        Path pw = b.settings().dataDir().resolve("admin.password");
        Process frozen = worker(b, "frozen", "admin", pw);
        RemoteJobExecutor ex = client(b);
        awaitWorkers(ex, 1);
        JobHandle h = ex.submit(echo(Map.of("sleep_ms", 2000, "tag", "thawed")));
        awaitRunning(h);
        worker(b, "healthy", "admin", pw);
        signal("STOP", frozen); // hangs: no pings, no heartbeat
        try {
            assertEquals("thawed", h.await().get("tag"));
            JobRecord r = ((RemoteJobExecutor.RemoteHandle) h).record();
            assertEquals("healthy", r.worker);
            assertEquals(2, r.attempts);
            long end = System.currentTimeMillis() + 10_000;
            String state;
            do {
                Thread.sleep(200);
                state = ex.jobs().workers().stream().filter(w -> "frozen".equals(w.get("name")))
                        .map(w -> String.valueOf(w.get("state"))).findFirst().orElse("?");
            } while (!state.equals("lost") && System.currentTimeMillis() < end);
            assertEquals("lost", state, "the frozen worker is shown as lost");
        } finally {
            signal("CONT", frozen);
        }
        // when it wakes, its late result is refused (its session is gone): still exactly one result
        Thread.sleep(1500);
        assertEquals(1, ex.jobs().list("done", null, null).size());
        assertEquals("healthy", ex.jobs().show(h.id()).worker);
    }

    private static void signal(String sig, Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, String.valueOf(p.pid())).start().waitFor());
    }

    @Test
    void jobsWhoseWorkersKeepDyingEndInTheDeadLetterQueueWithTheirReason() throws Exception {
        DaybreakBroker b = broker(tmp.resolve("b"), false, null, 1);
        Path pw = b.settings().dataDir().resolve("admin.password");
        Process w = worker(b, "doomed", "admin", pw);
        RemoteJobExecutor ex = client(b);
        awaitWorkers(ex, 1);
        JobHandle h = ex.submit(echo(Map.of("sleep_ms", 5000)));
        awaitRunning(h);
        w.destroyForcibly();
        long end = System.currentTimeMillis() + 20_000;
        JobRecord r;
        do {
            Thread.sleep(200);
            r = ex.jobs().show(h.id());
        } while (!r.state.equals("failed") && System.currentTimeMillis() < end);
        assertEquals("failed", r.state);
        assertTrue(r.dead);
        assertTrue(r.error.contains("gave up after 1 attempts") && r.error.contains("doomed"), r.error);
    }

    @Test
    void poisonJobsGoToTheDeadLetterQueueAndCanBeRetried() throws Exception {
        DaybreakBroker b = broker(tmp.resolve("b"), false, null, 3);
        Path pw = b.settings().dataDir().resolve("admin.password");
        worker(b, "w", "admin", pw);
        RemoteJobExecutor ex = client(b);
        awaitWorkers(ex, 1);
        JobHandle h = ex.submit(echo(Map.of("fail", true)));
        JobFailedException e = assertThrows(JobFailedException.class, h::await);
        assertEquals("core.echo failed on purpose", e.getMessage());
        Thread.sleep(1500);
        JobRecord r = ex.jobs().show(h.id());
        assertEquals("failed", r.state);
        assertTrue(r.dead, "in the dead-letter queue");
        assertEquals(1L, deadCount(ex));
        // malformed bytes where a job should be: dead-lettered with the reason, the worker carries on
        try (BrokerConnection c = BrokerConnection.open(b.url(), "admin", pw.toString(), Map.of(), false);
                ClientSession s = c.session(false); ClientProducer p = s.createProducer(Wire.QUEUE_CPU)) {
            ClientMessage m = s.createMessage(true);
            m.putStringProperty(Wire.P_ID, "poison-1");
            m.putStringProperty("db_job", "{this is not json");
            m.getBodyBuffer().writeBytes(new byte[] {1, 2, 3});
            p.send(m);
        }
        long end = System.currentTimeMillis() + 10_000;
        while (deadCount(ex) < 2 && System.currentTimeMillis() < end) {
            Thread.sleep(100);
        }
        assertEquals(2L, deadCount(ex));
        assertEquals(1, ((Number) ex.submit(echo(Map.of("x", 1))).await().get("x")).intValue());
        // retry sends it back to its queue; it fails again on purpose and returns to the dead letters
        ex.jobs().retry(h.id());
        end = System.currentTimeMillis() + 10_000;
        do {
            Thread.sleep(200);
            r = ex.jobs().show(h.id());
        } while (!(r.state.equals("failed") && r.attempts >= 1 && r.dead && r.finished != null
                && deadCount(ex) == 2) && System.currentTimeMillis() < end);
        assertEquals("failed", r.state);
        IOException notDead = assertThrows(IOException.class, () -> ex.jobs().retry("j-unknown"));
        assertTrue(notDead.getMessage().contains("no job 'j-unknown'"), notDead.getMessage());
        assertEquals(2, ex.jobs().clearDead());
        end = System.currentTimeMillis() + 5_000;
        while (deadCount(ex) > 0 && System.currentTimeMillis() < end) {
            Thread.sleep(100);
        }
        assertEquals(0L, deadCount(ex));
    }

    private static long deadCount(RemoteJobExecutor ex) throws IOException {
        return ex.jobs().queues().stream().filter(q -> Wire.QUEUE_DEAD.equals(q.get("name")))
                .mapToLong(q -> ((Number) q.get("messages")).longValue()).sum();
    }

    @Test
    void aBrokerRestartLosesNoQueuedJob() throws Exception {
        Path dir = tmp.resolve("b");
        DaybreakBroker b = broker(dir, false, null, 3);
        RemoteJobExecutor ex = client(b);
        List<String> ids = new ArrayList<>();
        for (JobHandle h : ex.submitAll(List.of(echo(Map.of("n", 1)), echo(Map.of("n", 2)), echo(Map.of("n", 3))))) {
            ids.add(h.id());
        }
        Thread.sleep(300);
        ex.close();
        b.close();
        DaybreakBroker again = broker(dir, false, null, 3);
        Path pw = dir.resolve("admin.password");
        RemoteJobExecutor ex2 = client(again);
        assertEquals(3L, ex2.jobs().queues().stream().filter(q -> Wire.QUEUE_CPU.equals(q.get("name")))
                .mapToLong(q -> ((Number) q.get("messages")).longValue()).sum());
        worker(again, "after-restart", "admin", pw);
        long end = System.currentTimeMillis() + 60_000;
        List<JobRecord> done;
        do {
            Thread.sleep(200);
            done = ex2.jobs().list("done", null, null);
        } while (done.size() < 3 && System.currentTimeMillis() < end);
        assertEquals(3, done.size());
        for (JobRecord r : done) {
            assertTrue(ids.contains(r.id));
            assertEquals("after-restart", r.worker);
            assertEquals(r.params.get("n"), r.result.get("n"));
        }
    }

    @Test
    void cancelStopsARunningJobAndSigtermLetsTheRunningJobFinish() throws Exception {
        DaybreakBroker b = broker(tmp.resolve("b"), false, null, 3);
        Path pw = b.settings().dataDir().resolve("admin.password");
        Process w = worker(b, "w", "admin", pw);
        RemoteJobExecutor ex = client(b);
        awaitWorkers(ex, 1);
        JobHandle h = ex.submit(echo(Map.of("sleep_ms", 20_000)));
        awaitRunning(h);
        h.cancel();
        assertThrows(JobCancelledException.class, h::await);
        Thread.sleep(300);
        assertEquals("cancelled", ex.jobs().show(h.id()).state);
        JobHandle queued = ex.submitAll(List.of(echo(Map.of("sleep_ms", 1500)), echo(Map.of("sleep_ms", 1))))
                .get(0);
        awaitRunning(queued);
        w.destroy(); // SIGTERM: the running job finishes, the worker takes no other
        assertEquals(1500, ((Number) queued.await().get("sleep_ms")).intValue());
        assertTrue(w.waitFor(30, TimeUnit.SECONDS));
        // the JVM reports an end by SIGTERM as 128 + 15 once its shutdown (the worker's orderly stop) has run
        assertTrue(w.exitValue() == 143 || w.exitValue() == 0, "exit " + w.exitValue());
        assertTrue(Files.readString(tmp.resolve("w.log")).contains("worker w: stopped"), "orderly stop");
        assertEquals(1L, ex.jobs().queues().stream().filter(q -> Wire.QUEUE_CPU.equals(q.get("name")))
                .mapToLong(q -> ((Number) q.get("messages")).longValue()).sum(), "the other job waits");
    }

    @Test
    void accountsAndRolesAreEnforced() throws Exception {
        Path users = tmp.resolve("users");
        Files.writeString(users, "# name password roles\nalice s3cret submit\nbob hunter2 work\n");
        Path alicePw = Files.writeString(tmp.resolve("alice.pw"), "s3cret\n");
        Path bobPw = Files.writeString(tmp.resolve("bob.pw"), "hunter2\n");
        Path wrongPw = Files.writeString(tmp.resolve("wrong.pw"), "nope\n");
        DaybreakBroker b = broker(tmp.resolve("b"), false, users, 3);
        IOException wrong = assertThrows(IOException.class,
                () -> BrokerConnection.open(b.url(), "alice", wrongPw.toString(), Map.of(), false));
        assertTrue(wrong.getMessage().contains("refused user 'alice'"), wrong.getMessage());
        IOException nobody = assertThrows(IOException.class,
                () -> BrokerConnection.open(b.url(), "mallory", wrongPw.toString(), Map.of(), false));
        assertTrue(nobody.getMessage().contains("refused user 'mallory'"), nobody.getMessage());
        worker(b, "bobs", "bob", bobPw);
        try (BrokerConnection alice = BrokerConnection.open(b.url(), "alice", alicePw.toString(), Map.of(), false);
                RemoteJobExecutor ex = new RemoteJobExecutor(alice, false)) {
            awaitWorkers(ex, 1);
            assertEquals(Map.of("who", "alice"), ex.submit(echo(Map.of("who", "alice"))).await());
            // alice may submit but not take jobs as a worker
            try (ClientSession s = alice.session(true)) {
                assertThrows(ActiveMQSecurityException.class, () -> s.createConsumer(Wire.QUEUE_CPU));
            }
            IOException clear = assertThrows(IOException.class, ex.jobs()::clearDead);
            assertTrue(clear.getMessage().contains("may not clear the dead-letter queue"), clear.getMessage());
        }
        // bob may work but not submit
        try (BrokerConnection bob = BrokerConnection.open(b.url(), "bob", bobPw.toString(), Map.of(), false);
                RemoteJobExecutor ex = new RemoteJobExecutor(bob, false)) {
            InputException denied = assertThrows(InputException.class, () -> ex.submit(echo(Map.of())));
            assertTrue(denied.getMessage().contains("refused user 'bob'"), denied.getMessage());
        }
    }

    @Test
    void tlsWorksWithAPinnedCertificateAndPlainClientsAreRefused() throws Exception {
        DaybreakBroker b = broker(tmp.resolve("b"), true, null, 3);
        assertTrue(b.url().startsWith("tls://"), b.url());
        assertNotNull(b.fingerprint());
        String pw = b.settings().dataDir().resolve("admin.password").toString();
        try (BrokerConnection c = BrokerConnection.open(b.url(), "admin", pw, Map.of("fingerprint", b.fingerprint()),
                false); JobsClient jobs = new JobsClient(c, false)) {
            assertEquals(3, jobs.queues().size());
        }
        Path pem = b.settings().dataDir().resolve("tls/broker.pem");
        try (BrokerConnection c = BrokerConnection.open(b.url().replace("127.0.0.1", "localhost"), "admin", pw,
                Map.of("trust", pem.toString()), false); JobsClient jobs = new JobsClient(c, false)) {
            assertEquals(3, jobs.queues().size());
        }
        String plain = b.url().replace("tls://", "tcp://");
        IOException e = assertThrows(IOException.class, () -> BrokerConnection.open(plain, "admin", pw, Map.of(),
                false));
        assertTrue(e.getMessage().contains(plain), e.getMessage());
        IOException untrusted = assertThrows(IOException.class,
                () -> BrokerConnection.open(b.url(), "admin", pw, Map.of(), false));
        assertTrue(untrusted.getMessage().contains("TLS"), untrusted.getMessage());
        String other = "00".repeat(32);
        IOException pinned = assertThrows(IOException.class,
                () -> BrokerConnection.open(b.url(), "admin", pw, Map.of("fingerprint", other), false));
        assertTrue(pinned.getMessage().contains("not the pinned fingerprint"), pinned.getMessage());
    }

    @Test
    void malformedBytesAndBadAddressesGetOneClearAnswerAndTheBrokerCarriesOn() throws Exception {
        DaybreakBroker b = broker(tmp.resolve("b"), false, null, 3);
        URI u = new URI(b.url());
        for (int i = 0; i < 3; i++) {
            try (Socket s = new Socket(u.getHost(), u.getPort()); OutputStream out = s.getOutputStream()) {
                out.write("GET / HTTP/1.0\r\n\r\n\u0000\u00ff garbage".getBytes(StandardCharsets.ISO_8859_1));
                out.write(new byte[4096]);
                out.flush();
            }
        }
        RemoteJobExecutor ex = client(b);
        assertEquals(3, ex.jobs().queues().size(), "the broker still answers");
        String pw = b.settings().dataDir().resolve("admin.password").toString();
        IOException unknown = assertThrows(IOException.class,
                () -> BrokerConnection.open("tcp://no-such-host.invalid:61616", "admin", pw, Map.of(), false));
        assertEquals("unknown host 'no-such-host.invalid' in broker URL tcp://no-such-host.invalid:61616",
                unknown.getMessage());
        int free;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
            free = ss.getLocalPort();
        }
        IOException down = assertThrows(IOException.class,
                () -> BrokerConnection.open("tcp://127.0.0.1:" + free, "admin", pw, Map.of(), false));
        assertTrue(down.getMessage().startsWith("cannot connect to the broker at tcp://127.0.0.1:" + free),
                down.getMessage());
        IOException notUrl = assertThrows(IOException.class,
                () -> BrokerConnection.open("http://x", "admin", pw, Map.of(), false));
        assertTrue(notUrl.getMessage().contains("is not a broker URL"), notUrl.getMessage());
        IOException twice = assertThrows(IOException.class, () -> broker(tmp.resolve("b"), false, null, 3));
        assertTrue(twice.getMessage().contains("is in use by another broker"), twice.getMessage());
        IOException publicPlain = assertThrows(IOException.class, () -> DaybreakBroker.start(
                new DaybreakBroker.Settings(tmp.resolve("p"), "0.0.0.0", 0, false, null, false, 3), false));
        assertTrue(publicPlain.getMessage().contains("use --tls"), publicPlain.getMessage());
        assertFalse(Files.exists(tmp.resolve("p/journal")));
    }
}
