package org.daybreak.testing.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * The fuzz harness shared by every bundle's fuzz targets (one small {@code *FuzzTest} class per parser). This one
 * source file is added to the test sources of each bundle with targets (build-helper-maven-plugin, configured in the
 * root pom; a bundle's tests see only their own bundle's test classes under Tycho), see docs/reliability.md:
 * <ul>
 * <li>seeds: small real files of the shared test data, read when the target class loads (never committed);</li>
 * <li>{@link #mutate}: the fuzzer's bytes choose a seed and a few edits of it (bytes, 32- and 64-bit words
 * that look like sizes and addresses, truncation), so coverage-guided search starts from valid structure;</li>
 * <li>{@link #check}: the invariants: only the documented input errors escape, every input is decided within
 * {@link #LIMIT_NANOS} of CPU time and none hangs ({@link #HANG_SECONDS}); anything else (a RuntimeException, OutOfMemoryError, StackOverflowError) is a finding.</li>
 * </ul>
 */
public final class FuzzHarness {
    /** Every input must be decided well under a second. */
    public static final long LIMIT_NANOS = 1_000_000_000L;

    private static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();

    private FuzzHarness() {
    }

    /** The shared test data folder (as the other tests find it). */
    public static Path testdata() {
        String p = System.getProperty("daybreak.testdata");
        return p != null ? Path.of(p) : Path.of("../../../shared/testdata");
    }

    /**
     * Up to {@code max} files under {@code relativeFolder} of the test data whose names end with one of the
     * suffixes, smallest first, each at most {@code maxBytes}.
     */
    public static List<byte[]> seeds(String relativeFolder, int max, int maxBytes, String... suffixes) {
        List<byte[]> out = new ArrayList<>();
        Path root = testdata().resolve(relativeFolder);
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("fuzz seeds: test data folder " + root.toAbsolutePath() + " is missing");
        }
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                for (String x : suffixes) {
                    if (n.endsWith(x)) {
                        return true;
                    }
                }
                return false;
            }).sorted(java.util.Comparator.comparingLong((Path p) -> p.toFile().length())
                    .thenComparing(Path::toString)).toList();
            for (Path p : files) {
                if (out.size() >= max) {
                    break;
                }
                if (Files.size(p) <= maxBytes) {
                    out.add(Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("fuzz seeds: cannot read " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A seed chosen and edited by the fuzzer's bytes (see the class comment). */
    public static byte[] mutate(List<byte[]> seeds, FuzzedDataProvider d) {
        if (seeds.isEmpty()) {
            return d.consumeRemainingAsBytes();
        }
        byte[] b = seeds.get(d.consumeInt(0, seeds.size() - 1)).clone();
        int edits = d.consumeInt(0, 12);
        for (int e = 0; e < edits && b.length > 0; e++) {
            // edits concentrate on the first 4 KiB (superblocks, headers, directories), but reach anywhere
            int pos = d.consumeBoolean() ? d.consumeInt(0, Math.min(4095, b.length - 1))
                    : d.consumeInt(0, b.length - 1);
            switch (d.consumeInt(0, 4)) {
                case 0 -> b[pos] = d.consumeByte();
                case 1 -> put(b, pos, d.consumeInt(), 4);
                case 2 -> put(b, pos, d.consumeLong(), 8);
                case 3 -> put(b, pos, d.pickValue(new long[] {0, 1, -1, 0xff, 0xffff, 0x7fffffffL, 0xffffffffL,
                        1L << 40, 1_000_000_000_000_000L, Long.MAX_VALUE}), d.consumeBoolean() ? 4 : 8);
                default -> b = java.util.Arrays.copyOf(b, pos);
            }
        }
        return b;
    }

    private static void put(byte[] b, int pos, long v, int width) {
        for (int i = 0; i < width && pos + i < b.length; i++) {
            b[pos + i] = (byte) (v >>> (8 * i)); // little-endian as HDF5 and TIFF "II"; FITS/npy get the same bits
        }
    }

    /** Code that parses untrusted input. */
    public interface Parse {
        void run() throws Exception;
    }

    /** A hang: an input still undecided after this long is a finding (and its thread is abandoned). */
    public static final long HANG_SECONDS = 10;

    private static java.util.concurrent.ExecutorService worker = newWorker();
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
            .getThreadMXBean();
    private static volatile long lastCpuNanos;
    private static volatile Thread current;

    private static java.util.concurrent.ExecutorService newWorker() {
        return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-input");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code parse} on the harness's own thread and waits at most {@link #HANG_SECONDS} (JUnit's @Timeout would
     * bound the whole fuzzing run instead, in Jazzer 0.24); its own exception is rethrown as it is.
     */
    private static synchronized void runWatched(Parse parse) throws Throwable {
        java.util.concurrent.Future<?> f = worker.submit(() -> {
            current = Thread.currentThread();
            long c0 = THREADS.getCurrentThreadCpuTime();
            try {
                parse.run();
            } finally {
                lastCpuNanos = THREADS.getCurrentThreadCpuTime() - c0;
            }
            return null;
        });
        try {
            f.get(HANG_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            AssertionError hang = new AssertionError("input not decided after " + HANG_SECONDS + " s (a hang)");
            Thread stuck = current;
            if (stuck != null) {
                Throwable where = new Throwable("where the input was stuck");
                where.setStackTrace(stuck.getStackTrace());
                hang.initCause(where);
            }
            f.cancel(true);
            worker = newWorker();
            throw hang;
        }
    }

    /**
     * Runs {@code parse}: returns normally when it succeeds or fails with one of {@code allowed}; throws an
     * AssertionError (a finding) for any other throwable or when it took longer than {@link #LIMIT_NANOS}.
     */
    @SafeVarargs
    public static void check(Parse parse, Class<? extends Throwable>... allowed) {
        try {
            runWatched(parse);
        } catch (Throwable t) {
            boolean ok = false;
            for (Class<? extends Throwable> c : allowed) {
                ok |= c.isInstance(t);
            }
            if (t instanceof AssertionError a && a.getMessage() != null && a.getMessage().contains("(a hang)")) {
                throw a;
            }
            if (!ok) {
                throw new AssertionError("undocumented " + t.getClass().getName() + ": " + t.getMessage(), t);
            }
            if (t.getMessage() == null || t.getMessage().isBlank()) {
                throw new AssertionError("input error without a message: " + t.getClass().getName(), t);
            }
        }
        // CPU time of the parsing thread, so that a loaded machine does not make findings; the first inputs of a
        // JVM also load and compile the parser's classes and are not counted
        long took = lastCpuNanos;
        if (CALLS.incrementAndGet() > 25 && took > LIMIT_NANOS) {
            throw new AssertionError("input took " + took / 1_000_000 + " ms of CPU (limit " + LIMIT_NANOS / 1_000_000
                    + " ms)");
        }
    }
}
