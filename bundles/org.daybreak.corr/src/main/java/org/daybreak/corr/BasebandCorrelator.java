package org.daybreak.corr;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.parallel.Parallel;
import org.daybreak.corr.baseband.BasebandInfo;
import org.daybreak.corr.baseband.BasebandReader;

/**
 * The FX correlator on baseband files, streaming: voltages are read, channelised and cross-multiplied a slab at a
 * time, so memory does not grow with the length of the recording, and each visibility dump is handed to a
 * {@link DumpSink} as soon as it is complete.
 *
 * <p><b>Inputs.</b> One file per station, all with the same streams, polarisations, data kind and sample rate and
 * the same start time (within one sample). Input u = (file * streams + stream) * pols + pol; the visibilities treat
 * each (file, stream) as an antenna, so one file gives the auto- and cross-power of its streams and polarisations
 * (a spectrometer) and several files give every baseline between stations as well.
 *
 * <p><b>Channelisation.</b> Real voltages: {@link FEngine} (2C samples per spectrum, channel k at k fs / 2C).
 * Complex voltages: {@link ComplexFEngine} (C samples per spectrum, channel j at (j - C/2) fs / C from the centre of
 * the stream's band). Both are causal streaming filter banks: the history before the first sample is zeros, as in
 * {@link FxCorrelator}, so a recording correlated here and the same voltages correlated in memory agree. Samples
 * after the last whole dump are left out. Spectra go through the float {@link XEngine}.
 *
 * <p><b>Decoding.</b> Each slab is decoded straight into the per-input voltage arrays the F-engine reads
 * ({@link BasebandReader#readPlanar}: VDIF and Mark 5B through the vectorised {@code Unpack}), with no interleaved
 * copy between.
 *
 * <p><b>Memory.</b> One slab of at most about 4 M complex channel values, plus the slab's voltages.
 */
public final class BasebandCorrelator {

    /** Receives each dump as it is complete: data [channel][baseline][pol product][2] as in {@link Visibilities}. */
    public interface DumpSink {
        void dump(int index, double[] data) throws IOException;
    }

    /** What was correlated. */
    public record Layout(int antennas, int pols, int channels, int dumps, long spectra, double sampleRate,
            boolean complex, double[] frequencies, double[] timestamps) {
    }

    private BasebandCorrelator() {
    }

    /** Checks that the files can be correlated together; returns the common samples. */
    public static long check(List<BasebandReader> readers) {
        BasebandInfo a = readers.get(0).info();
        long samples = a.samples();
        for (BasebandReader r : readers) {
            BasebandInfo b = r.info();
            if (b.streams() != a.streams() || b.pols() != a.pols() || b.complex() != a.complex()) {
                throw new InputException(r.path() + ": " + b.streams() + " streams x " + b.pols() + " pols "
                        + (b.complex() ? "complex" : "real") + " cannot be correlated with " + readers.get(0).path()
                        + " (" + a.streams() + " x " + a.pols() + (a.complex() ? " complex" : " real") + ")");
            }
            if (!(Double.isNaN(a.sampleRate()) && Double.isNaN(b.sampleRate())) && b.sampleRate() != a.sampleRate()) {
                throw new InputException(r.path() + ": sample rate " + b.sampleRate() + " Hz differs from "
                        + a.sampleRate() + " Hz of " + readers.get(0).path());
            }
            if (a.start() != null && b.start() != null && !Double.isNaN(a.sampleRate())) {
                double dt = Math.abs(java.time.Duration.between(a.start(), b.start()).toNanos()) / 1e9;
                if (dt * a.sampleRate() > 0.5) {
                    throw new InputException(r.path() + ": starts at " + b.start() + ", not at " + a.start()
                            + " like " + readers.get(0).path() + " (the files must start together)");
                }
            }
            samples = Math.min(samples, b.samples());
        }
        if (a.pols() > 2) {
            throw new InputException(readers.get(0).path() + ": the correlator handles 1 or 2 polarisations, not "
                    + a.pols());
        }
        return samples;
    }

    /**
     * Correlates the files.
     *
     * @param sampleRate Hz for frequencies and times when the files do not give it (1.0 otherwise: cycles per sample)
     */
    public static Layout correlate(List<BasebandReader> readers, int channels, int taps, FEngine.Window window,
            int integrate, int threads, double sampleRate, JobContext context, DumpSink sink) throws IOException {
        return correlate(readers, channels, taps, window, integrate, threads, sampleRate, 0, context, sink);
    }

    /** As above, over the first {@code maxSamples} samples only (0: all). */
    public static Layout correlate(List<BasebandReader> readers, int channels, int taps, FEngine.Window window,
            int integrate, int threads, double sampleRate, long maxSamples, JobContext context, DumpSink sink)
            throws IOException {
        JobContext ctx = context == null ? JobContext.NONE : context;
        long samples = check(readers);
        if (maxSamples > 0) {
            samples = Math.min(samples, maxSamples);
        }
        BasebandInfo info = readers.get(0).info();
        boolean complex = info.complex();
        int streams = info.streams(), pols = info.pols(), files = readers.size();
        int perFile = streams * pols;
        int inputs = files * perFile;
        int antennas = files * streams;
        FEngine real = complex ? null : new FEngine(channels, taps, window);
        ComplexFEngine cplx = complex ? new ComplexFEngine(channels, taps, window) : null;
        int frame = complex ? cplx.frame() : real.frame();
        if (integrate < 1) {
            throw new IllegalArgumentException("the integration length must be at least 1 spectrum, not " + integrate);
        }
        long spectraInFile = samples / frame;
        long dumpsLong = spectraInFile / integrate;
        if (dumpsLong < 1) {
            throw new InputException(readers.get(0).path() + ": " + samples + " samples are fewer than one dump of "
                    + integrate + " spectra x " + frame + " samples");
        }
        if (dumpsLong > Integer.MAX_VALUE) {
            throw new InputException("more than 2^31 dumps: integrate longer");
        }
        int dumps = (int) dumpsLong;
        double rate = rate(info, sampleRate);
        int history = (taps - 1) * frame;
        int chunk = (int) Math.max(1, Math.min(integrate, (4L << 20) / ((long) channels * inputs)));
        int span = chunk * frame + history;
        float[][] voltages = new float[inputs][complex ? 2 * span : span];
        float[] spectraBuf = new float[chunk * channels * inputs * 2];
        int nbIn = Baselines.count(inputs);
        double[] acc = new double[channels * nbIn * 2];
        int pp = pols * pols;
        double[] dumpOut = new double[channels * Baselines.count(antennas) * pp * 2];
        JobContext quiet = new JobContext() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return ctx.isCancelled();
            }
        };
        long total = (long) dumps * integrate;
        for (int d = 0; d < dumps; d++) {
            Arrays.fill(acc, 0);
            for (long m0 = (long) d * integrate; m0 < (long) (d + 1) * integrate; m0 += chunk) {
                ctx.checkCancelled();
                int n = (int) Math.min(chunk, (long) (d + 1) * integrate - m0);
                long first = m0 * frame - history; // sample of voltages[.][0]
                int len = n * frame + history;
                for (int f = 0; f < files; f++) {
                    long from = Math.max(0, first);
                    int skip = (int) (from - first);
                    int count = len - skip;
                    for (int u = f * perFile; u < (f + 1) * perFile; u++) {
                        Arrays.fill(voltages[u], 0, complex ? 2 * skip : skip, 0f);
                    }
                    // decoded straight into the per-input streams the F-engine reads
                    readers.get(f).readPlanar(from, count, voltages, f * perFile, skip);
                }
                final int spectraNow = n;
                Parallel.forEach(inputs, Math.max(1, threads), quiet, input -> {
                    if (complex) {
                        cplx.channelise(voltages[input], 0, spectraNow, spectraBuf, input * 2,
                                channels * inputs * 2, inputs * 2);
                    } else {
                        real.channelise(voltages[input], 0, spectraNow, 0, 0, spectraBuf, input * 2,
                                channels * inputs * 2, inputs * 2);
                    }
                });
                int used = n * channels * inputs * 2;
                double[] r = XEngine.correlate(used == spectraBuf.length ? spectraBuf
                        : Arrays.copyOf(spectraBuf, used), n, channels, inputs, n, threads, quiet);
                for (int i = 0; i < r.length; i++) {
                    acc[i] += r[i];
                }
                ctx.progress((m0 + n) / (double) total, "correlated spectrum " + (m0 + n) + " of " + total);
            }
            FxCorrelator.rearrange(acc, dumpOut, 0, channels, antennas, pols);
            sink.dump(d, dumpOut);
        }
        double[] freqs = frequencies(complex, channels, taps, window, rate);
        double[] times = new double[dumps];
        for (int d = 0; d < dumps; d++) {
            times[d] = dumpTime(d, integrate, frame, taps, rate);
        }
        return new Layout(antennas, pols, channels, dumps, total, rate, complex, freqs, times);
    }

    /** The sample rate {@link #correlate} uses: the files', else {@code sampleRate} when positive, else 1.0. */
    public static double rate(BasebandInfo info, double sampleRate) {
        return info.sampleRate() > 0 ? info.sampleRate() : sampleRate > 0 ? sampleRate : 1.0;
    }

    /**
     * The channel frequencies in Hz of {@link #correlate}'s dumps: from the bottom of the band (real voltages) or
     * offsets from its centre (complex voltages).
     */
    public static double[] frequencies(boolean complex, int channels, int taps, FEngine.Window window, double rate) {
        FEngine real = complex ? null : new FEngine(channels, taps, window);
        ComplexFEngine cplx = complex ? new ComplexFEngine(channels, taps, window) : null;
        double[] freqs = new double[channels];
        for (int c = 0; c < channels; c++) {
            freqs[c] = complex ? cplx.channelOffset(c, rate) : real.channelFrequency(c, rate);
        }
        return freqs;
    }

    /**
     * The centre of dump {@code d} in seconds since the first voltage sample, for spectra of {@code frame} samples
     * (2 x channels real, channels complex) from a filter bank of {@code taps} taps.
     */
    public static double dumpTime(long d, int integrate, int frame, int taps, double rate) {
        double history = (taps - 1) * (double) frame;
        double centre = -history + (double) d * integrate * frame + ((integrate - 1) * (double) frame
                + taps * (double) frame) / 2.0;
        return centre / rate;
    }

    /** A power spectrum: frequencies in Hz and power [stream][pol][channel] (auto-correlations, summed). */
    public record Spectrum(double[] frequencies, double[] power, int streams, int pols, int channels, long spectra) {
    }

    /**
     * The power spectrum of every stream and polarisation of one recording, summed over the spectra of its first
     * {@code samples} samples (0: the whole file): the band-pass a radio astronomer looks at first.
     */
    public static Spectrum spectrum(BasebandReader reader, int channels, int taps, FEngine.Window window,
            long samples, int threads) throws IOException {
        BasebandInfo info = reader.info();
        long n = samples > 0 ? Math.min(samples, info.samples()) : info.samples();
        int frame = info.complex() ? channels : 2 * channels;
        long spectra = n / frame;
        if (spectra < 1 || spectra > Integer.MAX_VALUE) {
            throw new InputException(reader.path() + ": " + n + " samples do not make one spectrum of " + frame
                    + " samples");
        }
        int streams = info.streams(), pols = info.pols();
        double[] power = new double[streams * pols * channels];
        int nb = Baselines.count(streams);
        Layout l = correlate(List.of(reader), channels, taps, window, (int) spectra, threads, 0, n, null,
                (d, data) -> {
                    for (int c = 0; c < channels; c++) {
                        for (int s = 0; s < streams; s++) {
                            for (int p = 0; p < pols; p++) {
                                int i = (((c * nb + Baselines.index(streams, s, s)) * pols * pols) + p * pols + p) * 2;
                                power[(s * pols + p) * channels + c] = data[i];
                            }
                        }
                    }
                });
        return new Spectrum(l.frequencies(), power, streams, pols, channels, spectra);
    }

    /**
     * Power against time and frequency of one stream and polarisation: {@code power[row * channels + c]} is the
     * auto-correlation of channel c summed over the {@code integrate} spectra of row {@code row} (the rows are the
     * correlator's dumps; {@code times} their centres in seconds from the first sample). {@code sampleRate} is the
     * recording's (NaN when its headers do not give it: frequencies are then in cycles per sample, times in samples).
     */
    public record Waterfall(double[] frequencies, double[] times, double[] power, int rows, int channels,
            int integrate, int stream, int pol, double sampleRate) {

        /** The band-pass: mean power per spectrum against frequency, over every row. */
        public double[] bandpass() {
            double[] b = new double[channels];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < channels; c++) {
                    b[c] += power[r * channels + c];
                }
            }
            double n = (double) rows * integrate;
            for (int c = 0; c < channels; c++) {
                b[c] /= n;
            }
            return b;
        }
    }

    /**
     * The waterfall of one stream and polarisation of a recording over its first {@code samples} samples (0: the
     * whole file): the same filter bank and X-engine as {@link #spectrum}, each dump of {@code integrate} spectra one
     * row. Reads the file in slabs (bounded memory); only the rows are kept.
     */
    public static Waterfall waterfall(BasebandReader reader, int stream, int pol, int channels, int taps,
            FEngine.Window window, int integrate, long samples, int threads, JobContext context) throws IOException {
        BasebandInfo info = reader.info();
        int streams = info.streams(), pols = info.pols();
        if (stream < 0 || stream >= streams || pol < 0 || pol >= pols) {
            throw new InputException(reader.path() + ": no stream " + stream + " pol " + pol + " (the file has "
                    + streams + " streams of " + pols + " polarisation" + (pols == 1 ? "" : "s") + ")");
        }
        long n = samples > 0 ? Math.min(samples, info.samples()) : info.samples();
        int frame = info.complex() ? channels : 2 * channels;
        if (integrate < 1 || n / frame < integrate) {
            throw new InputException(reader.path() + ": " + n + " samples do not make one row of " + integrate
                    + " spectra of " + frame + " samples");
        }
        int nb = Baselines.count(streams);
        int b = Baselines.index(streams, stream, stream);
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        Layout l = correlate(List.of(reader), channels, taps, window, integrate, threads, 0, n, context,
                (d, data) -> {
                    double[] row = new double[channels];
                    for (int c = 0; c < channels; c++) {
                        row[c] = data[(((c * nb + b) * pols * pols) + pol * pols + pol) * 2];
                    }
                    synchronized (rows) {
                        while (rows.size() <= d) {
                            rows.add(null);
                        }
                        rows.set(d, row);
                    }
                });
        int r = l.dumps();
        double[] power = new double[r * channels];
        for (int d = 0; d < r; d++) {
            System.arraycopy(rows.get(d), 0, power, d * channels, channels);
        }
        return new Waterfall(l.frequencies(), l.timestamps(), power, r, channels, integrate, stream, pol,
                info.sampleRate());
    }

    /**
     * A waterfall of one stream and polarisation that spans the whole recording in bounded work: the file's spectra
     * are cut into {@code rows} equal time bins and row r is the sum of the {@code integrate} consecutive spectra at
     * the start of bin r (bin r starts at spectrum floor(r S / rows) of the file's S). With rows x integrate = S the
     * rows are contiguous and this is {@link #waterfall} with integrate spectra per row; for a long recording it
     * samples every part of it with rows x integrate spectra of work. The same filter bank as {@link #waterfall}
     * (the history before each row is read from the file, zeros before its first sample); the power is summed in
     * double. Progress per row; cancel between slabs.
     *
     * @throws InputException when the stream or pol does not exist or the file has fewer than rows x integrate
     *                        spectra
     */
    public static Waterfall spreadWaterfall(BasebandReader reader, int stream, int pol, int channels, int taps,
            FEngine.Window window, int rows, int integrate, JobContext context) throws IOException {
        JobContext ctx = context == null ? JobContext.NONE : context;
        BasebandInfo info = reader.info();
        int streams = info.streams(), pols = info.pols();
        if (stream < 0 || stream >= streams || pol < 0 || pol >= pols) {
            throw new InputException(reader.path() + ": no stream " + stream + " pol " + pol + " (the file has "
                    + streams + " streams of " + pols + " polarisation" + (pols == 1 ? "" : "s") + ")");
        }
        boolean complex = info.complex();
        FEngine real = complex ? null : new FEngine(channels, taps, window);
        ComplexFEngine cplx = complex ? new ComplexFEngine(channels, taps, window) : null;
        int frame = complex ? cplx.frame() : real.frame();
        long total = info.samples() / frame;
        if (rows < 1 || integrate < 1 || total < (long) rows * integrate) {
            throw new InputException(reader.path() + ": " + total + " spectra of " + frame + " samples do not make "
                    + rows + " rows of " + integrate + " spectra");
        }
        int history = (taps - 1) * frame;
        int chunk = Math.min(integrate, Math.max(1, (1 << 20) / frame));
        int span = chunk * frame + history;
        int inputs = streams * pols;
        int u = stream * pols + pol;
        float[][] voltages = new float[inputs][complex ? 2 * span : span];
        float[] spectra = new float[chunk * channels * 2];
        double[] power = new double[rows * channels];
        double[] times = new double[rows];
        double rate = info.sampleRate() > 0 ? info.sampleRate() : 1.0;
        for (int r = 0; r < rows; r++) {
            long s0 = (long) ((double) r * total / rows);
            for (long m0 = s0; m0 < s0 + integrate; m0 += chunk) {
                ctx.checkCancelled();
                int n = (int) Math.min(chunk, s0 + integrate - m0);
                long first = m0 * frame - history;
                int len = n * frame + history;
                long from = Math.max(0, first);
                int skip = (int) (from - first);
                Arrays.fill(voltages[u], 0, complex ? 2 * skip : skip, 0f);
                reader.readPlanar(from, len - skip, voltages, 0, skip);
                if (complex) {
                    cplx.channelise(voltages[u], 0, n, spectra, 0, channels * 2, 2);
                } else {
                    real.channelise(voltages[u], 0, n, 0, 0, spectra, 0, channels * 2, 2);
                }
                for (int m = 0; m < n; m++) {
                    for (int c = 0; c < channels; c++) {
                        double re = spectra[(m * channels + c) * 2], im = spectra[(m * channels + c) * 2 + 1];
                        power[r * channels + c] += re * re + im * im;
                    }
                }
            }
            times[r] = (s0 * (double) frame - history + ((integrate - 1) * (double) frame + taps * (double) frame)
                    / 2.0) / rate;
            ctx.progress((r + 1) / (double) rows, "waterfall row " + (r + 1) + " of " + rows);
        }
        double[] freqs = new double[channels];
        for (int c = 0; c < channels; c++) {
            freqs[c] = complex ? cplx.channelOffset(c, rate) : real.channelFrequency(c, rate);
        }
        return new Waterfall(freqs, times, power, rows, channels, integrate, stream, pol, info.sampleRate());
    }
}
