package org.daybreak.corr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobSpec;
import org.daybreak.corr.baseband.Baseband;
import org.daybreak.corr.baseband.BasebandInfo;
import org.daybreak.corr.baseband.BasebandReader;

/**
 * {@code corr.run} on baseband recordings: inputs {@code voltages}, {@code voltages_2}, ... (one file per station),
 * streamed through {@link BasebandCorrelator}. Delays, phases and requantisation apply to the in-memory path only
 * and are refused here. Each dump is appended to the output as it comes ({@link VisibilityWriter}: HDF5 resizable
 * along the dump axis, or .npy), which is flushed at least every {@value VisibilityWriter#FLUSH_SECONDS} s, so memory
 * does not grow with the length of the recording or of the output. A run that is cancelled or fails leaves a valid
 * file holding the dumps done (root attribute {@code complete} = 0), and says so in its last progress message
 * (cancelled) or its error (failed).
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

    private static void closeQuietly(VisibilityWriter writer, Throwable cause) {
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
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
        double requestedRate = CorrRunJob.SAMPLE_RATE.number(spec, 0);
        String date = CorrRunJob.REFERENCE_DATE.text(spec, null);
        Baseband.Options options = new Baseband.Options(requestedRate, date == null ? null : Baseband.Options.mjd(date),
                CorrRunJob.MARK5B_CHANNELS.integer(spec, 0), CorrRunJob.MARK5B_BITS.integer(spec, 0));
        List<Path> files = inputs(spec);
        List<BasebandReader> readers = new ArrayList<>();
        try {
            for (Path f : files) {
                context.progress(0, "indexing " + f);
                readers.add(Baseband.open(f, options));
            }
            BasebandInfo info = readers.get(0).info();
            long samples = BasebandCorrelator.check(readers);
            long frame = info.complex() ? channels : 2L * channels;
            long dumps = samples / frame / Math.max(1, integrate);
            double rate = BasebandCorrelator.rate(info, requestedRate);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("channels", channels);
            meta.put("taps", taps);
            meta.put("window", window.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            meta.put("integrate", integrate);
            meta.put("sample_rate_hz", rate);
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
            if (integrate < 1) {
                throw new InputException("corr.run: the integration length must be at least 1 spectrum, not "
                        + integrate);
            }
            if (dumps < 1) {
                throw new InputException(files.get(0) + ": " + samples + " samples are fewer than one dump of "
                        + integrate + " spectra x " + frame + " samples");
            }
            // the filter bank checks channels and taps here, before the output is created
            double[] frequencies = BasebandCorrelator.frequencies(info.complex(), channels, taps, window, rate);
            int spectrumSamples = (int) frame;
            VisibilityWriter writer = VisibilityWriter.create(Path.of(out), files.size() * info.streams(),
                    info.pols(), channels, frequencies, false, meta, dumps);
            BasebandCorrelator.Layout layout;
            try {
                layout = BasebandCorrelator.correlate(readers, channels, taps, window, integrate, threads,
                        requestedRate, context, (d, data) -> writer.dump(data,
                                BasebandCorrelator.dumpTime(d, integrate, spectrumSamples, taps, rate)));
                writer.complete();
                writer.close();
            } catch (JobCancelledException e) {
                closeQuietly(writer, e);
                String said = "cancelled: " + out + " holds the first " + writer.dumpsInFile() + " of " + dumps
                        + " dumps (a valid file, attribute complete = 0)";
                context.progress(writer.dumpsInFile() / (double) dumps, said);
                JobCancelledException stop = new JobCancelledException(said);
                stop.addSuppressed(e);
                throw stop;
            } catch (InputException e) {
                closeQuietly(writer, e);
                throw new InputException(e.getMessage() + " (" + out + " holds the first " + writer.dumpsInFile()
                        + " of " + dumps + " dumps)", e);
            } catch (IOException e) {
                closeQuietly(writer, e);
                throw new IOException(e.getMessage() + " (" + out + " holds the first " + writer.dumpsInFile()
                        + " of " + dumps + " dumps)", e);
            } catch (RuntimeException | Error e) {
                closeQuietly(writer, e);
                throw e;
            }
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("out", out);
            res.put("format", info.format());
            res.put("files", files.size());
            res.put("antennas", layout.antennas());
            res.put("pols", layout.pols());
            res.put("baselines", Baselines.count(layout.antennas()));
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
