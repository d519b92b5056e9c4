package org.daybreak.script.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.daybreak.plot.Plot;
import org.daybreak.script.ScriptSession;
import org.daybreak.ui.services.WorkbenchServices;
import org.daybreak.ui.services.WorkbenchServices.DatasetRef;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console widget in a plain SWT shell, on a real Jython session. */
class ConsolePanelTest {
    private static Display display;
    @TempDir
    Path temp;
    private Shell shell;
    private ConsolePanel console;

    @BeforeAll
    static void startDisplay() {
        display = Display.getDefault();
        ScriptSession.prestart();
    }

    @AfterAll
    static void stopDisplay() {
        display.dispose();
    }

    @BeforeEach
    void open() {
        shell = new Shell(display);
        shell.setLayout(new FillLayout());
        shell.setSize(900, 600);
        console = new ConsolePanel(shell, 0, new ConsolePanel.Settings(temp.resolve("history"), null));
        shell.open();
        assertTrue(console.outputText().contains(ConsolePanel.STARTING), "the console says it is starting");
        waitFor(console::isReady, 60_000, "the interpreter to start");
    }

    @AfterEach
    void close() {
        shell.dispose();
    }

    private static void waitFor(BooleanSupplier condition, long millis, String what) {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("timed out waiting for " + what);
            }
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

    private static void sleepDispatching(long millis) {
        long end = System.currentTimeMillis() + millis;
        waitFor(() -> System.currentTimeMillis() >= end, millis + 1000, "time to pass");
    }

    private void type(String line) {
        console.input().setText(line);
        console.submit();
    }

    private void runAndWait(String line) {
        type(line);
        waitFor(() -> !console.isRunning(), 20_000, "'" + line + "' to finish");
        console.outputText();
    }

    @Test
    void lineRunsAndPrints() {
        runAndWait("print 6 * 7");
        runAndWait("'abc' + 'def'");
        String out = console.outputText();
        assertTrue(out.contains(">>> print 6 * 7\n42\n"), out);
        assertTrue(out.contains("'abcdef'\n"), out);
        assertEquals(ConsolePanel.PROMPT, console.promptText());
        assertEquals("ready", console.statusText());
    }

    @Test
    void multiLineBlockUsesContinuationPrompt() {
        runAndWait("for i in range(3):");
        assertEquals(ConsolePanel.CONTINUATION, console.promptText());
        assertEquals("    ", console.input().getText(), "the block's indentation is offered");
        runAndWait("    print 'row', i");
        assertEquals(ConsolePanel.CONTINUATION, console.promptText());
        assertEquals("    ", console.input().getText());
        console.submit(); // Enter on the offered indentation closes the block
        waitFor(() -> !console.isRunning(), 20_000, "the block");
        assertEquals(ConsolePanel.PROMPT, console.promptText());
        assertTrue(console.outputText().contains("row 0\nrow 1\nrow 2\n"), console.outputText());
    }

    @Test
    void tracebackInRedThenTheConsoleGoesOn() {
        runAndWait("1 / 0");
        String out = console.outputText();
        int at = out.indexOf("ZeroDivisionError");
        assertTrue(at > 0, out);
        assertTrue(out.contains("Traceback"), out);
        assertEquals(display.getSystemColor(SWT.COLOR_RED), console.outputColorAt(at), "stderr is red");
        runAndWait("print 'still alive'");
        assertTrue(console.outputText().contains("still alive\n"));
        int plain = console.outputText().lastIndexOf("still alive");
        assertEquals(null, console.outputColorAt(plain), "stdout is plain");
    }

    @Test
    void ctrlCInterruptsAnEndlessLoop() {
        runAndWait("while True: pass");
        assertEquals(ConsolePanel.CONTINUATION, console.promptText(), "a compound statement waits for a blank line");
        type("");
        waitFor(() -> console.session().isBusy(), 10_000, "the loop to start");
        sleepDispatching(300);
        assertTrue(console.isRunning());
        assertEquals("running\u2026", console.statusText());
        long t0 = System.nanoTime();
        Event ctrlC = new Event();
        ctrlC.keyCode = 'c';
        ctrlC.character = (char) 3;
        ctrlC.stateMask = SWT.MOD1;
        console.input().notifyListeners(SWT.KeyDown, ctrlC);
        waitFor(() -> !console.isRunning(), 3_000, "the interrupt");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 2.5, "interrupted after " + seconds + " s");
        assertTrue(console.outputText().contains("KeyboardInterrupt"), console.outputText());
        runAndWait("print 'after'");
        assertTrue(console.outputText().endsWith("after\n"), console.outputText());
    }

    @Test
    void stopButtonPathInterruptsASleep() {
        type("import time");
        type("time.sleep(60)");
        waitFor(() -> console.session().isBusy() && console.outputText().contains("time.sleep"), 10_000,
                "the sleep to start");
        sleepDispatching(300);
        assertTrue(console.isRunning());
        display.timerExec(200, console::interrupt);
        waitFor(() -> !console.isRunning(), 3_000, "the interrupt");
        assertTrue(console.outputText().contains("Interrupt"), console.outputText());
    }

    @Test
    void aFloodOfOutputLeavesTheWorkbenchResponsive() {
        long[] last = {System.currentTimeMillis()};
        long[] worstGap = {0};
        boolean[] ticking = {true};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            long now = System.currentTimeMillis();
            worstGap[0] = Math.max(worstGap[0], now - last[0]);
            last[0] = now;
            if (ticking[0]) {
                display.timerExec(10, tick[0]);
            }
        };
        display.timerExec(10, tick[0]);
        type("for i in xrange(200000): print i");
        type("");
        waitFor(() -> !console.isRunning(), 60_000, "the printing loop");
        ticking[0] = false;
        String out = console.outputText();
        assertTrue(out.endsWith("199999\n"), out.substring(Math.max(0, out.length() - 200)));
        assertTrue(out.length() <= ConsolePanel.MAX_CHARS, "the transcript is capped: " + out.length());
        assertTrue(worstGap[0] < 1500, "the UI thread was blocked for " + worstGap[0] + " ms");
    }

    @Test
    void tabCompletesAttributes() {
        runAndWait("import os");
        console.input().setText("os.pa");
        console.input().setSelection(5);
        tab();
        waitFor(() -> !console.lastCompletions().isEmpty(), 10_000, "completions");
        List<String> c = console.lastCompletions();
        assertTrue(c.contains("os.path"), c.toString());
        assertTrue(console.input().getText().startsWith("os.pa"));
        if (c.size() > 1) {
            assertTrue(console.popupItems().contains("path"), console.popupItems().toString());
            shot("ui-console-completion.png");
            Event down = new Event();
            down.keyCode = SWT.ARROW_DOWN;
            int path = console.popupItems().indexOf("path");
            for (int i = 0; i < path; i++) {
                console.input().notifyListeners(SWT.KeyDown, down);
            }
            console.input().notifyListeners(SWT.DefaultSelection, new Event());
        }
        assertEquals("os.path", console.input().getText());
        assertTrue(console.popupItems().isEmpty());
    }

    @Test
    void tabCompletesJavaAttributesAndIndentsBlankLines() {
        runAndWait("from java.util import ArrayList");
        runAndWait("lst = ArrayList()");
        console.input().setText("lst.isEm");
        console.input().setSelection(8);
        tab();
        waitFor(() -> console.input().getText().equals("lst.isEmpty"), 10_000, "the Java completion");
        console.input().setText("");
        tab();
        assertEquals("    ", console.input().getText());
    }

    private void tab() {
        Event e = new Event();
        e.detail = SWT.TRAVERSE_TAB_NEXT;
        e.doit = true;
        console.input().notifyListeners(SWT.Traverse, e);
    }

    @Test
    void historyWalksAndSurvivesARestart() throws Exception {
        runAndWait("a = 1");
        runAndWait("b = a + 1");
        console.input().setText("draft");
        Event up = new Event();
        up.keyCode = SWT.ARROW_UP;
        Event down = new Event();
        down.keyCode = SWT.ARROW_DOWN;
        console.input().notifyListeners(SWT.KeyDown, up);
        assertEquals("b = a + 1", console.input().getText());
        console.input().notifyListeners(SWT.KeyDown, up);
        assertEquals("a = 1", console.input().getText());
        console.input().notifyListeners(SWT.KeyDown, down);
        console.input().notifyListeners(SWT.KeyDown, down);
        assertEquals("draft", console.input().getText());
        List<String> saved = Files.readAllLines(temp.resolve("history"));
        assertTrue(saved.containsAll(List.of("a = 1", "b = a + 1")), saved.toString());

        ConsolePanel second = new ConsolePanel(shell, 0, new ConsolePanel.Settings(temp.resolve("history"), null));
        waitFor(second::isReady, 60_000, "the second interpreter");
        second.input().setText("");
        second.input().notifyListeners(SWT.KeyDown, up);
        assertEquals("b = a + 1", second.input().getText(), "a new console recalls the saved history");
        second.dispose();
    }

    @Test
    void pastedLinesRunOneByOne() {
        console.input().setText("");
        console.input().insert("x = 5\nprint x * 2\nrest");
        waitFor(() -> console.outputText().contains("10\n") && !console.isRunning(), 10_000, "the pasted lines");
        assertEquals("rest", console.input().getText());
    }

    @Test
    void scriptsPlotIntoTheWorkbenchPlotAndReadTheSelection() throws Exception {
        Plot plot = new Plot();
        WorkbenchServices.DataPlotter plotter = new WorkbenchServices.DataPlotter() {
            @Override
            public void plot(DatasetRef ref) {
            }

            @Override
            public Object currentPlot() {
                return plot;
            }
        };
        Path file = testData().resolve("savu/mm.nxs");
        assertTrue(Files.isRegularFile(file), "test data file missing: " + file);
        WorkbenchServices.DataSelection selection = () -> Optional.of(new DatasetRef(file, "/entry1/fluo_entry/data/data"));
        WorkbenchServices.setPlotter(plotter);
        WorkbenchServices.setSelection(selection);
        WorkbenchScriptBridge bridge = new WorkbenchScriptBridge(display, null);
        ConsolePanel wired = new ConsolePanel(shell, 0, new ConsolePanel.Settings(null, bridge));
        try {
            waitFor(wired::isReady, 60_000, "the wired interpreter");
            for (String line : List.of("import daybreak as db", "db.plot.line([1, 2, 3], [4, 5, 9], name='from script')",
                    "p = db.plot.current()", "print p.lineTraces().size()", "s = db.selected()",
                    "print 'selected', tuple(s.shape)", "db.plot.image(s[0, 1], name='map')",
                    "print p.imageTrace().name(), p.imageTrace().width(), p.imageTrace().height()")) {
                wired.input().setText(line);
                wired.submit();
            }
            waitFor(() -> !wired.isRunning(), 20_000, "the script");
            String out = wired.outputText();
            assertFalse(out.contains("Traceback"), out);
            assertTrue(out.contains("\n1\n"), out);
            assertTrue(out.contains("selected (2, 2, 2, 4096)"), out);
            assertTrue(out.contains("map 4096 2"), out);
            assertTrue(out.indexOf("\n1\n") < out.indexOf("selected ("), out);
            assertEquals("map", plot.imageTrace().name());
        } finally {
            wired.dispose();
            bridge.close();
            WorkbenchServices.clearPlotter(plotter);
            WorkbenchServices.clearSelection(selection);
        }
    }

    /** The shared test data: the daybreak.testdata property, else ../../../shared/testdata; fails when missing. */
    static Path testData() {
        String p = System.getProperty("daybreak.testdata");
        Path dir = p != null ? Path.of(p) : Path.of("../../../shared/testdata");
        assertTrue(Files.isDirectory(dir), "the test data folder " + dir.toAbsolutePath() + " is missing");
        return dir;
    }

    @Test
    void screenshot() {
        runAndWait("import daybreak as db");
        runAndWait("a = db.linspace(0, 1, 5)");
        runAndWait("print a");
        runAndWait("for i in range(2):");
        runAndWait("    print 'line', i");
        runAndWait("");
        runAndWait("undefined_name + 1");
        assertEquals("ready", console.statusText());
        console.input().setText("db.plot.li");
        console.input().setSelection(10);
        tab();
        waitFor(() -> console.input().getText().equals("db.plot.line"), 10_000, "the completion");
        console.input().setText("db.l");
        console.input().setSelection(4);
        tab();
        waitFor(() -> !console.popupItems().isEmpty(), 10_000, "the completion popup");
        shot("ui-console.png");
    }

    private void shot(String name) {
        String dir = System.getProperty("daybreak.shots");
        if (dir == null) {
            return;
        }
        for (int i = 0; i < 20; i++) {
            display.readAndDispatch();
        }
        shell.redraw();
        shell.update();
        var bounds = shell.getBounds();
        Image img = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display); // the screen, so that the completion popup shows too
        gc.copyArea(img, bounds.x, bounds.y);
        gc.dispose();
        ImageData d = img.getImageData();
        ImageLoader l = new ImageLoader();
        l.data = new ImageData[] {d};
        l.save(Path.of(dir, name).toString(), SWT.IMAGE_PNG);
        img.dispose();
    }
}
