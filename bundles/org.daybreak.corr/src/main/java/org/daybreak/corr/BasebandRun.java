package org.daybreak.corr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobSpec;
import org.daybreak.corr.baseband.Baseband;
import org.daybreak.corr.baseband.BasebandInfo;
import org.daybreak.corr.baseband.BasebandReader;

/**
 * {@code corr.run} on baseband recordings: inputs {@code voltages}, {@code voltages_2}, ... (one file per station),
 * streamed through {@link BasebandCorrelator}. Delays, phases and requantisation apply to the in-memory path only
 * and are refused here. The dumps are collected as they come (the voltages, which are the large part, are never
 * held whole) and written with {@link CorrFiles#writeVisibilities}; the visibilities must fit in a quarter of the
 * heap.
 */
final class BasebandRun {
    private BasebandRun() {
    }

    /** The input files in order: voltages, voltages_2, voltages_3, ... */
    static List<Path> inputs(JobSpec spec) {
        List<Path> files = new ArrayList<>();
        files.add(Path.of(spec.inputs().get("voltages")));
        for (int k = 2; spec.inputs().containsKey("voltages_" + k); k++) {
            files.add(Path.of(spec.inputs().get("voltages_" + k)));
        }
        return files;
    }

    static Map<String, Object> run(JobSpec spec, JobContext context) throws IOException {
        if (CorrRunJob.DELAYS.raw(spec) != null || CorrRunJob.PHASES.raw(spec) != null
                || CorrRunJob.REQUANTISE.raw(spec) != null) {
            throw new InputException("corr.run: delays, phases and requantise are not available for baseband"
                    + " recordings (correlate them as they are)");
        }
        String out = CorrRunJob.OUT.text(spec, null);
        int channels = CorrRunJob.CHANNELS.integer(spec, 0);
        int taps = CorrRunJob.TAPS.integer(spec, 4);
        FEngine.Window window = FEngine.Window.parse(CorrRunJob.WINDOW.text(spec, "hann"));
        int integrate = CorrRunJob.INTEGRATE.integer(spec, 0);
        int threads = CorrRunJob.THREADS.integer(spec, context.parallelism());
        double rate = CorrRunJob.SAMPLE_RATE.number(spec, 0);
        String date = CorrRunJob.REFERENCE_DATE.text(spec, null);
        Baseband.Options options = new Baseband.Options(rate, date == null ? null : Baseband.Options.mjd(date),
                CorrRunJob.MARK5B_CHANNELS.integer(spec, 0), CorrRunJob.MARK5B_BITS.integer(spec, 0));
        List<Path> files = inputs(spec);
        List<BasebandReader> readers = new ArrayList<>();
        try {
            for (Path f : files) {
                context.progress(0, "indexing " + f);
                readers.add(Baseband.open(f, options));
            }
            BasebandInfo info = readers.get(0).info();
            BasebandCorrelator.check(readers);
            int antennas = files.size() * info.streams();
            int pols = info.pols();
            long dumpSize = (long) channels * Baselines.count(antennas) * pols * pols * 2;
            long samples = BasebandCorrelator.check(readers);
            long frame = info.complex() ? channels : 2L * channels;
            long dumps = samples / frame / Math.max(1, integrate);
            long bytes = dumps * dumpSize * 8;
            if (bytes > Runtime.getRuntime().maxMemory() / 4 || dumps * dumpSize > Integer.MAX_VALUE - 8) {
                throw new InputException(files.get(0) + ": " + dumps + " dumps of " + dumpSize / 2 + " visibilities"
                        + " would take " + bytes / (1 << 20) + " MiB: integrate longer or use fewer channels");
            }
            double[] all = new double[(int) Math.max(0, dumps * dumpSize)];
            BasebandCorrelator.Layout layout = BasebandCorrelator.correlate(readers, channels, taps, window, integrate,
                    threads, rate, context, (d, data) -> System.arraycopy(data, 0, all, (int) (d * dumpSize),
                            data.length));
            Visibilities vis = new Visibilities(layout.antennas(), layout.pols(), layout.channels(), layout.dumps(),
                    all, layout.frequencies(), layout.timestamps(), false);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("channels", channels);
            meta.put("taps", taps);
            meta.put("window", window.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            meta.put("integrate", integrate);
            meta.put("sample_rate_hz", layout.sampleRate());
            meta.put("requantise_gain", "none");
            meta.put("source", String.join(",", files.stream().map(Path::toString).toList()));
            meta.put("source_format", info.format());
            meta.put("streams_per_file", info.streams());
            meta.put("complex_voltages", info.complex() ? 1L : 0L);
            meta.put("frequency_reference", info.complex() ? "offset from the centre of each stream's band"
                    : "from the bottom of each stream's band");
            if (info.start() != null) {
                meta.put("start_time", info.start().toString());
            }
            long invalid = 0;
            for (BasebandReader r : readers) {
                invalid += r.info().invalidFrames();
            }
            meta.put("invalid_frames", invalid);
            context.progress(1, "writing " + out);
            CorrFiles.writeVisibilities(Path.of(out), vis, meta);
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("out", out);
            res.put("format", info.format());
            res.put("files", files.size());
            res.put("antennas", layout.antennas());
            res.put("pols", layout.pols());
            res.put("baselines", vis.baselines());
            res.put("channels", channels);
            res.put("dumps", layout.dumps());
            res.put("spectra", layout.spectra());
            res.put("invalid_frames", invalid);
            res.put("exact_integer", false);
            return res;
        } finally {
            for (BasebandReader r : readers) {
                r.close();
            }
        }
    }
}
