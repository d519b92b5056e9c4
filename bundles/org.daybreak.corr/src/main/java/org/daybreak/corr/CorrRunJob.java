package org.daybreak.corr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobParameter;
import org.daybreak.core.job.JobSpec;
import org.daybreak.corr.gpu.GpuXEngine;
import org.daybreak.gpu.DeviceChoice;
import org.daybreak.gpu.GpuException;
import org.daybreak.gpu.Gpus;

/**
 * Job kind {@code corr.run}: voltages file -> FX correlator -> visibilities file.
 *
 * <p>Inputs: {@code voltages} (path of a .h5 or .npy voltage file). Params: {@code out} (path of the .h5 or .npy
 * visibility file), {@code channels}, {@code integrate} (spectra per dump), {@code taps} (default 4),
 * {@code window} (default "hann"), {@code delays} and {@code phases} (lists per antenna, samples and radians),
 * {@code requantise} (gain; absent for the float X-engine), {@code sample_rate} (Hz, overrides the file's),
 * {@code threads}. Result: dumps, spectra, antennas, pols, baselines, channels, out.
 */
public final class CorrRunJob implements JobHandler {
    public static final String KIND = "corr.run";

    static final JobParameter OUT = JobParameter.text("out", null, "visibilities file: .h5 or .npy");
    static final JobParameter CHANNELS = JobParameter.integer("channels", null, null,
            "frequency channels C (a power of two): the F-engine transforms 2C samples");
    static final JobParameter TAPS = JobParameter.integer("taps", 4, null, "polyphase filter bank taps P (1-64)");
    static final JobParameter WINDOW = JobParameter.text("window", "hann",
            "filter bank window: hann, hamming, blackman-harris or rect");
    static final JobParameter INTEGRATE = JobParameter.integer("integrate", null, "spectra",
            "spectra per visibility dump K");
    static final JobParameter DELAYS = JobParameter.list("delays", "samples",
            "per-antenna delay corrections (the data of antenna i is advanced by D_i)");
    static final JobParameter PHASES = JobParameter.list("phases", "radians", "per-antenna phase corrections");
    static final JobParameter REQUANTISE = JobParameter.number("requantise", "off", null,
            "gain for requantising to int8 complex before the exact integer X-engine");
    static final JobParameter SAMPLE_RATE = JobParameter.number("sample_rate", "from the file, else 0", "Hz",
            "sample rate of the voltages (channel frequencies in the output)");
    static final JobParameter THREADS = JobParameter.integer("threads", "all cores", null, "worker threads");
    static final JobParameter REFERENCE_DATE = JobParameter.text("reference_date", null,
            "baseband input: a date (yyyy-mm-dd) within 500 days of a Mark 5B recording, whose headers hold the day"
                    + " modulo 1000");
    static final JobParameter MARK5B_CHANNELS = JobParameter.integer("mark5b_channels", 8, null,
            "baseband input: channels of a Mark 5B recording (not in its headers)");
    static final JobParameter MARK5B_BITS = JobParameter.integer("mark5b_bits", 2, null,
            "baseband input: bits per sample of a Mark 5B recording (not in its headers)");

    @Override
    public List<JobParameter> parameters() {
        return List.of(OUT, CHANNELS, TAPS, WINDOW, INTEGRATE, DELAYS, PHASES, REQUANTISE, SAMPLE_RATE, THREADS,
                REFERENCE_DATE, MARK5B_CHANNELS, MARK5B_BITS);
    }

    @Override
    public Map<String, String> inputDescriptions() {
        return Map.of("voltages", "voltages file (.h5 or .npy, int8 [antenna][pol][sample]) or a baseband recording"
                + " (VDIF, Mark 5B, DADA, GUPPI RAW); further stations' recordings as voltages_2, voltages_3, ...");
    }

    @Override
    public String description() {
        return "FX correlation: polyphase filter bank, FFT, delay correction, X-engine, integration into visibilities";
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Map<String, Object> run(JobSpec spec, JobContext context) throws Exception {
        String in = spec.inputs().get("voltages");
        if (in == null) {
            throw new IllegalArgumentException("a corr.run job needs a 'voltages' input");
        }
        String out = OUT.text(spec, null);
        if (out == null) {
            throw new IllegalArgumentException("a corr.run job needs an 'out' parameter");
        }
        if (org.daybreak.corr.baseband.Baseband.isBaseband(Path.of(in))) {
            // decoded recordings are float voltages: the GPU X-engine is integer only
            if ("gpu".equalsIgnoreCase(spec.string("device", "auto"))) {
                throw new InputException("recordings are correlated on the CPU: the GPU X-engine is integer only and"
                        + " decoded baseband samples are not (run with --device cpu or auto)");
            }
            DeviceChoice cpu = DeviceChoice.cpu("recordings are correlated on the CPU");
            context.progress(0, "correlating on " + cpu.label());
            Map<String, Object> res = new LinkedHashMap<>(BasebandRun.run(spec, context));
            res.put("device", cpu.kind());
            res.put("device_name", cpu.label());
            return res;
        }
        context.progress(0, "reading " + in);
        Voltages v = CorrFiles.readVoltages(Path.of(in), SAMPLE_RATE.number(spec, 0));
        FxCorrelator.Config cfg = new FxCorrelator.Config(CHANNELS.integer(spec, 0), TAPS.integer(spec, 4),
                FEngine.Window.parse(WINDOW.text(spec, "hann")), INTEGRATE.integer(spec, 0),
                numbers(DELAYS.raw(spec), "delays"), numbers(PHASES.raw(spec), "phases"),
                REQUANTISE.number(spec, Double.NaN), THREADS.integer(spec, context.parallelism()));
        String request = spec.string("device", "auto");
        DeviceChoice device = Gpus.choose(request);
        boolean exact = !Double.isNaN(cfg.requantiseGain());
        if (device.isGpu() && !exact) {
            if ("gpu".equalsIgnoreCase(request)) {
                throw new InputException("the GPU X-engine is integer only: add requantise (--requantise GAIN) or"
                        + " run on the CPU (--device cpu)");
            }
            device = DeviceChoice.cpu("the GPU X-engine is integer only and this run does not requantise");
        }
        GpuXEngine gpu = null;
        if (device.isGpu()) {
            try {
                gpu = GpuXEngine.open(device.device());
            } catch (GpuException e) {
                if ("gpu".equalsIgnoreCase(request)) {
                    throw new InputException(e.getMessage(), e);
                }
                device = DeviceChoice.cpu("the GPU failed: " + e.getMessage());
            }
        }
        context.progress(0, "correlating on " + device.label());
        FxCorrelator.Result r;
        try {
            r = FxCorrelator.correlate(v, cfg, context, gpu);
        } finally {
            if (gpu != null) {
                gpu.close();
            }
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("channels", cfg.channels());
        meta.put("taps", cfg.taps());
        meta.put("window", cfg.window().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        meta.put("integrate", cfg.integrate());
        meta.put("sample_rate_hz", v.sampleRate());
        meta.put("requantise_gain", Double.isNaN(cfg.requantiseGain()) ? "none" : cfg.requantiseGain());
        meta.put("source", in);
        meta.put("device", device.kind());
        context.progress(1, "writing " + out);
        CorrFiles.writeVisibilities(Path.of(out), r.visibilities(), meta);
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("out", out);
        res.put("antennas", v.antennas());
        res.put("pols", v.pols());
        res.put("baselines", r.visibilities().baselines());
        res.put("channels", cfg.channels());
        res.put("dumps", r.visibilities().dumps());
        res.put("spectra", r.spectra());
        res.put("exact_integer", r.visibilities().exactInteger());
        res.put("device", device.kind());
        res.put("device_name", device.label());
        return res;
    }

    static double[] numbers(Object o, String what) {
        if (o == null) {
            return null;
        }
        List<Object> l = o instanceof List<?> list ? new ArrayList<>(list) : List.of(o);
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) {
            Object e = l.get(i);
            if (e instanceof Number n) {
                d[i] = n.doubleValue();
            } else {
                try {
                    d[i] = Double.parseDouble(String.valueOf(e));
                } catch (NumberFormatException x) {
                    throw new IllegalArgumentException("'" + e + "' in " + what + " is not a number");
                }
            }
        }
        return d;
    }
}
