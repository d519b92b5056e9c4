package org.daybreak.remote.ui.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.daybreak.remote.JobRecord;
import org.daybreak.remote.JobsClient;
import org.daybreak.remote.Timeline;
import org.daybreak.remote.Wire;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/**
 * The Jobs view's widget, usable under plain SWT: what a Daybreak broker knows, refreshed about every second —
 * its queues with their counts (cpu, gpu, dead letters), the workers (host, capabilities, current job, last
 * heartbeat, state), the jobs (newest first: id, kind, state, progress, worker, attempts, times, failure reason)
 * and their timeline; cancel, retry, clear the dead-letter queue, export the timeline as an HTML page.
 *
 * <p>Threads: every broker call (connecting included) runs on this panel's one background thread, never on the UI
 * thread; widgets are touched on the UI thread only. A broker that cannot be reached is one sentence in the
 * status line; the panel stays usable and connects again by itself. Actions return futures that complete after
 * their outcome is shown, which tests wait on while dispatching events.
 */
public final class JobsPanel extends Composite {
    /** Jobs fetched per refresh: the newest this many of the broker's records. */
    public static final int JOB_LIMIT = 2000;
    /** Auto-refresh period while the panel is visible. */
    public static final int REFRESH_MS = 1000;
    /** Below this height (pixels) the queues and workers tables give their room to the jobs and the timeline. */
    static final int COMPACT_HEIGHT = 300;
    /** Wait before connecting again after a failure. */
    static final long RECONNECT_MS = 3000;

    /** Where the panel finds its broker. */
    public interface Source {
        /** Connects; called on the panel's background thread. @throws IOException one sentence */
        JobsClient connect() throws IOException;

        /** The broker for people, e.g. "the local broker" or "the broker at tcp://host:61616". */
        String describe();

        /** A sentence to add while no broker answers (e.g. why the workbench's broker did not start), or null. */
        default String note() {
            return null;
        }
    }

    /** What the panel needs from its surroundings (the view, or a test). UI thread. */
    public interface Host {
        void problem(String title, String message);

        boolean confirm(String title, String question);

        /** A file to write the timeline page to, or null when the user cancelled. */
        Path chooseHtmlFile();
    }

    /** What one refresh saw: everything from one moment, or the reason there was nothing. */
    public record Snapshot(String url, List<Map<String, Object>> queues, List<Map<String, Object>> workers,
            List<JobRecord> jobs, Timeline timeline, long fetchedAt, String error) {
        boolean ok() {
            return error == null;
        }
    }

    static final String[] STATES = {"all states", "queued", "running", "done", "failed", "cancelled",
            "dead letters"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jobs view");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean fetching = new AtomicBoolean();
    private Source source;
    private Host host;
    private JobsClient client; // background thread only
    private long lastFailure; // background thread only
    private boolean autoRefresh = true;
    private final Runnable tick = this::tick;

    private final Label status;
    private final Button cancelButton;
    private final Button retryButton;
    private final Button clearDeadButton;
    private final Combo stateFilter;
    private final Button pauseButton;
    private final Table queuesTable;
    private final Table workersTable;
    private final Table jobsTable;
    private final TabFolder tabs;
    private final TimelineCanvas timeline;
    private final Button byKind;
    private final Button byState;
    private final Label span;
    private final SashForm split;
    /** Set once the user drags the sash above the tabs: the panel no longer sizes the tables above it. */
    private boolean userSized;
    private int fittedRows = -1;
    private final Color problemColour;
    private final Color mutedColour;

    private volatile Snapshot snapshot;
    private List<JobRecord> shownJobs = List.of();
    private String actionMessage;
    private long actionMessageUntil;

    public JobsPanel(Composite parent, int style) {
        super(parent, style);
        problemColour = new Color(getDisplay(), 0xb0, 0x20, 0x20);
        mutedColour = new Color(getDisplay(), 0x70, 0x70, 0x70);
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 4;
        layout.marginHeight = 4;
        setLayout(layout);

        Composite bar = new Composite(this, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout bl = new GridLayout(8, false);
        bl.marginWidth = 0;
        bl.marginHeight = 0;
        bar.setLayout(bl);
        button(bar, "Refresh", "Ask the broker now", this::refresh);
        cancelButton = button(bar, "Cancel", "Cancel the selected jobs (queued ones are removed, running ones stop "
                + "at their next check)", this::cancelSelected);
        retryButton = button(bar, "Retry", "Send the selected failed jobs from the dead-letter queue back to their "
                + "queue", this::retrySelected);
        clearDeadButton = button(bar, "Clear dead letters...", "Remove every job from the dead-letter queue (their "
                + "records stay; they can no longer be retried)", this::askClearDead);
        new Label(bar, SWT.NONE).setText("  Show");
        stateFilter = new Combo(bar, SWT.READ_ONLY);
        stateFilter.setItems(STATES);
        stateFilter.select(0);
        stateFilter.addListener(SWT.Selection, e -> showJobs());
        // a toggle, not a check box: the workbench's GTK theme draws a checked box inside a view without its tick
        pauseButton = new Button(bar, SWT.TOGGLE);
        pauseButton.setText("Pause updates");
        pauseButton.setToolTipText("Stop asking the broker every second (Refresh still asks once)");
        pauseButton.addListener(SWT.Selection, e -> setAutoRefresh(!pauseButton.getSelection()));
        Label filler = new Label(bar, SWT.NONE);
        filler.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        status = new Label(this, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        status.setText("Connecting to the broker...");

        split = new SashForm(this, SWT.VERTICAL);
        split.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        SashForm top = new SashForm(split, SWT.HORIZONTAL);
        queuesTable = table(top, SWT.NONE, new String[] {"Queue", "Waiting", "Running", "Workers"},
                new int[] {100, 70, 70, 70});
        workersTable = table(top, SWT.NONE, new String[] {"Worker", "Host", "Capabilities", "Current job",
                "Last heartbeat", "State", "Jobs done"}, new int[] {150, 120, 100, 300, 115, 60, 80});
        top.setWeights(28, 72);

        tabs = new TabFolder(split, SWT.NONE);
        TabItem jobsTab = new TabItem(tabs, SWT.NONE);
        jobsTab.setText("Jobs");
        jobsTable = table(tabs, SWT.MULTI | SWT.VIRTUAL, new String[] {"Id", "Kind", "State", "Progress",
                "Worker", "Attempts", "Queued", "Started", "Finished", "Failure reason / message"},
                new int[] {170, 110, 150, 80, 130, 75, 100, 100, 100, 360});
        jobsTab.setControl(jobsTable);
        jobsTable.addListener(SWT.SetData, this::jobRow);
        jobsTable.addListener(SWT.Selection, e -> updateButtons());
        jobsTable.addListener(SWT.EraseItem, this::eraseProgress);
        jobsTable.addListener(SWT.PaintItem, this::paintProgress);
        jobsTable.setMenu(jobsMenu());

        TabItem timelineTab = new TabItem(tabs, SWT.NONE);
        timelineTab.setText("Timeline");
        Composite tl = new Composite(tabs, SWT.NONE);
        timelineTab.setControl(tl);
        GridLayout tll = new GridLayout(1, false);
        tll.marginWidth = 0;
        tll.marginHeight = 2;
        tl.setLayout(tll);
        Composite tlBar = new Composite(tl, SWT.NONE);
        tlBar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout tlbl = new GridLayout(6, false);
        tlbl.marginHeight = 0;
        tlBar.setLayout(tlbl);
        new Label(tlBar, SWT.NONE).setText("Colour by");
        byKind = new Button(tlBar, SWT.RADIO);
        byKind.setText("kind");
        byKind.setSelection(true);
        byState = new Button(tlBar, SWT.RADIO);
        byState.setText("state");
        button(tlBar, "Fit", "Show all jobs and follow new ones (double-click on the timeline does the same)",
                this::fitTimeline);
        button(tlBar, "Export HTML...", "Write the timeline as a self-contained HTML page", this::askExportHtml);
        span = new Label(tlBar, SWT.NONE);
        span.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        span.setForeground(mutedColour);
        timeline = new TimelineCanvas(tl, SWT.BORDER);
        timeline.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        timeline.setOnViewChange(this::showSpan);
        byKind.addListener(SWT.Selection, e -> timeline.setColouring(byKind.getSelection()
                ? TimelineCanvas.Colouring.KIND : TimelineCanvas.Colouring.STATE));
        split.setWeights(30, 70);
        split.addListener(SWT.Resize, e -> fitTables(true));

        host = new Host() {
            @Override
            public void problem(String title, String message) {
                status.setText(title + ": " + message);
            }

            @Override
            public boolean confirm(String title, String question) {
                return true;
            }

            @Override
            public Path chooseHtmlFile() {
                return null;
            }
        };
        showSpan();
        updateButtons();
        addListener(SWT.Dispose, e -> {
            worker.submit(() -> {
                if (client != null) {
                    client.close();
                    client = null;
                }
            });
            worker.shutdown();
            problemColour.dispose();
            mutedColour.dispose();
        });
    }

    private static Button button(Composite parent, String text, String tip, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setToolTipText(tip);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    private static Table table(Composite parent, int style, String[] columns, int[] widths) {
        Table t = new Table(parent, style | SWT.BORDER | SWT.FULL_SELECTION);
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        for (int i = 0; i < columns.length; i++) {
            TableColumn c = new TableColumn(t, i == 0 ? SWT.LEFT : SWT.LEFT);
            c.setText(columns[i]);
            c.setWidth(widths[i]);
        }
        return t;
    }

    private Menu jobsMenu() {
        Menu m = new Menu(jobsTable);
        MenuItem cancel = item(m, "Cancel", this::cancelSelected);
        MenuItem retry = item(m, "Retry", this::retrySelected);
        item(m, "Copy id", this::copySelectedIds);
        new MenuItem(m, SWT.SEPARATOR);
        item(m, "Clear dead letters...", this::askClearDead);
        item(m, "Refresh", this::refresh);
        m.addListener(SWT.Show, e -> {
            cancel.setEnabled(cancelButton.isEnabled());
            retry.setEnabled(retryButton.isEnabled());
        });
        return m;
    }

    private static MenuItem item(Menu m, String text, Runnable action) {
        MenuItem i = new MenuItem(m, SWT.PUSH);
        i.setText(text);
        i.addListener(SWT.Selection, e -> action.run());
        return i;
    }

    // ------------------------------------------------------------------ wiring

    /** Where the broker is; the panel connects (again) on its next refresh. UI thread. */
    public void setSource(Source s) {
        this.source = s;
        submit(() -> {
            if (client != null) {
                client.close();
                client = null;
            }
            lastFailure = 0;
        });
        refresh();
        scheduleTick();
    }

    public void setHost(Host h) {
        this.host = h;
    }

    public void setAutoRefresh(boolean on) {
        autoRefresh = on;
        pauseButton.setSelection(!on);
        if (on) {
            scheduleTick();
        }
    }

    private void scheduleTick() {
        if (!isDisposed()) {
            getDisplay().timerExec(REFRESH_MS, tick);
        }
    }

    private void tick() {
        if (isDisposed() || !autoRefresh) {
            return;
        }
        if (isVisible() && source != null) {
            fetch();
        }
        scheduleTick();
    }

    /** Asks the broker now. The future completes after the answer is shown. UI thread. */
    public CompletableFuture<Snapshot> refresh() {
        fetching.set(false);
        return fetch();
    }

    private CompletableFuture<Snapshot> fetch() {
        CompletableFuture<Snapshot> shown = new CompletableFuture<>();
        if (source == null || !fetching.compareAndSet(false, true)) {
            shown.complete(snapshot);
            return shown;
        }
        Source s = source;
        Display display = getDisplay();
        submit(() -> {
            Snapshot snap;
            try {
                snap = read(s);
            } finally {
                fetching.set(false);
            }
            display.asyncExec(() -> {
                if (!isDisposed() && s == source) {
                    show(snap);
                }
                shown.complete(snap);
            });
        });
        return shown;
    }

    /** One look at the broker (background thread). */
    private Snapshot read(Source s) {
        long now = System.currentTimeMillis();
        try {
            if (client == null) {
                if (lastFailure != 0 && now - lastFailure < RECONNECT_MS && snapshot != null) {
                    return snapshot;
                }
                client = s.connect();
            }
            List<Map<String, Object>> queues = client.queues();
            List<Map<String, Object>> workers = client.workers();
            List<JobRecord> jobs = client.list(null, null, JOB_LIMIT);
            lastFailure = 0;
            return new Snapshot(s.describe(), queues, workers, jobs, new Timeline(jobs), now, null);
        } catch (IOException | RuntimeException e) {
            if (client != null) {
                client.close();
                client = null;
            }
            lastFailure = now;
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            return new Snapshot(s.describe(), List.of(), List.of(), List.of(), null, now, why);
        }
    }

    private void submit(Runnable r) {
        try {
            worker.submit(r);
        } catch (RejectedExecutionException e) {
            // disposed
        }
    }

    // ------------------------------------------------------------------ showing

    private void show(Snapshot s) {
        snapshot = s;
        if (!s.ok()) {
            String note = source == null ? null : source.note();
            status.setForeground(problemColour);
            status.setText("No broker: " + sentence(s.error()) + (note == null ? "" : " " + note)
                    + " The view connects again by itself.");
            queuesTable.removeAll();
            workersTable.removeAll();
            shownJobs = List.of();
            jobsTable.setItemCount(0);
            timeline.setTimeline(null);
            updateButtons();
            layout(true, true);
            return;
        }
        status.setForeground(null);
        status.setText(summary(s));
        showQueues(s.queues());
        showWorkers(s.workers(), s.jobs(), s.fetchedAt());
        fitTables(false);
        showJobs();
        timeline.setTimeline(s.timeline());
        showSpan();
        layout(true, true);
    }

    private String summary(Snapshot s) {
        long alive = s.workers().stream().filter(w -> "alive".equals(w.get("state"))).count();
        int queued = 0;
        int running = 0;
        int dead = 0;
        for (JobRecord r : s.jobs()) {
            switch (r.state) {
                case "queued" -> queued++;
                case "running" -> running++;
                default -> {
                }
            }
            if (r.dead) {
                dead++;
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("Connected to ").append(s.url()).append(": ").append(alive).append(alive == 1 ? " worker" : " workers")
                .append(" alive, ").append(queued).append(" queued, ").append(running).append(" running, ")
                .append(dead).append(dead == 1 ? " dead letter" : " dead letters");
        if (s.jobs().size() >= JOB_LIMIT) {
            b.append(" (the newest ").append(JOB_LIMIT).append(" jobs shown)");
        }
        b.append("; updated ").append(DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
                .withZone(ZoneId.systemDefault()).format(Instant.ofEpochMilli(s.fetchedAt()))).append('.');
        if (!autoRefresh) {
            b.append(" Updates paused.");
        }
        if (actionMessage != null && System.currentTimeMillis() < actionMessageUntil) {
            b.append("  ").append(actionMessage);
        }
        return b.toString();
    }

    private static String sentence(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return t;
        }
        t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        return t.endsWith(".") ? t : t + ".";
    }

    /**
     * Gives the queues and workers tables the height of their rows (at least 3, at most 8 and 40 % of the panel),
     * the jobs and timeline the rest, until the user moves the sash.
     */
    private void fitTables(boolean force) {
        int height = split.getClientArea().height;
        if (height <= 0) {
            return;
        }
        // a short view (a bottom folder) shows the jobs and the timeline only: the status line counts the rest
        Control maximized = height < COMPACT_HEIGHT ? tabs : null;
        if (split.getMaximizedControl() != maximized) {
            split.setMaximizedControl(maximized);
        }
        if (userSized || maximized != null) {
            return;
        }
        int rows = Math.max(3, Math.min(8, Math.max(queuesTable.getItemCount(), workersTable.getItemCount())));
        if (rows == fittedRows && !force) {
            return;
        }
        int wanted = workersTable.getHeaderHeight() + rows * workersTable.getItemHeight()
                + 2 * workersTable.getBorderWidth() + 4;
        int top = Math.min(wanted, height * 2 / 5);
        split.setWeights(top, Math.max(1, height - top - split.getSashWidth()));
        fittedRows = rows;
        for (Control c : split.getChildren()) {
            if (c instanceof org.eclipse.swt.widgets.Sash sash && sash.getData("daybreak.watched") == null) {
                sash.setData("daybreak.watched", Boolean.TRUE);
                sash.addListener(SWT.Selection, e -> {
                    if (e.detail != SWT.DRAG) {
                        userSized = true;
                    }
                });
            }
        }
    }

    private void showQueues(List<Map<String, Object>> queues) {
        queuesTable.setRedraw(false);
        queuesTable.removeAll();
        for (Map<String, Object> q : queues) {
            TableItem i = new TableItem(queuesTable, SWT.NONE);
            String name = String.valueOf(q.get("name"));
            String shortName = name.startsWith("daybreak.jobs.") ? name.substring("daybreak.jobs.".length()) : name;
            long messages = number(q.get("messages"));
            long delivering = number(q.get("delivering"));
            // messages counts those being delivered too: waiting = in the queue and not with a worker
            i.setText(new String[] {shortName, Long.toString(Math.max(0, messages - delivering)),
                    Long.toString(delivering), Long.toString(number(q.get("consumers")))});
            if (shortName.equals("dead") && messages > 0) {
                i.setForeground(problemColour);
            }
        }
        queuesTable.setRedraw(true);
    }

    private void showWorkers(List<Map<String, Object>> workers, List<JobRecord> jobs, long now) {
        // what each worker runs, from the job records (a heartbeat's list is up to 2 s old)
        Map<String, List<JobRecord>> running = new java.util.HashMap<>();
        for (JobRecord r : jobs) {
            if (r.state.equals("running") && r.worker != null) {
                running.computeIfAbsent(r.worker, k -> new ArrayList<>()).add(r);
            }
        }
        workersTable.setRedraw(false);
        workersTable.removeAll();
        for (Map<String, Object> w : workers) {
            TableItem i = new TableItem(workersTable, SWT.NONE);
            String name = String.valueOf(w.get("name"));
            String state = String.valueOf(w.get("state"));
            i.setText(new String[] {name, String.valueOf(w.get("host")), capabilities(w),
                    current(running.getOrDefault(name, List.of())), heartbeat(w.get("last_heartbeat"), now), state,
                    Long.toString(number(w.get("jobs_done")))});
            if (state.equals("lost")) {
                i.setForeground(problemColour);
            } else if (!state.equals("alive")) {
                i.setForeground(mutedColour);
            }
        }
        workersTable.setRedraw(true);
    }

    private static String capabilities(Map<String, Object> w) {
        String caps = w.get("capabilities") instanceof Collection<?> c ? String.join(", ", c.stream()
                .map(String::valueOf).toList()) : "";
        return caps + (w.get("threads") instanceof Number n ? " \u00d7" + n.intValue() : "");
    }

    private static String current(List<JobRecord> running) {
        if (running.isEmpty()) {
            return "idle";
        }
        List<String> parts = new ArrayList<>();
        for (JobRecord r : running) {
            parts.add(r.id + " (" + r.kind + ", " + Math.round(100 * r.progress) + " %)");
        }
        return String.join("; ", parts);
    }

    private static String heartbeat(Object iso, long now) {
        if (!(iso instanceof String s)) {
            return "";
        }
        long ago = now - Wire.millis(s);
        return ago < 60_000 ? String.format(Locale.ROOT, "%.1f s ago", Math.max(0, ago) / 1000.0)
                : ago < 3_600_000 ? (ago / 60_000) + " min ago" : time(s);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    /** Local time of an ISO-8601 instant: HH:mm:ss.SSS today, MM-dd HH:mm:ss on other days. */
    static String time(String iso) {
        if (iso == null) {
            return "";
        }
        Instant t = Instant.ofEpochMilli(Wire.millis(iso));
        boolean today = LocalDate.ofInstant(t, ZoneId.systemDefault()).equals(LocalDate.now());
        return today ? TIME.format(t) : DATE_TIME.format(t);
    }

    /**
     * Fills the jobs table (newest first, filtered), keeping the selected jobs selected and, once the user has
     * scrolled down, the same job at the top (new jobs arrive above it without moving what is being read).
     */
    private void showJobs() {
        Set<String> selected = new HashSet<>(selectedIds());
        int top = jobsTable.getTopIndex();
        String topId = top > 0 && top < shownJobs.size() ? shownJobs.get(top).id : null;
        List<JobRecord> all = snapshot == null ? List.of() : snapshot.jobs();
        String filter = stateFilter.getText();
        List<JobRecord> rows = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            JobRecord r = all.get(i);
            if (filter.equals(STATES[0]) || filter.equals(r.state)
                    || filter.equals(STATES[STATES.length - 1]) && r.dead) {
                rows.add(r);
            }
        }
        shownJobs = rows;
        jobsTable.setRedraw(false);
        jobsTable.setItemCount(rows.size());
        jobsTable.clearAll();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (selected.contains(rows.get(i).id)) {
                keep.add(i);
            }
        }
        jobsTable.deselectAll();
        jobsTable.select(keep.stream().mapToInt(Integer::intValue).toArray()); // select() does not scroll
        if (topId != null) {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).id.equals(topId)) {
                    jobsTable.setTopIndex(i);
                    break;
                }
            }
        }
        jobsTable.setRedraw(true);
        updateButtons();
    }

    private void jobRow(Event e) {
        TableItem item = (TableItem) e.item;
        int index = jobsTable.indexOf(item);
        if (index < 0 || index >= shownJobs.size()) {
            return;
        }
        JobRecord r = shownJobs.get(index);
        String reason = r.error != null ? r.error : r.state.equals("running") && r.message != null ? r.message : "";
        item.setText(new String[] {r.id, r.kind, r.dead ? r.state + " (dead letter)" : r.state,
                progressText(r), r.worker == null ? "" : r.worker, Integer.toString(r.attempts), time(r.queued),
                time(r.started), time(r.finished), reason});
        item.setData(r);
        if (r.state.equals("failed")) {
            item.setForeground(problemColour);
        } else if (r.state.equals("cancelled")) {
            item.setForeground(mutedColour);
        } else {
            item.setForeground(null);
        }
    }

    private static String progressText(JobRecord r) {
        double p = r.state.equals("done") ? 1 : r.progress;
        return Math.round(100 * p) + " %";
    }

    private void eraseProgress(Event e) {
        if (e.index == 3) {
            e.detail &= ~SWT.FOREGROUND;
        }
    }

    /** The progress column as a bar with its percentage. */
    private void paintProgress(Event e) {
        if (e.index != 3 || !(e.item.getData() instanceof JobRecord r)) {
            return;
        }
        TableItem item = (TableItem) e.item;
        Rectangle b = item.getBounds(3);
        GC gc = e.gc;
        double p = r.state.equals("done") ? 1 : Math.max(0, Math.min(1, r.progress));
        int w = (int) Math.round((b.width - 6) * p);
        Color old = gc.getBackground();
        gc.setBackground(getDisplay().getSystemColor(r.state.equals("failed") ? SWT.COLOR_RED
                : r.state.equals("done") ? SWT.COLOR_DARK_GREEN : SWT.COLOR_DARK_BLUE));
        gc.setAlpha(70);
        gc.fillRectangle(b.x + 3, b.y + 3, w, b.height - 6);
        gc.setAlpha(255);
        gc.setBackground(old);
        String t = progressText(r);
        gc.drawText(t, b.x + 6, b.y + (b.height - gc.textExtent(t).y) / 2, true);
    }

    private void updateButtons() {
        List<JobRecord> sel = selectedJobs();
        cancelButton.setEnabled(sel.stream().anyMatch(r -> !r.isFinal()));
        retryButton.setEnabled(sel.stream().anyMatch(r -> r.dead || r.state.equals("failed")));
        boolean connected = snapshot != null && snapshot.ok();
        clearDeadButton.setEnabled(connected);
    }

    private void fitTimeline() {
        timeline.fit();
    }

    private void showSpan() {
        double[] r = timeline.visibleRange();
        span.setText("showing " + TimelineCanvas.seconds(Math.round(r[1] - r[0]))
                + (timeline.isFollowing() ? ", following new jobs" : "")
                + "   \u2014   wheel: zoom, drag: pan, double-click: fit, hover: the job");
    }

    // ------------------------------------------------------------------ actions

    /** The jobs selected in the table, in table order. */
    public List<JobRecord> selectedJobs() {
        List<JobRecord> out = new ArrayList<>();
        for (int i : jobsTable.getSelectionIndices()) {
            if (i < shownJobs.size()) {
                out.add(shownJobs.get(i));
            }
        }
        return out;
    }

    private List<String> selectedIds() {
        List<String> out = new ArrayList<>();
        for (JobRecord r : selectedJobs()) {
            out.add(r.id);
        }
        return out;
    }

    /** Selects the rows of these jobs (those shown). */
    public void select(Collection<String> ids) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < shownJobs.size(); i++) {
            if (ids.contains(shownJobs.get(i).id)) {
                rows.add(i);
            }
        }
        jobsTable.setSelection(rows.stream().mapToInt(Integer::intValue).toArray());
        updateButtons();
    }

    public CompletableFuture<String> cancelSelected() {
        List<String> ids = new ArrayList<>();
        for (JobRecord r : selectedJobs()) {
            if (!r.isFinal()) {
                ids.add(r.id);
            }
        }
        return act("Cancel", ids, (c, id) -> {
            String state = c.cancel(id);
            return state.equals("cancelled") ? "cancelled" : "cancel sent";
        });
    }

    public CompletableFuture<String> retrySelected() {
        List<String> ids = new ArrayList<>();
        for (JobRecord r : selectedJobs()) {
            if (r.dead || r.state.equals("failed")) {
                ids.add(r.id);
            }
        }
        return act("Retry", ids, (c, id) -> {
            c.retry(id);
            return "queued again";
        });
    }

    private void askClearDead() {
        if (host.confirm("Clear dead letters", "Remove every job from the broker's dead-letter queue? Their records "
                + "stay in the list, but they can no longer be retried.")) {
            clearDead();
        }
    }

    /** Empties the dead-letter queue (no question asked). The future completes after the outcome is shown. */
    public CompletableFuture<String> clearDead() {
        return act("Clear dead letters", List.of("-"), (c, id) -> {
            int n = c.clearDead();
            return "removed " + n + (n == 1 ? " job" : " jobs") + " from the dead-letter queue";
        });
    }

    @FunctionalInterface
    private interface Action {
        String apply(JobsClient c, String id) throws IOException;
    }

    /**
     * Runs one broker call per id on the background thread, then shows the outcome in the status line (a refusal
     * also as a problem) and refreshes.
     */
    private CompletableFuture<String> act(String what, List<String> ids, Action action) {
        CompletableFuture<String> done = new CompletableFuture<>();
        if (ids.isEmpty()) {
            done.complete("nothing to " + what.toLowerCase(Locale.ROOT));
            return done;
        }
        Source s = source;
        Display display = getDisplay();
        submit(() -> {
            List<String> ok = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (String id : ids) {
                try {
                    if (client == null) {
                        client = s.connect();
                    }
                    String outcome = action.apply(client, id);
                    ok.add(id.equals("-") ? outcome : id + " " + outcome);
                } catch (IOException | RuntimeException e) {
                    refused.add(e.getMessage() == null ? e.toString() : e.getMessage());
                }
            }
            String message = what + ": " + (ok.isEmpty() ? "" : ok.size() <= 3 ? String.join(", ", ok)
                    : ok.size() + " jobs " + ok.get(0).substring(ok.get(0).indexOf(' ') + 1))
                    + (refused.isEmpty() ? "" : (ok.isEmpty() ? "" : "; ") + String.join("; ", refused)) + ".";
            display.asyncExec(() -> {
                if (!isDisposed()) {
                    actionMessage = message;
                    actionMessageUntil = System.currentTimeMillis() + 8000;
                    if (!refused.isEmpty()) {
                        host.problem(what, String.join("\n", refused));
                    }
                    refresh().whenComplete((snap, e) -> done.complete(message));
                } else {
                    done.complete(message);
                }
            });
        });
        return done;
    }

    private void copySelectedIds() {
        List<String> ids = selectedIds();
        if (ids.isEmpty()) {
            return;
        }
        Clipboard c = new Clipboard(getDisplay());
        try {
            c.setContents(new Object[] {String.join("\n", ids)}, new Transfer[] {TextTransfer.getInstance()});
        } finally {
            c.dispose();
        }
    }

    private void askExportHtml() {
        Timeline t = timeline.timeline();
        if (t == null) {
            host.problem("Export timeline", "there is no timeline to export: no broker answered yet");
            return;
        }
        Path f = host.chooseHtmlFile();
        if (f != null) {
            exportHtml(f);
        }
    }

    /** Writes the timeline now shown as a self-contained HTML page; a failure is reported to the host. */
    public boolean exportHtml(Path file) {
        Timeline t = timeline.timeline();
        try {
            Files.writeString(file, (t == null ? new Timeline(List.of()) : t).html(), StandardCharsets.UTF_8);
            actionMessage = "Timeline written to " + file + ".";
            actionMessageUntil = System.currentTimeMillis() + 8000;
            if (snapshot != null && snapshot.ok()) {
                status.setText(summary(snapshot));
            }
            return true;
        } catch (IOException e) {
            host.problem("Export timeline", "cannot write " + file + ": " + e.getMessage());
            return false;
        }
    }

    // ------------------------------------------------------------------ for the view and tests

    public Snapshot snapshot() {
        return snapshot;
    }

    public Label statusLine() {
        return status;
    }

    public Table queuesTable() {
        return queuesTable;
    }

    public Table workersTable() {
        return workersTable;
    }

    public Table jobsTable() {
        return jobsTable;
    }

    public TimelineCanvas timeline() {
        return timeline;
    }

    public Combo stateFilter() {
        return stateFilter;
    }

    /** Shows the Jobs (0) or Timeline (1) tab. */
    public void showTab(int index) {
        tabs.setSelection(index);
    }

    public Button cancelButton() {
        return cancelButton;
    }

    public Button retryButton() {
        return retryButton;
    }

    public Button pauseButton() {
        return pauseButton;
    }

    /** True while the queues and workers tables are hidden for a short view. */
    public boolean isCompact() {
        return split.getMaximizedControl() != null;
    }

    public Button clearDeadButton() {
        return clearDeadButton;
    }

    /** Colour the timeline by kind (true) or by state (false), as the radio buttons do. */
    public void colourByKind(boolean kind) {
        byKind.setSelection(kind);
        byState.setSelection(!kind);
        timeline.setColouring(kind ? TimelineCanvas.Colouring.KIND : TimelineCanvas.Colouring.STATE);
    }
}
