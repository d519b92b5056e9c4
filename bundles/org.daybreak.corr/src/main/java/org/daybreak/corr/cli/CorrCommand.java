package org.daybreak.corr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daybreak.core.cli.Args;
import org.daybreak.core.cli.Command;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.JobRunner;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.RunTarget;
import org.daybreak.core.json.Json;
import org.daybreak.corr.gpu.GpuXEngine;
import org.daybreak.gpu.DeviceChoice;
import org.daybreak.gpu.GpuException;
import org.daybreak.gpu.Gpus;
import org.daybreak.corr.CorrRunJob;
import org.daybreak.corr.CorrFiles;
import org.daybreak.corr.FEngine;
import org.daybreak.corr.Simulator;
import org.daybreak.corr.XEngine;
import org.daybreak.corr.qualify.Qualification;

/**
 * {@code daybreak corr}: simulate voltages, run the FX correlator, run the X-engine alone, qualify the correlator.
 * Units and file layouts are in docs/correlator.md and in {@link #usage()}.
 */
public final class CorrCommand implements Command {

    @Override
    public String name() {
        return "corr";
    }

    @Override
    public String summary() {
        return "FX correlation: simulate voltages, read baseband recordings, channelise, correlate, qualify";
    }

    @Override
    public String usage() {
        return """
                Usage: daybreak corr simulate --antennas N --samples T --out VOLT.h5|VOLT.npy
                           [--tone F[,F...]] [--tone-amplitude A] [--sample-rate HZ] [--delays D0,D1,...]
                           [--gains G0,G1,...] [--noise SKY[,RECEIVER]] [--pols 1|2] [--seed S]
                       daybreak corr run --in VOLT.h5|VOLT.npy|REC[,REC...] --out VIS.h5|VIS.npy --channels C
                           --integrate K [--taps P] [--window hann|hamming|blackman-harris|rect]
                           [--delays D0,D1,...] [--phases P0,P1,...] [--requantise GAIN] [--threads N]
                           [--device cpu|gpu|auto]
                       daybreak corr info REC [--json]
                       daybreak corr voltages REC --out X.npy [--start S] [--count N]
                       daybreak corr stats REC [--count N] [--codes] [--layout planar|interleaved]
                           [--repeat N] [--json]
                       (REC: a VDIF, Mark 5B, PSRDADA or GUPPI RAW recording; what its headers do not say:
                        [--sample-rate HZ] [--ref-date YYYY-MM-DD (Mark 5B)] [--nchan N] [--bits B] (Mark 5B))
                       daybreak corr xengine --in X.npy --out V.npy --integrate K [--threads N]
                           [--device cpu|gpu|auto] [--repeat N]
                       daybreak corr qualify --out DIR

                simulate  Deterministic test voltages, int8 [antenna][pol][sample].
                          --tone: tone frequencies, as a fraction of the sample rate (0..0.5), or in Hz when
                          --sample-rate is given; --tone-amplitude: peak amplitude in ADC counts (default 20).
                          --delays: per-antenna delays in samples (fractional allowed; default 0): antenna i
                          receives the sky signal s(t - D_i). --gains: per-antenna real voltage gains (default 1).
                          --noise SKY,RECEIVER: rms in ADC counts of the common sky noise and of each antenna's
                          own receiver noise (default 8,8). --pols: polarisations per antenna (default 1).
                          --seed: random seed (default 1). Quantised by rounding and clipping to [-127, 127].
                run       Polyphase filter bank (P taps, default 4; window times sinc, default hann) and
                          real FFT of 2C samples -> C channels (DC kept, Nyquist dropped; channel k is at
                          k * fs / 2C): T samples give T/2C spectra, and K * 2C must divide T. Delay
                          correction (--delays in samples: the data of antenna i is advanced by D_i), optional
                          requantisation to int8 complex with GAIN (exact integer X-engine), then all baselines
                          and polarisation products, K spectra per dump.
                xengine   X: int8 [time][channel][antenna][2] (re, im) -> V: int64 [time/K][channel][baseline][2],
                          baselines (0,0),(0,1),...,(0,N-1),(1,1),... and V_ij = sum x_i conj(x_j).
                          A float32 X gives a float64 V. --repeat N runs the X-engine N times on the same input
                          (one line per pass on stderr, then the best) and writes V once: the kernel's steady
                          speed, after the JIT has compiled it, for benchmarks.
                --device  where the X-engine runs (run and xengine): auto (default) takes the first GPU of
                          ./daybreak devices when one is usable, else the CPU, and the output says which ran; gpu
                          without a usable GPU is an error. The GPU X-engine is integer only (int8 input, or
                          corr run with --requantise) and bit-identical to the CPU's; the F-engine stays on the CPU.
                info      A recording's format, threads/streams, channels, polarisations, bits, sample rate,
                          start time, duration and invalid frames, from its headers (--json: as JSON).
                voltages  Decoded samples S..S+N as float32 [sample][stream][pol][re, im] (real data: im = 0);
                          a stream is a VDIF thread x channel, a Mark 5B channel, a DADA/GUPPI channel.
                          Levels of 1/2/4-bit codes: docs/baseband.md.
                stats     Per stream and pol: mean and rms, and with --codes for data of up to 4 bits the
                          fraction of samples at each code (sampler statistics); decoding speed on stderr, through
                          the correlator's planar decoder (--layout planar, default) or the [sample][stream][pol]
                          [re, im] one of voltages (--layout interleaved); --repeat N decodes N times and
                          reports the best pass too.
                run REC   Streams recordings through the correlator in bounded memory: one file gives the auto-
                          and cross-power of its streams and pols; several (one per station, same start)
                          correlate against each other. Real data: C channels from 2C samples; complex data:
                          C channels from C samples, centred on each stream's band.
                qualify   Linearity, baseline ordering, PFB channel response and delay tracking on simulated
                          input; writes results.json, PNG plots and index.html to DIR.
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("corr: missing subcommand (simulate, run, xengine, qualify, info, voltages or stats)");
        }
        String sub = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (sub.equals("--help") || sub.equals("-h") || sub.equals("help") || rest.contains("--help")
                || rest.contains("-h")) {
            out.println(usage());
            return 0;
        }
        return switch (sub) {
            case "simulate" -> simulate(rest, out, err);
            case "run" -> runCorrelator(rest, out, err);
            case "xengine" -> xengine(rest, out, err);
            case "qualify" -> qualify(rest, out, err);
            case "info" -> BasebandCommands.info(rest, out, err);
            case "voltages" -> BasebandCommands.voltages(rest, out, err);
            case "stats" -> BasebandCommands.stats(rest, out, err);
            default -> throw new UsageException("corr: unknown subcommand '" + sub
                    + "' (simulate, run, xengine, qualify, info, voltages or stats)");
        };
    }

    private static int threads(Args a) {
        int t = a.getInt("threads", Runtime.getRuntime().availableProcessors());
        if (t < 1) {
            throw new UsageException("corr: option --threads needs a positive number, not " + t);
        }
        return t;
    }

    static int positive(Args a, String name, String command) {
        int v = a.getInt(name, -1);
        if (!a.has(name)) {
            a.require(name);
        }
        if (v <= 0) {
            throw new UsageException(command + ": option --" + name + " needs a positive whole number, not " + v);
        }
        return v;
    }

    private int xengine(List<String> rest, PrintStream out, PrintStream err) throws IOException {
        Args a = new Args("corr xengine", rest, Set.of("in", "out", "integrate", "threads", "device", "repeat"),
                Set.of());
        String request = a.get("device", "auto").toLowerCase(java.util.Locale.ROOT);
        if (!List.of("cpu", "gpu", "auto").contains(request)) {
            throw new UsageException("corr xengine: --device must be cpu, gpu or auto, not '" + a.get("device") + "'");
        }
        DeviceChoice device = Gpus.choose(request);
        a.atMostPositional(0);
        Path in = Path.of(a.require("in"));
        Path outFile = Path.of(a.require("out"));
        int k = positive(a, "integrate", "corr xengine");
        int repeat = a.has("repeat") ? positive(a, "repeat", "corr xengine") : 1;
        NDArray x = Int8Npy.read(in);
        int[] s = x.shape();
        if (s.length != 4 || s[3] != 2) {
            throw new InputException(in + ": the X-engine input must be shaped [time][channel][antenna][2], not "
                    + java.util.Arrays.toString(s));
        }
        if (s[0] == 0 || s[1] == 0 || s[2] == 0) {
            throw new InputException(in + ": the X-engine input " + java.util.Arrays.toString(s) + " is empty");
        }
        if (s[0] % k != 0) {
            throw new InputException("the integration length " + k + " does not divide the " + s[0]
                    + " spectra of " + in);
        }
        int nb = org.daybreak.corr.Baselines.count(s[2]);
        int[] outShape = {s[0] / k, s[1], nb, 2};
        if (x.dtype() != DType.INT8 && device.isGpu()) {
            if (request.equals("gpu")) {
                throw new InputException(in + ": the GPU X-engine takes int8 data, not " + x.dtype()
                        + " (use --device cpu)");
            }
            device = DeviceChoice.cpu("the GPU X-engine takes int8 data only");
        }
        if (x.dtype() != DType.INT8 && x.dtype() != DType.FLOAT32) {
            throw new InputException(in + ": the X-engine takes int8 (or float32) data, not " + x.dtype());
        }
        double cmacs = (double) s[0] * s[1] * nb;
        NDArray v = null;
        double best = Double.POSITIVE_INFINITY;
        for (int pass = 1; pass <= repeat; pass++) {
            long t0 = System.nanoTime();
            long[] onGpu = null;
            if (device.isGpu()) {
                try (GpuXEngine gpu = GpuXEngine.open(device.device())) {
                    t0 = System.nanoTime();
                    onGpu = gpu.correlate((byte[]) x.data(), s[0], s[1], s[2], k, JobContext.NONE);
                } catch (GpuException e) {
                    if (request.equals("gpu")) {
                        throw new InputException(e.getMessage(), e);
                    }
                    device = DeviceChoice.cpu("the GPU failed: " + e.getMessage());
                    t0 = System.nanoTime();
                }
            }
            if (onGpu != null) {
                v = NDArray.wrap(DType.INT64, onGpu, outShape);
            } else if (x.dtype() == DType.INT8) {
                long[] r = XEngine.correlate((byte[]) x.data(), s[0], s[1], s[2], k, threads(a), JobContext.NONE);
                v = NDArray.wrap(DType.INT64, r, outShape);
            } else {
                double[] r = XEngine.correlate((float[]) x.data(), s[0], s[1], s[2], k, threads(a), JobContext.NONE);
                v = NDArray.wrap(DType.FLOAT64, r, outShape);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            best = Math.min(best, seconds);
            err.printf(java.util.Locale.ROOT, "corr xengine: %s%d spectra x %d channels x %d baselines = %.4g complex"
                    + " multiply-accumulates in %.3f s (%.3g per second) on %s%n",
                    repeat > 1 ? "pass " + pass + " of " + repeat + ": " : "", s[0], s[1], nb, cmacs, seconds,
                    cmacs / seconds, device.label());
        }
        if (repeat > 1) {
            err.printf(java.util.Locale.ROOT, "corr xengine: best of %d passes %.3f s (%.3g complex multiply-accumulates"
                    + " per second)%n", repeat, best, cmacs / best);
        }
        Npy.write(outFile, v);
        return 0;
    }

    /** A comma-separated list of numbers, e.g. {@code 0,1.5,-2}; null when the option is absent. */
    static double[] numbers(Args a, String name, String command) {
        String v = a.get(name);
        if (v == null) {
            return null;
        }
        String[] parts = v.split(",");
        double[] d = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                d[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException(command + ": option --" + name + " needs comma-separated numbers, not '"
                        + v + "'");
            }
            if (!Double.isFinite(d[i])) {
                throw new UsageException(command + ": option --" + name + " needs finite numbers, not '" + v + "'");
            }
        }
        return d;
    }

    private int simulate(List<String> rest, PrintStream out, PrintStream err) throws IOException {
        String cmd = "corr simulate";
        Args a = new Args(cmd, rest, Set.of("antennas", "samples", "tone", "tone-amplitude", "delays", "noise", "seed",
                "gains", "pols", "sample-rate", "out"), Set.of());
        a.atMostPositional(0);
        int antennas = positive(a, "antennas", cmd);
        int samples = positive(a, "samples", cmd);
        Path outFile = Path.of(a.require("out"));
        int pols = a.getInt("pols", 1);
        if (pols != 1 && pols != 2) {
            throw new UsageException(cmd + ": option --pols must be 1 or 2, not " + pols);
        }
        if ((long) antennas * pols * samples > Integer.MAX_VALUE - 8) {
            throw new UsageException(cmd + ": " + antennas + " antennas x " + pols + " pols x " + samples
                    + " samples is too many for one array");
        }
        double rate = a.getDouble("sample-rate", 0);
        if (a.has("sample-rate") && !(rate > 0)) {
            throw new UsageException(cmd + ": option --sample-rate needs a positive number of Hz");
        }
        double[] tones = numbers(a, "tone", cmd);
        if (tones != null) {
            for (int i = 0; i < tones.length; i++) {
                double f = rate > 0 ? tones[i] / rate : tones[i];
                if (!(f >= 0 && f <= 0.5)) {
                    throw new UsageException(cmd + ": tone " + tones[i] + (rate > 0 ? " Hz is not between 0 and "
                            + rate / 2 + " Hz (half the sample rate)" : " is not between 0 and 0.5 of the sample rate"
                            + " (give --sample-rate to use Hz)"));
                }
                tones[i] = f;
            }
        }
        double[] delays = numbers(a, "delays", cmd);
        double[] gains = numbers(a, "gains", cmd);
        requireOnePerAntenna(delays, "delays", antennas, cmd);
        requireOnePerAntenna(gains, "gains", antennas, cmd);
        double[] noise = numbers(a, "noise", cmd);
        double sky = 8, receiver = 8;
        if (noise != null) {
            if (noise.length > 2 || noise[0] < 0 || (noise.length == 2 && noise[1] < 0)) {
                throw new UsageException(cmd + ": option --noise needs SKY[,RECEIVER] rms values >= 0 in ADC counts");
            }
            sky = noise[0];
            receiver = noise.length == 2 ? noise[1] : 0;
        }
        double amplitude = a.getDouble("tone-amplitude", 20);
        long seed;
        try {
            seed = Long.parseLong(a.get("seed", "1"));
        } catch (NumberFormatException e) {
            throw new UsageException(cmd + ": option --seed needs a whole number, not '" + a.get("seed") + "'");
        }
        Simulator.Params p;
        try {
            p = new Simulator.Params(antennas, samples, pols, tones, amplitude, delays, gains, sky, receiver, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(cmd + ": " + e.getMessage());
        }
        byte[] q = Simulator.quantise(Simulator.voltages(p));
        CorrFiles.writeVoltages(outFile, q, p, rate > 0 ? rate : 1.0);
        err.println("corr simulate: wrote " + antennas + " antennas x " + pols + " pols x " + samples
                + " int8 samples to " + outFile);
        return 0;
    }

    private static void requireOnePerAntenna(double[] values, String option, int antennas, String cmd) {
        if (values != null && values.length != antennas) {
            throw new UsageException(cmd + ": option --" + option + " needs " + antennas
                    + " values (one per antenna), not " + values.length);
        }
    }

    private int runCorrelator(List<String> rest, PrintStream out, PrintStream err) throws Exception {
        String cmd = "corr run";
        Args a = new Args(cmd, JobRunner.normalise(rest), JobRunner.withRunOptions(Set.of("in", "out", "channels", "taps",
                "window", "integrate", "delays", "phases", "requantise", "threads", "sample-rate", "ref-date", "nchan",
                "bits")), Set.of());
        RunTarget target = JobRunner.target(a, cmd);
        if (!target.isRemote() && target.device().equals("gpu")) {
            Gpus.choose("gpu"); // one line and exit 2 before any input is read
        }
        a.atMostPositional(0);
        String[] ins = a.require("in").split(",");
        Path in = Path.of(ins[0].trim());
        Path outFile = Path.of(a.require("out"));
        int channels = positive(a, "channels", cmd);
        if (Integer.bitCount(channels) != 1) {
            throw new InputException("the number of channels must be a power of two, not " + channels);
        }
        int k = positive(a, "integrate", cmd);
        int taps = a.getInt("taps", 4);
        if (taps < 1 || taps > 64) {
            throw new UsageException(cmd + ": option --taps needs 1 to 64 taps, not " + taps);
        }
        String window = a.get("window", "hann");
        try {
            FEngine.Window.parse(window);
        } catch (IllegalArgumentException e) {
            throw new UsageException(cmd + ": " + e.getMessage());
        }
        if (!CorrFiles.isOutput(outFile)) {
            throw new InputException(outFile + ": the output must be an HDF5 (.h5) or .npy file");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("out", outFile.toString());
        params.put("channels", channels);
        params.put("taps", taps);
        params.put("window", window);
        params.put("integrate", k);
        putList(params, "delays", numbers(a, "delays", cmd));
        putList(params, "phases", numbers(a, "phases", cmd));
        if (a.has("requantise")) {
            double g = a.getDouble("requantise", 0);
            if (!(g > 0)) {
                throw new UsageException(cmd + ": option --requantise needs a positive gain");
            }
            params.put("requantise", g);
        }
        if (a.has("sample-rate")) {
            double r = a.getDouble("sample-rate", 0);
            if (!(r > 0)) {
                throw new UsageException(cmd + ": option --sample-rate needs a positive number of Hz");
            }
            params.put("sample_rate", r);
        }
        params.put("threads", threads(a));
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("voltages", in.toString());
        for (int f = 1; f < ins.length; f++) {
            if (!org.daybreak.corr.baseband.Baseband.isBaseband(Path.of(ins[f].trim()))) {
                throw new InputException(ins[f].trim() + ": several --in files must all be baseband recordings (VDIF,"
                        + " Mark 5B, DADA or GUPPI), one per station");
            }
            inputs.put("voltages_" + (f + 1), ins[f].trim());
        }
        if (ins.length > 1 && !org.daybreak.corr.baseband.Baseband.isBaseband(in)) {
            throw new InputException(in + ": several --in files must all be baseband recordings (VDIF, Mark 5B, DADA"
                    + " or GUPPI), one per station");
        }
        if (a.has("ref-date")) {
            org.daybreak.corr.baseband.Baseband.Options.mjd(a.get("ref-date"));
            params.put("reference_date", a.get("ref-date"));
        }
        if (a.has("nchan")) {
            params.put("mark5b_channels", positive(a, "nchan", cmd));
        }
        if (a.has("bits")) {
            params.put("mark5b_bits", positive(a, "bits", cmd));
        }
        JobSpec spec = new JobSpec(CorrRunJob.KIND, params, inputs);
        Map<String, Object> r = new JobRunner(cmd, err)
                .progress(new JobRunner.ProgressStyle(500, 0, true, "100% done"))
                .run(spec, target, new CorrRunJob());
        out.println(Json.write(r));
        return 0;
    }

    private static void putList(Map<String, Object> params, String name, double[] v) {
        if (v != null) {
            List<Object> l = new java.util.ArrayList<>();
            for (double d : v) {
                l.add(d);
            }
            params.put(name, l);
        }
    }

    private int qualify(List<String> rest, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args("corr qualify", rest, Set.of("out", "threads"), Set.of());
        a.atMostPositional(0);
        Path dir = Path.of(a.require("out"));
        Qualification.Report r = new Qualification(threads(a), m -> err.println("corr qualify: " + m)).run(dir);
        out.println(Json.write(Map.of("passed", r.passed(), "checks", r.checks().size(), "report",
                dir.resolve("index.html").toString())));
        return r.passed() ? 0 : 1;
    }
}
