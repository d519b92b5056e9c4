package org.daybreak.corr.ui;

import static org.daybreak.ui.ControlColumn.group;
import static org.daybreak.ui.ControlColumn.number;

import org.daybreak.plot.ui.PlotPicture;
import org.daybreak.ui.ControlColumn;
import org.daybreak.ui.UiWork;
import org.daybreak.ui.jobs.RunTargetChooser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.job.JobSpec;
import org.daybreak.corr.BasebandCorrelator;
import org.daybreak.corr.CorrelatorData;
import org.daybreak.corr.Simulator;
import org.daybreak.corr.Visibilities;
import org.daybreak.corr.baseband.BasebandRecording;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.color.Scaling;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

/**
 * The Correlator view's widget, usable under plain SWT: simulate voltages (antennas, samples, tones, noise,
 * delays) or open a voltages file; set channels, taps, window and integration and run the FX correlator as a
 * {@code corr.run} job through the {@link Host}; or open an existing visibility file. Then pick a baseline (i, j)
 * and polarisation product to see its time-averaged amplitude and phase per channel and its dump x channel
 * amplitude waterfall, and pick a channel to see the antenna x antenna amplitude matrix.
 *
 * <p>Threads: widgets on the UI thread only; simulation and file reading on this panel's worker thread; the
 * correlation itself runs wherever the host runs jobs. Actions return futures that complete after their result
 * is shown (or their problem reported).
 */
public final class CorrelatorPanel extends Composite {

    /** What the panel needs from its surroundings (the workbench view, or a test). */
    public interface Host {
        /** Shows a problem the user caused or can fix; the panel goes on. */
        void problem(String title, String message);

        /** Runs a job (the workbench: WorkbenchJobs, progress and cancel in the Progress view); any thread. */
        void runJob(String title, JobSpec spec, Consumer<Map<String, Object>> onSuccess);

        /** Tells the workbench about a file written or opened here (the workbench: the Data Browser shows it). */
        default void fileWritten(Path file) {
        }
    }

    private static final String[] WINDOWS = {"hann", "hamming", "blackman-harris", "rect"};

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "correlator view");
        t.setDaemon(true);
        return t;
    });
    private Host host = new Host() {
        @Override
        public void problem(String title, String message) {
            System.err.println(title + ": " + message);
        }

        @Override
        public void runJob(String title, JobSpec spec, Consumer<Map<String, Object>> onSuccess) {
            problem(title, "no job runner in this window");
        }
    };

    private final ControlColumn column;
    private final Spinner antennasSpinner;
    private final Text samplesText;
    private final Text tonesText;
    private final Text toneAmplitudeText;
    private final Text skyText;
    private final Text receiverText;
    private final Text delaysText;
    private final Label voltagesLabel;
    private final Spinner streamSpinner;
    private final Spinner polSpinner;
    private BasebandCorrelator.Waterfall recordingWaterfall;
    private final Combo channelsCombo;
    private final Spinner tapsSpinner;
    private final Spinner integrateSpinner;
    private final Combo windowCombo;
    private final Label visibilitiesLabel;
    private final Spinner iSpinner;
    private final Spinner jSpinner;
    private final Combo polCombo;
    private final Spinner channelSpinner;
    private final Label status;
    private final RunTargetChooser runTarget;
    private final PlotPicture amplitudePicture;
    private final PlotPicture phasePicture;
    private final PlotPicture waterfallPicture;
    private final PlotPicture matrixPicture;
    private final List<Control> needVisibilities = new ArrayList<>();
    private Path voltages;
    private Visibilities visibilities;
    private Path visibilitiesFile;

    public CorrelatorPanel(Composite parent, int style) {
        super(parent, style);
        setLayout(new GridLayout(2, false));
        column = new ControlColumn(this, 310);
        Composite controls = column.content();

        Group sim = group(controls, "Simulate voltages (int8, 1 polarisation)", 2);
        new Label(sim, SWT.NONE).setText("Antennas");
        antennasSpinner = new Spinner(sim, SWT.BORDER);
        antennasSpinner.setValues(4, 1, 256, 0, 1, 4);
        samplesText = field(sim, "Samples", "65536", "voltage samples per antenna");
        tonesText = field(sim, "Tones", "0.125", "tone frequencies as fractions of the sample rate (0 to 0.5),"
                + " separated by commas");
        toneAmplitudeText = field(sim, "Tone amplitude", "20", "peak tone amplitude in ADC counts");
        skyText = field(sim, "Sky noise rms", "8", "noise common to all antennas, ADC counts");
        receiverText = field(sim, "Receiver noise rms", "8", "each antenna's own noise, ADC counts");
        delaysText = field(sim, "Delays", "", "per-antenna delays in samples, separated by commas (empty: none)");
        Button simulate = button(sim, "Simulate...", () -> chooseSimulationOutput());
        simulate.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        Group volt = group(controls, "Voltages", 1);
        button(volt, "Open voltages...", () -> chooseVoltages());
        voltagesLabel = wrapLabel(volt, "No voltages yet: simulate or open a .h5 file or a baseband recording"
                + " (VDIF, Mark 5B, PSRDADA, GUPPI RAW).");
        Composite sp = new Composite(volt, SWT.NONE);
        sp.setLayout(new GridLayout(4, false));
        new Label(sp, SWT.NONE).setText("Stream");
        streamSpinner = new Spinner(sp, SWT.BORDER);
        streamSpinner.setToolTipText("the recording's stream shown in the waterfall and band-pass");
        new Label(sp, SWT.NONE).setText("Pol");
        polSpinner = new Spinner(sp, SWT.BORDER);
        for (Spinner s : new Spinner[] {streamSpinner, polSpinner}) {
            s.setEnabled(false);
            s.addListener(SWT.Selection, e -> showRecording(streamSpinner.getSelection(), polSpinner.getSelection()));
        }

        Group corr = group(controls, "Correlator", 2);
        new Label(corr, SWT.NONE).setText("Channels");
        channelsCombo = new Combo(corr, SWT.READ_ONLY);
        for (int c = 8; c <= 8192; c *= 2) {
            channelsCombo.add(Integer.toString(c));
        }
        channelsCombo.setText("64");
        new Label(corr, SWT.NONE).setText("Taps");
        tapsSpinner = new Spinner(corr, SWT.BORDER);
        tapsSpinner.setValues(4, 1, 64, 0, 1, 4);
        new Label(corr, SWT.NONE).setText("Window");
        windowCombo = new Combo(corr, SWT.READ_ONLY);
        windowCombo.setItems(WINDOWS);
        windowCombo.select(0);
        new Label(corr, SWT.NONE).setText("Integration (spectra)");
        integrateSpinner = new Spinner(corr, SWT.BORDER);
        integrateSpinner.setValues(32, 1, 1 << 20, 0, 1, 16);
        integrateSpinner.setToolTipText("spectra per dump; dumps x integration x 2 x channels must equal the samples");
        runTarget = new RunTargetChooser(corr, "corr", 2);
        Button run = button(corr, "Run correlator...", () -> chooseRunOutput());
        run.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        Group vis = group(controls, "Visibilities", 2);
        Button openVis = button(vis, "Open visibilities...", () -> chooseVisibilities());
        openVis.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        visibilitiesLabel = wrapLabel(vis, "No visibilities yet.");
        ((GridData) visibilitiesLabel.getLayoutData()).horizontalSpan = 2;
        new Label(vis, SWT.NONE).setText("Baseline antenna i");
        iSpinner = new Spinner(vis, SWT.BORDER);
        new Label(vis, SWT.NONE).setText("Baseline antenna j");
        jSpinner = new Spinner(vis, SWT.BORDER);
        new Label(vis, SWT.NONE).setText("Polarisation");
        polCombo = new Combo(vis, SWT.READ_ONLY);
        new Label(vis, SWT.NONE).setText("Matrix channel");
        channelSpinner = new Spinner(vis, SWT.BORDER);
        for (Control c : new Control[] {iSpinner, jSpinner, polCombo}) {
            c.addListener(SWT.Selection, e -> showBaseline());
            needVisibilities.add(c);
        }
        channelSpinner.addListener(SWT.Selection, e -> showMatrix());
        needVisibilities.add(channelSpinner);
        for (Control c : needVisibilities) {
            c.setEnabled(false);
        }
        fitControls();

        Composite pictures = new Composite(this, SWT.NONE);
        pictures.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        GridLayout pl = new GridLayout(2, true);
        pl.marginWidth = 0;
        pictures.setLayout(pl);
        status = new Label(pictures, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        amplitudePicture = picture(pictures, "Amplitude vs channel of the chosen baseline");
        phasePicture = picture(pictures, "Phase vs channel of the chosen baseline");
        waterfallPicture = picture(pictures, "Waterfall: amplitude, dump x channel");
        matrixPicture = picture(pictures, "Baseline matrix: amplitude of one channel, antenna x antenna");
        addDisposeListener(e -> worker.shutdownNow());
    }

    /** Where correlator runs go ("This machine" or "Remote workers"). */
    public RunTargetChooser runTargetChooser() {
        return runTarget;
    }

    public void setHost(Host h) {
        this.host = h;
    }

    // ------------------------------------------------------------------ layout helpers

    /** The controls column scrolls vertically when the view is short; its width follows the view. */
    private void fitControls() {
        column.fit();
    }

    private static Text field(Composite parent, String label, String value, String tip) {
        new Label(parent, SWT.NONE).setText(label);
        Text t = new Text(parent, SWT.BORDER);
        t.setText(value);
        t.setToolTipText(tip);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false);
        d.widthHint = 80;
        t.setLayoutData(d);
        return t;
    }

    private static Label wrapLabel(Composite parent, String text) {
        Label l = new Label(parent, SWT.WRAP);
        l.setText(text);
        GridData d = new GridData(SWT.FILL, SWT.TOP, true, false);
        d.widthHint = 250;
        l.setLayoutData(d);
        return l;
    }

    private static Button button(Composite parent, String label, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(label);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    private static PlotPicture picture(Composite parent, String message) {
        PlotPicture p = new PlotPicture(parent, SWT.BORDER);
        p.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        p.setMessage(message);
        return p;
    }

    // ------------------------------------------------------------------ background work

    /** Runs {@code work} on the panel's worker thread, then {@code show} on the UI thread (see UiWork). */
    private <T> CompletableFuture<T> background(String what, Callable<T> work, Consumer<T> show) {
        return UiWork.run(this, worker, "Correlator", what, work, show,
                UiWork.Reporter.of(status::setText, host::problem));
    }

    static String message(Throwable e) {
        return UiWork.message(e);
    }

    private <T> CompletableFuture<T> failed(String title, String text) {
        host.problem(title, text);
        return CompletableFuture.failedFuture(new InputException(text));
    }

    private String save(String title, String name, String... extensions) {
        FileDialog d = new FileDialog(getShell(), SWT.SAVE);
        d.setText(title);
        d.setFilterExtensions(extensions);
        d.setOverwrite(true);
        if (voltages != null && voltages.toAbsolutePath().getParent() != null) {
            d.setFilterPath(voltages.toAbsolutePath().getParent().toString());
        }
        d.setFileName(name);
        return d.open();
    }

    private String openDialog(String title) {
        FileDialog d = new FileDialog(getShell(), SWT.OPEN);
        d.setText(title);
        d.setFilterExtensions(new String[] {"*.h5;*.hdf5", "*"});
        return d.open();
    }

    // ------------------------------------------------------------------ voltages

    private void chooseSimulationOutput() {
        String f = save("Write simulated voltages to", "voltages.h5", "*.h5", "*.npy");
        if (f != null) {
            simulate(Path.of(f));
        }
    }

    /** Simulates voltages with the panel's settings into {@code out} and makes them the correlator's input. */
    public CompletableFuture<Path> simulate(Path out) {
        Simulator.Params p;
        try {
            p = CorrelatorData.simulation(antennasSpinner.getSelection(), (int) number(samplesText, "samples"),
                    numbers(tonesText, "tones"), number(toneAmplitudeText, "tone amplitude"),
                    numbers(delaysText, "delays"), number(skyText, "sky noise"), number(receiverText,
                            "receiver noise"), 1);
        } catch (InputException | IllegalArgumentException e) {
            return failed("Correlator: simulate", e.getMessage());
        }
        return background("simulating " + p.antennas() + " antennas x " + p.samples() + " samples", () -> {
            CorrelatorData.simulate(p, out, 1.0);
            return out;
        }, written -> {
            setVoltages(written);
            host.fileWritten(written);
            status.setText("Simulated " + p.antennas() + " antennas into " + written.getFileName() + ".");
        });
    }

    private void chooseVoltages() {
        String f = openDialog("Open voltages (.h5 /voltages [antenna][pol][sample], or a VDIF, Mark 5B, PSRDADA or"
                + " GUPPI RAW recording)");
        if (f != null) {
            setVoltages(Path.of(f));
        }
    }

    /** Uses {@code file} as the correlator's input (checked when the job reads it). */
    public CompletableFuture<BasebandCorrelator.Waterfall> setVoltages(Path file) {
        voltages = file;
        voltagesLabel.setText(file.toString());
        recordingWaterfall = null;
        boolean recording = BasebandRecording.isRecording(file);
        streamSpinner.setEnabled(recording);
        polSpinner.setEnabled(recording);
        fitControls();
        CompletableFuture<BasebandCorrelator.Waterfall> shown = new CompletableFuture<>();
        if (!recording) {
            shown.complete(null);
            return shown;
        }
        background("reading " + file.getFileName(), () -> {
            try (BasebandRecording r = BasebandRecording.open(file)) {
                return r.info();
            }
        }, info -> {
            voltagesLabel.setText(String.format(Locale.ROOT, "%s: %s, %d stream(s) x %d pol(s), %d-bit %s, %s",
                    file, info.format(), info.streams(), info.pols(), info.bits(),
                    info.complex() ? "complex" : "real", Double.isNaN(info.sampleRate()) ? "rate unknown"
                            : String.format(Locale.ROOT, "%.6g MHz", info.sampleRate() / 1e6)));
            streamSpinner.setValues(0, 0, info.streams() - 1, 0, 1, 1);
            polSpinner.setValues(0, 0, info.pols() - 1, 0, 1, 1);
            fitControls();
            showRecording(0, 0).whenComplete((w, e) -> {
                if (e != null) {
                    shown.completeExceptionally(e);
                } else {
                    shown.complete(w);
                }
            });
        }).exceptionally(e -> {
            shown.completeExceptionally(e);
            return null;
        });
        return shown;
    }

    /**
     * Computes (off the UI thread) and draws the waterfall (time x frequency power, an image) and the band-pass
     * (mean power against frequency) of one stream and polarisation of the recording opened as voltages, with the
     * panel's channels, taps and window; at most {@value #RECORDING_ROWS} rows covering the whole recording, with at
     * most {@value #RECORDING_SAMPLES} samples per stream of work (a longer recording's rows are spread evenly over
     * it: {@link CorrelatorData#recordingWaterfall}).
     */
    public CompletableFuture<BasebandCorrelator.Waterfall> showRecording(int stream, int pol) {
        Path file = voltages;
        if (file == null || !BasebandRecording.isRecording(file)) {
            return failed("Correlator", "open a baseband recording as voltages first");
        }
        int channels = Integer.parseInt(channelsCombo.getText());
        int taps = tapsSpinner.getSelection();
        String window = windowCombo.getText();
        String what = "computing the waterfall of " + file.getFileName();
        Display display = getDisplay();
        // the rows' progress in the status line (the work is bounded: RECORDING_SAMPLES per stream)
        org.daybreak.core.job.JobContext progress = new org.daybreak.core.job.JobContext() {
            @Override
            public void progress(double fraction, String message) {
                String text = String.format(Locale.ROOT, "%s: %.0f %% (%s)", what, 100 * fraction, message);
                display.asyncExec(() -> {
                    if (!status.isDisposed()) {
                        status.setText(text);
                    }
                });
            }

            @Override
            public boolean isCancelled() {
                return isDisposed();
            }
        };
        return background(what, () -> CorrelatorData.recordingWaterfall(file, stream, pol, channels, taps, window,
                RECORDING_ROWS, RECORDING_SAMPLES, progress),
                w -> {
                    recordingWaterfall = w;
                    streamSpinner.setSelection(stream);
                    polSpinner.setSelection(pol);
                    drawRecording(file, w);
                });
    }

    static final int RECORDING_ROWS = 256;
    /**
     * Samples per stream the view's waterfall channelises at most, so that opening a recording of hundreds of GB stays
     * a matter of seconds: a longer recording's rows are spread over all of it, each summing the spectra at the start
     * of its time bin; the Run button's job correlates every sample.
     */
    static final long RECORDING_SAMPLES = 1L << 24;

    private void drawRecording(Path file, BasebandCorrelator.Waterfall w) {
        String name = file.getFileName() + " stream " + w.stream() + " pol " + w.pol();
        boolean hz = !Double.isNaN(w.sampleRate()) && w.sampleRate() > 0;
        double scale = !hz ? 1 : w.sampleRate() >= 1e6 ? 1e6 : w.sampleRate() >= 1e3 ? 1e3 : 1;
        String unit = scale == 1e6 ? "MHz" : scale == 1e3 ? "kHz" : "Hz";
        double[] f = new double[w.channels()];
        for (int c = 0; c < f.length; c++) {
            f[c] = w.frequencies()[c] / scale;
        }
        String fLabel = hz ? "frequency (" + unit + (f[0] < 0 ? " from band centre)" : ")")
                : "frequency (cycles/sample" + (f[0] < 0 ? " from band centre)" : ")");
        double[] band = w.bandpass();
        Plot bp = linePlot("Band-pass of " + name + ", mean over " + (long) w.rows() * w.integrate() + " spectra",
                f,
                band, "band-pass", "power");
        bp.xAxis().setLabel(fLabel);
        amplitudePicture.setPlot(bp);
        Plot p = new Plot();
        p.setTitle("Waterfall of " + name + " (" + w.integrate() + " spectra per row)");
        ImageTrace t = p.createImageTrace("waterfall");
        t.setData(NDArray.wrap(DType.FLOAT64, w.power(), w.rows(), w.channels()));
        double[] x = new double[w.channels() + 1];
        double df = w.channels() > 1 ? f[1] - f[0] : 1;
        for (int c = 0; c <= w.channels(); c++) {
            x[c] = (c < w.channels() ? f[c] : f[w.channels() - 1] + df) - df / 2;
        }
        double[] y = new double[w.rows() + 1];
        double dt = w.rows() > 1 ? w.times()[1] - w.times()[0] : 1;
        for (int r = 0; r <= w.rows(); r++) {
            y[r] = ((r < w.rows() ? w.times()[r] : w.times()[w.rows() - 1] + dt) - dt / 2) * (hz ? 1e3 : 1);
            // seconds -> ms (samples when the rate is unknown)
        }
        t.setAxes(NDArray.of(x), NDArray.of(y));
        t.setColorMap("viridis");
        t.setScaling(Scaling.LOG);
        p.addTrace(t);
        p.xAxis().setLabel(fLabel);
        p.yAxis().setLabel(hz ? "time (ms)" : "time (samples)");
        waterfallPicture.setPlot(p);
        int peak = CorrelatorData.argMax(band);
        status.setText(String.format(Locale.ROOT, "%s: %d x %d waterfall; band-pass peak at channel %d.", name,
                w.rows(), w.channels(), peak));
    }

    /** The last recording waterfall drawn (null when the voltages are not a recording). */
    public BasebandCorrelator.Waterfall recordingWaterfall() {
        return recordingWaterfall;
    }

    // ------------------------------------------------------------------ correlator

    private void chooseRunOutput() {
        if (voltages == null) {
            host.problem("Correlator", "simulate or open voltages first");
            return;
        }
        String stem = voltages.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String f = save("Write visibilities to", stem + "_vis.h5", "*.h5");
        if (f != null) {
            runCorrelator(Path.of(f));
        }
    }

    /**
     * Schedules the {@code corr.run} job for the current voltages into {@code out}; when it ends the visibilities
     * are read and shown. The future completes after they are shown (it never completes if the job fails: the
     * host reports that).
     */
    public CompletableFuture<Visibilities> runCorrelator(Path out) {
        JobSpec spec;
        try {
            spec = CorrelatorData.runJob(voltages, out, Integer.parseInt(channelsCombo.getText()),
                    tapsSpinner.getSelection(), integrateSpinner.getSelection(), windowCombo.getText());
        } catch (InputException | IllegalArgumentException e) {
            return failed("Correlator: run", e.getMessage());
        }
        CompletableFuture<Visibilities> shown = new CompletableFuture<>();
        Display display = getDisplay();
        status.setText("Correlating " + voltages.getFileName() + (runTarget.isRemote()
                ? " on the remote workers: see the Progress and Jobs views." : ": see the Progress view."));
        host.runJob("Correlate " + voltages.getFileName(), spec, result -> display.asyncExec(() -> {
            if (isDisposed()) {
                return;
            }
            Path written = Path.of(String.valueOf(result.get("out")));
            status.setText("Correlated " + voltages.getFileName() + " into " + written.getFileName()
                    + (result.containsKey("device_name") ? ", on " + result.get("device_name") : ""));
            host.fileWritten(written);
            openVisibilities(written).whenComplete((v, e) -> {
                if (e != null) {
                    shown.completeExceptionally(e);
                } else {
                    shown.complete(v);
                }
            });
        }));
        return shown;
    }

    private void chooseVisibilities() {
        String f = openDialog("Open visibilities (.h5 written by corr run)");
        if (f != null) {
            openVisibilities(Path.of(f));
        }
    }

    /** Reads a visibility file and shows its first cross baseline (or the autocorrelation of one antenna). */
    public CompletableFuture<Visibilities> openVisibilities(Path file) {
        return background("reading " + file.getFileName(), () -> CorrelatorData.read(file), v -> {
            visibilities = v;
            visibilitiesFile = file;
            visibilitiesLabel.setText(String.format(Locale.ROOT, "%s: %d antennas, %d pol product(s), %d channels,"
                    + " %d dumps%s", file.getFileName(), v.antennas(), v.polProducts(), v.channels(), v.dumps(),
                    v.exactInteger() ? ", exact int8 X-engine" : ""));
            iSpinner.setValues(0, 0, v.antennas() - 1, 0, 1, 1);
            jSpinner.setValues(Math.min(1, v.antennas() - 1), 0, v.antennas() - 1, 0, 1, 1);
            polCombo.setItems(v.polNames());
            polCombo.select(0);
            channelSpinner.setValues(0, 0, v.channels() - 1, 0, 1, 8);
            for (Control c : needVisibilities) {
                c.setEnabled(true);
            }
            fitControls();
            showBaseline();
            double[] amp = CorrelatorData.spectrum(v, iSpinner.getSelection(), jSpinner.getSelection(), 0)[0];
            channelSpinner.setSelection(CorrelatorData.argMax(amp));
            showMatrix();
        });
    }

    public Visibilities visibilities() {
        return visibilities;
    }

    // ------------------------------------------------------------------ plots

    /** Chooses baseline (i, j) and polarisation product {@code pol} and draws its plots. */
    public void setBaseline(int i, int j, int pol) {
        iSpinner.setSelection(i);
        jSpinner.setSelection(j);
        polCombo.select(pol);
        showBaseline();
    }

    /** Chooses the channel of the baseline matrix. */
    public void setMatrixChannel(int channel) {
        channelSpinner.setSelection(channel);
        showMatrix();
    }

    private void showBaseline() {
        Visibilities v = visibilities;
        if (v == null) {
            return;
        }
        int i = iSpinner.getSelection();
        int j = jSpinner.getSelection();
        int pol = Math.max(0, polCombo.getSelectionIndex());
        String name = "(" + i + ", " + j + ") " + v.polNames()[pol];
        double[][] s = CorrelatorData.spectrum(v, i, j, pol);
        double[] channels = new double[v.channels()];
        for (int c = 0; c < channels.length; c++) {
            channels[c] = c;
        }
        amplitudePicture.setPlot(linePlot("Amplitude of " + name + ", mean over " + v.dumps() + " dumps", channels,
                s[0], "amplitude", "|V|"));
        phasePicture.setPlot(linePlot("Phase of " + name, channels, s[1], "phase", "phase (deg)"));
        Plot w = new Plot();
        w.setTitle("Waterfall |V| of " + name);
        ImageTrace t = w.createImageTrace("waterfall");
        double[] fall = CorrelatorData.waterfall(v, i, j, pol);
        int repeat = Math.max(1, v.channels() / (2 * v.dumps()));
        if (repeat > 1) {
            // few dumps: each is drawn as several pixel rows so that the image is not a thin strip
            double[] tall = new double[v.dumps() * repeat * v.channels()];
            double[] edges = new double[v.dumps() * repeat + 1];
            for (int d = 0; d < v.dumps(); d++) {
                for (int k = 0; k < repeat; k++) {
                    System.arraycopy(fall, d * v.channels(), tall, (d * repeat + k) * v.channels(), v.channels());
                    edges[d * repeat + k] = d - 0.5 + k / (double) repeat;
                }
            }
            edges[v.dumps() * repeat] = v.dumps() - 0.5;
            t.setData(NDArray.wrap(DType.FLOAT64, tall, v.dumps() * repeat, v.channels()));
            t.setAxes(null, NDArray.of(edges));
        } else {
            t.setData(NDArray.wrap(DType.FLOAT64, fall, v.dumps(), v.channels()));
        }
        t.setColorMap("viridis");
        // logarithmic colours: a strong tone and the noise floor are both visible
        t.setScaling(Scaling.LOG);
        w.addTrace(t);
        w.xAxis().setLabel("channel");
        w.yAxis().setLabel("dump");
        waterfallPicture.setPlot(w);
        status.setText(String.format(Locale.ROOT, "Baseline %s: strongest channel %d (|V| = %.4g).", name,
                CorrelatorData.argMax(s[0]), s[0][CorrelatorData.argMax(s[0])]));
    }

    private void showMatrix() {
        Visibilities v = visibilities;
        if (v == null) {
            return;
        }
        int channel = channelSpinner.getSelection();
        int pol = Math.max(0, polCombo.getSelectionIndex());
        Plot m = new Plot();
        m.setTitle("|V| of channel " + channel + " (" + v.polNames()[pol] + "), antenna x antenna");
        ImageTrace t = m.createImageTrace("matrix");
        double[] matrix = CorrelatorData.matrix(v, channel, pol);
        t.setData(NDArray.wrap(DType.FLOAT64, matrix, v.antennas(), v.antennas()));
        t.setColorMap("viridis");
        // from zero, so that equal amplitudes look equal rather than stretched over their small spread
        double max = 0;
        for (double x : matrix) {
            max = Math.max(max, x);
        }
        t.setRange(0, max > 0 ? max : 1);
        m.addTrace(t);
        m.xAxis().setLabel("antenna j");
        m.yAxis().setLabel("antenna i");
        matrixPicture.setPlot(m);
    }

    private static Plot linePlot(String title, double[] x, double[] y, String name, String yLabel) {
        Plot p = new Plot();
        p.setTitle(title);
        p.setLegendVisible(false);
        LineTrace t = p.createLineTrace(name);
        t.setData(x, y);
        p.addTrace(t);
        p.xAxis().setLabel("channel");
        p.yAxis().setLabel(yLabel);
        return p;
    }

    public PlotPicture amplitudePicture() {
        return amplitudePicture;
    }

    public PlotPicture phasePicture() {
        return phasePicture;
    }

    public PlotPicture waterfallPicture() {
        return waterfallPicture;
    }

    public PlotPicture matrixPicture() {
        return matrixPicture;
    }

    public Path visibilitiesFile() {
        return visibilitiesFile;
    }

    public String statusText() {
        return status.getText();
    }

    /** Sets the simulation fields as the user would type them. */
    public void setSimulation(int antennas, int samples, String tones, String delays) {
        antennasSpinner.setSelection(antennas);
        samplesText.setText(Integer.toString(samples));
        tonesText.setText(tones);
        delaysText.setText(delays);
    }

    /** Sets the correlator fields. */
    public void setCorrelator(int channels, int taps, int integrate) {
        channelsCombo.setText(Integer.toString(channels));
        tapsSpinner.setSelection(taps);
        integrateSpinner.setSelection(integrate);
    }

    private static double[] numbers(Text t, String what) {
        String s = t.getText().trim();
        if (s.isEmpty()) {
            return new double[0];
        }
        String[] parts = s.split("[,\\s]+");
        double[] d = new double[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                d[k] = Double.parseDouble(parts[k]);
            } catch (NumberFormatException e) {
                throw new InputException("'" + parts[k] + "' in the " + what + " is not a number");
            }
        }
        return d;
    }
}
