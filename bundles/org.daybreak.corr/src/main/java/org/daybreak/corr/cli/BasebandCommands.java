package org.daybreak.corr.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.daybreak.core.cli.Args;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.data.DType;
import org.daybreak.core.io.Npy;
import org.daybreak.core.json.Json;
import org.daybreak.corr.baseband.Baseband;
import org.daybreak.corr.baseband.BasebandInfo;
import org.daybreak.corr.baseband.BasebandReader;

/** {@code corr info} and {@code corr voltages}: a baseband file's headers and its decoded samples. */
final class BasebandCommands {
    /** Options every baseband-reading subcommand takes for what the headers cannot say. */
    static final Set<String> READER_OPTIONS = Set.of("sample-rate", "ref-date", "nchan", "bits");

    private BasebandCommands() {
    }

    static Baseband.Options options(Args a, String cmd) {
        double rate = a.getDouble("sample-rate", 0);
        if (a.has("sample-rate") && !(rate > 0)) {
            throw new UsageException(cmd + ": option --sample-rate needs a positive number of Hz");
        }
        Integer mjd = a.has("ref-date") ? Baseband.Options.mjd(a.get("ref-date")) : null;
        int nchan = a.getInt("nchan", 0);
        int bits = a.getInt("bits", 0);
        if (a.has("nchan") && nchan < 1 || a.has("bits") && bits != 1 && bits != 2) {
            throw new UsageException(cmd + ": options --nchan (Mark 5B channels) and --bits (1 or 2) need"
                    + " positive values");
        }
        return new Baseband.Options(rate, mjd, nchan, bits);
    }

    static int info(List<String> rest, PrintStream out, PrintStream err) throws IOException {
        String cmd = "corr info";
        Args a = new Args(cmd, rest, READER_OPTIONS, Set.of("json"));
        a.atMostPositional(1);
        Path file = Path.of(a.positional(0, "FILE (a VDIF, Mark 5B, DADA or GUPPI file)"));
        try (BasebandReader r = Baseband.open(file, options(a, cmd))) {
            BasebandInfo i = r.info();
            for (String w : i.warnings()) {
                err.println(cmd + ": warning: " + file + ": " + w);
            }
            if (a.has("json")) {
                Map<String, Object> m = i.toMap();
                m.put("file", file.toString());
                out.println(Json.write(m));
                return 0;
            }
            out.println("file            " + file);
            out.println("format          " + i.format());
            if (!i.threads().isEmpty()) {
                out.println("threads         " + String.join(",", i.threads()) + " (" + i.channelsPerThread()
                        + " channel" + (i.channelsPerThread() == 1 ? "" : "s") + " each)");
            }
            out.println("streams         " + i.streams());
            out.println("polarisations   " + i.pols());
            out.println("bits            " + i.bits() + (i.complex() ? " complex" : " real"));
            out.println("sample rate     " + (Double.isNaN(i.sampleRate()) ? "unknown (give --sample-rate)"
                    : String.format(Locale.ROOT, "%.10g Hz", i.sampleRate())));
            out.println("start time      " + (i.start() == null ? "unknown" : i.start()));
            out.println("samples         " + i.samples() + " per stream (" + i.samplesPerFrame() + " per frame)");
            out.println("duration        " + (Double.isNaN(i.sampleRate()) ? "unknown"
                    : String.format(Locale.ROOT, "%.9g s", i.duration())));
            out.println("frames          " + i.frames() + " (" + i.invalidFrames() + " invalid)");
            return 0;
        }
    }

    static int voltages(List<String> rest, PrintStream out, PrintStream err) throws IOException {
        String cmd = "corr voltages";
        Set<String> valued = new java.util.HashSet<>(READER_OPTIONS);
        valued.addAll(Set.of("out", "start", "count"));
        Args a = new Args(cmd, rest, valued, Set.of());
        a.atMostPositional(1);
        Path file = Path.of(a.positional(0, "FILE (a VDIF, Mark 5B, DADA or GUPPI file)"));
        Path outFile = Path.of(a.require("out"));
        if (!outFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            throw new UsageException(cmd + ": --out must name a .npy file, not " + outFile);
        }
        long start = longOption(a, "start", 0, cmd);
        try (BasebandReader r = Baseband.open(file, options(a, cmd))) {
            BasebandInfo i = r.info();
            for (String w : i.warnings()) {
                err.println(cmd + ": warning: " + file + ": " + w);
            }
            long total = i.samples();
            long count = longOption(a, "count", total - Math.min(start, total), cmd);
            if (start < 0 || start >= total) {
                throw new InputException(file + ": --start " + start + " is outside its " + total + " samples");
            }
            if (count < 1 || start + count > total) {
                throw new InputException(file + ": --count " + count + " from sample " + start + " goes past its "
                        + total + " samples (at most " + (total - start) + ")");
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw new InputException(file + ": --count " + count + " is more samples than one .npy array holds");
            }
            writeNpy(r, start, (int) count, outFile);
            err.println(cmd + ": wrote " + count + " samples x " + i.streams() + " streams x " + i.pols()
                    + " pols x (re, im) float32 to " + outFile);
            return 0;
        }
    }

    /**
     * {@code corr stats}: decodes the whole file (or --count samples) and prints, per stream and polarisation, the
     * mean and rms of re and im and, with --codes for data of at most 4 bits, the fraction of samples at each code
     * (the sampler statistics a VLBI operator checks: 2-bit data should sit near 16/34/34/16 %). The time spent
     * decoding to float32 (file reads included) is reported on stderr and in the JSON: with {@code --layout planar}
     * (the default) through {@link BasebandReader#readPlanar}, the correlator's decoder (one array per stream), with
     * {@code --layout interleaved} through {@link BasebandReader#read} ({@code [sample][stream][pol][re, im]}, what
     * {@code corr voltages} and scripts read). {@code --repeat N} decodes the range N times and also reports the
     * best pass (the first includes the JIT's warm-up).
     */
    static int stats(List<String> rest, PrintStream out, PrintStream err) throws IOException {
        String cmd = "corr stats";
        Set<String> valued = new java.util.HashSet<>(READER_OPTIONS);
        valued.add("count");
        valued.add("layout");
        valued.add("repeat");
        Args a = new Args(cmd, rest, valued, Set.of("json", "codes"));
        String layout = a.get("layout") == null ? "planar" : a.get("layout");
        if (!layout.equals("planar") && !layout.equals("interleaved")) {
            throw new UsageException(cmd + ": --layout is planar or interleaved, not '" + layout + "'");
        }
        boolean planar = layout.equals("planar");
        a.atMostPositional(1);
        Path file = Path.of(a.positional(0, "FILE (a VDIF, Mark 5B, DADA or GUPPI file)"));
        try (BasebandReader r = Baseband.open(file, options(a, cmd))) {
            BasebandInfo i = r.info();
            long total = i.samples();
            long count = longOption(a, "count", total, cmd);
            if (count < 1 || count > total) {
                throw new InputException(file + ": --count " + count + " is not between 1 and its " + total
                        + " samples");
            }
            int stride = i.sampleStride();
            // 256 KiB of floats: the decoded chunk stays in the core's cache for the sums that follow
            int chunk = Math.max(1, (1 << 16) / stride);
            float[] buf = new float[chunk * stride];
            int inputs = i.streams() * i.pols();
            int comps = i.complex() ? 2 : 1;
            float[][] planes = new float[planar ? inputs : 0][chunk * comps];
            double[] sum = new double[stride], sq = new double[stride];
            boolean histogram = a.has("codes") && i.bits() <= 4;
            int levels = 1 << i.bits();
            long[] counts = new long[histogram ? stride * levels : 0];
            long decodeNanos = 0;
            long decodeCpuNanos = 0;
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long readNanos = 0;
            for (long done = 0; done < count; done += chunk) {
                int n = (int) Math.min(chunk, count - done);
                if (histogram) {
                    float[] codes = r.readCodes(done, n);
                    for (int s = 0; s < n; s++) {
                        for (int k = 0; k < stride; k++) {
                            counts[k * levels + (int) codes[s * stride + k]]++;
                        }
                    }
                }
                long t0 = System.nanoTime();
                long c0 = cpu.getCurrentThreadCpuTime();
                long r0 = r.fileReadCpuNanos();
                if (planar) {
                    r.readPlanar(done, n, planes, 0, 0);
                } else {
                    r.read(done, n, buf, 0);
                }
                readNanos += r.fileReadCpuNanos() - r0;
                decodeCpuNanos += cpu.getCurrentThreadCpuTime() - c0;
                decodeNanos += System.nanoTime() - t0;
                for (int u = 0; planar && u < inputs; u++) {
                    float[] v = planes[u];
                    for (int k = 0; k < comps; k++) {
                        double s1 = 0, s2 = 0;
                        for (int s = k; s < n * comps; s += comps) {
                            double x = v[s];
                            s1 += x;
                            s2 += x * x;
                        }
                        sum[2 * u + k] += s1;
                        sq[2 * u + k] += s2;
                    }
                }
                for (int s = 0; !planar && s < n; s++) {
                    int o = s * stride;
                    for (int k = 0; k < stride; k++) {
                        double v = buf[o + k];
                        sum[k] += v;
                        sq[k] += v * v;
                    }
                }
            }
            // --repeat N: N - 1 more decoding passes (the first pass includes the JIT's warm-up)
            long repeat = longOption(a, "repeat", 1, cmd);
            if (repeat < 1 || repeat > 1000) {
                throw new UsageException(cmd + ": --repeat " + repeat + " is not between 1 and 1000");
            }
            List<Object> passes = new java.util.ArrayList<>();
            passes.add(pass(decodeNanos, decodeCpuNanos, readNanos));
            long bestNanos = decodeNanos, bestCpuNanos = decodeCpuNanos;
            long bestUnpackNanos = decodeCpuNanos - readNanos;
            for (long pass = 1; pass < repeat; pass++) {
                long t0 = System.nanoTime();
                long c0 = cpu.getCurrentThreadCpuTime();
                long r0 = r.fileReadCpuNanos();
                for (long done = 0; done < count; done += chunk) {
                    int n = (int) Math.min(chunk, count - done);
                    if (planar) {
                        r.readPlanar(done, n, planes, 0, 0);
                    } else {
                        r.read(done, n, buf, 0);
                    }
                }
                long c = cpu.getCurrentThreadCpuTime() - c0, w = System.nanoTime() - t0;
                long reads = r.fileReadCpuNanos() - r0;
                passes.add(pass(w, c, reads));
                bestNanos = Math.min(bestNanos, w);
                bestCpuNanos = Math.min(bestCpuNanos, c);
                bestUnpackNanos = Math.min(bestUnpackNanos, c - reads);
            }
            List<Object> rows = new java.util.ArrayList<>();
            for (int st = 0; st < i.streams(); st++) {
                for (int p = 0; p < i.pols(); p++) {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    int k = (st * i.pols() + p) * 2;
                    row.put("stream", st);
                    row.put("pol", p);
                    row.put("mean_re", sum[k] / count);
                    row.put("rms_re", Math.sqrt(sq[k] / count));
                    if (i.complex()) {
                        row.put("mean_im", sum[k + 1] / count);
                        row.put("rms_im", Math.sqrt(sq[k + 1] / count));
                    }
                    if (histogram) {
                        List<Double> f = new java.util.ArrayList<>();
                        for (int c = 0; c < levels; c++) {
                            f.add(counts[k * levels + c] / (double) count);
                        }
                        row.put("code_fractions_re", f);
                    }
                    rows.add(row);
                }
            }
            long bytes = r.info().frames() > 0 ? java.nio.file.Files.size(file) * count / total : 0;
            err.printf(Locale.ROOT, "%s: decoded (%s) %d samples x %d streams x %d pols (%d bytes of the file) in %.3f s"
                    + " (%.3g bytes/s; %.3f s of this thread's CPU time: %.3g bytes/s per core)%n", cmd, layout, count,
                    i.streams(), i.pols(), bytes, decodeNanos / 1e9, bytes / (decodeNanos / 1e9),
                    decodeCpuNanos / 1e9, bytes / (decodeCpuNanos / 1e9));
            if (repeat > 1) {
                err.printf(Locale.ROOT, "%s: best of %d passes: %.3f s (%.3g bytes/s); %.3f s of CPU time (%.3g"
                        + " bytes/s per core), %.3f s without the file reads (%.3g bytes/s per core)%n", cmd, repeat,
                        bestNanos / 1e9, bytes / (bestNanos / 1e9), bestCpuNanos / 1e9,
                        bytes / (bestCpuNanos / 1e9), bestUnpackNanos / 1e9, bytes / (bestUnpackNanos / 1e9));
            }
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("samples", count);
            m.put("streams", rows);
            m.put("decode_layout", layout);
            m.put("decode_seconds", decodeNanos / 1e9);
            m.put("decode_cpu_seconds", decodeCpuNanos / 1e9);
            m.put("decode_kernel", r.decodeKernel());
            m.put("decode_passes", passes);
            m.put("best_decode_seconds", bestNanos / 1e9);
            m.put("best_decode_cpu_seconds", bestCpuNanos / 1e9);
            m.put("best_decode_cpu_seconds_without_file_reads", bestUnpackNanos / 1e9);
            out.println(a.has("json") ? Json.write(m) : Json.pretty(m));
            return 0;
        }
    }

    /** Streams samples [start, start + count) to a float32 .npy [count][stream][pol][2], in bounded memory. */
    static void writeNpy(BasebandReader r, long start, int count, Path outFile) throws IOException {
        BasebandInfo i = r.info();
        int stride = i.sampleStride();
        Path parent = outFile.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new InputException(outFile + ": folder " + parent + " does not exist");
        }
        int chunk = Math.max(1, (1 << 22) / stride);
        float[] buf = new float[chunk * stride];
        ByteBuffer bytes = ByteBuffer.allocate(buf.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(outFile), 1 << 20)) {
            o.write(Npy.header(DType.FLOAT32, new int[] {count, i.streams(), i.pols(), 2}));
            for (long done = 0; done < count; done += chunk) {
                int n = (int) Math.min(chunk, count - done);
                r.read(start + done, n, buf, 0);
                bytes.clear();
                bytes.asFloatBuffer().put(buf, 0, n * stride);
                o.write(bytes.array(), 0, n * stride * 4);
            }
        }
    }

    /** One decoding pass: wall and CPU seconds (file reads included), and the CPU seconds of the file reads. */
    private static Map<String, Object> pass(long wallNanos, long cpuNanos, long readNanos) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("wall_seconds", wallNanos / 1e9);
        m.put("cpu_seconds", cpuNanos / 1e9);
        m.put("file_read_cpu_seconds", readNanos / 1e9);
        return m;
    }

    private static long longOption(Args a, String name, long fallback, String cmd) {
        String v = a.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(cmd + ": option --" + name + " needs a whole number, not '" + v + "'");
        }
    }
}
