package org.daybreak.ui.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.hdf5.H5Writer;
import org.daybreak.hdf5.ui.DataBrowserView;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.ui.PlotPanel;
import org.daybreak.plot.ui.PlotView;
import org.daybreak.plot.ui.SlicerBar;
import org.daybreak.ui.DataPerspective;
import org.daybreak.ui.OpenFiles;
import org.daybreak.ui.ProblemsPopup;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Huge and hostile files in the workbench, driven through its views as a user would: a 3 TiB sparse stack browsed,
 * plotted and played through with the heap flat; fifty damaged files opened at once, each said once in one
 * modeless problems window while the UI thread stays responsive; files that change or vanish while open.
 */
class HostileFilesWorkbenchTest {
    private static final Pattern FRAME = Pattern.compile("\\[(\\d+),:,:\\]");

    private Path folder;
    private IWorkbenchPage page;
    private DataBrowserView browser;
    private PlotPanel plotPanel;
    /** The name of the file the test plots. */
    private String plotted;

    @BeforeEach
    void setUp() throws Exception {
        folder = Files.createTempDirectory("daybreak-hostile");
        IWorkbenchWindow w = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
        page = w.getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(DataPerspective.ID));
        browser = (DataBrowserView) page.showView(DataBrowserView.ID);
        plotPanel = ((PlotView) page.showView(PlotView.ID)).panel();
        closeProblems();
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Path p : OpenFiles.get().open()) {
            if (p.startsWith(folder)) {
                OpenFiles.get().close(p);
            }
        }
        for (Path p : browser.panel().files()) {
            if (p.startsWith(folder)) {
                browser.panel().closeFile(p);
            }
        }
        closeProblems();
        spin(200);
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ------------------------------------------------------------------ 1. a 3 TiB sparse stack

    @Test
    void aThreeTerabyteSparseStackBrowsesPlotsAndPlaysWithTheHeapFlat() throws Exception {
        int frames = 3 << 16; // 196608 frames of 2048 x 2048 float32: 3 TiB
        int rows = 2048;
        int columns = 2048;
        int last = frames - 1;
        Path file = folder.resolve("sparse-3TiB.h5");
        plotted = file.getFileName().toString();
        SparseFramesFile.write(file, frames, rows, columns, new TreeSet<>(List.of(0, 1, 5, last)));
        assertTrue(Files.size(file) < 2_000_000, "the 3 TiB stack takes " + Files.size(file) + " bytes on disk");

        // browse: the file's tree, the dataset's details from its header
        OpenFiles.get().open(file);
        Tree tree = browser.panel().tree();
        TreeItem fileItem = waitForItem(tree::getItems, file.getFileName().toString(), 30_000);
        TreeItem entry = waitForItem(() -> fileItem.getItems(), "entry", 30_000);
        expand(tree, entry);
        TreeItem stack = waitForItem(() -> entry.getItems(), "frames", 30_000);
        assertTrue(stack.getText().contains("196608 \u00d7 2048 \u00d7 2048"), stack.getText());
        tree.setSelection(stack);
        tree.notifyListeners(SWT.Selection, selectionEvent(stack));
        Table details = waitForTable(browser.panel(), "property", "raw size", 30_000);
        assertEquals("196608 \u00d7 2048 \u00d7 2048", cell(details, "shape"));
        assertTrue(cell(details, "raw size").startsWith("3.0 TiB"), cell(details, "raw size"));
        assertEquals("1 \u00d7 2048 \u00d7 2048", cell(details, "chunks"));
        // the Values tab reads only the rows it draws: frame 0 (written), then frame 2 (never written)
        Table values = waitForTable(browser.panel(), "[1]", null, 30_000);
        waitUntil(() -> String.valueOf(SparseFramesFile.value(0, 10, 7)).equals(values.getItem(10).getText(8)), 30_000,
                "the Values tab shows frame 0's values: " + values.getItem(10).getText(8));
        Spinner frameIndex = spinnerAfter(browser.panel(), "axis 0:");
        assertNotNull(frameIndex, "the Values tab has an index spinner for the frame axis");
        frameIndex.setSelection(2);
        frameIndex.notifyListeners(SWT.Selection, new Event());
        waitUntil(() -> String.valueOf(SparseFramesFile.FILL).equals(values.getItem(10).getText(8)), 30_000,
                "the Values tab shows frame 2 as the fill value: " + values.getItem(10).getText(8));

        // plot: a double-click in the tree shows frame 0 in the Plot view with the slicer
        tree.notifyListeners(SWT.DefaultSelection, selectionEvent(stack));
        waitUntil(() -> shownFrame() == 0, 60_000, "frame 0 is plotted: " + plotPanel.plot().title()
                + " / " + plotPanel.lastProblem());
        checkFrame(0, rows, columns, true);
        assertTrue(plotPanel.slicer().isVisible(), "the slicer is shown for a 3-D dataset");

        long before = usedHeapAfterGc();
        System.out.printf("3 TiB stack: heap after the first frame %.1f MB (max %.0f MB)%n", before / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6);

        // play: frames 1..8 (1 and 5 written, the others never allocated) each shown with its own values
        SlicerBar slicer = plotPanel.slicer();
        slicer.setFramesPerSecond(20);
        Map<Integer, Boolean> seen = new LinkedHashMap<>();
        slicer.setPlaying(true);
        long end = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < end && !seen.containsKey(8)) {
            Display d = Display.getCurrent();
            if (!d.readAndDispatch()) {
                d.sleep();
            }
            int f = shownFrame();
            if (f > 0 && !seen.containsKey(f)) { // show() sets data and title in one UI runnable
                seen.put(f, checkFrame(f, rows, columns, f == 1 || f == 5));
            }
        }
        slicer.setPlaying(false);
        assertTrue(seen.containsKey(8), "play reached frame 8; frames seen: " + seen.keySet() + " / "
                + plotPanel.lastProblem());
        assertTrue(seen.keySet().containsAll(List.of(1, 5)), "the written frames were shown: " + seen.keySet());
        spinUntilIdle();

        // the spinner jumps to the last frame (written) and the one before (never written)
        setSlicerIndex(slicer, 0, last);
        waitUntil(() -> shownFrame() == last, 60_000, "the last frame is plotted: " + plotPanel.plot().title());
        checkFrame(last, rows, columns, true);
        setSlicerIndex(slicer, 0, last - 1);
        waitUntil(() -> shownFrame() == last - 1, 60_000, "frame " + (last - 1) + " is plotted");
        checkFrame(last - 1, rows, columns, false);
        spinUntilIdle();

        long after = usedHeapAfterGc();
        System.out.printf("3 TiB stack: heap after %d frames played and two jumps %.1f MB (growth %.1f MB)%n",
                seen.size(), after / 1e6, (after - before) / 1e6);
        assertTrue(after - before < 48_000_000L, "the heap stays flat: " + before / 1_000_000 + " MB after the first "
                + "frame, " + after / 1_000_000 + " MB after playing (one frame is " + (4L * rows * columns) / 1_000_000
                + " MB)");
        assertTrue(ProblemsPopup.shown().isEmpty(), "no problem was reported: " + ProblemsPopup.shown());
    }

    /** Checks the plotted frame's values against the file's: written values, or the fill value everywhere. */
    private boolean checkFrame(int frame, int rows, int columns, boolean written) {
        ImageTrace t = plotPanel.plot().imageTrace();
        assertNotNull(t, "an image is shown for frame " + frame);
        NDArray data = t.data();
        assertArrayEquals(new int[] {rows, columns}, data.shape());
        int[][] probes = {{0, 0}, {10, 7}, {rows - 1, columns - 1}, {rows / 2, 3}};
        for (int[] p : probes) {
            double expected = written ? SparseFramesFile.value(frame, p[0], p[1]) : SparseFramesFile.FILL;
            assertEquals(expected, data.getDouble(p[0], p[1]), 0.0, "frame " + frame + " at " + p[0] + "," + p[1]);
        }
        return true;
    }

    /** The frame the plot shows of the file named {@link #plotted}, or -1 (another file's plot may be on show). */
    private int shownFrame() {
        String title = plotPanel.plot().title();
        if (title == null || plotted == null || !title.startsWith(plotted + ":")) {
            return -1;
        }
        Matcher m = FRAME.matcher(title);
        return m.find() && plotPanel.plot().imageTrace() != null ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Types an index into the slicer's spinner of a dimension, as a user would. */
    private static void setSlicerIndex(SlicerBar slicer, int dim, int index) {
        for (Control c : slicer.getChildren()) {
            if (c instanceof Spinner s && Integer.valueOf(dim).equals(c.getData("dim"))) {
                s.setSelection(index);
                s.notifyListeners(SWT.Selection, new Event());
                return;
            }
        }
        fail("the slicer has no spinner for dimension " + dim);
    }

    private static long usedHeapAfterGc() {
        Runtime r = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            spin(100);
            used = Math.min(used, r.totalMemory() - r.freeMemory());
        }
        return used;
    }

    // ------------------------------------------------------------------ 2. fifty damaged files at once

    @Test
    void fiftyDamagedFilesOpenedAtOnceAreEachSaidOnceAndTheWorkbenchStaysResponsive() throws Exception {
        Path data = Path.of(System.getProperty("daybreak.testdata"));
        String[] sources = {"jhdf/float_special_values_earliest.hdf5", "jhdf/float_special_values_latest.hdf5",
            "pytables/smpl_f64be.h5", "nexus-exampledata/hdf5/simple3D.h5",
            "dawn-scisoft-core/dawnsci-hdf5-test/testSWMR.h5"};
        List<Path> damaged = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            Path src = data.resolve(sources[i]);
            assertTrue(Files.isRegularFile(src), "test data missing: " + src);
            damaged.addAll(DamagedFiles.damage(src, folder, "damaged" + i));
        }
        assertEquals(50, damaged.size());
        List<Path> good = new ArrayList<>();
        for (String s : new String[] {"pytables/smpl_f64be.h5", "nexus-exampledata/hdf5/simple3D.h5",
            "nexus-exampledata/APS/EPICSareaDetector/hdf5/AgBehenate_228.hdf5"}) {
            Path copy = folder.resolve("good-" + Path.of(s).getFileName());
            Files.copy(data.resolve(s), copy);
            good.add(copy);
        }
        List<Path> batch = new ArrayList<>(damaged);
        batch.addAll(1, good.subList(0, 1));
        batch.addAll(25, good.subList(1, 2));
        batch.add(good.get(2));
        int historyBefore = ProblemsPopup.history().size();

        // a watcher thread measures UI round trips, first on the idle workbench, then while the batch opens
        Display display = Display.getCurrent();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong worstNanos = new AtomicLong();
        AtomicLong trips = new AtomicLong();
        long[] idle = roundTrips(display, 1500);
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                long t0 = System.nanoTime();
                display.syncExec(() -> {
                });
                worstNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                trips.incrementAndGet();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "UI round-trip watcher");
        watcher.setDaemon(true);
        watcher.start();
        long t0 = System.nanoTime();
        List<Path> accepted;
        try {
            accepted = OpenFiles.get().openAll(batch); // what File > Open does with 53 files selected
            waitUntil(() -> ProblemsPopup.history().size() - historyBefore >= damaged.size()
                    && !browser.panel().isBusy(), 120_000, "every damaged file was reported: "
                    + (ProblemsPopup.history().size() - historyBefore) + " of " + damaged.size());
            spin(500); // late duplicates would arrive now
        } finally {
            done.set(true);
            watcher.join(10_000);
        }
        long openMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("50 damaged + 3 good files: all settled in %d ms; worst UI round trip %.1f ms over %d trips "
                + "(idle workbench before: worst %.1f ms over %d trips)%n", openMillis, worstNanos.get() / 1e6,
                trips.get(), idle[0] / 1e6, idle[1]);
        assertEquals(batch.size(), accepted.size(), "every file exists, so the workbench takes each to its views");
        assertTrue(trips.get() > 0, "the UI round trips were measured");
        // a modal dialog per file would hold a round trip until it is closed; the bound leaves room for a machine
        // whose cores other builds share (measured 0.4-2.1 s there, tens of ms on an idle one)
        assertTrue(worstNanos.get() < 5_000_000_000L, "the UI thread answered every round trip within 5 s; worst "
                + worstNanos.get() / 1_000_000 + " ms");

        // one line per damaged file, naming it and the damage, in one modeless window
        List<String> reported = ProblemsPopup.history().subList(historyBefore, ProblemsPopup.history().size());
        assertEquals(damaged.size(), reported.size(), "one problem per damaged file, none for the good ones:\n"
                + String.join("\n", reported));
        for (Path p : damaged) {
            String name = p.toAbsolutePath().normalize().toString();
            long n = reported.stream().filter(l -> l.contains(name + ":")).count();
            assertEquals(1, n, "exactly one message names " + name + ":\n" + String.join("\n", reported));
        }
        for (String line : reported) {
            assertTrue(line.startsWith("Cannot open file: "), line);
            assertTrue(line.matches(".*(not an HDF5 file|truncated|corrupt|empty).*"), "the reason is said: " + line);
        }
        Shell problems = ProblemsPopup.shell();
        assertNotNull(problems, "the problems window is open");
        assertEquals(damaged.size(), ProblemsPopup.shown().size(), "the window lists the fifty problems");
        List<Shell> windows = new ArrayList<>();
        for (Shell s : display.getShells()) {
            if (s.isVisible() && s != PlatformUI.getWorkbench().getWorkbenchWindows()[0].getShell()) {
                windows.add(s);
            }
        }
        assertEquals(List.of(problems), windows, "one window besides the workbench's: the problems window");
        int modal = SWT.APPLICATION_MODAL | SWT.PRIMARY_MODAL | SWT.SYSTEM_MODAL;
        assertEquals(0, problems.getStyle() & modal, "the problems window does not block the workbench");

        // the good files of the batch are open and listed; the damaged ones are in no list
        for (Path g : good) {
            Path p = g.toAbsolutePath().normalize();
            assertTrue(browser.panel().files().contains(p), "good file open: " + p);
            TreeItem item = waitForItem(browser.panel().tree()::getItems, p.getFileName().toString(), 30_000);
            waitUntil(() -> item.getItemCount() > 0 && item.getItems()[0].getData() != null, 30_000,
                    "the good file " + p.getFileName() + " is listed");
        }
        for (Path p : damaged) {
            Path n = p.toAbsolutePath().normalize();
            assertFalse(browser.panel().files().contains(n), "damaged file not listed: " + n);
            assertFalse(OpenFiles.get().open().contains(n), "damaged file not among the open files: " + n);
            assertFalse(OpenFiles.get().recent().contains(n), "damaged file not among the recent files: " + n);
        }
    }

    /** Round trips to the UI thread from another thread for {@code millis}, the UI thread spinning: worst ns, count. */
    private static long[] roundTrips(Display display, long millis) throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        long[] out = new long[2];
        Thread t = new Thread(() -> {
            while (!done.get()) {
                long t0 = System.nanoTime();
                display.syncExec(() -> {
                });
                out[0] = Math.max(out[0], System.nanoTime() - t0);
                out[1]++;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "UI round-trip baseline");
        t.setDaemon(true);
        t.start();
        spin(millis);
        done.set(true);
        while (t.isAlive()) {
            spin(20);
        }
        return out;
    }

    // ------------------------------------------------------------------ 3. files that change or vanish

    @Test
    void aFileRewrittenCutShortOrDeletedWhileOpenIsReadAgainOrSaidOnce() throws Exception {
        Path file = folder.resolve("growing.h5");
        plotted = file.getFileName().toString();
        writeRows(file, 10, 0);
        OpenFiles.get().open(file);
        Tree tree = browser.panel().tree();
        TreeItem fileItem = waitForItem(tree::getItems, file.getFileName().toString(), 30_000);
        TreeItem rowsItem = waitForItem(() -> fileItem.getItems(), "rows", 30_000);
        assertTrue(rowsItem.getText().contains("  10 "), rowsItem.getText());
        tree.setSelection(rowsItem);
        tree.notifyListeners(SWT.Selection, selectionEvent(rowsItem));
        tree.notifyListeners(SWT.DefaultSelection, selectionEvent(rowsItem));
        waitUntil(() -> line() != null && line().size() == 10, 30_000, "the 10 rows are plotted");
        assertEquals(0.0, line().y()[0]);
        int historyBefore = ProblemsPopup.history().size();

        // another writer rewrites the file in place with 20 rows of other values
        Thread.sleep(20);
        writeRows(file, 20, 100);
        TreeItem[] now = new TreeItem[1];
        waitUntil(() -> {
            if (fileItem.isDisposed() || fileItem.getItemCount() == 0) {
                return false;
            }
            for (TreeItem c : fileItem.getItems()) {
                if (c.getText().startsWith("rows") && c.getText().contains("  20 ")) {
                    now[0] = c;
                    return true;
                }
            }
            return false;
        }, 30_000, "the Data Browser shows the 20 rows: " + fileItem.getText());
        assertTrue(fileItem.getText().contains("changed on disk"), fileItem.getText());
        Table details = waitForTable(browser.panel(), "property", "shape", 30_000);
        waitUntil(() -> "20".equals(cell(details, "shape")), 30_000, "the details show the new shape");
        waitUntil(() -> line() != null && line().size() == 20, 30_000, "the plot shows the 20 new rows");
        assertEquals(100.0, line().y()[0]);
        assertEquals(119.0, line().y()[19]);
        assertTrue(plotPanel.statusText().contains("changed on disk"), plotPanel.statusText());
        assertEquals(historyBefore, ProblemsPopup.history().size(), "a readable change is no problem: "
                + ProblemsPopup.history());

        // a writer half way (the file cut short): the file stays listed, said once; the plot says it is out of date
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        waitUntil(() -> fileItem.getText().contains("cannot be read now"), 30_000, "the Data Browser says the file "
                + "cannot be read now: " + fileItem.getText());
        waitUntil(() -> plotPanel.plot().title().contains("cannot be read now"), 30_000, "the plot says it is out of "
                + "date: " + plotPanel.plot().title());
        spin(2500); // two more checks: nothing more is said
        List<String> halfWay = ProblemsPopup.history().subList(historyBefore, ProblemsPopup.history().size());
        assertEquals(1, halfWay.size(), "one message for the file cut short: " + halfWay);
        assertTrue(halfWay.get(0).startsWith("Cannot read file: " + file.toAbsolutePath().normalize()), halfWay.get(0));
        assertTrue(browser.panel().files().contains(file.toAbsolutePath().normalize()), "the file stays listed");
        // the writer finishes: read again
        writeRows(file, 20, 200);
        waitUntil(() -> line() != null && line().y()[0] == 200.0, 30_000, "the plot shows the finished file");
        waitUntil(() -> fileItem.getText().contains("read again"), 30_000, "the Data Browser reads the finished "
                + "file: " + fileItem.getText());
        historyBefore = ProblemsPopup.history().size();

        // deleted on disk: said once, its contents no longer shown
        Files.delete(file);
        waitUntil(() -> fileItem.getText().contains("deleted on disk"), 30_000, "the Data Browser says the file went: "
                + fileItem.getText());
        spin(2500); // two more checks: nothing more is said
        List<String> reported = ProblemsPopup.history().subList(historyBefore, ProblemsPopup.history().size());
        assertEquals(1, reported.size(), "one message for the deleted file: " + reported);
        assertTrue(reported.get(0).startsWith("File deleted: " + file.toAbsolutePath().normalize()), reported.get(0));
        assertEquals(0, fileItem.getItemCount(), "nothing read from the deleted file is listed");
        assertTrue(plotPanel.statusText().contains("deleted on disk"), plotPanel.statusText());
        assertTrue(plotPanel.plot().title().contains("(deleted on disk)"), plotPanel.plot().title());
        assertNotNull(ProblemsPopup.shell(), "the problems window shows it");

        // it comes back: read again
        writeRows(file, 5, 7);
        waitUntil(() -> fileItem.getItemCount() > 0 && fileItem.getItems()[0].getText().startsWith("rows")
                && fileItem.getItems()[0].getText().contains("  5 "), 30_000, "the file is read again when it is back");
    }

    @Test
    void aStackRewrittenWithMoreFramesShowsTheNewValuesOfTheFrameOnShow() throws Exception {
        Path file = folder.resolve("stack.h5");
        plotted = file.getFileName().toString();
        SparseFramesFile.write(file, 8, 64, 48, new TreeSet<>(List.of(0)));
        OpenFiles.get().open(file);
        var plotter = org.daybreak.ui.services.WorkbenchServices.plotter().orElseThrow();
        plotter.plot(new org.daybreak.ui.services.WorkbenchServices.DatasetRef(file, "/entry/frames"));
        waitUntil(() -> shownFrame() == 0, 30_000, "frame 0 is plotted");
        setSlicerIndex(plotPanel.slicer(), 0, 2);
        waitUntil(() -> shownFrame() == 2, 30_000, "frame 2 is plotted");
        checkFrame(2, 64, 48, false);
        int historyBefore = ProblemsPopup.history().size();

        // the writer adds frames and writes frame 2: the plot reads the file again and keeps frame 2 on show
        Thread.sleep(20);
        SparseFramesFile.write(file, 12, 64, 48, new TreeSet<>(List.of(0, 2)));
        waitUntil(() -> shownFrame() == 2 && plotPanel.plot().imageTrace().data().getDouble(0, 0) == 2.0, 30_000,
                "frame 2 shows its new values: " + plotPanel.statusText());
        checkFrame(2, 64, 48, true);
        assertTrue(plotPanel.statusText().contains("[12 \u00d7 64 \u00d7 48]"), plotPanel.statusText());
        assertTrue(plotPanel.statusText().contains("changed on disk"), plotPanel.statusText());
        setSlicerIndex(plotPanel.slicer(), 0, 11);
        waitUntil(() -> shownFrame() == 11, 30_000, "the new last frame is plotted");
        checkFrame(11, 64, 48, false);
        assertEquals(historyBefore, ProblemsPopup.history().size(), "no problem: " + ProblemsPopup.history());
    }

    /** The one line the plot shows of the file named {@link #plotted}, or null. */
    private LineTrace line() {
        Plot p = plotPanel.plot();
        boolean ours = p.title() != null && p.title().startsWith(plotted + ":");
        return ours && p.imageTrace() == null && p.lineTraces().size() == 1 ? p.lineTraces().get(0) : null;
    }

    /** Writes {@code /rows} = first, first + 1, ... with the project's HDF5 writer (replacing the file in place). */
    private static void writeRows(Path file, int n, int first) throws IOException {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = first + i;
        }
        try (H5Writer w = H5Writer.create(file)) {
            w.dataset("/rows", NDArray.wrap(DType.FLOAT64, v, new int[] {n}));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void closeProblems() {
        Shell s = ProblemsPopup.shell();
        if (s != null) {
            s.dispose();
        }
    }

    private static Event selectionEvent(TreeItem item) {
        Event e = new Event();
        e.item = item;
        return e;
    }

    private static void expand(Tree tree, TreeItem item) {
        Event e = new Event();
        e.item = item;
        tree.notifyListeners(SWT.Expand, e);
        item.setExpanded(true);
    }

    /** Waits for an item whose text starts with {@code prefix} and is not still being opened. */
    private static TreeItem waitForItem(java.util.function.Supplier<TreeItem[]> items, String prefix, long millis) {
        TreeItem[] found = new TreeItem[1];
        waitUntil(() -> {
            for (TreeItem i : items.get()) {
                if (!i.isDisposed() && i.getText().startsWith(prefix) && !i.getText().contains("opening")) {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        }, millis, "a tree item " + prefix);
        return found[0];
    }

    private static Table waitForTable(Composite root, String header, String row, long millis) {
        Table[] found = new Table[1];
        waitUntil(() -> {
            found[0] = findTable(root, header, row);
            return found[0] != null;
        }, millis, "a table with a row " + row);
        return found[0];
    }

    /** The spinner that follows the label {@code label} among its siblings. */
    private static Spinner spinnerAfter(Composite root, String label) {
        Control[] kids = root.getChildren();
        for (int i = 0; i < kids.length; i++) {
            if (kids[i] instanceof org.eclipse.swt.widgets.Label l && label.equals(l.getText())
                    && i + 1 < kids.length && kids[i + 1] instanceof Spinner s) {
                return s;
            }
            if (kids[i] instanceof Composite k) {
                Spinner s = spinnerAfter(k, label);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    /** A table whose first column is {@code header} and, unless {@code row} is null, that has a row {@code row}. */
    private static Table findTable(Composite root, String header, String row) {
        for (Control c : root.getChildren()) {
            if (c instanceof Table t && t.getColumnCount() > 0 && header.equals(t.getColumn(0).getText())
                    && (row == null || cell(t, row) != null)) {
                return t;
            }
            if (c instanceof Composite k) {
                Table t = findTable(k, header, row);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    private static String cell(Table t, String key) {
        for (TableItem i : t.getItems()) {
            if (key.equals(i.getText(0))) {
                return i.getText(1);
            }
        }
        return null;
    }

    private static void waitUntil(BooleanSupplier condition, long millis, String what) {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("timed out after " + millis + " ms waiting for: " + what);
            }
            spin(20);
        }
    }

    private void spinUntilIdle() {
        waitUntil(() -> !plotPanel.isBusy(), 60_000, "the plot is idle");
        spin(100);
    }

    private static void spin(long millis) {
        Display d = Display.getCurrent();
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (!d.readAndDispatch()) {
                d.sleep();
                d.wake();
            }
        }
    }
}
