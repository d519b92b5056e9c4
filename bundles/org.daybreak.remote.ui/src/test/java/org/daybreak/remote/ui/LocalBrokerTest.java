package org.daybreak.remote.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.daybreak.core.json.Json;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.JobsClient;
import org.daybreak.remote.cli.Launch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workbench's own broker: start, the file that lets clients find it, stop, and a broker run by another process. */
class LocalBrokerTest {
    @TempDir
    Path tmp;
    private final List<LocalBroker> started = new ArrayList<>();
    private Process other;

    @AfterEach
    void tearDown() throws Exception {
        for (LocalBroker b : started) {
            b.stop();
        }
        if (other != null) {
            other.destroy();
            if (!other.waitFor(20, TimeUnit.SECONDS)) {
                other.destroyForcibly();
            }
        }
    }

    private LocalBroker broker(Path dir) {
        LocalBroker b = new LocalBroker(dir);
        started.add(b);
        return b;
    }

    @Test
    void startsWritesBrokerJsonForLocalClientsAndStops() throws Exception {
        Path dir = tmp.resolve("broker");
        LocalBroker b = broker(dir);
        List<LocalBroker.State> seen = new ArrayList<>();
        b.addListener(x -> seen.add(x.state()));
        assertEquals(LocalBroker.State.OFF, b.state());
        b.start();
        assertEquals(LocalBroker.State.RUNNING, b.state(), b.describe());
        assertEquals(List.of(LocalBroker.State.STARTING, LocalBroker.State.RUNNING), seen);
        String url = b.url();
        assertTrue(url.matches("tcp://127\\.0\\.0\\.1:\\d+"), url);
        assertEquals("The workbench's broker runs at " + url + " (data in " + dir + ").", b.describe());
        Map<String, Object> info = Json.parseObject(Files.readString(dir.resolve("broker.json")));
        assertEquals(url, info.get("url"));
        assertEquals(ProcessHandle.current().pid(), ((Number) info.get("pid")).longValue());
        // a client finds it with the admin account the broker generated
        try (JobsClient c = new JobsClient(BrokerConnection.open(url, "admin",
                dir.resolve("admin.password").toString(), Map.of(), false), true)) {
            assertEquals(3, c.queues().size(), "cpu, gpu and dead-letter queues");
        }
        b.stop();
        assertEquals(LocalBroker.State.STOPPED, b.state());
        assertFalse(Files.exists(dir.resolve("broker.json")), "clients no longer find a stopped broker");
        assertEquals(null, b.url());
    }

    @Test
    void thePreferenceTurnsItOffAndOnAgainWithoutARestart() throws Exception {
        LocalBroker b = broker(tmp.resolve("toggled"));
        b.startInBackground(); // as the preference page does: returns at once
        long end = System.currentTimeMillis() + 60_000;
        while (b.state() != LocalBroker.State.RUNNING && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertEquals(LocalBroker.State.RUNNING, b.state(), b.describe());
        String first = b.url();
        b.stop();
        b.markOff();
        assertEquals(LocalBroker.State.OFF, b.state());
        assertTrue(b.describe().startsWith("The workbench's own broker is off"), b.describe());
        b.startInBackground();
        end = System.currentTimeMillis() + 60_000;
        while (b.state() != LocalBroker.State.RUNNING && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertEquals(LocalBroker.State.RUNNING, b.state(), b.describe());
        assertNotNull(b.url());
        assertTrue(first.startsWith("tcp://127.0.0.1:"));
    }

    @Test
    void aBrokerThatAnotherProcessRunsIsUsedAndAStaleFileIsNot() throws Exception {
        Path dir = tmp.resolve("shared");
        other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Launch.class.getName(), "broker", "--data", dir.toString(),
                "--port", "0").redirectErrorStream(true).start();
        String url = null;
        BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("broker ready at ")) {
                url = line.substring("broker ready at ".length()).strip();
                break;
            }
        }
        assertNotNull(url, "the other process's broker started");
        LocalBroker b = broker(dir);
        b.start();
        assertEquals(LocalBroker.State.ELSEWHERE, b.state());
        assertEquals(url, b.url());
        assertEquals("Another process on this machine runs the local broker at " + url + "; this workbench uses it.",
                b.describe());

        // the other process ends without removing its file (kill -9): this workbench starts its own
        other.destroyForcibly();
        other.waitFor(20, TimeUnit.SECONDS);
        assertTrue(Files.exists(dir.resolve("broker.json")), "a stale file stays behind");
        LocalBroker again = broker(dir);
        again.start();
        assertEquals(LocalBroker.State.RUNNING, again.state(), again.describe());
        Map<String, Object> info = Json.parseObject(Files.readString(dir.resolve("broker.json")));
        assertEquals(ProcessHandle.current().pid(), ((Number) info.get("pid")).longValue());
    }

    @Test
    void aBrokerThatCannotStartIsOneSentenceAndNoException() throws Exception {
        Path file = tmp.resolve("not-a-folder");
        Files.writeString(file, "x");
        LocalBroker b = broker(file.resolve("broker"));
        b.start();
        assertEquals(LocalBroker.State.FAILED, b.state());
        String d = b.describe();
        assertEquals("The workbench's broker could not start: cannot create its folder " + file.resolve("broker")
                + " (Not a directory).", d);
        assertEquals(null, b.url());
    }
}
