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
 * function; a trace function that raises {@code KeyboardInterrupt} on every line and call therefore stops
 * any loop of Python code, including {@code while True: pass}, at its next line, and keeps raising inside
 * {@code except} clauses that would swallow the first one. Code blocked in Java ({@code time.sleep},
 * {@code Thread.sleep}, I/O waits) is woken by {@link Thread#interrupt()}.
 *
 * <p>The breaker stays installed until the interrupted run ends; {@link #remove} then restores the thread.
 */
public final class Breaker extends TraceFunction {
    private static final Breaker INSTANCE = new Breaker();

    private Breaker() {
    }

    /** Installs the breaker on the thread state and every frame of its stack, then interrupts the thread. */
    public static void install(ThreadState ts, Thread thread) {
        ts.tracefunc = INSTANCE;
        for (PyFrame f = ts.frame; f != null; f = f.f_back) {
            f.tracefunc = INSTANCE;
        }
        thread.interrupt();
    }

    /** Removes the breaker from a thread state whose run has ended, and clears the thread's interrupt flag. */
    public static void remove(ThreadState ts) {
        if (ts.tracefunc == INSTANCE) {
            ts.tracefunc = null;
        }
        for (PyFrame f = ts.frame; f != null; f = f.f_back) {
            if (f.tracefunc == INSTANCE) {
                f.tracefunc = null;
            }
        }
        Thread.interrupted();
    }

    private static PyException stop() {
        return Py.KeyboardInterrupt("interrupted");
    }

    @Override
    public TraceFunction traceCall(PyFrame frame) {
        throw stop();
    }

    @Override
    public TraceFunction traceReturn(PyFrame frame, PyObject ret) {
        return this;
    }

    @Override
    public TraceFunction traceLine(PyFrame frame, int line) {
        throw stop();
    }

    @Override
    public TraceFunction traceException(PyFrame frame, PyException exc) {
        return this;
    }
}
