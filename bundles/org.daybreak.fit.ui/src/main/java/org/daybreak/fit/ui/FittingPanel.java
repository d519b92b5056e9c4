package org.daybreak.fit.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.daybreak.core.job.JobSpec;
import org.daybreak.fit.FitPlan;
import org.daybreak.fit.FitResult;
import org.daybreak.fit.LineShapes;
import org.daybreak.fit.Model;
import org.daybreak.fit.PeakGuess;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.ui.LineCanvas;
import org.daybreak.ui.jobs.RunTargetChooser;
import org.daybreak.ui.services.WorkbenchServices.DatasetRef;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Text;

/**
 * The fitting panel: fits a line of the current plot (or the profile sent by the plot tools) with a model made
 * of built-in components ({@code gaussian+linear}) or a typed expression of x, shows the fitted curve and the
 * residuals as the line traces {@value #FIT_TRACE} and {@value #RESIDUAL_TRACE} of the current plot, the
 * parameters in an editable table (name, value, error, fixed, min, max, tie) and the fit statistics; exports the
 * result as JSON or CSV; runs the {@code fit.batch} job over an HDF5 stack (last axis = spectrum) and shows a
 * parameter's map as an image.
 *
 * <p>Peaks are added at a typed position or at the largest peak the current model leaves unexplained ("Add
 * largest remaining peak"); their starting centre, width and area are read off the data there.
 *
 * <p>Parts: {@link TraceChooser} (the trace list), {@link ParameterTable} (the parameter table and its cell
 * editing), {@link FitExport} (the export text), {@link BatchFitGroup} (the batch job and its maps); the
 * computations are in org.daybreak.fit ({@code PeakGuess}, {@code FitResultsH5}).
 *
 * <p>Threads: widgets and the plot model on the UI thread; fits run on the panel's worker thread, batch fits as
 * a job through the {@link Host}; results come back with {@code Display.asyncExec}.
 */
public final class FittingPanel extends Composite {
    public static final String FIT_TRACE = "fit";
    public static final String RESIDUAL_TRACE = "residual";
    /** Label of the profile sent by the plot tools in the trace list. */
    public static final String PROFILE_LABEL = "profile (from the plot tools)";
    static final List<String> COMPONENTS = List.of("gaussian", "lorentzian", "pseudovoigt", "voigt", "pearson7",
            "linear", "constant", "polynomial2", "polynomial3", "exponential", "step");
    static final List<String> PEAK_SHAPES = List.of("gaussian", "lorentzian", "pseudovoigt", "voigt", "pearson7");

    /** What the panel needs from the workbench. UI thread unless said otherwise. */
    public interface Host {
        /** The plot shown in the Plot view, or null when none is open. */
        Plot currentPlot();

        /** The Data Browser's selection. */
        Optional<DatasetRef> selection();

        /**
         * Runs a job with progress and cancel; {@code onSuccess} gets its result on a background thread. Failures
         * are reported by the host.
         */
        void runJob(String title, JobSpec spec, Consumer<Map<String, Object>> onSuccess);

        /** Shows a problem the user should see. */
        void problem(String title, String message);
    }

    /** A line that can be fitted. */
    record Source(String label, Plot plot, LineTrace trace, boolean profile) {
    }

    private final Display display;
    private final Host host;
    private final ExecutorService worker;
    private final TraceChooser traces;
    private final Text modelText;
    private final Button expression;
    private final Combo componentCombo;
    private final Combo peakShape;
    private final Text peakAt;
    private final Button fitButton;
    private final Button pick;
    private LineCanvas canvas;
    private int pressX = Integer.MIN_VALUE;
    private final Listener canvasListener = this::canvasMouse;
    private final Label status;
    private final ParameterTable table;
    private final Label statistics;
    private final BatchFitGroup batch;

    private final List<ParameterRow> rows;
    private Model model;
    private FitResult lastResult;
    private Source lastSource;
    private boolean fitting;

    public FittingPanel(Composite parent, int style, Host host) {
        super(parent, style);
        this.display = getDisplay();
        this.host = host;
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "daybreak-fitting");
            t.setDaemon(true);
            return t;
        });
        setLayout(new GridLayout(1, false));

        Composite top = row(6);
        new Label(top, SWT.NONE).setText("Trace:");
        traces = new TraceChooser(top, host::currentPlot);
        button(top, "Refresh", "Read the traces of the current plot again", this::refreshTraces);

        Composite modelRow = row(6);
        new Label(modelRow, SWT.NONE).setText("Model:");
        modelText = new Text(modelRow, SWT.BORDER);
        modelText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        modelText.setToolTipText("Components joined by '+', e.g. gaussian+gaussian+linear; or, with 'expression', "
                + "a formula of x such as a*exp(-b*x)+c");
        modelText.addListener(SWT.Modify, e -> modelChanged());
        expression = new Button(modelRow, SWT.CHECK);
        expression.setText("expression");
        expression.addListener(SWT.Selection, e -> modelChanged());
        componentCombo = new Combo(modelRow, SWT.READ_ONLY);
        COMPONENTS.forEach(componentCombo::add);
        componentCombo.select(0);
        button(modelRow, "Add", "Add the component to the model", () -> addComponent(componentCombo.getText()));

        Composite peakRow = row(5);
        new Label(peakRow, SWT.NONE).setText("Peak:");
        peakShape = new Combo(peakRow, SWT.READ_ONLY);
        PEAK_SHAPES.forEach(peakShape::add);
        peakShape.select(0);
        new Label(peakRow, SWT.NONE).setText("at x =");
        peakAt = new Text(peakRow, SWT.BORDER);
        peakAt.setLayoutData(new GridData(80, SWT.DEFAULT));
        peakAt.addListener(SWT.DefaultSelection, e -> addPeakAtTypedPosition());
        button(peakRow, "Add peak", "Add a peak of this shape at the position typed", this::addPeakAtTypedPosition);
        Composite peakRow2 = row(3);
        new Label(peakRow2, SWT.NONE).setText("or:");
        button(peakRow2, "Add largest remaining peak",
                "Add a peak at the highest point of the data minus the current model", this::addLargestPeak);
        pick = new Button(peakRow2, SWT.TOGGLE);
        pick.setText("Pick on plot");
        pick.setToolTipText("Then click the top of a peak in the Plot view to add a peak there");
        pick.addListener(SWT.Selection, e -> {
            if (pick.getSelection() && (canvas == null || canvas.isDisposed())) {
                pick.setSelection(false);
                setStatus("no line plot to pick on: open the Plot view with a line", true);
            } else if (pick.getSelection()) {
                setStatus("click the top of a peak in the plot", false);
            }
        });

        Composite actions = row(4);
        fitButton = button(actions, "Fit", "Fit the model to the trace", this::fit);
        button(actions, "Export\u2026", "Save the parameters and statistics as JSON or CSV", this::exportDialog);
        button(actions, "Reset values", "Forget the values of the last fit: automatic starting values", this::resetValues);
        status = new Label(actions, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

        table = new ParameterTable(this, this::setStatus);
        rows = table.rows();

        statistics = new Label(this, SWT.WRAP);
        statistics.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        statistics.setText("No fit yet.");

        batch = new BatchFitGroup(this, host, worker, this::onUi, this::runBatch);

        addListener(SWT.Dispose, e -> disposed());
        modelText.setText("gaussian+linear");
        refreshTraces();
    }

    private Composite row(int columns) {
        Composite c = new Composite(this, SWT.NONE);
        c.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        GridLayout gl = new GridLayout(columns, false);
        gl.marginWidth = 0;
        gl.marginHeight = 0;
        c.setLayout(gl);
        return c;
    }

    private static Button button(Composite parent, String text, String tip, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setToolTipText(tip);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    // ------------------------------------------------------------------ traces

    /** Lists the current plot's lines (not our own fit and residual) and the profile sent by the plot tools. */
    public void refreshTraces() {
        checkWidget();
        traces.refresh();
    }

    /** Shows the profile (just sent by the plot tools) as the trace to fit. */
    public void selectProfile() {
        refreshTraces();
        traces.selectProfile();
    }

    /** Chooses the trace to fit by its label. */
    public void selectTrace(String label) {
        checkWidget();
        traces.select(label);
    }

    // ------------------------------------------------------------------ model and parameters

    /** Sets the model: components joined by '+' or, with {@code isExpression}, a formula of x. */
    public void setModel(String text, boolean isExpression) {
        checkWidget();
        expression.setSelection(isExpression);
        modelText.setText(text);
        modelChanged();
    }

    private void addComponent(String name) {
        String t = modelText.getText().trim();
        if (expression.getSelection()) {
            expression.setSelection(false);
            t = "";
        }
        modelText.setText(t.isEmpty() ? name : t + "+" + name);
    }

    private void modelChanged() {
        String text = modelText.getText().trim();
        Model m;
        try {
            m = expression.getSelection() ? Model.expression(text) : Model.parse(text);
        } catch (RuntimeException e) {
            model = null;
            setStatus(e.getMessage(), true);
            fitButton.setEnabled(false);
            return;
        }
        Model old = model;
        model = m;
        table.modelChanged(old, m);
        fitButton.setEnabled(!fitting);
        setStatus(m.parameterCount() + " parameters", false);
        batch.fillMapChoices(m);
    }

    /**
     * Sets one cell of the parameter table as the user would type it: {@code value}, {@code min}, {@code max}
     * (empty: automatic / unbounded; numbers, inf, -inf), {@code fixed} (true/false) or {@code tie} (an
     * expression of other parameters, empty for none). Bad input (a value that cannot be read, min not below max,
     * a column that cannot be edited) is reported in the status line and changes nothing: the row is checked
     * before anything is assigned.
     *
     * @throws IllegalArgumentException when the model has no parameter {@code name}
     */
    public void setParameter(String name, String column, String text) {
        checkWidget();
        table.set(name, column, text);
    }

    private void resetValues() {
        table.resetValues();
    }

    // ------------------------------------------------------------------ peaks

    private void addPeakAtTypedPosition() {
        String t = peakAt.getText().trim();
        try {
            addPeak(peakShape.getText(), ParameterRow.parseNumber(t));
        } catch (IllegalArgumentException e) {
            setStatus("peak position: " + e.getMessage(), true);
        }
    }

    /**
     * Adds a peak component of that shape centred at {@code position} (x units), with its width and area read off
     * the data minus the current model there.
     */
    public void addPeak(String shape, double position) {
        checkWidget();
        double[][] xy = traceData();
        if (xy == null) {
            return;
        }
        double[] r = remaining(xy);
        PeakGuess g = PeakGuess.at(xy[0], r, PeakGuess.nearest(xy[0], position));
        insertPeak(shape, new PeakGuess(position, g.height(), g.fwhm()));
    }

    /** Adds a peak of the chosen shape at the highest point of the data minus the current model. */
    public void addLargestPeak() {
        checkWidget();
        double[][] xy = traceData();
        if (xy == null) {
            return;
        }
        double[] r = remaining(xy);
        insertPeak(peakShape.getText(), PeakGuess.at(xy[0], r, PeakGuess.largest(r)));
    }

    private void insertPeak(String shape, PeakGuess g) {
        if (LineShapes.create(shape) == null) {
            throw new IllegalArgumentException("unknown peak shape '" + shape + "'");
        }
        if (expression.getSelection()) {
            expression.setSelection(false);
            modelText.setText("");
        }
        String t = modelText.getText().trim();
        modelText.setText(t.isEmpty() ? shape : t + "+" + shape);
        if (model == null) {
            return;
        }
        int c = model.components().size() - 1;
        String prefix = model.components().size() == 1 ? "" : Model.prefix(c);
        for (Map.Entry<String, Double> e : g.startValues(shape).entrySet()) {
            String name = prefix + e.getKey();
            if (model.parameterNames().contains(name)) {
                setParameter(name, "value", Double.toString(e.getValue()));
            }
        }
        setStatus("added a " + shape + " at x = " + format(g.center()) + " (height " + format(g.height())
                + ", FWHM " + format(g.fwhm()) + ")", false);
    }

    /**
     * Lets peaks be picked on the Plot view's line canvas: with "Pick on plot" pressed, a click (left button,
     * no drag) adds a peak of the chosen shape at the clicked x. Replaces an earlier canvas; null detaches.
     */
    public void attachPlotCanvas(LineCanvas c) {
        checkWidget();
        if (canvas == c) {
            return;
        }
        if (canvas != null && !canvas.isDisposed()) {
            canvas.removeListener(SWT.MouseDown, canvasListener);
            canvas.removeListener(SWT.MouseUp, canvasListener);
        }
        canvas = c;
        if (c != null) {
            c.addListener(SWT.MouseDown, canvasListener);
            c.addListener(SWT.MouseUp, canvasListener);
        }
    }

    private void canvasMouse(Event e) {
        if (isDisposed() || !pick.getSelection() || e.button != 1) {
            return;
        }
        if (e.type == SWT.MouseDown) {
            pressX = e.x;
            return;
        }
        if (Math.abs(e.x - pressX) <= 3) {
            double x = canvas.xValue(e.x);
            pick.setSelection(false);
            if (Double.isFinite(x)) {
                addPeak(peakShape.getText(), x);
            }
        }
        pressX = Integer.MIN_VALUE;
    }

    /** Presses or releases "Pick on plot". */
    public void setPicking(boolean on) {
        checkWidget();
        pick.setSelection(on && canvas != null && !canvas.isDisposed());
    }

    /** x and y of the chosen trace, or null (with the reason in the status line). */
    private double[][] traceData() {
        Source s = traces.selected();
        if (s == null) {
            setStatus("no trace to fit: plot a line first, or send a profile from the plot tools", true);
            return null;
        }
        return new double[][] {s.trace().x(), s.trace().y()};
    }

    /**
     * The data minus the current model at its current values (automatic starts where none are set). Widget-free,
     * but it stays here because it reads the table's rows as the user left them.
     */
    private double[] remaining(double[][] xy) {
        if (model == null) {
            return PeakGuess.remaining(null, null, xy[0], xy[1]);
        }
        try {
            FitPlan plan = new FitPlan(model, ParameterRow.specs(rows));
            double[] p = plan.startValues(xy[0], xy[1], xy[1].length, null);
            return PeakGuess.remaining(model, p, xy[0], xy[1]);
        } catch (RuntimeException e) {
            return PeakGuess.remaining(null, null, xy[0], xy[1]);
        }
    }

    // ------------------------------------------------------------------ fit

    /** Fits the model to the chosen trace on the worker thread; the results appear when it is done. */
    public void fit() {
        checkWidget();
        if (fitting) {
            return;
        }
        Source src = traces.selected();
        if (src == null) {
            setStatus("no trace to fit: plot a line first, or send a profile from the plot tools", true);
            return;
        }
        if (model == null) {
            setStatus("the model is not valid; see the model field", true);
            return;
        }
        FitPlan plan;
        try {
            plan = new FitPlan(model, ParameterRow.specs(rows));
        } catch (IllegalArgumentException e) {
            setStatus(e.getMessage(), true);
            return;
        }
        double[] x = src.trace().x();
        double[] y = src.trace().y();
        Model m = model;
        fitting = true;
        fitButton.setEnabled(false);
        setStatus("fitting " + y.length + " points\u2026", false);
        worker.execute(() -> {
            try {
                double[] start = plan.startValues(x, y, y.length, null);
                FitResult r = plan.newFitter().fit(x, y, null, y.length, start);
                double[] f = new double[y.length];
                m.evaluate(x, y.length, r.values(), f, null);
                onUi(() -> fitted(src, m, r, x, y, f));
            } catch (RuntimeException e) {
                onUi(() -> {
                    fitting = false;
                    fitButton.setEnabled(model != null);
                    setStatus("the fit failed: " + e.getMessage(), true);
                });
            }
        });
    }

    private void fitted(Source src, Model m, FitResult r, double[] x, double[] y, double[] f) {
        fitting = false;
        fitButton.setEnabled(model != null);
        lastResult = r;
        lastSource = src;
        if (m == model) {
            table.fitted(r);
        }
        statistics.setText(String.format(Locale.ROOT,
                "\u03c7\u00b2 = %s    reduced \u03c7\u00b2 = %s    R\u00b2 = %s    iterations = %d    %s: %s",
                format(r.chi2()), format(r.redchi()), format(r.rsquared()), r.iterations(),
                r.success() ? "success" : "FAILED", r.message()));
        setStatus(r.success() ? "fitted " + r.points() + " points" : "the fit did not converge: " + r.message(),
                !r.success());
        showCurves(src, x, y, f);
        layout(true, true);
    }

    private void showCurves(Source src, double[] x, double[] y, double[] f) {
        Plot plot = host.currentPlot();
        if (plot == null) {
            plot = src.plot();
        }
        if (src.profile() && plot != src.plot()) {
            // the profile is not shown anywhere yet: it replaces what the plot shows
            plot.clearTraces();
            LineTrace p = plot.createLineTrace(FittingPanel.PROFILE_LABEL.substring(0, 7));
            p.setData(x, y);
            plot.addTrace(p);
            plot.xAxis().setLabel(src.plot().xAxis().label());
            plot.setTitle(src.plot().title());
        } else if (plot.imageTrace() != null) {
            setStatus("the plot shows an image now; the fit's curves are not drawn over it", true);
            return;
        }
        for (LineTrace old : plot.lineTraces()) {
            if (TraceChooser.isOurs(old)) {
                plot.removeTrace(old);
            }
        }
        double[] residual = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            residual[i] = y[i] - f[i];
        }
        LineTrace fit = plot.createLineTrace(FIT_TRACE).setData(x, f);
        fit.setColor(new java.awt.Color(0xd62728));
        fit.setLineWidth(2.5f);
        plot.addTrace(fit);
        LineTrace res = plot.createLineTrace(RESIDUAL_TRACE).setData(x, residual);
        res.setColor(new java.awt.Color(0x7f7f7f));
        plot.addTrace(res);
    }

    // ------------------------------------------------------------------ export

    private void exportDialog() {
        if (lastResult == null) {
            setStatus("nothing to export: fit first", true);
            return;
        }
        FileDialog d = new FileDialog(getShell(), SWT.SAVE);
        d.setFilterExtensions(new String[] {"*.json", "*.csv"});
        d.setFilterNames(new String[] {"JSON (*.json)", "CSV (*.csv)"});
        d.setFileName("fit.json");
        d.setOverwrite(true);
        String name = d.open();
        if (name == null) {
            return;
        }
        Path out = Path.of(name);
        try {
            exportTo(out);
            setStatus("saved " + out, false);
        } catch (IOException | RuntimeException e) {
            host.problem("Export fit", "cannot save the fit to " + out + ": " + e.getMessage());
        }
    }

    /**
     * Writes the last fit: CSV when the name ends in .csv (a parameter table {@code name,value,stderr,fixed,min,
     * max,tie}, a blank line, then {@code statistic,value} rows), else JSON ({@code model}, {@code trace},
     * {@code settings} in the fit command's --params syntax, and the fit command's result object).
     *
     * @throws IllegalStateException when nothing was fitted yet
     */
    public void exportTo(Path out) throws IOException {
        checkWidget();
        if (lastResult == null) {
            throw new IllegalStateException("nothing to export: fit first");
        }
        String text = out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                ? FitExport.csv(lastResult, rows)
                : FitExport.json(lastResult, model, lastSource == null ? null : lastSource.label(), rows);
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ batch

    /** Where batch fits run ("This machine" or "Remote workers"). */
    public RunTargetChooser runTargetChooser() {
        return batch.runTargetChooser();
    }

    /**
     * Runs the {@code fit.batch} job over the Data Browser's selected dataset (every 1-d trace along its last
     * axis) with this model and these settings; when it is done, shows the map chosen under "Map of".
     */
    public void runBatch() {
        checkWidget();
        batch.run(model, rows);
    }

    /** Chooses which map the next batch (or the one shown) displays. */
    public void selectMap(String name) {
        checkWidget();
        batch.selectMap(name);
    }

    // ------------------------------------------------------------------ plumbing

    private static String format(double v) {
        return ParameterTable.format(v);
    }

    private void setStatus(String text, boolean problem) {
        status.setText(text == null ? "" : text);
        status.setForeground(problem ? display.getSystemColor(SWT.COLOR_RED) : null);
        status.getParent().layout();
    }

    private void onUi(Runnable r) {
        try {
            display.asyncExec(() -> {
                if (!isDisposed()) {
                    r.run();
                }
            });
        } catch (SWTException e) {
            // the display is gone: nobody to show the result to
        }
    }

    private void disposed() {
        attachPlotCanvas(null);
        traces.watch(null);
        worker.shutdownNow();
        batch.dispose();
    }

    // ------------------------------------------------------------------ for the view and tests

    /** The parameter table as shown: one row per parameter, cells in {@link ParameterTable#COLUMNS} order. */
    public List<String[]> tableRows() {
        checkWidget();
        return table.shownRows();
    }

    /** The value cell of a parameter as a number (NaN for "auto"). */
    public double tableValue(String name) {
        for (String[] r : tableRows()) {
            if (r[0].equals(name)) {
                return r[1].equals("auto") ? Double.NaN : Double.parseDouble(r[1]);
            }
        }
        throw new IllegalArgumentException("no parameter '" + name + "' in the table");
    }

    public FitResult lastResult() {
        return lastResult;
    }

    public boolean isFitting() {
        return fitting;
    }

    public String statusText() {
        return status.getText();
    }

    public String statisticsText() {
        return statistics.getText();
    }

    public String batchStatusText() {
        return batch.statusText();
    }

    public String modelText() {
        return modelText.getText();
    }

    public List<String> traceLabels() {
        return traces.labels();
    }
}
