package org.daybreak.hdf5.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.daybreak.core.data.LazyDataset;
import org.daybreak.corr.baseband.BasebandRecording;
import org.daybreak.fits.FitsFile;
import org.daybreak.fits.FitsHdu;
import org.daybreak.fits.FitsHeader;
import org.daybreak.hdf5.H5Dataset;
import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.H5Node;
import org.daybreak.ui.FileStamp;
import org.daybreak.ui.services.WorkbenchServices.DatasetRef;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;

/**
 * The Data Browser widget: several HDF5/NeXus files as a tree (groups listed only when expanded; datasets shown
 * by their header, never read for the tree), the attributes and storage details of the selected entry, and its
 * values in a virtual table. A FITS file (one that starts with {@code SIMPLE  =}) is shown the same way through
 * org.daybreak.fits: one group per HDU under {@code /}, its header cards as the group's attributes, its arrays
 * (random-group parameters and data, images, binary-table columns) as datasets. Broken links are red with a
 * broken-link icon and a tooltip giving the reason; a group that cannot be listed shows an error entry.
 *
 * <p>What the panel cannot decide itself (plotting, closing a file in the workbench's list, showing a problem,
 * a dropped file) goes to its {@link Host}. Thread rule: call from the UI thread; file access runs on the panel's
 * two background threads and comes back by asyncExec.
 */
public final class DataBrowserPanel extends Composite {

    /** The workbench side of the panel; every method is called on the UI thread. */
    public interface Host {
        /** Double-click: a dataset, a NeXus group (NXentry/NXdata), or the file ({@code datasetPath} null). */
        default void plot(DatasetRef ref) {
        }

        /** The user asked to close a file (context menu); the default closes it in the panel only. */
        default void closeRequested(DataBrowserPanel panel, Path file) {
            panel.closeFile(file);
        }

        /** A file could not be opened (the panel has removed it) or a read failed: one sentence. */
        default void problem(String title, String message) {
        }

        /** A file could not be opened (after {@link #problem} told why); the panel has removed it. */
        default void openFailed(DataBrowserPanel panel, Path file) {
        }

        /** A file was dropped on the tree; the default opens it in the panel. */
        default void dropped(DataBrowserPanel panel, Path file) {
            panel.openFile(file);
        }
    }

    /** An open file and its tree item. */
    private static final class OpenFile {
        final Path path;
        volatile H5File h5;
        /** Set instead of {@link #h5} for a FITS file. */
        volatile FitsFile fits;
        /** Set instead of {@link #h5} for a baseband recording (VDIF, Mark 5B, PSRDADA, GUPPI RAW). */
        volatile BasebandRecording baseband;
        TreeItem item;
        /** Paths of groups to expand again after a refresh. */
        Set<String> reexpand = Set.of();
        /** The path of the entry to select again after a refresh, or null. */
        String reselect;
        /** Size, time and identity of the file when it was last read; null while it is being opened. */
        volatile FileStamp stamp;
        /** True while it is being opened (first time or again). */
        boolean opening;
        /** True while it is read again because it changed on disk: a failure keeps it listed. */
        boolean changedOnDisk;
        /** True once a failure to read it again has been reported (reported once until it reads again). */
        boolean failureReported;

        OpenFile(Path path) {
            this.path = path;
        }
    }

    /** Data of each tree item. */
    private record ItemData(OpenFile file, BrowserEntry entry) {
    }

    /** How often the open files are checked for changes on disk, in milliseconds. */
    static final int WATCH_MILLIS = 1000;

    private final ExecutorService executor;
    private final AtomicInteger busy = new AtomicInteger();
    private final Icons icons;
    private final Color brokenColor;
    private final Tree tree;
    private final Table attributes;
    private final Table details;
    private final ValueTable values;
    private final Map<Path, OpenFile> files = new LinkedHashMap<>();
    /** True while the open files' stamps are being checked. */
    private boolean watching;
    private Host host = new Host() {
    };
    private long selectionGeneration;
    private String lastProblem;

    public DataBrowserPanel(Composite parent, int style) {
        super(parent, style);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "Data Browser reader");
            t.setDaemon(true);
            return t;
        });
        icons = new Icons(getDisplay());
        brokenColor = new Color(getDisplay(), 200, 0, 0);
        setLayout(new FillLayout());
        SashForm sash = new SashForm(this, SWT.VERTICAL);
        tree = new Tree(sash, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
        TabFolder tabs = new TabFolder(sash, SWT.TOP);
        attributes = table(tabs, "Attributes", "name", 160, "value", 400);
        details = table(tabs, "Details", "property", 160, "value", 400);
        TabItem valuesTab = new TabItem(tabs, SWT.NONE);
        valuesTab.setText("Values");
        values = new ValueTable(tabs, executor);
        valuesTab.setControl(values);
        sash.setWeights(60, 40);

        tree.addListener(SWT.Expand, e -> expandItem((TreeItem) e.item));
        tree.addListener(SWT.Selection, e -> showSelected());
        tree.addListener(SWT.DefaultSelection, e -> activate((TreeItem) e.item));
        tree.addListener(SWT.MouseHover, e -> {
            TreeItem item = tree.getItem(new Point(e.x, e.y));
            BrowserEntry en = item == null ? null : entry(item);
            tree.setToolTipText(en == null ? null : tooltip(en));
        });
        tree.addListener(SWT.MouseExit, e -> tree.setToolTipText(null));
        createMenu();
        DropTarget drop = new DropTarget(tree, DND.DROP_COPY | DND.DROP_DEFAULT | DND.DROP_MOVE | DND.DROP_LINK);
        drop.setTransfer(new Transfer[] {FileTransfer.getInstance()});
        drop.addDropListener(new DropTargetAdapter() {
            @Override
            public void dragEnter(DropTargetEvent event) {
                if (event.detail == DND.DROP_DEFAULT || event.detail == DND.DROP_MOVE) {
                    event.detail = DND.DROP_COPY;
                }
            }

            @Override
            public void drop(DropTargetEvent event) {
                if (event.data instanceof String[] names) {
                    for (String n : names) {
                        host.dropped(DataBrowserPanel.this, Path.of(n));
                    }
                }
            }
        });
        getDisplay().timerExec(WATCH_MILLIS, this::watch);
        addDisposeListener(e -> {
            executor.shutdownNow();
            for (OpenFile f : files.values()) {
                closeQuietly(f.h5);
                if (f.fits != null) {
                    f.fits.close();
                }
                closeQuietly(f.baseband);
            }
            files.clear();
            icons.dispose();
            brokenColor.dispose();
        });
    }

    private static Table table(TabFolder tabs, String title, String c0, int w0, String c1, int w1) {
        TabItem tab = new TabItem(tabs, SWT.NONE);
        tab.setText(title);
        Table t = new Table(tabs, SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI);
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        TableColumn a = new TableColumn(t, SWT.LEFT);
        a.setText(c0);
        a.setWidth(w0);
        TableColumn b = new TableColumn(t, SWT.LEFT);
        b.setText(c1);
        b.setWidth(w1);
        tab.setControl(t);
        return t;
    }

    public void setHost(Host host) {
        this.host = host == null ? new Host() {
        } : host;
    }

    public Tree tree() {
        return tree;
    }

    /** True while files are being opened or groups listed or values read (for tests and busy cursors). */
    public boolean isBusy() {
        return busy.get() > 0;
    }

    /** The last problem given to the host, or {@code null}. */
    public String lastProblem() {
        return lastProblem;
    }

    public List<Path> files() {
        return List.copyOf(files.keySet());
    }

    // ------------------------------------------------------------------ files

    /**
     * Opens a file (off the UI thread) and lists its root group; a file already open is selected instead. A file
     * that fails to open is removed again and reported to the host in one sentence.
     */
    public void openFile(Path file) {
        Path p = file.toAbsolutePath().normalize();
        OpenFile existing = files.get(p);
        if (existing != null) {
            tree.setSelection(existing.item);
            showSelected();
            return;
        }
        OpenFile f = new OpenFile(p);
        files.put(p, f);
        f.item = new TreeItem(tree, SWT.NONE);
        f.item.setText(p.getFileName() + "  (opening\u2026)");
        f.item.setImage(icons.get(Icons.Kind.FILE));
        f.item.setData(new ItemData(f, new BrowserEntry(BrowserEntry.Kind.FILE, "/", null, null, null, null, null,
                true)));
        openInBackground(f);
    }

    private void openInBackground(OpenFile f) {
        f.opening = true;
        background(() -> {
            FileStamp stamp = FileStamp.of(f.path); // before reading: a change while it is read is seen later
            try {
                boolean hdf5 = H5File.startsWithSignature(f.path);
                if (!hdf5 && FitsFile.isFits(f.path)) {
                    openFits(f, stamp);
                    return;
                }
                if (!hdf5 && BasebandRecording.isRecording(f.path)) {
                    openBaseband(f, stamp);
                    return;
                }
                H5File h5 = H5File.open(f.path);
                ui(() -> {
                    if (files.get(f.path) != f || f.item.isDisposed()) {
                        closeQuietly(h5);
                        return;
                    }
                    f.h5 = h5;
                    opened(f, stamp);
                    f.item.setData(new ItemData(f, new BrowserEntry(BrowserEntry.Kind.FILE, "/", null, null, null,
                            null, null, true)));
                    new TreeItem(f.item, SWT.NONE).setText("listing\u2026");
                    expandItem(f.item);
                    f.item.setExpanded(true);
                    if (tree.getSelectionCount() == 0) {
                        tree.setSelection(f.item);
                        showSelected();
                    }
                });
            } catch (IOException | RuntimeException e) {
                String message = e instanceof java.nio.file.NoSuchFileException ? f.path + ": no such file"
                        : e.getMessage() == null ? f.path + ": " + e : e.getMessage();
                ui(() -> {
                    f.opening = false;
                    if (files.get(f.path) == f && f.changedOnDisk && !f.item.isDisposed()) {
                        // changed on disk and not readable now (a writer half way?): stays listed, read again
                        // at its next change; said once
                        f.stamp = stamp;
                        f.item.setText(f.path.getFileName() + "  (changed on disk; cannot be read now)");
                        if (!f.failureReported) {
                            f.failureReported = true;
                            problem("Cannot read file", message + " (it changed on disk; it is read again when it "
                                    + "changes)");
                        }
                        return;
                    }
                    if (files.get(f.path) == f) {
                        files.remove(f.path);
                        f.item.dispose();
                    }
                    problem("Cannot open file", message);
                    host.openFailed(this, f.path);
                });
            }
        });
    }

    /** Opens a FITS file on a background thread (the caller's); errors go to the caller's handler. */
    private void openFits(OpenFile f, FileStamp stamp) throws IOException {
        FitsFile fits = FitsFile.open(f.path);
        ui(() -> {
            if (files.get(f.path) != f || f.item.isDisposed()) {
                fits.close();
                return;
            }
            f.fits = fits;
            opened(f, stamp);
            new TreeItem(f.item, SWT.NONE).setText("listing\u2026");
            expandItem(f.item);
            f.item.setExpanded(true);
            if (tree.getSelectionCount() == 0) {
                tree.setSelection(f.item);
                showSelected();
            }
        });
    }

    /** Opens a baseband recording on a background thread (the caller's); errors go to the caller's handler. */
    private void openBaseband(OpenFile f, FileStamp stamp) throws IOException {
        BasebandRecording rec = BasebandRecording.open(f.path);
        ui(() -> {
            if (files.get(f.path) != f || f.item.isDisposed()) {
                closeQuietly(rec);
                return;
            }
            f.baseband = rec;
            opened(f, stamp);
            new TreeItem(f.item, SWT.NONE).setText("listing\u2026");
            expandItem(f.item);
            f.item.setExpanded(true);
            if (tree.getSelectionCount() == 0) {
                tree.setSelection(f.item);
                showSelected();
            }
        });
    }

    /** The file was read (first time or again): its stamp, and its label saying when it was read again. */
    private static void opened(OpenFile f, FileStamp stamp) {
        f.opening = false;
        f.stamp = stamp;
        f.failureReported = false;
        f.item.setText(f.changedOnDisk ? f.path.getFileName() + "  (changed on disk; read again at "
                + java.time.LocalTime.now().withNano(0) + ")" : f.path.getFileName().toString());
    }

    private static boolean isOpen(OpenFile f) {
        return f.h5 != null || f.fits != null || f.baseband != null;
    }

    /** Closes a file: its tree item goes, its HDF5 (or FITS) file is closed. */
    public void closeFile(Path file) {
        Path p = file.toAbsolutePath().normalize();
        OpenFile f = files.remove(p);
        if (f == null) {
            return;
        }
        if (!f.item.isDisposed()) {
            f.item.dispose();
        }
        closeQuietly(f.h5);
        if (f.fits != null) {
            f.fits.close();
        }
        closeQuietly(f.baseband);
        showSelected();
    }

    /**
     * Re-opens a file and lists it again, keeping the groups that were expanded open (a growing SWMR file then
     * shows its new frames and entries).
     */
    public void refreshFile(Path file) {
        Path p = file.toAbsolutePath().normalize();
        OpenFile f = files.get(p);
        if (f == null) {
            return;
        }
        Set<String> expanded = new HashSet<>();
        collectExpanded(f.item, expanded);
        TreeItem[] sel = tree.getSelection();
        f.reselect = sel.length > 0 && sel[0].getData() instanceof ItemData d && d.file() == f
                && sel[0] != f.item ? d.entry().path() : null;
        closeQuietly(f.h5);
        f.h5 = null;
        if (f.fits != null) {
            f.fits.close();
            f.fits = null;
        }
        closeQuietly(f.baseband);
        f.baseband = null;
        f.reexpand = expanded;
        for (TreeItem c : f.item.getItems()) {
            c.dispose();
        }
        f.item.setText(p.getFileName() + "  (opening\u2026)");
        showSelected(); // nothing read from the old file stays on show
        openInBackground(f);
    }

    // ------------------------------------------------------------------ changes on disk

    /**
     * Every {@value #WATCH_MILLIS} ms: checks the open files' size, time and identity off the UI thread. A file
     * that changed (rewritten, appended to, replaced) is read again with its groups kept open and its label saying
     * so; a file deleted on disk is closed, its tree emptied, and that is said once.
     */
    private void watch() {
        if (isDisposed()) {
            return;
        }
        getDisplay().timerExec(WATCH_MILLIS, this::watch);
        if (watching) {
            return;
        }
        List<OpenFile> check = new ArrayList<>();
        for (OpenFile f : files.values()) {
            if (f.stamp != null && !f.opening) {
                check.add(f);
            }
        }
        if (check.isEmpty()) {
            return;
        }
        watching = true;
        try {
            executor.execute(() -> {
                Map<OpenFile, FileStamp> now = new java.util.HashMap<>();
                for (OpenFile f : check) {
                    now.put(f, FileStamp.of(f.path));
                }
                if (!isDisposed()) {
                    getDisplay().asyncExec(() -> {
                        watching = false;
                        if (!isDisposed()) {
                            now.forEach(this::checkStamp);
                        }
                    });
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            watching = false;
        }
    }

    private void checkStamp(OpenFile f, FileStamp now) {
        if (files.get(f.path) != f || f.item.isDisposed() || f.opening || now.equals(f.stamp)) {
            return;
        }
        if (!now.exists()) {
            f.stamp = now;
            closeQuietly(f.h5);
            f.h5 = null;
            if (f.fits != null) {
                f.fits.close();
                f.fits = null;
            }
            closeQuietly(f.baseband);
            f.baseband = null;
            for (TreeItem c : f.item.getItems()) {
                c.dispose();
            }
            f.item.setText(f.path.getFileName() + "  (deleted on disk)");
            f.item.setForeground(brokenColor);
            showSelected();
            problem("File deleted", f.path + " was deleted on disk; the Data Browser no longer shows its contents "
                    + "(it is read again if it comes back)");
            return;
        }
        f.changedOnDisk = true;
        f.item.setForeground(null);
        refreshFile(f.path);
    }

    private static void collectExpanded(TreeItem item, Set<String> out) {
        if (item.getExpanded() && item.getData() instanceof ItemData d) {
            out.add(d.entry().path());
            for (TreeItem c : item.getItems()) {
                collectExpanded(c, out);
            }
        }
    }

    private static void closeQuietly(BasebandRecording rec) {
        if (rec != null) {
            try {
                rec.close();
            } catch (IOException | RuntimeException e) {
                // nothing left to release
            }
        }
    }

    private static void closeQuietly(H5File h5) {
        if (h5 != null) {
            try {
                h5.close();
            } catch (RuntimeException e) {
                // closing a file that failed half way: nothing left to release
            }
        }
    }

    // ------------------------------------------------------------------ listing

    private void expandItem(TreeItem item) {
        if (!(item.getData() instanceof ItemData d) || !isOpen(d.file())) {
            return;
        }
        TreeItem[] kids = item.getItems();
        if (kids.length != 1 || kids[0].getData() != null) {
            return; // listed already (or being listed: the placeholder carries a marker)
        }
        TreeItem placeholder = kids[0];
        placeholder.setData(new ItemData(d.file(), new BrowserEntry(BrowserEntry.Kind.PLACEHOLDER, d.entry().path(),
                null, null, null, null, null, false)));
        H5File h5 = d.file().h5;
        FitsFile fits = d.file().fits;
        BasebandRecording rec = d.file().baseband;
        String groupPath = d.entry().path();
        background(() -> {
            List<BrowserEntry> entries = fits != null ? listFits(fits, groupPath)
                    : rec != null ? listBaseband(rec, groupPath) : list(h5, groupPath);
            ui(() -> {
                if (item.isDisposed() || d.file().h5 != h5 || d.file().fits != fits || d.file().baseband != rec) {
                    return;
                }
                tree.setRedraw(false);
                try {
                    placeholder.dispose();
                    for (BrowserEntry e : entries) {
                        addItem(item, d.file(), e);
                    }
                } finally {
                    tree.setRedraw(true);
                }
            });
        });
    }

    private void addItem(TreeItem parent, OpenFile f, BrowserEntry e) {
        TreeItem it = new TreeItem(parent, SWT.NONE);
        it.setText(e.label());
        it.setImage(icons.get(e.icon()));
        it.setData(new ItemData(f, e));
        if (e.path().equals(f.reselect)) {
            f.reselect = null;
            tree.setSelection(it);
            showSelected();
        }
        if (e.kind() == BrowserEntry.Kind.BROKEN_LINK || e.kind() == BrowserEntry.Kind.ERROR) {
            it.setForeground(brokenColor);
        }
        if (e.group()) {
            new TreeItem(it, SWT.NONE).setText("listing\u2026");
            if (f.reexpand.contains(e.path())) {
                expandItem(it);
                it.setExpanded(true);
            }
        }
    }

    /**
     * The entries of a group, read from metadata only: a dataset's header gives its shape and type, a group's
     * attributes its NeXus class. A group that cannot be listed gives one error entry.
     */
    static List<BrowserEntry> list(H5File h5, String groupPath) {
        List<BrowserEntry> out = new ArrayList<>();
        List<H5Node> nodes;
        try {
            nodes = h5.children(groupPath);
        } catch (IOException | RuntimeException e) {
            out.add(new BrowserEntry(BrowserEntry.Kind.ERROR, groupPath.equals("/") ? "/(cannot list)"
                    : groupPath + "/(cannot list)", null, null, null, null, message(e), false));
            return out;
        }
        for (H5Node n : nodes) {
            out.add(describe(h5, n));
        }
        return out;
    }

    /**
     * The entries of a FITS "group": under {@code /} one group per HDU, under {@code /HDU} its datasets (shape and
     * type from the header; nothing is read).
     */
    static List<BrowserEntry> listFits(FitsFile fits, String groupPath) {
        List<BrowserEntry> out = new ArrayList<>();
        if (groupPath.equals("/")) {
            for (FitsHdu h : fits.hdus()) {
                out.add(new BrowserEntry(BrowserEntry.Kind.GROUP, "/" + h.name(), null, null, null, null, null, true));
            }
            return out;
        }
        FitsHdu h = fits.hdu(groupPath.substring(1));
        if (h != null) {
            for (Map.Entry<String, LazyDataset> e : h.datasets().entrySet()) {
                LazyDataset ds = e.getValue();
                out.add(new BrowserEntry(BrowserEntry.Kind.DATASET, groupPath + "/" + e.getKey(), ds.shape(),
                        FitsFile.numpyDtype(ds), null, null, null, false));
            }
        }
        return out;
    }

    /** The entries of a recording: its datasets under {@code /} (shape from the headers; nothing is decoded). */
    static List<BrowserEntry> listBaseband(BasebandRecording rec, String groupPath) {
        List<BrowserEntry> out = new ArrayList<>();
        if (groupPath.equals("/")) {
            for (Map.Entry<String, LazyDataset> e : rec.datasets().entrySet()) {
                out.add(new BrowserEntry(BrowserEntry.Kind.DATASET, "/" + e.getKey(), e.getValue().shape(), "<f4",
                        null, null, null, false));
            }
        }
        return out;
    }

    private static BrowserEntry describe(H5File h5, H5Node n) {
        String path = n.path();
        String linkText = n.isLink() ? (n.linkFile() != null ? n.linkFile() + ":" : "") + n.linkTarget() : null;
        if (n.isLink() && n.isBroken()) {
            return new BrowserEntry(BrowserEntry.Kind.BROKEN_LINK, path, null, null, null, linkText, n.problem(), false);
        }
        try {
            H5Node.Kind kind = n.isLink() ? h5.node(path).kind() : n.kind();
            switch (kind) {
                case DATASET -> {
                    H5Dataset ds = h5.dataset(path);
                    int[] shape = ds.isEmpty() ? new int[] {0} : ds.shape();
                    return new BrowserEntry(n.isLink() ? BrowserEntry.Kind.LINK : BrowserEntry.Kind.DATASET, path,
                            shape, ds.numpyDtype(), null, linkText, null, false);
                }
                case GROUP -> {
                    String nx = null;
                    try {
                        Object v = h5.attribute(path, "NX_class");
                        nx = v == null ? null : String.valueOf(v);
                    } catch (IOException | RuntimeException e) {
                        // no readable class: a plain group
                    }
                    return new BrowserEntry(n.isLink() ? BrowserEntry.Kind.LINK : BrowserEntry.Kind.GROUP, path, null,
                            null, nx, linkText, null, true);
                }
                default -> {
                    return new BrowserEntry(n.isLink() ? BrowserEntry.Kind.LINK : BrowserEntry.Kind.DATATYPE, path,
                            null, null, null, linkText, null, false);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new BrowserEntry(BrowserEntry.Kind.ERROR, path, null, null, null, linkText, message(e), false);
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
    }

    static String tooltip(BrowserEntry e) {
        return switch (e.kind()) {
            case BROKEN_LINK -> "Broken link to " + e.linkText() + ": " + e.problem();
            case ERROR -> "Cannot read: " + e.problem();
            case LINK -> "Link to " + e.linkText();
            default -> e.path();
        };
    }

    // ------------------------------------------------------------------ selection and details

    private static BrowserEntry entry(TreeItem item) {
        return item.getData() instanceof ItemData d ? d.entry() : null;
    }

    /** The selected dataset, NeXus group or file, for scripts (WorkbenchServices.DataSelection). */
    public Optional<DatasetRef> selected() {
        TreeItem[] sel = tree.getSelection();
        if (sel.length == 0 || !(sel[0].getData() instanceof ItemData d)) {
            return Optional.empty();
        }
        return switch (d.entry().kind()) {
            case FILE -> Optional.of(new DatasetRef(d.file().path, null));
            case DATASET, GROUP, LINK -> Optional.of(new DatasetRef(d.file().path, d.entry().path()));
            default -> Optional.empty();
        };
    }

    private void activate(TreeItem item) {
        if (item == null || !(item.getData() instanceof ItemData d)) {
            return;
        }
        BrowserEntry e = d.entry();
        if (d.file().baseband != null && e.kind() == BrowserEntry.Kind.FILE) {
            problem("Cannot plot " + e.name(), "a baseband recording has no default plot; double-click one of its "
                    + "datasets, or open it in the Correlator view for its waterfall and band-pass");
            return;
        }
        if (d.file().fits != null && e.kind() == BrowserEntry.Kind.FILE) {
            problem("Cannot plot " + e.name(), "a FITS file has no default plot; double-click one of its datasets");
            return;
        }
        if (e.kind() == BrowserEntry.Kind.FILE) {
            host.plot(new DatasetRef(d.file().path, null));
        } else if (e.isDataset()) {
            host.plot(new DatasetRef(d.file().path, e.path()));
        } else if (e.group() && ("NXentry".equals(e.nxClass()) || "NXdata".equals(e.nxClass())
                || "NXsubentry".equals(e.nxClass()))) {
            host.plot(new DatasetRef(d.file().path, e.path()));
        } else if (e.group()) {
            if (!item.getExpanded()) {
                expandItem(item);
            }
            item.setExpanded(!item.getExpanded());
        } else if (e.kind() == BrowserEntry.Kind.BROKEN_LINK || e.kind() == BrowserEntry.Kind.ERROR) {
            problem("Cannot plot " + e.name(), tooltip(e));
        }
    }

    private void showSelected() {
        long gen = ++selectionGeneration;
        attributes.removeAll();
        details.removeAll();
        TreeItem[] sel = tree.getSelection();
        if (sel.length == 0 || !(sel[0].getData() instanceof ItemData d) || !isOpen(d.file())) {
            values.show(null);
            return;
        }
        BrowserEntry e = d.entry();
        H5File h5 = d.file().h5;
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"file", d.file().path.toString()});
        rows.add(new String[] {"path", e.path()});
        if (e.linkText() != null) {
            rows.add(new String[] {"link target", e.linkText()});
        }
        if (e.problem() != null) {
            rows.add(new String[] {"problem", e.problem()});
        }
        fillTable(details, rows);
        if (e.kind() == BrowserEntry.Kind.BROKEN_LINK || e.kind() == BrowserEntry.Kind.ERROR
                || e.kind() == BrowserEntry.Kind.PLACEHOLDER) {
            values.show(null);
            return;
        }
        if (d.file().fits != null) {
            showFits(gen, d.file().fits, e, rows);
            return;
        }
        if (d.file().baseband != null) {
            showBaseband(d.file().baseband, e, rows);
            return;
        }
        background(() -> {
            Map<String, Object> attrs;
            String attrProblem = null;
            try {
                attrs = h5.attributes(e.path());
            } catch (IOException | RuntimeException ex) {
                attrs = Map.of();
                attrProblem = message(ex);
            }
            H5Dataset ds = null;
            List<String[]> more = new ArrayList<>();
            if (e.isDataset()) {
                try {
                    ds = h5.dataset(e.path());
                    more.addAll(datasetDetails(ds));
                } catch (IOException | RuntimeException ex) {
                    more.add(new String[] {"problem", message(ex)});
                }
            }
            Map<String, Object> a = attrs;
            String ap = attrProblem;
            H5Dataset dataset = ds;
            ui(() -> {
                if (gen != selectionGeneration) {
                    return;
                }
                List<String[]> arows = new ArrayList<>();
                a.forEach((k, v) -> arows.add(new String[] {k, valueText(v)}));
                if (ap != null) {
                    arows.add(new String[] {"(problem)", ap});
                }
                fillTable(attributes, arows);
                List<String[]> all = new ArrayList<>(rows);
                all.addAll(more);
                fillTable(details, all);
                values.show(dataset);
            });
        });
    }

    /**
     * A FITS entry: an HDU group shows its header cards as attributes ("value / comment") and its kind and offsets
     * as details; a dataset shows shape, type and unit, and its values.
     */
    private void showFits(long gen, FitsFile fits, BrowserEntry e, List<String[]> rows) {
        List<String[]> arows = new ArrayList<>();
        List<String[]> all = new ArrayList<>(rows);
        LazyDataset dataset = null;
        String p = e.path();
        String hduName = p.equals("/") ? null : p.substring(1).contains("/")
                ? p.substring(1, p.indexOf('/', 1)) : p.substring(1);
        FitsHdu hdu = hduName == null ? null : fits.hdu(hduName);
        all.add(new String[] {"format", "FITS"});
        if (hdu == null) {
            all.add(new String[] {"HDUs", String.valueOf(fits.hdus().size())});
        } else if (!e.isDataset()) {
            all.add(new String[] {"HDU", hdu.index() + " (" + hdu.kind() + ")"});
            all.add(new String[] {"header offset", String.valueOf(hdu.headerOffset())});
            all.add(new String[] {"data offset", String.valueOf(hdu.dataOffset())});
            all.add(new String[] {"data size", BrowserEntry.bytesText(hdu.dataBytes())});
            for (FitsHeader.Card c : hdu.cards()) {
                // logicals as FITS writes them (T/F); strings without their quotes
                String v = c.value() == null ? "" : c.value() instanceof Boolean bo ? (bo ? "T" : "F")
                        : valueText(c.value());
                arows.add(new String[] {c.keyword(), c.comment() == null || c.comment().isEmpty() ? v
                        : v + "  / " + c.comment()});
            }
        } else {
            String name = p.substring(p.lastIndexOf('/') + 1);
            dataset = hdu.dataset(name);
            if (dataset != null) {
                all.add(new String[] {"shape", BrowserEntry.shapeText(dataset.shape())});
                all.add(new String[] {"type", FitsFile.numpyDtype(dataset) + " (" + dataset.dtype() + ")"});
                String unit = hdu.units().get(name);
                if (unit != null) {
                    all.add(new String[] {"unit", unit});
                }
                all.add(new String[] {"HDU", hdu.index() + " (" + hdu.kind() + ")"});
                all.add(new String[] {"axis order", "C order: FITS axes reversed (NAXIS1 last)"});
            }
        }
        if (gen != selectionGeneration) {
            return;
        }
        fillTable(attributes, arows);
        fillTable(details, all);
        values.show(dataset);
    }

    /**
     * A baseband entry: the file shows the recording's summary and header values as attributes; a dataset its
     * shape, type and axis meaning, and its values (decoded on demand, block by block).
     */
    private void showBaseband(BasebandRecording rec, BrowserEntry e, List<String[]> rows) {
        List<String[]> arows = new ArrayList<>();
        List<String[]> all = new ArrayList<>(rows);
        all.add(new String[] {"format", rec.info().format() + " (baseband recording)"});
        LazyDataset dataset = null;
        if (!e.isDataset()) {
            rec.attributes().forEach((k, v) -> arows.add(new String[] {k, valueText(v)}));
        } else {
            dataset = rec.dataset(e.path());
            if (dataset != null) {
                all.add(new String[] {"shape", BrowserEntry.shapeText(dataset.shape())});
                all.add(new String[] {"type", "<f4 (decoded levels; docs/baseband.md)"});
                all.add(new String[] {"axes", dataset.rank() == 4 ? "sample, stream, pol, re/im" : "sample, pol, re/im"});
            }
        }
        fillTable(attributes, arows);
        fillTable(details, all);
        values.show(dataset);
    }

    /** Shape, type, layout, chunking, filters, sizes of a dataset (header only). */
    static List<String[]> datasetDetails(H5Dataset ds) {
        List<String[]> r = new ArrayList<>();
        r.add(new String[] {"shape", ds.isEmpty() ? "empty (null dataspace)" : BrowserEntry.shapeText(ds.shape())});
        r.add(new String[] {"type", ds.numpyDtype() + " (" + ds.dtype() + ")"});
        r.add(new String[] {"layout", ds.layout()});
        int[] chunks = ds.chunks();
        r.add(new String[] {"chunks", chunks == null ? "none" : BrowserEntry.shapeText(chunks)});
        List<String> filters = ds.filters();
        r.add(new String[] {"filters", filters.isEmpty() ? "none" : String.join(", ", filters)});
        long stored = ds.storageSize();
        long raw = ds.rawSize();
        r.add(new String[] {"stored size", BrowserEntry.bytesText(stored)});
        r.add(new String[] {"raw size", BrowserEntry.bytesText(raw)});
        if (stored > 0 && raw > 0) {
            r.add(new String[] {"compression ratio", String.format(java.util.Locale.ROOT, "%.2f", (double) raw / stored)});
        }
        return r;
    }

    static String valueText(Object v) {
        if (v instanceof List<?> l && l.size() == 1 && !(l.get(0) instanceof List<?>)) {
            return String.valueOf(l.get(0));
        }
        return String.valueOf(v);
    }

    private static void fillTable(Table t, List<String[]> rows) {
        t.setRedraw(false);
        try {
            t.removeAll();
            for (String[] r : rows) {
                new TableItem(t, SWT.NONE).setText(r);
            }
        } finally {
            t.setRedraw(true);
        }
    }

    /** The details table (property, value) of the selection, for tests. */
    Table detailsTable() {
        return details;
    }

    Table attributesTable() {
        return attributes;
    }

    ValueTable valueTable() {
        return values;
    }

    // ------------------------------------------------------------------ menu, threads

    private void createMenu() {
        Menu menu = new Menu(tree);
        MenuItem plot = new MenuItem(menu, SWT.PUSH);
        plot.setText("Plot");
        plot.addListener(SWT.Selection, e -> {
            TreeItem[] sel = tree.getSelection();
            if (sel.length > 0) {
                activate(sel[0]);
            }
        });
        MenuItem refresh = new MenuItem(menu, SWT.PUSH);
        refresh.setText("Refresh file");
        refresh.addListener(SWT.Selection, e -> selectedFile().ifPresent(this::refreshFile));
        MenuItem close = new MenuItem(menu, SWT.PUSH);
        close.setText("Close file");
        close.addListener(SWT.Selection, e -> selectedFile().ifPresent(p -> host.closeRequested(this, p)));
        tree.setMenu(menu);
    }

    private Optional<Path> selectedFile() {
        TreeItem[] sel = tree.getSelection();
        if (sel.length == 0 || !(sel[0].getData() instanceof ItemData d)) {
            return Optional.empty();
        }
        return Optional.of(d.file().path);
    }

    private void problem(String title, String message) {
        lastProblem = title + ": " + message;
        host.problem(title, message);
    }

    private void background(Runnable r) {
        busy.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    r.run();
                } finally {
                    busy.decrementAndGet();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            busy.decrementAndGet();
        }
    }

    private void ui(Runnable r) {
        if (!isDisposed()) {
            busy.incrementAndGet();
            try {
                getDisplay().asyncExec(() -> {
                    try {
                        if (!isDisposed()) {
                            r.run();
                        }
                    } finally {
                        busy.decrementAndGet();
                    }
                });
            } catch (org.eclipse.swt.SWTException e) {
                busy.decrementAndGet();
            }
        }
    }
}
