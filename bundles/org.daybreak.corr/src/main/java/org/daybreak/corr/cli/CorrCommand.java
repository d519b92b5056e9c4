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
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.LocalJobExecutor;
import org.daybreak.core.json.Json;
import org.daybreak.corr.CorrRunJob;
import org.daybreak.corr.Simulator;
import org.daybreak.corr.VoltageFile;
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
        return "FX correlation: simulate voltages, channelise, correlate, qualify";
    }

    @Override
    public String usage() {
        return """
                Usage: daybreak corr simulate --antennas N --samples T --out VOLT.h5|VOLT.npy
                           [--tone F[,F...]] [--tone-amplitude A] [--sample-rate HZ] [--delays D0,D1,...]
                           [--gains G0,G1,...] [--noise SKY[,RECEIVER]] [--pols 1|2] [--seed S]
                       daybreak corr run --in VOLT.h5|VOLT.npy --out VIS.h5|VIS.npy --channels C --integrate K
                           [--taps P] [--window hann|hamming|blackman-harris|rect] [--delays D0,D1,...]
                           [--phases P0,P1,...] [--requantise GAIN] [--threads N]
                       daybreak corr xengine --in X.npy --out V.npy --integrate K [--threads N]
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
                          k * fs / 2C), delay correction (--delays in samples: the data of input i is advanced
                          by D_i), optional requantisation to int8 complex with GAIN (exact integer X-engine),
                          then all baselines and polarisation products, K spectra per dump.
                xengine   X: int8 [time][channel][antenna][2] (re, im) -> V: int64 [time/K][channel][baseline][2],
                          baselines (0,0),(0,1),...,(0,N-1),(1,1),... and V_ij = sum x_i conj(x_j).
                          A float32 X gives a float64 V.
                qualify   Linearity, baseline ordering, PFB channel response and delay tracking on simulated
                          input; writes results.json, PNG plots and index.html to DIR.
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("corr: missing subcommand (simulate, run, xengine or qualify)");
        }
        String sub = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (sub) {
            case "simulate" -> simulate(rest, out, err);
            case "run" -> runCorrelator(rest, out, err);
            case "xengine" -> xengine(rest, out, err);
            case "qualify" -> qualify(rest, out, err);
            default -> throw new UsageException("corr: unknown subcommand '" + sub
                    + "' (simulate, run, xengine or qualify)");
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
        Args a = new Args("corr xengine", rest, Set.of("in", "out", "integrate", "threads"), Set.of());
        a.atMostPositional(0);
        Path in = Path.of(a.require("in"));
        Path outFile = Path.of(a.require("out"));
        int k = positive(a, "integrate", "corr xengine");
        NDArray x = Npy.read(in);
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
        NDArray v;
        if (x.dtype() == DType.INT8) {
            long[] r = XEngine.correlate((byte[]) x.data(), s[0], s[1], s[2], k, threads(a), JobContext.NONE);
            v = NDArray.wrap(DType.INT64, r, outShape);
        } else if (x.dtype() == DType.FLOAT32) {
            double[] r = XEngine.correlate((float[]) x.data(), s[0], s[1], s[2], k, threads(a), JobContext.NONE);
            v = NDArray.wrap(DType.FLOAT64, r, outShape);
        } else {
            throw new InputException(in + ": the X-engine takes int8 (or float32) data, not " + x.dtype());
        }
        Npy.write(outFile, v);
        return 0;
    }
}
