package org.daybreak.script.internal;

import java.io.Writer;
import java.util.function.Consumer;

/**
 * A Writer that hands text to a callback: at every line break, at {@link #flush()}, and when 8 KiB have
 * gathered. The callback can be swapped while in use (a pre-started interpreter gets its session's streams).
 * Thread-safe.
 */
public final class CallbackWriter extends Writer {
    private final StringBuilder pending = new StringBuilder();
    private volatile Consumer<String> target;

    public CallbackWriter(Consumer<String> target) {
        this.target = target;
    }

    public void setTarget(Consumer<String> target) {
        flush();
        this.target = target;
    }

    @Override
    public synchronized void write(char[] cbuf, int off, int len) {
        pending.append(cbuf, off, len);
        int nl = pending.lastIndexOf("\n");
        if (nl >= 0 || pending.length() >= 8192) {
            int cut = nl >= 0 ? nl + 1 : pending.length();
            String s = pending.substring(0, cut);
            pending.delete(0, cut);
            deliver(s);
        }
    }

    @Override
    public synchronized void flush() {
        if (pending.length() > 0) {
            String s = pending.toString();
            pending.setLength(0);
            deliver(s);
        }
    }

    private void deliver(String s) {
        Consumer<String> t = target;
        if (t != null) {
            t.accept(s);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
