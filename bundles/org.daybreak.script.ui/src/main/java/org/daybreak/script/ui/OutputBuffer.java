package org.daybreak.script.ui;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Text written by a script, waiting to be shown: producers on any thread {@link #add} chunks, the UI thread
 * {@link #drain}s them in batches. At most {@code capacity} characters wait; when a script writes faster than
 * the console shows, the oldest waiting chunks are dropped and the drained batch starts with a note saying how
 * many characters were lost. Thread-safe. Widget-free, but it stays here: it exists to pace the console view's
 * drawing; headless runs write straight to their streams.
 */
final class OutputBuffer {
    /** What a chunk is, which decides its colour. */
    enum Kind {
        OUT, ERR, ECHO, INFO
    }

    record Chunk(String text, Kind kind) {
    }

    private final int capacity;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private int waiting;
    private long dropped;

    OutputBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the output buffer needs room for at least one character");
        }
        this.capacity = capacity;
    }

    /** Queues a chunk; returns true when the buffer was empty before (the caller then schedules a drain). */
    synchronized boolean add(String text, Kind kind) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        boolean wasEmpty = chunks.isEmpty() && dropped == 0;
        String t = text;
        if (t.length() > capacity) {
            dropped += t.length() - capacity;
            t = t.substring(t.length() - capacity);
        }
        Chunk last = chunks.peekLast();
        if (last != null && last.kind() == kind) {
            chunks.pollLast();
            chunks.addLast(new Chunk(last.text() + t, kind));
        } else {
            chunks.addLast(new Chunk(t, kind));
        }
        waiting += t.length();
        while (waiting > capacity) {
            Chunk first = chunks.pollFirst();
            int excess = waiting - capacity;
            if (first.text().length() > excess) {
                chunks.addFirst(new Chunk(first.text().substring(excess), first.kind()));
                waiting -= excess;
                dropped += excess;
            } else {
                waiting -= first.text().length();
                dropped += first.text().length();
            }
        }
        return wasEmpty;
    }

    /** Takes every waiting chunk, oldest first (with a note first when output was dropped). */
    synchronized List<Chunk> drain() {
        List<Chunk> out = new ArrayList<>(chunks.size() + 1);
        if (dropped > 0) {
            out.add(new Chunk("[" + dropped + " characters of output dropped: the script wrote faster than the "
                    + "console can show]\n", Kind.INFO));
            dropped = 0;
        }
        out.addAll(chunks);
        chunks.clear();
        waiting = 0;
        return out;
    }
}
