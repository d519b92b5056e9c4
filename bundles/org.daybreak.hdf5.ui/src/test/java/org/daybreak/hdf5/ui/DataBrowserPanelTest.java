package org.daybreak.hdf5.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.daybreak.ui.services.WorkbenchServices.DatasetRef;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Data Browser panel under plain SWT with real files from the shared test data. */
class DataBrowserPanelTest {
    private Display display;
    private Shell shell;
    private DataBrowserPanel panel;
    private final List<DatasetRef> plotted = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    static Path testdata() {
        String p = System.getProperty("daybreak.testdata");
        Path dir = p != null ? Path.of(p) : Path.of("../../../shared/testdata");
        if (!Files.isDirectory(dir)) {
            fail("test data folder " + dir.toAbsolutePath() + " is missing (set -Ddaybreak.testdata)");
        }
        return dir;
    }

    static Path file(String relative) {
        Path f = testdata().resolve(relative);
        if (!Files.isRegularFile(f)) {
            fail("test file " + f + " is missing");
        }
        return f;
    }

    @BeforeEach
    void setUp() {
        display = Display.getDefault();
        shell = new Shell(display);
        shell.setLayout(new FillLayout());
        shell.setSize(700, 720);
        panel = new DataBrowserPanel(shell, SWT.NONE);
        panel.setHost(new DataBrowserPanel.Host() {
            @Override
            public void plot(DatasetRef ref) {
                plotted.add(ref);
            }

            @Override
            public void problem(String title, String message) {
                problems.add(title + ": " + message);
            }
        });
        shell.open();
    }

    @AfterEach
    void tearDown() {
        shell.dispose();
    }

    private void pumpUntil(BooleanSupplier done, String what) {
        long end = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < end) {
            for (int i = 0; i < 1000 && display.readAndDispatch(); i++) {
                // drain
            }
            if (done.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        fail("timed out waiting for " + what);
    }

    private void settle() {
        pumpUntil(() -> !panel.isBusy(), "the panel's background work");
        for (int i = 0; i < 1000 && display.readAndDispatch(); i++) {
            // drain
        }
    }

    private static TreeItem child(TreeItem parent, String name) {
        for (TreeItem c : parent.getItems()) {
            if (c.getData() != null && c.getText().startsWith(name + " ") || c.getText().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static BrowserEntry entry(TreeItem item) {
        return item.getData() instanceof Object o ? (BrowserEntry) invokeEntry(o) : null;
    }

    private static Object invokeEntry(Object itemData) {
        try {
            var m = itemData.getClass().getDeclaredMethod("entry");
            m.setAccessible(true);
            return m.invoke(itemData);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private void expand(TreeItem item) {
        Event e = new Event();
        e.item = item;
        panel.tree().notifyListeners(SWT.Expand, e);
        item.setExpanded(true);
        settle();
    }

    private void select(TreeItem item) {
        panel.tree().setSelection(item);
        panel.tree().notifyListeners(SWT.Selection, new Event());
        settle();
    }

    private String detail(String property) {
        for (TableItem it : panel.detailsTable().getItems()) {
            if (it.getText(0).equals(property)) {
                return it.getText(1);
            }
        }
        return null;
    }

    @Test
    void brokenExternalLinkIsShownBrokenWithItsReason() {
        Path f = file("dawn-scisoft-core/NexusLoaderTest/missinglink.h5");
        panel.openFile(f);
        settle();
        assertEquals(1, panel.tree().getItemCount());
        TreeItem root = panel.tree().getItem(0);
        TreeItem ext = child(root, "ext");
        assertNotNull(ext, "the external link 'ext' is listed");
        BrowserEntry e = entry(ext);
        assertEquals(BrowserEntry.Kind.BROKEN_LINK, e.kind());
        assertEquals(Icons.Kind.BROKEN_LINK, e.icon());
        assertNotNull(ext.getImage(), "broken links have an icon");
        assertEquals(new RGB(200, 0, 0), ext.getForeground().getRGB(), "broken links are drawn red");
        assertTrue(ext.getText().contains("missing.h5:/target"), ext.getText());
        assertTrue(ext.getText().contains("broken"), ext.getText());
        String tip = DataBrowserPanel.tooltip(e);
        assertTrue(tip.contains("missing.h5") && tip.contains("not found"), tip);
        select(ext);
        assertTrue(detail("problem").contains("missing.h5"), detail("problem"));
        // double-click on a broken link reports it instead of plotting
        panel.tree().notifyListeners(SWT.DefaultSelection, eventFor(ext));
        assertTrue(plotted.isEmpty());
        assertEquals(1, problems.size());
        shot("browser-missinglink");
    }

    private static Event eventFor(TreeItem item) {
        Event e = new Event();
        e.item = item;
        return e;
    }

    @Test
    void detectorFileTreeDetailsAndValues() {
        Path f = file("nexus-exampledata/APS/EPICSareaDetector/hdf5/AgBehenate_228.hdf5");
        panel.openFile(f);
        settle();
        TreeItem root = panel.tree().getItem(0);
        TreeItem entry = child(root, "entry");
        assertNotNull(entry);
        assertEquals("NXentry", entry(entry).nxClass());
        assertEquals(Icons.Kind.NXENTRY, entry(entry).icon());
        // not listed until expanded: one placeholder child
        assertEquals(1, entry.getItemCount());
        assertNull(entry.getItem(0).getData());
        expand(entry);
        TreeItem data = child(entry, "data");
        assertEquals(Icons.Kind.NXDATA, entry(data).icon());
        expand(data);
        TreeItem frame = child(data, "data");
        BrowserEntry fe = entry(frame);
        assertEquals(BrowserEntry.Kind.DATASET, fe.kind());
        assertEquals(Icons.Kind.DATASET_2D, fe.icon());
        assertTrue(frame.getText().contains("195 \u00d7 487") && frame.getText().contains("<i4"), frame.getText());
        select(frame);
        assertEquals("195 \u00d7 487", detail("shape"));
        assertTrue(detail("type").startsWith("<i4"), detail("type"));
        assertNotNull(detail("stored size"));
        assertEquals("371.0 KiB (379860 bytes)", detail("raw size"));
        assertEquals(new DatasetRef(f.toAbsolutePath().normalize(), "/entry/data/data"), panel.selected().orElseThrow());
        // values: the brightest pixel of the frame is row 84, column 0 (1032661 counts, checked with h5py)
        var table = panel.valueTable().table();
        assertEquals(195, table.getItemCount());
        table.setTopIndex(80);
        TableItem row = table.getItem(84);
        row.getText(1); // asks the virtual table for the row: a block of rows is read in the background
        pumpUntil(() -> {
            panel.valueTable().table().getItem(84).getText(1);
            return "1032661".equals(panel.valueTable().table().getItem(84).getText(1));
        }, "the value of pixel (84, 0)");
        assertEquals("84", table.getItem(84).getText(0));
        panel.tree().notifyListeners(SWT.DefaultSelection, eventFor(frame));
        assertEquals(List.of(new DatasetRef(f.toAbsolutePath().normalize(), "/entry/data/data")), plotted);
        // a second file with a broken link, for the picture
        panel.openFile(file("dawn-scisoft-core/NexusLoaderTest/missinglink.h5"));
        settle();
        shell.setSize(760, 880);
        shell.layout(true, true);
        panel.tree().setSelection(frame);
        ((org.eclipse.swt.widgets.TabFolder) panel.valueTable().getParent()).setSelection(2);
        table.setTopIndex(78);
        pumpUntil(() -> "1032661".equals(table.getItem(84).getText(1)), "the values to show");
        settle();
        shot("browser-agbehenate");
    }

    @Test
    void aFileThatIsNotHdf5GivesOneMessageAndThePanelGoesOn() throws Exception {
        Path notHdf = file("SOURCES.md");
        panel.openFile(notHdf);
        settle();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("not an HDF5 file"), problems.get(0));
        assertEquals(0, panel.tree().getItemCount());
        assertFalse(panel.files().contains(notHdf.toAbsolutePath().normalize()));
        Path f = file("dawn-scisoft-core/NexusLoaderTest/missinglink.h5");
        panel.openFile(f);
        settle();
        assertEquals(1, panel.tree().getItemCount());
        panel.closeFile(f);
        assertEquals(0, panel.tree().getItemCount());
        assertTrue(panel.files().isEmpty());
    }

    @Test
    void refreshKeepsExpandedGroups() {
        Path f = file("dawn-scisoft-core/NexusDiffractionTest/336502.nxs");
        panel.openFile(f);
        settle();
        TreeItem entry = child(panel.tree().getItem(0), "entry");
        expand(entry);
        int listed = entry.getItemCount();
        assertTrue(listed > 1);
        panel.refreshFile(f);
        settle();
        TreeItem again = child(panel.tree().getItem(0), "entry");
        assertTrue(again.getExpanded());
        assertEquals(listed, again.getItemCount());
        TreeItem data = child(again, "data");
        expand(data);
        BrowserEntry frames = entry(child(data, "data"));
        assertEquals(Icons.Kind.DATASET_ND, frames.icon());
    }

    @Test
    void aThousandObjectFileListsGroupByGroupFromMetadata(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path f = dir.resolve("thousand.h5");
        try (org.daybreak.hdf5.H5Writer w = org.daybreak.hdf5.H5Writer.create(f)) {
            for (int g = 0; g < 10; g++) {
                w.group("/scan" + g, "NXentry");
                for (int d = 0; d < 99; d++) {
                    int n = 1 + d % 3;
                    w.dataset("/scan" + g + "/frame" + d, org.daybreak.core.data.NDArray.zeros(
                            org.daybreak.core.data.DType.FLOAT32, n == 1 ? new int[] {64} : n == 2 ? new int[] {8, 8}
                                    : new int[] {2, 4, 8}));
                }
            }
        }
        long t0 = System.nanoTime();
        panel.openFile(f);
        settle();
        TreeItem root = panel.tree().getItem(0);
        assertEquals(10, root.getItemCount(), "the root's ten groups");
        for (TreeItem g : root.getItems()) {
            assertEquals(1, g.getItemCount(), "groups are listed only when expanded");
            assertNull(g.getItem(0).getData());
        }
        expand(root.getItem(7));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        TreeItem g7 = root.getItem(7);
        assertEquals(99, g7.getItemCount());
        assertEquals(Icons.Kind.DATASET_1D, entry(child(g7, "frame0")).icon());
        assertEquals(Icons.Kind.DATASET_2D, entry(child(g7, "frame1")).icon());
        assertEquals(Icons.Kind.DATASET_ND, entry(child(g7, "frame2")).icon());
        assertTrue(child(g7, "frame2").getText().contains("2 \u00d7 4 \u00d7 8 <f4"), child(g7, "frame2").getText());
        assertEquals(0, panel.valueTable().table().getItemCount(), "no values were asked for");
        assertTrue(ms < 15_000, "opening and listing took " + ms + " ms");
    }

    @Test
    void valuesOfAStackShowTheChosenFrame() throws Exception {
        Path f = file("dawn-scisoft-core/NexusDiffractionTest/336502.nxs");
        panel.openFile(f);
        settle();
        TreeItem entry = child(panel.tree().getItem(0), "entry");
        expand(entry);
        TreeItem data = child(entry, "data");
        expand(data);
        select(child(data, "data"));
        var table = panel.valueTable().table();
        assertEquals(195, table.getItemCount());
        double[] expected = new double[2];
        try (org.daybreak.hdf5.H5File h = org.daybreak.hdf5.H5File.open(f)) {
            var ds = h.dataset("/entry/data/data");
            expected[0] = ds.read(org.daybreak.core.data.SliceSpec.parse("0,100,7")).getDouble();
            expected[1] = ds.read(org.daybreak.core.data.SliceSpec.parse("3,100,7")).getDouble();
        }
        pumpUntil(() -> {
            table.getItem(100).getText(8);
            return loaded(table.getItem(100).getText(8)) && !panel.isBusy();
        }, "row 100 of frame 0");
        assertEquals(expected[0], Double.parseDouble(table.getItem(100).getText(8)));
        // the index spinner of axis 0 picks frame 3; only that frame's rows are read again
        org.eclipse.swt.widgets.Spinner frame = null;
        for (var c : ((org.eclipse.swt.widgets.Composite) panel.valueTable().getChildren()[0]).getChildren()) {
            if (c instanceof org.eclipse.swt.widgets.Spinner sp && frame == null) {
                frame = sp;
            }
        }
        assertNotNull(frame, "an index spinner for axis 0");
        frame.setSelection(3);
        frame.notifyListeners(SWT.Selection, new Event());
        pumpUntil(() -> {
            String v = table.getItem(100).getText(8);
            return !v.equals("\u2026") && !v.isEmpty() && !panel.isBusy();
        }, "row 100 of frame 3");
        assertEquals(expected[1], Double.parseDouble(table.getItem(100).getText(8)));
    }

    private String attribute(String name) {
        for (TableItem it : panel.attributesTable().getItems()) {
            if (it.getText(0).equals(name)) {
                return it.getText(1);
            }
        }
        return null;
    }

    @Test
    void mwaUvfitsOpensAsAFitsTree() throws Exception {
        Path f = file("radio/pyuvdata/1061316296.uvfits");
        panel.openFile(f);
        settle();
        assertTrue(problems.isEmpty(), problems.toString());
        TreeItem root = panel.tree().getItem(0);
        assertEquals("1061316296.uvfits", root.getText());
        TreeItem primary = child(root, "PRIMARY");
        TreeItem an = child(root, "AIPS AN");
        assertNotNull(primary, "the primary HDU is listed");
        assertNotNull(an, "the AIPS AN table is listed");
        assertEquals(2, root.getItemCount());
        assertEquals(BrowserEntry.Kind.GROUP, entry(primary).kind());
        select(primary);
        assertEquals("MWA", attribute("TELESCOP"));
        assertEquals("high_season1_2456528", attribute("OBJECT"));
        assertEquals("T  / conforms to FITS standard", attribute("SIMPLE"));
        assertEquals("0 (RANDOM_GROUPS)", detail("HDU"));
        expand(primary);
        TreeItem gp = child(primary, "group_parameters");
        TreeItem data = child(primary, "data");
        assertNotNull(gp);
        assertNotNull(data);
        assertTrue(gp.getText().contains("16256 \u00d7 11") && gp.getText().contains("<f8"), gp.getText());
        assertTrue(data.getText().contains("16256 \u00d7 1 \u00d7 1 \u00d7 1 \u00d7 1 \u00d7 4 \u00d7 3")
                && data.getText().contains("<f4"), data.getText());
        select(data);
        assertEquals("16256 \u00d7 1 \u00d7 1 \u00d7 1 \u00d7 1 \u00d7 4 \u00d7 3", detail("shape"));
        assertEquals("UNCALIB", detail("unit"));
        expand(an);
        List<String> columns = new ArrayList<>();
        for (TreeItem c : an.getItems()) {
            columns.add(entry(c).name());
        }
        assertEquals(List.of("ANNAME", "STABXYZ", "NOSTA", "MNTSTA", "STAXOF", "POLTYA", "POLAA", "POLTYB", "POLAB"),
                columns);
        select(an);
        assertEquals("ITRF", attribute("FRAME"));
        TreeItem stab = child(an, "STABXYZ");
        select(stab);
        assertEquals("128 \u00d7 3", detail("shape"));
        double expected;
        try (org.daybreak.fits.FitsFile ff = org.daybreak.fits.FitsFile.open(f)) {
            expected = ff.dataset("/AIPS AN/STABXYZ").read("5,2").getDouble();
        }
        var table = panel.valueTable().table();
        assertEquals(128, table.getItemCount());
        pumpUntil(() -> {
            table.getItem(5).getText(3);
            return loaded(table.getItem(5).getText(3)) && !panel.isBusy();
        }, "row 5 of STABXYZ");
        assertEquals(expected, Double.parseDouble(table.getItem(5).getText(3)));
        // double-click on a FITS dataset plots it like an HDF5 one
        panel.tree().notifyListeners(SWT.DefaultSelection, eventFor(stab));
        assertEquals(List.of(new DatasetRef(f.toAbsolutePath().normalize(), "/AIPS AN/STABXYZ")), plotted);
        assertTrue(problems.isEmpty(), problems.toString());
        shell.setSize(760, 880);
        shell.layout(true, true);
        panel.tree().setSelection(primary);
        panel.tree().notifyListeners(SWT.Selection, new Event());
        settle();
        shot("browser-uvfits");
        panel.closeFile(f);
        assertTrue(panel.files().isEmpty());
    }

    @Test
    void vdifRecordingOpensWithHeaderAttributesAndLazyStreams() {
        Path f = file("radio/baseband/sample.vdif");
        panel.openFile(f);
        settle();
        assertTrue(problems.isEmpty(), problems.toString());
        TreeItem root = panel.tree().getItem(0);
        assertEquals("sample.vdif", root.getText());
        select(root);
        assertEquals("vdif (baseband recording)", detail("format"));
        assertEquals("vdif", attribute("format"));
        assertEquals("8", attribute("streams"));
        assertEquals("2", attribute("bits"));
        assertEquals("3.2E7", attribute("sample_rate"));
        assertEquals("40000", attribute("samples"));
        assertEquals("2014-06-16T05:56:07Z", attribute("start_time")); // MJD 56824 + 21367 s
        assertEquals("3", attribute("edv"));
        assertEquals("0", attribute("invalid_frames"));
        // /voltages and one dataset per stream (VDIF thread)
        assertEquals(9, root.getItemCount());
        TreeItem volt = child(root, "voltages");
        assertNotNull(volt);
        assertEquals(BrowserEntry.Kind.DATASET, entry(volt).kind());
        assertTrue(volt.getText().contains("40000 \u00d7 8 \u00d7 1 \u00d7 2"), volt.getText());
        TreeItem s1 = child(root, "stream_1");
        assertNotNull(s1);
        select(s1);
        assertEquals("40000 \u00d7 1 \u00d7 2", detail("shape"));
        // the value table shows sample 0 as pol x (re, im): thread 1 starts with +1 (BasebandReadersTest's facts)
        var table = panel.valueTable().table();
        assertEquals(1, table.getItemCount());
        pumpUntil(() -> {
            table.getItem(0).getText(1);
            return loaded(table.getItem(0).getText(1)) && loaded(table.getItem(0).getText(2)) && !panel.isBusy();
        }, "sample 0 of stream 1");
        assertEquals(1.0, Double.parseDouble(table.getItem(0).getText(1)));
        assertEquals(0.0, Double.parseDouble(table.getItem(0).getText(2)));
        select(child(root, "stream_3"));
        pumpUntil(() -> {
            table.getItem(0).getText(1);
            return loaded(table.getItem(0).getText(1)) && !panel.isBusy();
        }, "sample 0 of stream 3");
        assertEquals(-1.0, Double.parseDouble(table.getItem(0).getText(1)));
        // double-click: a stream plots like any dataset; the file itself has no default plot
        panel.tree().notifyListeners(SWT.DefaultSelection, eventFor(s1));
        assertEquals(List.of(new DatasetRef(f.toAbsolutePath().normalize(), "/stream_1")), plotted);
        panel.tree().notifyListeners(SWT.DefaultSelection, eventFor(root));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("no default plot"), problems.get(0));
        panel.closeFile(f);
        assertTrue(panel.files().isEmpty());
    }

    @Test
    void dadaRecordingShowsItsAsciiHeader() {
        Path f = file("radio/baseband/sample.dada");
        panel.openFile(f);
        settle();
        assertTrue(problems.isEmpty(), problems.toString());
        TreeItem root = panel.tree().getItem(0);
        select(root);
        assertEquals("dada", attribute("format"));
        assertEquals("2013-07-02-01:37:40", attribute("UTC_START"));
        assertEquals("2013-07-02T01:39:20Z", attribute("start_time")); // UTC_START + OBS_OFFSET / bytes per second
        assertEquals("1.6E7", attribute("sample_rate"));
        assertEquals("true", attribute("complex"));
        // one channel: /voltages only
        assertEquals(1, root.getItemCount());
        TreeItem volt = child(root, "voltages");
        select(volt);
        assertEquals("16000 \u00d7 1 \u00d7 2 \u00d7 2", detail("shape"));
        var table = panel.valueTable().table();
        assertEquals(2, table.getItemCount()); // sample 0, stream 0: pol x (re, im)
        pumpUntil(() -> {
            table.getItem(1).getText(2);
            return loaded(table.getItem(1).getText(2)) && !panel.isBusy();
        }, "sample 0");
        assertEquals(-38.0, Double.parseDouble(table.getItem(1).getText(2)));
        shot("browser-dada");
    }

    private void shot(String name) {
        String dir = System.getProperty("daybreak.shots");
        if (dir == null) {
            return;
        }
        // GTK paints on its frame clock: let the window reach the X server before copying it
        for (int k = 0; k < 40; k++) {
            for (int i = 0; i < 1000 && display.readAndDispatch(); i++) {
                // drain
            }
            shell.update();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var size = shell.getSize();
        Image img = new Image(display, size.x, size.y);
        GC gc = new GC(shell);
        try {
            gc.copyArea(img, 0, 0);
            ImageLoader l = new ImageLoader();
            l.data = new org.eclipse.swt.graphics.ImageData[] {img.getImageData()};
            l.save(Path.of(dir, name + ".png").toString(), SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            img.dispose();
        }
    }

    /** A value cell is filled once it holds text other than the placeholder shown while its block is read. */
    private static boolean loaded(String cell) {
        return !cell.isEmpty() && !cell.equals("\u2026");
    }
}
