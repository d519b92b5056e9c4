package org.daybreak.corr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobSpec;

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
        String out = spec.string("out", null);
        if (out == null) {
            throw new IllegalArgumentException("a corr.run job needs an 'out' parameter");
        }
        context.progress(0, "reading " + in);
        Voltages v = CorrFiles.readVoltages(Path.of(in), spec.number("sample_rate", 0));
        FxCorrelator.Config cfg = new FxCorrelator.Config(spec.integer("channels", 0), spec.integer("taps", 4),
                FEngine.Window.parse(spec.string("window", "hann")), spec.integer("integrate", 0),
                numbers(spec.params().get("delays"), "delays"), numbers(spec.params().get("phases"), "phases"),
                spec.number("requantise", Double.NaN), spec.integer("threads", context.parallelism()));
        FxCorrelator.Result r = FxCorrelator.correlate(v, cfg, context);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("channels", cfg.channels());
        meta.put("taps", cfg.taps());
        meta.put("window", cfg.window().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        meta.put("integrate", cfg.integrate());
        meta.put("sample_rate_hz", v.sampleRate());
        meta.put("requantise_gain", Double.isNaN(cfg.requantiseGain()) ? "none" : cfg.requantiseGain());
        meta.put("source", in);
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
