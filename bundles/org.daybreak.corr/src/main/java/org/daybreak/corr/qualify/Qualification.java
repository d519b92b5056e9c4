package org.daybreak.corr.qualify;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.daybreak.core.json.Json;
import org.daybreak.corr.Baselines;
import org.daybreak.corr.FEngine;
import org.daybreak.corr.FxCorrelator;
import org.daybreak.corr.Simulator;
import org.daybreak.corr.Visibilities;
import org.daybreak.corr.Voltages;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Qualification of the FX correlator on simulated input ({@code corr qualify}). Each check runs the real pipeline
 * ({@link Simulator} -> {@link FxCorrelator}) and compares a measured figure with a limit:
 * <ul>
 * <li><b>linearity</b>: a tone at a channel centre scaled by 0.5^i, i = 0..9 (a 54 dB range), int8-quantised with
 * receiver-noise dither; the cross power |V_01| in the tone's channel against the input power A^2; measured: the
 * largest deviation in dB of (recovered / input) from its value at i = 0.</li>
 * <li><b>baseline ordering</b>: 6 antennas with distinct gains (products of prime halves, all pairwise products
 * distinct) on a common sky; measured: the largest relative deviation of |V_ij| / (g_i g_j) from the median over
 * the cross baselines, and each baseline must be identified as the pair whose gain product fits it best.</li>
 * <li><b>PFB channel response</b>: a tone swept across channel k0 (noise free, float voltages; the P-1 start-up
 * spectra, whose filter history is partly zeros, left out); measured: passband
 * ripple (peak-to-peak over the central half of the channel) and the largest response of channels two or more away
 * for tones inside k0 (leakage beyond the neighbours), both in dB relative to the response at the channel centre;
 * the adjacent-channel response at the centre of k0 is reported too.</li>
 * <li><b>delay tracking</b>: antenna 1 delayed by fractional delays D against antenna 0; the phase slope of V_01
 * across channels gives the delay D' = arg(sum_k V_k conj V_(k-1)) * 2C / 2 pi; measured: max |D' - D| without
 * correction and max |D'| with the correction {@code --delays 0,D} applied.</li>
 * </ul>
 * Writes results.json, one PNG per check and index.html into the output folder.
 */
public final class Qualification {

    /** One check's outcome. {@code measured} and {@code limit} are in {@code unit}. */
    public record Check(String name, String requirement, double measured, double limit, String unit, boolean pass,
            String plot, Map<String, Object> details) {
    }

    public record Report(boolean passed, List<Check> checks) {
    }

    private final int threads;
    private final Consumer<String> log;

    public Qualification(int threads, Consumer<String> log) {
        this.threads = Math.max(1, threads);
        this.log = log == null ? m -> { } : log;
    }

    public Report run(Path dir) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Files.createDirectories(dir);
        List<Check> checks = new ArrayList<>();
        log.accept("linearity");
        checks.add(linearity(dir));
        log.accept("baseline ordering");
        checks.add(baselineOrdering(dir));
        log.accept("PFB channel response");
        checks.addAll(channelResponse(dir));
        log.accept("delay tracking");
        checks.addAll(delayTracking(dir));
        boolean passed = checks.stream().allMatch(Check::pass);
        writeJson(dir, checks, passed);
        writeHtml(dir, checks, passed);
        log.accept((passed ? "all checks passed" : "some checks FAILED") + "; report in " + dir.resolve("index.html"));
        return new Report(passed, checks);
    }

    // ------------------------------------------------------------------ checks

    private FxCorrelator.Result correlate(Voltages v, int channels, int taps, FEngine.Window w, int integrate,
            double[] delays) {
        return FxCorrelator.correlate(v, new FxCorrelator.Config(channels, taps, w, integrate, delays, null, Double.NaN,
                threads), null);
    }

    private static Voltages quantised(Simulator.Params p) {
        byte[] q = Simulator.quantise(Simulator.voltages(p));
        float[][] d = new float[p.inputs()][p.samples()];
        for (int i = 0; i < d.length; i++) {
            for (int n = 0; n < p.samples(); n++) {
                d[i][n] = q[i * p.samples() + n];
            }
        }
        return new Voltages(p.antennas(), p.pols(), 1.0, d);
    }

    Check linearity(Path dir) throws IOException {
        int channels = 256, taps = 4, spectra = 1024, k0 = 37;
        double dither = 1.0;
        double f = k0 / (2.0 * channels);
        int samples = spectra * 2 * channels;
        double a0 = 100;
        XYSeries measured = new XYSeries("recovered |V01| at the tone channel");
        XYSeries ideal = new XYSeries("ideal (proportional)");
        double[] ratio = new double[10];
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double amp = a0 * Math.pow(0.5, i);
            Simulator.Params p = new Simulator.Params(2, samples, 1, new double[] {f}, amp, null, null, 0, dither, 100 + i);
            Visibilities v = correlate(quantised(p), channels, taps, FEngine.Window.HANN, spectra, null).visibilities();
            double power = Math.hypot(v.re(0, k0, 1, 0), v.im(0, k0, 1, 0));
            double input = amp * amp;
            ratio[i] = power / input;
            measured.add(input, power);
            rows.add(List.of(amp, input, power));
        }
        double worst = 0;
        for (int i = 0; i < 10; i++) {
            ideal.add(a0 * a0 * Math.pow(0.25, i), ratio[0] * a0 * a0 * Math.pow(0.25, i));
            worst = Math.max(worst, Math.abs(10 * Math.log10(ratio[i] / ratio[0])));
        }
        String png = "linearity.png";
        XYPlot plot = plot(new LogAxis("input tone power A^2 (ADC counts^2)"),
                new LogAxis("recovered cross power |V01| (arbitrary units)"), List.of(ideal, measured), true);
        writePng(dir.resolve(png), new JFreeChart("Linearity: tone scaled by 0.5^i, i = 0..9", plot));
        XYSeries deviation = new XYSeries("(recovered / input) relative to i = 0");
        for (int i = 0; i < 10; i++) {
            deviation.add(a0 * a0 * Math.pow(0.25, i), 10 * Math.log10(ratio[i] / ratio[0]));
        }
        NumberAxis devAxis = new NumberAxis("deviation from proportionality (dB)");
        devAxis.setRange(-1, 1);
        writePng(dir.resolve("linearity_deviation.png"), new JFreeChart("Linearity: deviation (limit +-0.5 dB)",
                plot(new LogAxis("input tone power A^2 (ADC counts^2)"), devAxis, List.of(deviation), true)));
        double limit = 0.5;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("channels", channels);
        d.put("spectra", spectra);
        d.put("tone_channel", k0);
        d.put("receiver_noise_rms_counts", dither);
        d.put("rows_amplitude_inputpower_recovered", rows);
        return new Check("linearity", "recovered tone power proportional to input power within " + limit
                + " dB over 0.5^i, i = 0..9 (54 dB), int8 input with noise dither", worst, limit, "dB", worst <= limit,
                png, d);
    }

    Check baselineOrdering(Path dir) throws IOException {
        int antennas = 6, channels = 64, spectra = 2048, taps = 4;
        double[] gains = {0.5, 1.0, 1.5, 2.5, 3.5, 5.5};
        int samples = spectra * 2 * channels;
        Simulator.Params p = new Simulator.Params(antennas, samples, 1, null, 0, null, gains, 5.0, 0.5, 7);
        Visibilities v = correlate(quantised(p), channels, taps, FEngine.Window.HANN, spectra, null).visibilities();
        int[][] table = Baselines.table(antennas);
        double[] amp = new double[table.length];
        List<Double> cross = new ArrayList<>();
        for (int b = 0; b < table.length; b++) {
            double s = 0;
            for (int c = 1; c < channels; c++) {
                s += Math.hypot(v.re(0, c, b, 0), v.im(0, c, b, 0));
            }
            amp[b] = s / (channels - 1);
            if (table[b][0] != table[b][1]) {
                cross.add(amp[b] / (gains[table[b][0]] * gains[table[b][1]]));
            }
        }
        List<Double> sorted = new ArrayList<>(cross);
        sorted.sort(null);
        double median = (sorted.get(sorted.size() / 2) + sorted.get((sorted.size() - 1) / 2)) / 2;
        double worst = 0;
        int misidentified = 0;
        XYSeries measured = new XYSeries("|V_ij| / median scale");
        XYSeries expected = new XYSeries("g_i g_j (cross) or g_i^2 (auto, plus receiver noise)");
        for (int b = 0; b < table.length; b++) {
            int i = table[b][0], j = table[b][1];
            measured.add(b, amp[b] / median);
            expected.add(b, gains[i] * gains[j]);
            if (i == j) {
                continue;
            }
            worst = Math.max(worst, Math.abs(amp[b] / (gains[i] * gains[j]) / median - 1));
            // which cross pair explains this baseline best?
            int bi = -1, bj = -1;
            double best = Double.MAX_VALUE;
            for (int u = 0; u < antennas; u++) {
                for (int w = u + 1; w < antennas; w++) {
                    double e = Math.abs(Math.log(amp[b] / median / (gains[u] * gains[w])));
                    if (e < best) {
                        best = e;
                        bi = u;
                        bj = w;
                    }
                }
            }
            if (bi != i || bj != j) {
                misidentified++;
            }
        }
        String png = "baseline_ordering.png";
        XYPlot plot = plot(new NumberAxis("baseline index (0,0),(0,1),...,(N-1,N-1)"),
                new NumberAxis("amplitude (gain-product units)"), List.of(measured, expected), true);
        writePng(dir.resolve(png), new JFreeChart("Baseline ordering: per-antenna gains " + java.util.Arrays.toString(gains),
                plot));
        double limit = 0.05;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("antennas", antennas);
        d.put("gains", List.of(0.5, 1.0, 1.5, 2.5, 3.5, 5.5));
        d.put("misidentified_baselines", misidentified);
        d.put("cross_baselines", cross.size());
        return new Check("baseline ordering", "every cross baseline (i,j) carries g_i g_j of the common sky power: max"
                + " relative deviation <= " + limit + " and each baseline identified as its own antenna pair", worst,
                limit, "relative", worst <= limit && misidentified == 0, png, d);
    }

    List<Check> channelResponse(Path dir) throws IOException {
        int channels = 64, taps = 4, spectra = 64, k0 = 20;
        // the first P-1 spectra of a stream see zeros as history: simulate them too and leave them out
        int samples = (spectra + taps - 1) * 2 * channels;
        XYSeries[] pfb = new XYSeries[5];
        for (int n = 0; n < 5; n++) {
            pfb[n] = new XYSeries("PFB channel k0" + (n == 2 ? "" : String.format(Locale.ROOT, "%+d", n - 2)));
        }
        XYSeries fft = new XYSeries("plain FFT (1 tap, rectangular), channel k0");
        double[] offsets = new double[61];
        double[][] resp = new double[5][offsets.length];
        double[] plain = new double[offsets.length];
        for (int s = 0; s < offsets.length; s++) {
            offsets[s] = -1.5 + 0.05 * s;
            double f = (k0 + offsets[s]) / (2.0 * channels);
            Simulator.Params p = new Simulator.Params(1, samples, 1, new double[] {f}, 10, null, null, 0, 0, 3);
            Voltages v = new Voltages(1, 1, 1.0, Simulator.voltages(p));
            Visibilities vis = correlate(v, channels, taps, FEngine.Window.HANN, 1, null).visibilities();
            for (int n = 0; n < 5; n++) {
                resp[n][s] = steadyPower(vis, k0 + n - 2, taps - 1);
            }
            plain[s] = steadyPower(correlate(v, channels, 1, FEngine.Window.RECT, 1, null).visibilities(), k0,
                    taps - 1);
        }
        int centre = 30;
        double ref = resp[2][centre];
        double plainRef = plain[centre];
        double ripMax = -1e9, ripMin = 1e9, leak = -1e9;
        for (int s = 0; s < offsets.length; s++) {
            for (int n = 0; n < 5; n++) {
                pfb[n].add(offsets[s], db(resp[n][s] / ref));
            }
            fft.add(offsets[s], db(plain[s] / plainRef));
            if (Math.abs(offsets[s]) <= 0.25 + 1e-9) {
                ripMax = Math.max(ripMax, db(resp[2][s] / ref));
                ripMin = Math.min(ripMin, db(resp[2][s] / ref));
            }
            if (Math.abs(offsets[s]) <= 0.5 + 1e-9) {
                leak = Math.max(leak, Math.max(db(resp[0][s] / ref), db(resp[4][s] / ref)));
            }
        }
        double ripple = ripMax - ripMin;
        double adjacent = Math.max(db(resp[1][centre] / ref), db(resp[3][centre] / ref));
        String png = "channel_response.png";
        List<XYSeries> series = new ArrayList<>(List.of(pfb));
        series.add(fft);
        NumberAxis y = new NumberAxis("power relative to channel k0 at its centre (dB)");
        y.setRange(-100, 5);
        XYPlot plot = plot(new NumberAxis("tone frequency - centre of channel k0 (channels)"), y, series, false);
        writePng(dir.resolve(png), new JFreeChart("PFB channel response (4 taps, Hann x sinc, 64 channels)", plot));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("channels", channels);
        d.put("taps", taps);
        d.put("window", "hann");
        d.put("adjacent_channel_response_at_centre_db", adjacent);
        d.put("offsets_channels", toList(offsets));
        d.put("response_k0_db", toListDb(resp[2], ref));
        double rippleLimit = 1.5, leakLimit = -40, adjLimit = -20;
        List<Check> out = new ArrayList<>();
        out.add(new Check("PFB passband ripple", "peak-to-peak response of a channel over the central half of its"
                + " width (|offset| <= 0.25 channel) <= " + rippleLimit + " dB", ripple, rippleLimit, "dB",
                ripple <= rippleLimit, png, d));
        out.add(new Check("PFB leakage beyond neighbours", "response of channels k0+-2 to a tone anywhere inside"
                + " channel k0 (|offset| <= 0.5) <= " + leakLimit + " dB", leak, leakLimit, "dB", leak <= leakLimit, png,
                Map.of()));
        out.add(new Check("PFB adjacent-channel leakage", "response of channels k0+-1 to a tone at the centre of k0 <= "
                + adjLimit + " dB", adjacent, adjLimit, "dB", adjacent <= adjLimit, png, Map.of()));
        return out;
    }

    List<Check> delayTracking(Path dir) throws IOException {
        int channels = 64, taps = 4, spectra = 1024;
        int samples = spectra * 2 * channels;
        double[] applied = {-7.3, -2.5, -0.6, 0.25, 1.6, 3.0, 5.5, 10.75};
        XYSeries uncorrected = new XYSeries("measured delay, no correction");
        XYSeries corrected = new XYSeries("residual delay with --delays 0,D");
        XYSeries ideal = new XYSeries("ideal");
        double worstRaw = 0, worstResidual = 0;
        List<Object> rows = new ArrayList<>();
        XYSeries phase = new XYSeries("phase of V01 (rad), D = 3.0, uncorrected");
        XYSeries phaseCorrected = new XYSeries("phase of V01 (rad), D = 3.0, corrected");
        for (double delay : applied) {
            Simulator.Params p = new Simulator.Params(2, samples, 1, null, 0, new double[] {0, delay}, null, 20, 1.0,
                    11);
            Voltages v = quantised(p);
            Visibilities raw = correlate(v, channels, taps, FEngine.Window.HANN, spectra, null).visibilities();
            Visibilities cor = correlate(v, channels, taps, FEngine.Window.HANN, spectra, new double[] {0, delay})
                    .visibilities();
            double dRaw = slopeDelay(raw, channels);
            double dCor = slopeDelay(cor, channels);
            worstRaw = Math.max(worstRaw, Math.abs(dRaw - delay));
            worstResidual = Math.max(worstResidual, Math.abs(dCor));
            uncorrected.add(delay, dRaw);
            corrected.add(delay, dCor);
            ideal.add(delay, delay);
            rows.add(List.of(delay, dRaw, dCor));
            if (delay == 3.0) {
                for (int c = 1; c < channels; c++) {
                    phase.add(c, Math.atan2(raw.im(0, c, 1, 0), raw.re(0, c, 1, 0)));
                    phaseCorrected.add(c, Math.atan2(cor.im(0, c, 1, 0), cor.re(0, c, 1, 0)));
                }
            }
        }
        String png = "delay_tracking.png";
        XYPlot plot = plot(new NumberAxis("applied delay of antenna 1 (samples)"),
                new NumberAxis("delay from the phase slope of V01 (samples)"), List.of(ideal, uncorrected, corrected),
                true);
        writePng(dir.resolve(png), new JFreeChart("Delay tracking: phase slope vs applied delay", plot));
        String png2 = "delay_phase.png";
        XYPlot plot2 = plot(new NumberAxis("channel"), new NumberAxis("phase of V01 (rad)"),
                List.of(phase, phaseCorrected), true);
        writePng(dir.resolve(png2), new JFreeChart("Phase across channels, D = 3.0 samples", plot2));
        double limit = 0.02;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("channels", channels);
        d.put("convention", "antenna 1 holds s(t - D); V01 = x0 conj(x1) has phase +2 pi k D / 2C");
        d.put("rows_applied_measured_residual", rows);
        List<Check> out = new ArrayList<>();
        out.add(new Check("delay tracking (measurement)", "delay recovered from the phase slope within " + limit
                + " samples of the applied fractional delay", worstRaw, limit, "samples", worstRaw <= limit, png, d));
        out.add(new Check("delay tracking (correction)", "residual delay after correcting by the applied delay <= "
                + limit + " samples", worstResidual, limit, "samples", worstResidual <= limit, png2, Map.of()));
        return out;
    }

    /** Autocorrelation power of antenna 0 in one channel, summed over the one-spectrum dumps from {@code first} on. */
    private static double steadyPower(Visibilities v, int channel, int first) {
        double p = 0;
        for (int d = first; d < v.dumps(); d++) {
            p += v.re(d, channel, 0, 0);
        }
        return p;
    }

    /** Delay in samples from the mean phase step between adjacent channels of baseline (0,1). */
    static double slopeDelay(Visibilities v, int channels) {
        double sr = 0, si = 0;
        for (int c = 2; c < channels; c++) {
            double ar = v.re(0, c, 1, 0), ai = v.im(0, c, 1, 0);
            double br = v.re(0, c - 1, 1, 0), bi = -v.im(0, c - 1, 1, 0);
            sr += ar * br - ai * bi;
            si += ar * bi + ai * br;
        }
        return Math.atan2(si, sr) * 2 * channels / (2 * Math.PI);
    }

    // ------------------------------------------------------------------ output

    private static double db(double ratio) {
        return 10 * Math.log10(Math.max(Math.abs(ratio), 1e-30));
    }

    private static List<Object> toList(double[] a) {
        List<Object> l = new ArrayList<>();
        for (double d : a) {
            l.add(d);
        }
        return l;
    }

    private static List<Object> toListDb(double[] a, double ref) {
        List<Object> l = new ArrayList<>();
        for (double d : a) {
            l.add(db(d / ref));
        }
        return l;
    }

    private static XYPlot plot(org.jfree.chart.axis.ValueAxis x, org.jfree.chart.axis.ValueAxis y, List<XYSeries> s,
            boolean shapes) {
        XYSeriesCollection c = new XYSeriesCollection();
        for (XYSeries e : s) {
            c.addSeries(e);
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, shapes);
        Color[] colors = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x7f7f7f)};
        for (int i = 0; i < s.size(); i++) {
            r.setSeriesPaint(i, colors[i % colors.length]);
            r.setSeriesStroke(i, new BasicStroke(1.5f));
            if (String.valueOf(s.get(i).getKey()).startsWith("ideal")) {
                r.setSeriesPaint(i, Color.GRAY);
                r.setSeriesStroke(i, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                        new float[] {6, 4}, 0));
                r.setSeriesShapesVisible(i, false);
            } else if (shapes) {
                r.setSeriesLinesVisible(i, s.get(i).getItemCount() > 20);
            }
        }
        XYPlot p = new XYPlot(c, x, y, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (y instanceof NumberAxis n && !(y instanceof LogAxis)) {
            n.setAutoRangeIncludesZero(false);
        }
        return p;
    }

    private static void writePng(Path file, JFreeChart chart) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        try (OutputStream o = Files.newOutputStream(file)) {
            ChartUtils.writeChartAsPNG(o, chart, 900, 560);
        }
    }

    private static void writeJson(Path dir, List<Check> checks, boolean passed) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("created", Instant.now().toString());
        root.put("passed", passed);
        List<Object> l = new ArrayList<>();
        for (Check c : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("requirement", c.requirement());
            m.put("measured", c.measured());
            m.put("limit", c.limit());
            m.put("unit", c.unit());
            m.put("pass", c.pass());
            m.put("plot", c.plot());
            if (!c.details().isEmpty()) {
                m.put("details", c.details());
            }
            l.add(m);
        }
        root.put("checks", l);
        Files.writeString(dir.resolve("results.json"), Json.pretty(root), StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void writeHtml(Path dir, List<Check> checks, boolean passed) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Daybreak correlator qualification</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.pass{color:#080}.fail{color:#c00}")
                .append("img{max-width:900px;display:block;margin:1em 0}</style></head><body>\n")
                .append("<h1>FX correlator qualification</h1>\n<p>Overall: <b class=\"").append(passed ? "pass" : "fail")
                .append("\">").append(passed ? "PASS" : "FAIL").append("</b> (").append(Instant.now())
                .append("). Figures in <a href=\"results.json\">results.json</a>.</p>\n")
                .append("<table><tr><th>check</th><th>requirement</th><th>measured</th><th>limit</th><th>result</th></tr>\n");
        for (Check c : checks) {
            b.append("<tr><td>").append(esc(c.name())).append("</td><td>").append(esc(c.requirement()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.4g %s", c.measured(), esc(c.unit())))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.4g %s", c.limit(), esc(c.unit())))
                    .append("</td><td class=\"").append(c.pass() ? "pass\">pass" : "fail\">FAIL").append("</td></tr>\n");
        }
        b.append("</table>\n");
        List<String> seen = new ArrayList<>();
        for (Check c : checks) {
            if (c.plot() != null && !seen.contains(c.plot())) {
                if (c.plot().equals("linearity.png")) {
                    seen.add("linearity_deviation.png");
                    b.append("<h2>linearity (deviation)</h2>\n<img src=\"linearity_deviation.png\" alt=\"linearity"
                            + " deviation\">\n");
                }
                seen.add(c.plot());
                b.append("<h2>").append(esc(c.name())).append("</h2>\n<img src=\"").append(esc(c.plot()))
                        .append("\" alt=\"").append(esc(c.name())).append("\">\n");
            }
        }
        b.append("</body></html>\n");
        Files.writeString(dir.resolve("index.html"), b.toString(), StandardCharsets.UTF_8);
    }
}
