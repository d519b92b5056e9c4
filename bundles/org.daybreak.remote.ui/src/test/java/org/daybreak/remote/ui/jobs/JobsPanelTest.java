package org.daybreak.remote.ui.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.daybreak.core.job.EchoJob;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobFailedException;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.JobState;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.JobRecord;
import org.daybreak.remote.JobsClient;
import org.daybreak.remote.RemoteJobExecutor;
import org.daybreak.remote.Timeline;
import org.daybreak.remote.broker.DaybreakBroker;
import org.daybreak.remote.worker.Worker;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jobs panel under plain SWT against a real broker in this process (127.0.0.1, a free port) with a real worker
 * (two threads, over TCP) running {@code core.echo} and a test kind that fails its first try.
 */
class JobsPanelTest {
    @TempDir
    Path tmp;
    private Display display;
    private Shell shell;
    private JobsPanel panel;
    private DaybreakBroker broker;
    private Worker worker;
    private RemoteJobExecutor submitter;
    private Path password;
    private final AtomicInteger flakyRuns = new AtomicInteger();
    private final List<String> problems = new ArrayList<>();

    /** Fails its first run, succeeds afterwards: a job worth retrying. */
    private final JobHandler flaky = new JobHandler() {
        @Override
        public String kind() {
            return "test.flaky";
        }

        @Override
        public Map<String, Object> run(JobSpec spec, JobContext context) {
            if (flakyRuns.incrementAndGet() == 1) {
                throw new IllegalStateException("the first try fails on purpose");
            }
            return Map.of("tries", flakyRuns.get());
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        broker = DaybreakBroker.start(DaybreakBroker.Settings.local(tmp.resolve("broker")), false);
        password = broker.settings().dataDir().resolve("admin.password");
        JobRegistry registry = new JobRegistry();
        registry.register(new EchoJob());
        registry.register(flaky);
        worker = new Worker(BrokerConnection.open(broker.url(), "admin", password.toString(), Map.of(), true), "wa",
                2, false, registry, System.err);
        worker.start();
        submitter = new RemoteJobExecutor(BrokerConnection.open(broker.url(), "admin", password.toString(), Map.of(),
                false), true);
        display = Display.getDefault();
        shell = new Shell(display);
        shell.setText("Jobs");
        shell.setLayout(new FillLayout());
        shell.setSize(1400, 800);
        panel = new JobsPanel(shell, SWT.NONE);
        panel.setHost(new JobsPanel.Host() {
            @Override
            public void problem(String title, String message) {
                problems.add(title + ": " + message);
            }

            @Override
            public boolean confirm(String title, String question) {
                return true;
            }

            @Override
            public Path chooseHtmlFile() {
                return tmp.resolve("chosen.html");
            }
        });
        shell.open();
    }

    @AfterEach
    void tearDown() {
        shell.dispose();
        submitter.close();
        worker.close();
        broker.close();
    }

    private JobsPanel.Source realBroker() {
        return new JobsPanel.Source() {
            @Override
            public JobsClient connect() throws IOException {
                return new JobsClient(BrokerConnection.open(broker.url(), "admin", password.toString(), Map.of(),
                        false), true);
            }

            @Override
            public String describe() {
                return "the test broker at " + broker.url();
            }
        };
    }

    private void waitFor(String what, BooleanSupplier condition) {
        long end = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("timed out waiting for " + what + "; status: " + panel.statusLine().getText() + "; problems: "
                        + problems);
            }
            if (!display.readAndDispatch()) {
                display.sleep();
            }
        }
    }

    private <T> T await(CompletableFuture<T> f) {
        waitFor("the panel's work", f::isDone);
        return f.join();
    }

    /** Refreshes until the condition holds on what the panel shows. */
    private void refreshUntil(String what, BooleanSupplier condition) {
        long end = System.currentTimeMillis() + 30_000;
        while (true) {
            await(panel.refresh());
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.currentTimeMillis() > end) {
                fail("the panel never showed " + what + "; status: " + panel.statusLine().getText());
            }
            sleepDispatching(100);
        }
    }

    private void sleepDispatching(long ms) {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void awaitWorkerAlive() throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        while (submitter.jobs().workers().stream().noneMatch(w -> "alive".equals(w.get("state")))) {
            assertTrue(System.currentTimeMillis() < end, "the worker never reported");
            Thread.sleep(50);
        }
    }

    /** The row of a job in the jobs table (its cells as shown), or null. */
    private String[] row(String id) {
        Table t = panel.jobsTable();
        for (int i = 0; i < t.getItemCount(); i++) {
            TableItem item = t.getItem(i);
            if (item.getText(0).equals(id)) {
                String[] cells = new String[t.getColumnCount()];
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = item.getText(c);
                }
                return cells;
            }
        }
        return null;
    }

    private String state(String id) {
        String[] r = row(id);
        return r == null ? null : r[2];
    }

    private static String[] cells(Table t, String first) {
        for (TableItem item : t.getItems()) {
            if (item.getText(0).equals(first)) {
                String[] cells = new String[t.getColumnCount()];
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = item.getText(c);
                }
                return cells;
            }
        }
        return null;
    }

    /** The panel drawn into an image, as the screen shows it. */
    private ImageData picture(org.eclipse.swt.widgets.Control c) {
        Rectangle b = c.getBounds();
        Image image = new Image(display, b.width, b.height);
        GC gc = new GC(image);
        try {
            c.print(gc);
        } finally {
            gc.dispose();
        }
        ImageData data = image.getImageData();
        image.dispose();
        return data;
    }

    /** Saves the shell as a PNG in the folder named by daybreak.screenshots (the build's target folder). */
    private void screenshot(String name) {
        String dir = System.getProperty("daybreak.screenshots");
        if (dir != null) {
            sleepDispatching(300);
            org.eclipse.swt.graphics.ImageLoader l = new org.eclipse.swt.graphics.ImageLoader();
            l.data = new ImageData[] {picture(shell)};
            l.save(Path.of(dir, name).toString(), SWT.IMAGE_PNG);
        }
    }

    private static RGB pixel(ImageData d, int x, int y) {
        return d.palette.getRGB(d.getPixel(x, y));
    }

    @Test
    void listsTheJobsTheWorkerAndTheQueuesAndDrawsTheLanes() throws Exception {
        awaitWorkerAlive();
        List<JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            specs.add(JobSpec.of("core.echo", Map.of("i", i, "sleep_ms", 40)));
        }
        List<JobHandle> handles = submitter.submitAll(specs);
        Set<String> ids = new HashSet<>();
        for (JobHandle h : handles) {
            h.await();
            ids.add(h.id());
        }
        panel.setSource(realBroker());
        refreshUntil("12 finished jobs", () -> panel.jobsTable().getItemCount() == 12
                && ids.stream().allMatch(id -> "done".equals(state(id))));

        for (String id : ids) {
            String[] r = row(id);
            assertEquals("core.echo", r[1]);
            assertEquals("100 %", r[3]);
            assertEquals("wa", r[4], "the worker that ran it");
            assertEquals("1", r[5], "one attempt");
            assertFalse(r[6].isEmpty() || r[7].isEmpty() || r[8].isEmpty(), "queued, started and finished times");
            assertEquals("", r[9], "no failure");
        }
        // newest first
        assertEquals(handles.get(11).id(), panel.jobsTable().getItem(0).getText(0));

        // the worker's numbers come with its heartbeat (every 2 s)
        refreshUntil("the worker's 12 jobs done", () -> cells(panel.workersTable(), "wa") != null
                && "12".equals(cells(panel.workersTable(), "wa")[6]));
        String[] w = cells(panel.workersTable(), "wa");
        assertFalse(w[1].isEmpty(), "its host");
        assertEquals("cpu \u00d72", w[2], "capabilities and threads");
        assertEquals("idle", w[3]);
        assertTrue(w[4].endsWith("s ago"), "last heartbeat: " + w[4]);
        assertEquals("alive", w[5]);

        String[] cpu = cells(panel.queuesTable(), "cpu");
        assertNotNull(cpu);
        assertEquals("0", cpu[1], "nothing waits");
        assertEquals("2", cpu[3], "the worker's two threads consume the CPU queue");
        assertNotNull(cells(panel.queuesTable(), "gpu"));
        assertEquals("0", cells(panel.queuesTable(), "dead")[1]);
        String status = panel.statusLine().getText();
        assertTrue(status.startsWith("Connected to the test broker at " + broker.url() + ": 1 worker alive, "
                + "0 queued, 0 running, 0 dead letters"), status);

        // the timeline: one lane for the worker, at most two rows (two threads), every job a bar under the pointer
        panel.showTab(1);
        sleepDispatching(200);
        TimelineCanvas tl = panel.timeline();
        assertEquals(List.of("wa"), tl.laneNames());
        assertTrue(tl.rowsOf("wa") >= 1 && tl.rowsOf("wa") <= 2, "rows " + tl.rowsOf("wa"));
        for (String id : ids) {
            Rectangle bar = tl.barBounds(id);
            assertNotNull(bar, "a bar for " + id);
            assertTrue(bar.x >= tl.labelWidth() && bar.x + bar.width <= tl.getClientArea().width, "bar in view");
            int x = bar.x + bar.width / 2;
            int y = bar.y + bar.height / 2;
            assertEquals(id, tl.barAt(x, y).id(), "the bar under the pointer");
        }
        String first = handles.get(0).id();
        Rectangle bar = tl.barBounds(first);
        int x = bar.x + bar.width / 2;
        int y = bar.y + bar.height / 2;
        org.eclipse.swt.widgets.Event move = new org.eclipse.swt.widgets.Event();
        move.x = x;
        move.y = y;
        tl.notifyListeners(SWT.MouseMove, move);
        assertEquals(first, tl.hovered().id(), "hovering shows the job");
        String hover = TimelineCanvas.describe(tl.workerOf(tl.hovered()), tl.hovered());
        assertTrue(hover.startsWith(first + "\ncore.echo  done\nworker   wa\nqueued   "), hover);

        // drawn: the bar's pixels have the kind's colour, then the state's after the toggle
        tl.notifyListeners(SWT.MouseExit, new org.eclipse.swt.widgets.Event());
        ImageData byKind = picture(tl);
        assertEquals(TimelineCanvas.KIND_PALETTE[0], pixel(byKind, x, y), "colour of kind core.echo");
        panel.colourByKind(false);
        ImageData byState = picture(tl);
        assertEquals(TimelineCanvas.STATE_COLOURS.get("done"), pixel(byState, x, y), "colour of state done");

        screenshot("jobs-panel-timeline.png");
        panel.showTab(0);
        screenshot("jobs-panel-jobs.png");

        Path html = tmp.resolve("timeline.html");
        assertTrue(panel.exportHtml(html));
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("\"worker\":\"wa\"") && page.contains(first),
                "the exported page holds the lanes");
        // pausing stops the updates and says so
        panel.pauseButton().setSelection(true);
        panel.pauseButton().notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
        await(panel.refresh());
        assertTrue(panel.statusLine().getText().contains(" Updates paused."), panel.statusLine().getText());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void cancelRemovesAQueuedJobAndStopsRunningOnes() throws Exception {
        awaitWorkerAlive();
        JobHandle a = submitter.submit(JobSpec.of("core.echo", Map.of("sleep_ms", 60_000)));
        JobHandle b = submitter.submit(JobSpec.of("core.echo", Map.of("sleep_ms", 60_000)));
        JobHandle queued = submitter.submit(JobSpec.of("core.echo", Map.of("sleep_ms", 60_000)));
        panel.setSource(realBroker());
        refreshUntil("two running jobs and one queued", () -> "running".equals(state(a.id()))
                && "running".equals(state(b.id())) && "queued".equals(state(queued.id())));
        String message = row(a.id())[9];
        assertTrue(message.equals("running") || message.equals("sleeping"), "a running job's message: " + message);
        refreshUntil("the worker's two current jobs", () -> {
            String current = cells(panel.workersTable(), "wa")[3];
            return current.contains(a.id() + " (core.echo, ") && current.contains(b.id() + " (core.echo, ");
        });
        assertEquals("1", cells(panel.queuesTable(), "cpu")[1], "one job waits");

        panel.select(List.of(queued.id()));
        assertTrue(panel.cancelButton().isEnabled());
        assertFalse(panel.retryButton().isEnabled(), "a queued job cannot be retried");
        String outcome = await(panel.cancelSelected());
        assertEquals("Cancel: " + queued.id() + " cancelled.", outcome);
        assertTrue(queued.awaitEnd(Duration.ofSeconds(10)));
        assertEquals(JobState.CANCELLED, queued.state());
        refreshUntil("the queued job cancelled", () -> "cancelled".equals(state(queued.id())));
        assertEquals("cancelled before it started", row(queued.id())[9]);

        panel.select(List.of(a.id(), b.id()));
        assertEquals(2, panel.selectedJobs().size());
        outcome = await(panel.cancelSelected());
        assertTrue(outcome.contains(a.id() + " cancel sent") && outcome.contains(b.id() + " cancel sent"), outcome);
        assertTrue(a.awaitEnd(Duration.ofSeconds(10)) && b.awaitEnd(Duration.ofSeconds(10)),
                "running jobs stop at their next check");
        assertEquals(JobState.CANCELLED, a.state());
        assertEquals(JobState.CANCELLED, b.state());
        refreshUntil("both running jobs cancelled", () -> "cancelled".equals(state(a.id()))
                && "cancelled".equals(state(b.id())));
        refreshUntil("the worker idle", () -> "idle".equals(cells(panel.workersTable(), "wa")[3]));
        panel.select(List.of(a.id()));
        assertFalse(panel.cancelButton().isEnabled(), "an ended job cannot be cancelled");
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void retryRunsAFailedJobAgainAndClearingEmptiesTheDeadLetterQueue() throws Exception {
        awaitWorkerAlive();
        JobHandle job = submitter.submit(JobSpec.of("test.flaky", Map.of()));
        JobFailedException failure = assertThrows(JobFailedException.class, job::await);
        assertEquals("the first try fails on purpose", failure.getMessage());
        panel.setSource(realBroker());
        refreshUntil("the failed job in the dead-letter queue", () -> "failed (dead letter)".equals(state(job.id())));
        assertEquals("the first try fails on purpose", row(job.id())[9], "the failure reason");
        assertEquals("1", cells(panel.queuesTable(), "dead")[1]);
        assertTrue(panel.statusLine().getText().contains("1 dead letter;"), panel.statusLine().getText());
        panel.stateFilter().select(JobsPanel.STATES.length - 1);
        panel.stateFilter().notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
        assertEquals(1, panel.jobsTable().getItemCount(), "the dead-letter filter shows it alone");

        panel.select(List.of(job.id()));
        assertTrue(panel.retryButton().isEnabled());
        assertFalse(panel.cancelButton().isEnabled());
        String outcome = await(panel.retrySelected());
        assertEquals("Retry: " + job.id() + " queued again.", outcome);
        panel.stateFilter().select(0);
        panel.stateFilter().notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
        refreshUntil("the retried job done", () -> "done".equals(state(job.id())));
        assertEquals(2, flakyRuns.get(), "the worker ran it a second time");
        assertEquals("0", cells(panel.queuesTable(), "dead")[1]);

        JobHandle bad = submitter.submit(JobSpec.of("core.echo", Map.of("fail", true)));
        assertThrows(JobFailedException.class, bad::await);
        refreshUntil("a dead letter", () -> "1".equals(cells(panel.queuesTable(), "dead")[1]));
        outcome = await(panel.clearDead());
        assertEquals("Clear dead letters: removed 1 job from the dead-letter queue.", outcome);
        refreshUntil("an empty dead-letter queue", () -> "0".equals(cells(panel.queuesTable(), "dead")[1]));
        assertEquals("failed", state(bad.id()), "its record stays, no longer a dead letter");
        panel.select(List.of(bad.id()));
        outcome = await(panel.retrySelected());
        assertTrue(outcome.startsWith("Retry: job " + bad.id() + " is not in the dead-letter queue"), outcome);
        assertEquals(1, problems.size(), "the refused retry is reported once: " + problems);
    }

    @Test
    void withoutABrokerTheStatusLineSaysWhyInOneSentenceAndThePanelStaysUsable() throws Exception {
        // a port where nothing listens
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "tcp://127.0.0.1:" + port;
        AtomicInteger connects = new AtomicInteger();
        panel.setSource(new JobsPanel.Source() {
            @Override
            public JobsClient connect() throws IOException {
                connects.incrementAndGet();
                try {
                    Thread.sleep(1500); // a slow network: the UI thread must not notice
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new JobsClient(BrokerConnection.open(url, "admin", password.toString(), Map.of(), false),
                        true);
            }

            @Override
            public String describe() {
                return "the broker at " + url;
            }

            @Override
            public String note() {
                return "The workbench's broker could not start: the port is in use.";
            }
        });
        long t0 = System.nanoTime();
        CompletableFuture<JobsPanel.Snapshot> f = panel.refresh();
        assertTrue((System.nanoTime() - t0) / 1e6 < 200, "refresh returns at once");
        AtomicInteger uiTicks = new AtomicInteger();
        display.timerExec(100, new Runnable() {
            @Override
            public void run() {
                if (uiTicks.incrementAndGet() < 100 && !f.isDone()) {
                    display.timerExec(100, this);
                }
            }
        });
        JobsPanel.Snapshot s = await(f);
        assertTrue(uiTicks.get() >= 5, "the UI thread kept running while connecting (" + uiTicks.get() + " ticks)");
        assertFalse(s.ok());
        String status = panel.statusLine().getText();
        assertTrue(status.startsWith("No broker: Cannot connect to the broker at " + url + ": no broker answers "
                + "there"), status);
        assertTrue(status.contains("The workbench's broker could not start: the port is in use."), status);
        assertTrue(status.endsWith("The view connects again by itself."), status);
        assertFalse(status.contains("Exception") || status.contains("\n"), "one sentence, no stack trace: " + status);
        assertEquals(0, panel.jobsTable().getItemCount());
        assertEquals(0, panel.workersTable().getItemCount());
        assertFalse(panel.clearDeadButton().isEnabled());
        assertTrue(problems.isEmpty(), "no dialog for a broker that is not there: " + problems);

        // the same panel connects once the broker is there
        panel.setSource(realBroker());
        refreshUntil("the worker", () -> cells(panel.workersTable(), "wa") != null);
        assertTrue(panel.statusLine().getText().startsWith("Connected to the test broker"));
    }

    @Test
    void theTimelineZoomsAroundThePointerPansAndFits() {
        long t0 = 1_800_000_000_000L;
        List<JobRecord> records = new ArrayList<>();
        records.add(record("j-1", "tomo.recon", "done", "w1", t0, t0 + 1000, t0 + 5000));
        records.add(record("j-2", "corr.run", "failed", "w1", t0, t0 + 2000, t0 + 4000)); // overlaps j-1
        records.add(record("j-3", "tomo.recon", "done", "w1", t0, t0 + 5000, t0 + 8000)); // after j-1: row 1
        records.add(record("j-4", "fit.batch", "cancelled", "w2", t0 + 500, t0 + 3000, t0 + 10_000));
        records.add(record("j-5", "core.echo", "queued", null, t0 + 9000, null, null)); // never ran: no bar
        TimelineCanvas tl = panel.timeline();
        panel.showTab(1);
        tl.setTimeline(new Timeline(records));
        sleepDispatching(100);
        assertEquals(List.of("w1", "w2"), tl.laneNames());
        assertEquals(2, tl.rowsOf("w1"), "two jobs at once on w1: two rows");
        assertEquals(1, tl.rowsOf("w2"));
        assertEquals(tl.barBounds("j-1").y, tl.barBounds("j-3").y, "j-3 reuses j-1's row");
        assertTrue(tl.barBounds("j-2").y > tl.barBounds("j-1").y);
        assertEquals(null, tl.barBounds("j-5"));
        assertTrue(tl.isFollowing());
        double[] r = tl.visibleRange();
        assertTrue(r[0] <= t0 && r[1] >= t0 + 10_000, "fitted to all jobs");

        // wheel up at j-4's start: zoom in, the time under the pointer stays
        int x = tl.xOf(t0 + 3000);
        org.eclipse.swt.widgets.Event wheel = new org.eclipse.swt.widgets.Event();
        wheel.x = x;
        wheel.y = tl.barBounds("j-4").y + 2;
        wheel.count = 3;
        tl.notifyListeners(SWT.MouseVerticalWheel, wheel);
        double[] z = tl.visibleRange();
        assertEquals(0.8 * (r[1] - r[0]), z[1] - z[0], 1e-6);
        assertEquals(t0 + 3000, tl.timeAt(x), (z[1] - z[0]) / 500, "the time under the pointer stays");
        assertFalse(tl.isFollowing(), "a zoomed view no longer follows new jobs");

        // drag 100 pixels to the right: earlier times come into view
        org.eclipse.swt.widgets.Event down = new org.eclipse.swt.widgets.Event();
        down.button = 1;
        down.x = 400;
        down.y = 60;
        tl.notifyListeners(SWT.MouseDown, down);
        org.eclipse.swt.widgets.Event drag = new org.eclipse.swt.widgets.Event();
        drag.x = 500;
        drag.y = 60;
        drag.stateMask = SWT.BUTTON1;
        tl.notifyListeners(SWT.MouseMove, drag);
        tl.notifyListeners(SWT.MouseUp, new org.eclipse.swt.widgets.Event());
        double[] p = tl.visibleRange();
        double perPixel = (z[1] - z[0]) / (tl.getClientArea().width - tl.labelWidth() - TimelineCanvas.RIGHT_MARGIN);
        assertEquals(z[0] - 100 * perPixel, p[0], 1e-3);
        assertEquals(z[1] - z[0], p[1] - p[0], 1e-6, "panning keeps the span");

        // double-click fits and follows again
        tl.notifyListeners(SWT.MouseDoubleClick, new org.eclipse.swt.widgets.Event());
        assertTrue(tl.isFollowing());
        assertEquals(r[0], tl.visibleRange()[0], 1e-6);

        // hover over the failed job names it, with its reason
        Rectangle b2 = tl.barBounds("j-2");
        org.eclipse.swt.widgets.Event move = new org.eclipse.swt.widgets.Event();
        move.x = b2.x + b2.width / 2;
        move.y = b2.y + b2.height / 2;
        tl.notifyListeners(SWT.MouseMove, move);
        assertEquals("j-2", tl.hovered().id());
        String text = TimelineCanvas.describe(tl.workerOf(tl.hovered()), tl.hovered());
        assertTrue(text.contains("\nworker   w1\n"), text);
        assertTrue(text.contains("corr.run  failed") && text.contains("waited 2.000 s, ran 2.000 s")
                && text.endsWith("it broke"), text);

        // colours: by kind in the order the kinds first appear (tomo.recon, corr.run, fit.batch), by state
        Rectangle b1 = tl.barBounds("j-1");
        assertEquals(TimelineCanvas.KIND_PALETTE[0], tl.colourOf(tl.barAt(b1.x + 1, b1.y + 1)));
        assertEquals(TimelineCanvas.KIND_PALETTE[1], tl.colourOf(tl.hovered()));
        tl.setColouring(TimelineCanvas.Colouring.STATE);
        assertEquals(TimelineCanvas.STATE_COLOURS.get("failed"), tl.colourOf(tl.hovered()));

        // a short view (a bottom folder) gives the tables' room to the jobs and the timeline
        assertFalse(panel.isCompact());
        shell.setSize(1400, 260);
        sleepDispatching(200);
        assertTrue(panel.isCompact(), "the queues and workers tables hide in a short view");
        shell.setSize(1400, 800);
        sleepDispatching(200);
        assertFalse(panel.isCompact());
    }

    private static JobRecord record(String id, String kind, String state, String worker, long queued, Long started,
            Long finished) {
        JobRecord r = new JobRecord();
        r.id = id;
        r.kind = kind;
        r.state = state;
        r.worker = worker;
        r.attempts = 1;
        r.queued = org.daybreak.remote.Wire.time(queued);
        r.started = started == null ? null : org.daybreak.remote.Wire.time(started);
        r.finished = finished == null ? null : org.daybreak.remote.Wire.time(finished);
        r.error = state.equals("failed") ? "it broke" : null;
        return r;
    }
}
