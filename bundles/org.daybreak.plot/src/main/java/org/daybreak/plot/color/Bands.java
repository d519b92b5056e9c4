package org.daybreak.plot.color;

import org.daybreak.core.parallel.Parallel;

/**
 * Splits the rows of an image into bands processed in parallel on the shared pool ({@link Parallel}). Small images run on
 * the calling thread. Each task receives a half-open row range {@code [from, to)}.
 */
final class Bands {
    /** Below this many elements the work stays on the calling thread. */
    static final int PARALLEL_THRESHOLD = 1 << 16;

    private Bands() {
    }

    interface Task {
        void run(int band, int from, int to);
    }

    /** Number of bands {@link #run} uses for {@code rows} rows of {@code rowLength} elements. */
    static int count(int rows, int rowLength) {
        if (rows <= 1 || (long) rows * rowLength < PARALLEL_THRESHOLD) {
            return 1;
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        return Math.min(rows, threads * 4);
    }

    static void run(int rows, int rowLength, Task task) {
        int bands = count(rows, rowLength);
        if (bands == 1) {
            task.run(0, 0, rows);
            return;
        }
        Parallel.forEach(bands, Parallel.poolSize(), null, b -> {
            int from = (int) ((long) rows * b / bands);
            int to = (int) ((long) rows * (b + 1) / bands);
            task.run(b, from, to);
        });
    }
}
