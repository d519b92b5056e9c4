package org.daybreak.script.internal;

import org.python.core.Py;
import org.python.core.PyException;
import org.python.core.PyFrame;
import org.python.core.PyObject;
import org.python.core.ThreadState;
import org.python.core.TraceFunction;

/**
 * Stops Python code running on another thread. Jython compiles Python to JVM bytecode that reports every new
 * line to its frame's trace function ({@code PyFrame.setline}), and every new frame takes the thread's trace
 * function; a trace function that raises {@code KeyboardInterrupt} therefore stops any loop of Python code,
 * including {@code while True: pass}, at its next line. Code blocked in Java ({@code time.sleep},
 * {@code Thread.sleep}, waits) is woken by {@link Thread#interrupt()}.
 *
 * <p>Two strengths: {@link #interruptOnce} raises one {@code KeyboardInterrupt}, as Ctrl-C does in CPython, so
 * that {@code except}/{@code finally} clauses can clean up (cancel a job, close a file); {@link #stop} raises
 * at every line and call from then on, so that even a loop whose bare {@code except:} swallows the first one
 * ends. The session escalates from the first to the second when the code is still running shortly after.
 *
 * <p>One breaker per run; it stays installed (passive once fired) until {@link #remove} at the end of the run.
 */
public final class Breaker extends TraceFunction {
    private static final int OFF = 0;
    private static final int ONCE = 1;
    private static final int ALWAYS = 2;

    private volatile int mode = OFF;

    /** Raises one KeyboardInterrupt at the next line of Python code on the thread, and interrupts the thread. */
    public void interruptOnce(ThreadState ts, Thread thread) {
        if (mode == OFF) {
            mode = ONCE;
        }
        install(ts);
        thread.interrupt();
    }

    /** Raises KeyboardInterrupt at every line and call from now on, and interrupts the thread. */
    public void stop(ThreadState ts, Thread thread) {
        mode = ALWAYS;
        install(ts);
        thread.interrupt();
    }

    private void install(ThreadState ts) {
        ts.tracefunc = this;
        for (PyFrame f = ts.frame; f != null; f = f.f_back) {
            f.tracefunc = this;
        }
    }

    /** Removes this breaker from a thread state whose run has ended, and clears the thread's interrupt flag. */
    public void remove(ThreadState ts) {
        if (ts.tracefunc == this) {
            ts.tracefunc = null;
        }
        for (PyFrame f = ts.frame; f != null; f = f.f_back) {
            if (f.tracefunc == this) {
                f.tracefunc = null;
            }
        }
        Thread.interrupted();
    }

    private TraceFunction fire() {
        int m = mode;
        if (m == ALWAYS) {
            throw stopException();
        }
        if (m == ONCE) {
            mode = OFF;
            // the interruption is delivered now; a blocking call in the clean-up code must not see it again
            Thread.interrupted();
            throw stopException();
        }
        return this;
    }

    private static PyException stopException() {
        return Py.KeyboardInterrupt("interrupted");
    }

    @Override
    public TraceFunction traceCall(PyFrame frame) {
        return fire();
    }

    @Override
    public TraceFunction traceReturn(PyFrame frame, PyObject ret) {
        return this;
    }

    @Override
    public TraceFunction traceLine(PyFrame frame, int line) {
        return fire();
    }

    /**
     * An interruption that already surfaced as an exception (a blocking Java call threw InterruptedException,
     * {@code time.sleep} raised KeyboardInterrupt) is the one asked for: the pending single one is dropped, so
     * that the clean-up code runs.
     */
    @Override
    public TraceFunction traceException(PyFrame frame, PyException exc) {
        if (mode == ONCE && isInterruption(exc)) {
            mode = OFF;
        }
        return this;
    }

    private static boolean isInterruption(PyException exc) {
        try {
            if (exc.match(Py.KeyboardInterrupt)) {
                return true;
            }
            Object java = exc.value == null ? null : exc.value.__tojava__(InterruptedException.class);
            return java instanceof InterruptedException;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
