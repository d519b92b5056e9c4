package org.daybreak.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.daybreak.script.api.SessionContext;
import org.daybreak.script.internal.Breaker;
import org.daybreak.script.internal.CallbackWriter;
import org.daybreak.script.internal.Completer;
import org.daybreak.script.internal.JavaModule;
import org.daybreak.script.internal.JythonRuntime;
import org.python.core.CompileMode;
import org.python.core.CompilerFlags;
import org.python.core.Py;
import org.python.core.PyBaseException;
import org.python.core.PyException;
import org.python.core.PyInteger;
import org.python.core.PyList;
import org.python.core.PyLong;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;
import org.python.core.ThreadState;
import org.python.util.InteractiveInterpreter;

/**
 * One Jython 2.7 interpreter with the {@code daybreak} module: the engine under the workbench's console and
 * the {@code run} command.
 *
 * <pre>
 * ScriptSession.prestart();                          // at workbench start: warm Jython up in the background
 * ScriptSession s = ScriptSession.create(new ScriptSession.Options()
 *         .out(text -> console.append(text)).err(text -> console.appendError(text)));
 * s.push("for i in range(3):").join();               // NEEDS_MORE_INPUT
 * s.push("    print i").join();                      // NEEDS_MORE_INPUT
 * s.push("").join();                                 // DONE, "0\n1\n2\n" went to out
 * s.complete("daybreak.li");                         // ["daybreak.linspace"]
 * s.interrupt();                                     // stops what runs now
 * </pre>
 *
 * <p><b>Threads.</b> Python code runs on the session's executor, one piece at a time, in order: by default a
 * thread of its own ("daybreak-script-N"), so that a caller on a UI thread is never blocked; {@link #push},
 * {@link #exec}, {@link #eval} and {@link #runFile} return at once with a future. {@link Options#executor}
 * may name another executor (the {@code run} command uses the caller's thread: {@code Runnable::run}).
 * {@link #interrupt()}, {@link #complete} and {@link #isBusy()} may be called from any thread at any time.
 * Output callbacks are called on the thread that runs the code, at line ends and when a run ends.
 *
 * <p><b>Start-up.</b> The first interpreter of a process takes seconds (Jython compiles and loads its runtime);
 * {@link #prestart()} does that work on a background thread and keeps one ready interpreter for the next
 * {@link #create}.
 */
public final class ScriptSession implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ScriptSession.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final String CONSOLE_FILE = "<console>";

    /** Settings of a new session; every setter returns {@code this}. */
    public static final class Options {
        private Consumer<String> out = s -> {
            System.out.print(s);
            System.out.flush();
        };
        private Consumer<String> err = s -> {
            System.err.print(s);
            System.err.flush();
        };
        private Executor executor;
        private Path historyFile;
        private boolean keepHistory;
        private WorkbenchBridge workbench;
        private boolean importDaybreak = true;

        /** Where {@code print} and {@code sys.stdout} go (default: System.out). */
        public Options out(Consumer<String> out) {
            this.out = Objects.requireNonNull(out);
            return this;
        }

        /** Where tracebacks and {@code sys.stderr} go (default: System.err). */
        public Options err(Consumer<String> err) {
            this.err = Objects.requireNonNull(err);
            return this;
        }

        /** The executor that runs Python code (default: a thread owned by the session). */
        public Options executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** Keeps the pushed lines in {@code file} ({@code null}: {@link History#defaultFile()}). */
        public Options history(Path file) {
            this.keepHistory = true;
            this.historyFile = file;
            return this;
        }

        /** Attaches the workbench; without one the session is headless. */
        public Options workbench(WorkbenchBridge workbench) {
            this.workbench = workbench;
            return this;
        }

        /** Whether the console namespace starts with {@code daybreak} imported (default true). */
        public Options importDaybreak(boolean importDaybreak) {
            this.importDaybreak = importDaybreak;
            return this;
        }
    }

    /** An interpreter with the daybreak module loaded, not yet bound to a session's streams. */
    private static final class Prepared {
        final PySystemState sys;
        final Interpreter interp;
        final SessionContext context;
        final CallbackWriter out = new CallbackWriter(null);
        final CallbackWriter err = new CallbackWriter(null);

        Prepared() {
            JythonRuntime.initialize();
            sys = new PySystemState();
            JythonRuntime.preparePath(sys);
            context = new SessionContext();
            JavaModule.install(sys, context);
            PyStringMap ns = new PyStringMap();
            ns.__setitem__("__name__", new PyString("__main__"));
            ns.__setitem__("__doc__", Py.None);
            interp = new Interpreter(ns, sys);
            interp.setOut(out);
            interp.setErr(err);
            // the slow first imports: the Java bridge, os (native POSIX), the daybreak module itself
            interp.exec("import os, sys\nimport daybreak\ndel os, sys, daybreak");
        }
    }

    private static Future<Prepared> spare;

    /**
     * Starts Jython and prepares one interpreter on a background thread, so that the next {@link #create}
     * returns quickly. Returns at once; calling it again while a spare is ready does nothing.
     */
    public static synchronized void prestart() {
        if (spare != null) {
            return;
        }
        CompletableFuture<Prepared> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(new Prepared());
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "could not pre-start a Jython interpreter", e);
                f.completeExceptionally(e);
            }
        }, "daybreak-script-prestart");
        t.setDaemon(true);
        t.start();
        spare = f;
    }

    private static Prepared takePrepared() {
        Future<Prepared> f;
        synchronized (ScriptSession.class) {
            f = spare;
            spare = null;
        }
        if (f != null) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // a failed warm-up is retried below, where its error reaches the caller
            }
        }
        return new Prepared();
    }

    /**
     * A new session. Blocks while Jython starts (seconds for the first session of a process unless
     * {@link #prestart()} ran early enough).
     */
    public static ScriptSession create(Options options) {
        return new ScriptSession(takePrepared(), options);
    }

    /** As {@link #create}, without blocking the caller. */
    public static CompletableFuture<ScriptSession> createAsync(Options options) {
        return CompletableFuture.supplyAsync(() -> create(options), r -> {
            Thread t = new Thread(r, "daybreak-script-create");
            t.setDaemon(true);
            t.start();
        });
    }

    // ---------------------------------------------------------------- instance

    private final Prepared prepared;
    private final Interpreter interp;
    private final Executor executor;
    private final ExecutorService ownExecutor;
    private final History history;
    private final StringBuilder buffer = new StringBuilder();
    private final Object runLock = new Object();
    private volatile ThreadState runningState;
    private volatile Thread runningThread;
    private volatile Breaker runningBreaker;
    private volatile long runNumber;
    private volatile boolean interruptRequested;
    private volatile boolean closed;

    private ScriptSession(Prepared p, Options o) {
        this.prepared = p;
        this.interp = p.interp;
        p.out.setTarget(o.out);
        p.err.setTarget(o.err);
        p.context.setWorkbench(o.workbench);
        this.history = o.keepHistory ? new History(o.historyFile != null ? o.historyFile : History.defaultFile(),
                History.DEFAULT_CAPACITY) : new History(null, History.DEFAULT_CAPACITY);
        if (o.executor != null) {
            this.executor = o.executor;
            this.ownExecutor = null;
        } else {
            this.ownExecutor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "daybreak-script-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.executor = ownExecutor;
        }
        if (o.importDaybreak) {
            interp.exec("import daybreak");
        }
    }

    /** The pushed lines of this and earlier sessions sharing the history file. */
    public History history() {
        return history;
    }

    /** What the daybreak module of this session reaches in Java (workbench, plot, jobs). */
    public SessionContext context() {
        return prepared.context;
    }

    /** True while Python code of this session runs. */
    public boolean isBusy() {
        return runningThread != null;
    }

    // ---------------------------------------------------------------- console

    /**
     * Feeds one line to the console, as the interactive Python prompt does: a line that opens a block
     * gives {@link PushResult#NEEDS_MORE_INPUT} and the statement runs once a blank line (or a complete
     * statement) follows. Expression values are printed with {@code repr}. The line goes to the history.
     */
    public CompletableFuture<PushResult> push(String line) {
        history.add(line);
        return submit(() -> doPush(line == null ? "" : line));
    }

    /** Drops the lines of an unfinished block. */
    public CompletableFuture<Void> resetBuffer() {
        return submit(() -> {
            buffer.setLength(0);
            return null;
        });
    }

    /** True when earlier lines of an unfinished block wait for more input (read on the script thread). */
    public boolean hasPendingInput() {
        synchronized (buffer) {
            return buffer.length() > 0;
        }
    }

    private PushResult doPush(String line) {
        String source;
        synchronized (buffer) {
            if (buffer.length() > 0) {
                buffer.append('\n');
            }
            buffer.append(line);
            source = buffer.toString();
        }
        interp.failed = false;
        boolean more;
        try {
            more = interp.runsource(source, CONSOLE_FILE, CompileMode.single);
        } catch (PyException e) {
            synchronized (buffer) {
                buffer.setLength(0);
            }
            if (e.match(Py.SystemExit)) {
                interp.write("SystemExit: " + exitValueText(e) + " (the console keeps running)\n");
                return PushResult.DONE;
            }
            interp.showexception(e);
            return PushResult.FAILED;
        } finally {
            flushStreams();
        }
        if (more) {
            return PushResult.NEEDS_MORE_INPUT;
        }
        synchronized (buffer) {
            buffer.setLength(0);
        }
        if (interp.failed) {
            return interp.interruptedFailure || interruptRequested ? PushResult.INTERRUPTED : PushResult.FAILED;
        }
        return PushResult.DONE;
    }

    // ---------------------------------------------------------------- programs

    /**
     * Runs Python statements in the session's namespace.
     *
     * @return a future that fails with {@link ScriptException} (holding the traceback) when the code raises
     */
    public CompletableFuture<Void> exec(String code) {
        return submit(() -> {
            try {
                interp.exec(Py.compile_flags(code, "<exec>", CompileMode.exec, new CompilerFlags()));
                return null;
            } catch (PyException e) {
                throw scriptException(e);
            } finally {
                flushStreams();
            }
        });
    }

    /**
     * Evaluates one Python expression and returns its value as Java sees it ({@code int} → Integer, float →
     * Double, str → String, a Java object → itself, other Python objects → their PyObject).
     */
    public CompletableFuture<Object> eval(String expression) {
        return submit(() -> {
            try {
                PyObject v = interp.eval(expression);
                return v.__tojava__(Object.class);
            } catch (PyException e) {
                throw scriptException(e);
            } finally {
                flushStreams();
            }
        });
    }

    /**
     * Runs a script file as {@code __main__} with {@code sys.argv = [script, args...]} and the script's folder
     * first on {@code sys.path}, as CPython does.
     *
     * @return the exit code: 0 at the end of the script, {@code n} for {@code sys.exit(n)}, 1 when an exception
     *         escaped (its traceback went to the error stream) or {@code sys.exit} got a message
     * @throws IOException (through the future) when the file cannot be read
     */
    public CompletableFuture<Integer> runFile(Path script, List<String> args) {
        return submit(() -> doRunFile(script, args));
    }

    private int doRunFile(Path script, List<String> args) throws IOException {
        // bytes, not text: Jython decodes them as Python 2 does, honouring a "# -*- coding: ... -*-" line
        byte[] source = Files.readAllBytes(script);
        PySystemState sys = prepared.sys;
        PyList argv = new PyList();
        argv.append(Py.newStringOrUnicode(script.toString()));
        for (String a : args) {
            argv.append(Py.newStringOrUnicode(a));
        }
        sys.argv = argv;
        Path dir = script.toAbsolutePath().getParent();
        sys.path.insert(0, Py.newStringOrUnicode(dir == null ? "" : dir.toString()));
        PyObject ns = interp.getLocals();
        ns.__setitem__("__name__", new PyString("__main__"));
        ns.__setitem__("__file__", Py.newStringOrUnicode(script.toString()));
        try {
            PyObject code = Py.compile_flags(new java.io.ByteArrayInputStream(source), script.toString(),
                    CompileMode.exec, new CompilerFlags());
            interp.exec(code);
            return 0;
        } catch (PyException e) {
            if (e.match(Py.SystemExit)) {
                return exitCode(e);
            }
            interp.write(e.toString());
            return 1;
        } finally {
            flushStreams();
        }
    }

    private int exitCode(PyException e) {
        PyObject code = exitValue(e);
        if (code == Py.None) {
            return 0;
        }
        if (code instanceof PyInteger || code instanceof PyLong) {
            return code.asInt();
        }
        interp.write(code.__str__().toString() + "\n");
        return 1;
    }

    private static PyObject exitValue(PyException e) {
        e.normalize();
        PyObject v = e.value;
        if (v instanceof PyBaseException) {
            PyObject c = v.__findattr__("code");
            return c == null ? Py.None : c;
        }
        return v == null ? Py.None : v;
    }

    private static String exitValueText(PyException e) {
        PyObject v = exitValue(e);
        return v == Py.None ? "None" : v.__str__().toString();
    }

    private static ScriptException scriptException(PyException e) {
        String type;
        try {
            e.normalize();
            type = e.type instanceof org.python.core.PyType t ? t.getName() : String.valueOf(e.type);
        } catch (RuntimeException x) {
            type = "Exception";
        }
        String value = e.value == null ? "" : String.valueOf(e.value.__str__());
        return new ScriptException(type, value, e.toString(), e);
    }

    // ---------------------------------------------------------------- interrupt, completion

    /**
     * Stops the Python code running now, as Ctrl-C does: it raises {@code KeyboardInterrupt} at its next line
     * (within milliseconds for a loop of Python code; a blocking Java call is interrupted), so that its
     * {@code except} and {@code finally} clauses run. Code still running {@value #ESCALATION_MS} ms later (a
     * loop that swallows the exception) gets {@code KeyboardInterrupt} at every line until it ends. Code
     * queued after it still runs.
     *
     * @return false when nothing was running
     */
    public boolean interrupt() {
        long run;
        synchronized (runLock) {
            ThreadState ts = runningState;
            Thread t = runningThread;
            Breaker b = runningBreaker;
            if (ts == null || t == null || b == null) {
                return false;
            }
            interruptRequested = true;
            b.interruptOnce(ts, t);
            run = runNumber;
        }
        ESCALATION.schedule(() -> {
            synchronized (runLock) {
                if (runNumber == run && runningState != null && runningBreaker != null) {
                    runningBreaker.stop(runningState, runningThread);
                }
            }
        }, ESCALATION_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        return true;
    }

    /** Delay after {@link #interrupt()} before a run that is still going is stopped at every line. */
    public static final long ESCALATION_MS = 500;

    private static final java.util.concurrent.ScheduledExecutorService ESCALATION =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "daybreak-script-interrupt");
                t.setDaemon(true);
                return t;
            });

    /**
     * Completions of the name or attribute chain that ends {@code text} ({@code "x = daybreak.li"} →
     * {@code ["x = daybreak.linspace"]}): names from the namespace, builtins and keywords, or the attributes
     * ({@code dir()}) of the object before the last dot, which may be a Java object. The object is found by
     * evaluating the text before the last dot only when it contains no call. Names starting with
     * {@code _} are offered only when the typed part starts with {@code _}. Sorted; empty when there is nothing
     * to complete. Callable from any thread.
     */
    public List<String> complete(String text) {
        return Completer.complete(interp, text == null ? "" : text);
    }

    // ---------------------------------------------------------------- running

    private <T> CompletableFuture<T> submit(Callable<T> task) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the script session is closed"));
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        executor.execute(() -> {
            ThreadState ts = Py.getThreadState(prepared.sys);
            Breaker breaker = new Breaker();
            synchronized (runLock) {
                interruptRequested = false;
                runNumber++;
                runningState = ts;
                runningThread = Thread.currentThread();
                runningBreaker = breaker;
            }
            T result = null;
            Throwable failure = null;
            try {
                result = task.call();
            } catch (Throwable e) {
                failure = e;
            } finally {
                synchronized (runLock) {
                    runningState = null;
                    runningThread = null;
                    runningBreaker = null;
                    breaker.remove(ts);
                }
            }
            // completed only now, so that a caller who sees the result also sees the session idle
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                f.complete(result);
            }
        });
        return f;
    }

    private void flushStreams() {
        prepared.out.flush();
        prepared.err.flush();
        try {
            prepared.sys.stdout.invoke("flush");
            prepared.sys.stderr.invoke("flush");
        } catch (PyException e) {
            // a script replaced sys.stdout with something without flush(); nothing to flush then
        }
    }

    /** Cancels the session's jobs, stops its thread and forgets the interpreter. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        interrupt();
        prepared.context.close();
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
        try {
            interp.cleanup();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Jython cleanup failed", e);
        }
    }

    /** The interpreter, remembering whether the last statement raised. */
    static final class Interpreter extends InteractiveInterpreter {
        volatile boolean failed;
        volatile boolean interruptedFailure;

        Interpreter(PyObject locals, PySystemState sys) {
            super(locals, sys);
        }

        @Override
        public void showexception(PyException exc) {
            failed = true;
            interruptedFailure = exc.match(Py.KeyboardInterrupt)
                    || (exc.value != null && String.valueOf(exc.type).contains("InterruptedException"));
            super.showexception(exc);
        }
    }
}
