package org.daybreak.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The console engine: multi-line input, errors, completion, interrupt, history. One shared interpreter. */
@Timeout(180)
class ScriptSessionTest {
    private static final StringBuffer OUT = new StringBuffer();
    private static final StringBuffer ERR = new StringBuffer();
    private static ScriptSession session;
    private static Path historyFile;

    @BeforeAll
    static void start(@TempDir Path dir) {
        historyFile = dir.resolve("console-history");
        ScriptSession.prestart();
        session = ScriptSession.create(new ScriptSession.Options().out(OUT::append).err(ERR::append)
                .history(historyFile));
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @BeforeEach
    void clear() {
        OUT.setLength(0);
        ERR.setLength(0);
    }

    private static PushResult push(String line) throws Exception {
        return session.push(line).get(30, TimeUnit.SECONDS);
    }

    @Test
    void codeRunsOffTheCallersThread() throws Exception {
        Object name = session.eval("__import__('java.lang').lang.Thread.currentThread().getName()").get();
        assertTrue(name.toString().startsWith("daybreak-script-"), name.toString());
        assertNotEquals(Thread.currentThread().getName(), name);
    }

    @Test
    void multiLineBlocksWaitForTheBlankLine() throws Exception {
        assertEquals(PushResult.NEEDS_MORE_INPUT, push("for i in range(3):"));
        assertTrue(session.hasPendingInput());
        assertEquals(PushResult.NEEDS_MORE_INPUT, push("    print i * 10"));
        assertEquals("", OUT.toString());
        assertEquals(PushResult.DONE, push(""));
        assertEquals("0\n10\n20\n", OUT.toString());
        assertFalse(session.hasPendingInput());
        assertEquals(PushResult.NEEDS_MORE_INPUT, push("x = [1,"));
        assertEquals(PushResult.DONE, push("     2]"));
        OUT.setLength(0);
        assertEquals(PushResult.DONE, push("x"));
        assertEquals("[1, 2]\n", OUT.toString());
        assertEquals(PushResult.DONE, push("daybreak.arange(3) * 2"));
        assertTrue(OUT.toString().endsWith("array([0, 2, 4])\n"), OUT.toString());
    }

    @Test
    void errorsPrintTheTracebackAndTheSessionGoesOn() throws Exception {
        assertEquals(PushResult.FAILED, push("1 / 0"));
        assertTrue(ERR.toString().contains("ZeroDivisionError"), ERR.toString());
        assertTrue(ERR.toString().contains("Traceback"), ERR.toString());
        ERR.setLength(0);
        assertEquals(PushResult.FAILED, push("x = = 1"));
        assertTrue(ERR.toString().contains("SyntaxError"), ERR.toString());
        assertEquals(PushResult.DONE, push("import sys; sys.exit(4)"));
        assertTrue(ERR.toString().contains("SystemExit: 4"), ERR.toString());
        assertEquals(PushResult.DONE, push("y = 2"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> session.exec("raise ValueError('bad x')").get());
        ScriptException se = assertInstanceOf(ScriptException.class, e.getCause());
        assertEquals("ValueError", se.pythonType());
        assertEquals("ValueError: bad x", se.getMessage());
        assertTrue(se.traceback().contains("Traceback"));
    }

    @Test
    void headlessWorkbenchCallsSayNoWorkbench() throws Exception {
        assertEquals(PushResult.FAILED, push("daybreak.selected()"));
        assertTrue(ERR.toString().contains("no workbench: this script runs headless"), ERR.toString());
        ERR.setLength(0);
        assertEquals(PushResult.FAILED, push("daybreak.plot.current()"));
        assertTrue(ERR.toString().contains("no workbench: this script runs headless"), ERR.toString());
    }

    @Test
    void completionOfNamesAttributesAndJavaObjects() throws Exception {
        session.exec("from java.util import ArrayList\njlist = ArrayList()\nlongname_alpha = 1\nlongname_beta = 2\n"
                + "a = daybreak.zeros((2, 3))").get();
        assertEquals(List.of("longname_alpha", "longname_beta"), session.complete("longname_"));
        assertEquals(List.of("print daybreak.linspace"), session.complete("print daybreak.lins"));
        assertTrue(session.complete("x = daybreak.plot.").contains("x = daybreak.plot.line"));
        assertTrue(session.complete("jlist.is").contains("jlist.isEmpty"), session.complete("jlist.is").toString());
        assertTrue(session.complete("a.sh").contains("a.shape"));
        assertTrue(session.complete("a.T.").contains("a.T.mean"));
        assertTrue(session.complete("a._").contains("a._a"));
        assertFalse(session.complete("a.").contains("a._a"));
        assertTrue(session.complete("whi").contains("while"));
        assertTrue(session.complete("le").contains("len"));
        assertEquals(List.of(), session.complete("nosuchname.x"));
        assertEquals(List.of(), session.complete("f(a).sh"));
        assertEquals(List.of(), session.complete("3.1"));
    }

    @Test
    void interruptStopsAnInfiniteLoopWithinASecond() throws Exception {
        for (String code : List.of("while True: pass", "while True:\n    try:\n        pass\n    except:\n        pass",
                "def spin():\n    while True:\n        x = 1\nspin()", "import time\ntime.sleep(60)")) {
            CompletableFuture<Void> run = session.exec(code);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!session.isBusy() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(200);
            assertTrue(session.isBusy(), code);
            long t0 = System.nanoTime();
            assertTrue(session.interrupt());
            ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(5, TimeUnit.SECONDS), code);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds < 1.5, code + " stopped after " + seconds + " s");
            assertEquals("KeyboardInterrupt", ((ScriptException) e.getCause()).pythonType(), code);
        }
        assertFalse(session.interrupt());
        // the session works normally afterwards
        assertEquals(3, session.eval("1 + 2").get());
        assertEquals(PushResult.NEEDS_MORE_INPUT, push("while True: pass"));
        CompletableFuture<PushResult> console = session.push("");
        Thread.sleep(300);
        session.interrupt();
        assertEquals(PushResult.INTERRUPTED, console.get(5, TimeUnit.SECONDS));
        assertEquals(PushResult.DONE, push("z = 5"));
    }

    @Test
    void historyIsKeptAcrossSessions() throws Exception {
        push("history_marker_1 = 1");
        push("history_marker_1 = 1");
        push("   ");
        push("history_marker_2 = 2");
        List<String> lines = Files.readAllLines(historyFile);
        int i = lines.indexOf("history_marker_1 = 1");
        assertTrue(i >= 0, lines.toString());
        assertEquals("history_marker_2 = 2", lines.get(i + 1));
        try (ScriptSession second = ScriptSession.create(new ScriptSession.Options().history(historyFile)
                .out(s -> { }).err(s -> { }))) {
            List<String> seen = second.history().entries();
            assertEquals("history_marker_2 = 2", seen.get(seen.size() - 1));
            second.push("from_second_session = 1").get();
        }
        assertEquals("from_second_session = 1", new History(historyFile, 10).entries().get(
                new History(historyFile, 10).size() - 1));
        History small = new History(historyFile, 3);
        assertEquals(3, small.size());
        assertEquals(3, Files.readAllLines(historyFile).size());
    }

    @Test
    void indexListsThatAreNotSupportedSayWhy() throws Exception {
        session.exec("import daybreak\na = daybreak.arange(24).reshape(2, 3, 4)\n").get(30, TimeUnit.SECONDS);
        String[][] cases = {
            {"a[[0, 1], :, [1, 2]]", "IndexError: indexing with more than one index list"},
            {"a[:, [[0, 1]]]", "IndexError: an index list or mask inside a tuple key must be one-dimensional"},
            {"a[:, [True, False]]", "IndexError: boolean index of length 2 does not match axis 1 of length 3"},
            {"a[:, [0.5, 1]]", "IndexError: arrays used as indices must be of integer or boolean type"},
            {"a[:, [0, 7]]", "index 7 is out of bounds for axis 1 with size 3"},
        };
        for (String[] c : cases) {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> session.exec("x = " + c[0] + "\n").get(30, TimeUnit.SECONDS), c[0]);
            assertTrue(String.valueOf(e.getMessage()).contains(c[1]), c[0] + ": " + e.getMessage());
        }
    }
}
