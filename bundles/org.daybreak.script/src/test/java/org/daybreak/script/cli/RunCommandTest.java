package org.daybreak.script.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code daybreak run}: arguments, exit codes, tracebacks, missing scripts. */
class RunCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    Result run(String source, String... args) throws Exception {
        Path script = dir.resolve("script.py");
        Files.writeString(script, source);
        List<String> argv = new ArrayList<>();
        argv.add(script.toString());
        argv.addAll(List.of(args));
        return runArgs(argv);
    }

    static Result runArgs(List<String> argv) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new RunCommand().run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void argvAndMainAndNeighbourImports() throws Exception {
        Files.writeString(dir.resolve("helper.py"), "VALUE = 42\n");
        Result r = run("import sys, helper\nprint sys.argv[1:], __name__, helper.VALUE\nprint len(sys.argv[0]) > 0\n",
                "a b", "--flag", "-3");
        assertEquals(0, r.code(), r.err());
        assertEquals("['a b', '--flag', '-3'] __main__ 42\nTrue\n", r.out());
    }

    @Test
    void sourceEncodingAsPython2() throws Exception {
        Result r = run("# -*- coding: utf-8 -*-\nprint u'caf\u00e9', len('\u00e9'), len(u'\u00c5')\n");
        assertEquals(0, r.code(), r.err());
        assertEquals("caf\u00e9 2 1\n", r.out());
        r = run("print 'caf\u00e9'\n");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("SyntaxError: Non-ASCII character"), r.err());
    }

    @Test
    void exitCodes() throws Exception {
        assertEquals(3, run("import sys\nsys.exit(3)\nprint 'not reached'").code());
        assertEquals(0, run("import sys\nsys.exit()").code());
        assertEquals(0, run("import sys\nsys.exit(0)").code());
        Result r = run("import sys\nsys.exit('cannot go on: no frames')");
        assertEquals(1, r.code());
        assertEquals("cannot go on: no frames\n", r.err());
    }

    @Test
    void anExceptionGivesExitCodeOneAndThePythonTraceback() throws Exception {
        Result r = run("def inner(x):\n    return x / 0\n\ndef outer():\n    return inner(3)\n\nprint 'before'\nouter()\n");
        assertEquals(1, r.code());
        assertEquals("before\n", r.out());
        String err = r.err();
        assertTrue(err.startsWith("Traceback (most recent call last):"), err);
        assertTrue(err.contains("script.py\", line 8, in <module>"), err);
        assertTrue(err.contains("script.py\", line 5, in outer"), err);
        assertTrue(err.contains("script.py\", line 2, in inner"), err);
        assertTrue(err.strip().endsWith("ZeroDivisionError: integer division or modulo by zero"), err);
    }

    @Test
    void apiErrorsArePythonExceptionsWithOneClearSentence() throws Exception {
        Result r = run("import daybreak\ndaybreak.load('/no/such/file.nxs')\n");
        assertEquals(1, r.code());
        assertTrue(r.err().strip().endsWith("IOError: file /no/such/file.nxs does not exist"), r.err());
        r = run("import daybreak\ndaybreak.zeros((2, 3)) + daybreak.zeros(4)\n");
        assertEquals(1, r.code());
        assertTrue(r.err().strip().endsWith(
                "ValueError: operands could not be broadcast together with shapes (2, 3) (4,)"), r.err());
        r = run("import daybreak\ndaybreak.selected()\n");
        assertTrue(r.err().strip().endsWith("NoWorkbenchError: no workbench: this script runs headless"), r.err());
        r = run("from __future__ import print_function\nimport sys\nprint('x', file=sys.stderr)\nraise KeyError('k')\n");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("x\nTraceback"), r.err());
        r = run("x = (\n");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("SyntaxError"), r.err());
    }

    @Test
    void missingScriptIsOneLineExitTwo() {
        InputException e = assertThrows(InputException.class, () -> runArgs(List.of("/no/such/script.py")));
        assertEquals("script /no/such/script.py does not exist", e.getMessage());
        UsageException u = assertThrows(UsageException.class, () -> runArgs(List.of()));
        assertEquals("run: missing the script to run (daybreak run SCRIPT.py [ARGS...])", u.getMessage());
        assertThrows(UsageException.class, () -> runArgs(List.of("--verbose", "x.py")));
    }
}
