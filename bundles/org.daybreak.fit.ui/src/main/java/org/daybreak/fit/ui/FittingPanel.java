package org.daybreak.fit.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.json.Json;
import org.daybreak.fit.FitPlan;
import org.daybreak.fit.FitResult;
import org.daybreak.fit.FitResultsH5;
import org.daybreak.fit.LineShapes;
import org.daybreak.fit.Model;
import org.daybreak.fit.PeakGuess;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.PlotListener;
import org.daybreak.plot.Trace;
import org.daybreak.plot.ui.LineCanvas;
import org.daybreak.ui.jobs.RunTargetChooser;
import org.daybreak.ui.services.WorkbenchServices.DatasetRef;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.custom.TableEditor;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
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
 * <p>Threads: widgets and the plot model on the UI thread; fits run on the panel's worker thread, batch fits as
 * a job through the {@link Host}; results come back with {@code Display.asyncExec}.
 */
public final class FittingPanel extends Composite {
    public static final String FIT_TRACE = "fit";
    public static final String RESIDUAL_TRACE = "residual";
    /** Label of the profile sent by the plot tools in the trace list. */
    public static final String PROFILE_LABEL = "profile (from the plot tools)";
    static final String[] COLUMNS = {"name", "value", "error", "fixed", "min", "max", "tie"};
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
    private final Combo traceCombo;
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
    private final Table table;
    private final TableEditor editor;
    private final Label statistics;
    private final Label batchSource;
    private final Combo mapCombo;
    private final Label batchStatus;
    private final RunTargetChooser runTarget;

    private final List<Source> sources = new ArrayList<>();
    private final List<ParameterRow> rows = new ArrayList<>();
    private Model model;
    private FitResult lastResult;
    private Source lastSource;
    private Plot watchedPlot;
    private final PlotListener plotListener = e -> {
        if (e.trace() == null || !isOurs(e.trace())) {
            asyncRefresh();
        }
    };
    private boolean refreshPending;
    private volatile Path batchOut;
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
        traceCombo = new Combo(top, SWT.READ_ONLY);
        traceCombo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
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

        table = new Table(this, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridData tg = new GridData(SWT.FILL, SWT.FILL, true, true);
        tg.heightHint = 160;
        table.setLayoutData(tg);
        int[] widths = {110, 110, 100, 50, 80, 80, 130};
        for (int c = 0; c < COLUMNS.length; c++) {
            TableColumn col = new TableColumn(table, SWT.LEFT);
            col.setText(COLUMNS[c]);
            col.setWidth(widths[c]);
        }
        table.setToolTipText("Click a value, min, max or tie to edit it (empty: automatic / unbounded); "
                + "click 'fixed' to toggle");
        editor = new TableEditor(table);
        editor.grabHorizontal = true;
        table.addListener(SWT.MouseDown, e -> editCell(new Point(e.x, e.y)));

        statistics = new Label(this, SWT.WRAP);
        statistics.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        statistics.setText("No fit yet.");

        Group batch = new Group(this, SWT.NONE);
        batch.setText("Batch over a stack (last axis = spectrum)");
        batch.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        batch.setLayout(new GridLayout(5, false));
        batchSource = new Label(batch, SWT.NONE);
        batchSource.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 5, 1));
        batchSource.setText("Dataset: the Data Browser's selection");
        runTarget = new RunTargetChooser(batch, "fit", 1);
        runTarget.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false));
        button(batch, "Run batch fit", "Fit every spectrum of the selected dataset with this model and settings",
                this::runBatch);
        new Label(batch, SWT.NONE).setText("Map of:");
        mapCombo = new Combo(batch, SWT.READ_ONLY);
        mapCombo.setLayoutData(new GridData(140, SWT.DEFAULT));
        mapCombo.addListener(SWT.Selection, e -> showMap(mapCombo.getText()));
        batchStatus = new Label(batch, SWT.WRAP);
        batchStatus.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

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
        refreshPending = false;
        String selected = traceCombo.getText();
        Plot plot = host.currentPlot();
        watch(plot);
        sources.clear();
        if (plot != null) {
            for (LineTrace t : plot.lineTraces()) {
                if (!isOurs(t) && t.size() > 1) {
                    sources.add(new Source(t.name(), plot, t, false));
                }
            }
        }
        Plot profile = ProfileSource.latest();
        if (profile != null && !profile.lineTraces().isEmpty()) {
            sources.add(new Source(PROFILE_LABEL, profile, profile.lineTraces().get(0), true));
        }
        traceCombo.removeAll();
        for (Source s : sources) {
            traceCombo.add(s.label());
        }
        int keep = traceCombo.indexOf(selected);
        if (keep >= 0) {
            traceCombo.select(keep);
        } else if (!sources.isEmpty()) {
            traceCombo.select(0);
        }
    }

    /** Shows the profile (just sent by the plot tools) as the trace to fit. */
    public void selectProfile() {
        refreshTraces();
        int i = traceCombo.indexOf(PROFILE_LABEL);
        if (i >= 0) {
            traceCombo.select(i);
        }
    }

    private void watch(Plot plot) {
        if (watchedPlot == plot) {
            return;
        }
        if (watchedPlot != null) {
            watchedPlot.removeListener(plotListener);
        }
        watchedPlot = plot;
        if (plot != null) {
            plot.addListener(plotListener);
        }
    }

    private static boolean isOurs(Trace t) {
        return t.name().equals(FIT_TRACE) || t.name().equals(RESIDUAL_TRACE);
    }

    private void asyncRefresh() {
        if (refreshPending) {
            return;
        }
        refreshPending = true;
        display.asyncExec(() -> {
            if (!isDisposed()) {
                refreshTraces();
            }
        });
    }

    private Source selectedSource() {
        int i = traceCombo.getSelectionIndex();
        return i < 0 || i >= sources.size() ? null : sources.get(i);
    }

    /** Chooses the trace to fit by its label. */
    public void selectTrace(String label) {
        checkWidget();
        int i = traceCombo.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("no trace '" + label + "'; the traces are " + List.of(traceCombo.getItems()));
        }
        traceCombo.select(i);
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
        Map<String, ParameterRow> previous = new LinkedHashMap<>();
        for (ParameterRow r : rows) {
            previous.put(r.name, r);
            // a single component's bare names become p1_ names when a second component is added
            if (old != null && !old.isExpression() && old.components().size() == 1) {
                previous.putIfAbsent(Model.prefix(0) + r.name, r);
            }
        }
        rows.clear();
        for (String name : m.parameterNames()) {
            ParameterRow p = previous.get(name);
            rows.add(p == null ? new ParameterRow(name) : p.copyAs(name));
        }
        fitButton.setEnabled(!fitting);
        setStatus(m.parameterCount() + " parameters", false);
        fillTable();
        fillMapChoices();
    }

    private void fillTable() {
        editor.setEditor(null);
        for (org.eclipse.swt.widgets.Control c : table.getChildren()) {
            c.dispose();
        }
        table.removeAll();
        for (ParameterRow r : rows) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(cells(r));
        }
    }

    private static String[] cells(ParameterRow r) {
        return new String[] {r.name, Double.isNaN(r.value) ? "auto" : format(r.value),
            Double.isNaN(r.error) ? "" : format(r.error), r.fixed ? "\u2714" : "",
            r.min == Double.NEGATIVE_INFINITY ? "" : format(r.min), r.max == Double.POSITIVE_INFINITY ? "" : format(r.max),
            r.tie};
    }

    static String format(double v) {
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6)) {
            return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%.5e", v);
    }

    private void editCell(Point at) {
        TableItem item = table.getItem(at);
        if (item == null) {
            return;
        }
        int rowIndex = table.indexOf(item);
        for (int c = 1; c < COLUMNS.length; c++) {
            Rectangle r = item.getBounds(c);
            if (!r.contains(at)) {
                continue;
            }
            String column = COLUMNS[c];
            if (column.equals("error")) {
                return;
            }
            if (column.equals("fixed")) {
                ParameterRow row = rows.get(rowIndex);
                setParameter(row.name, "fixed", row.fixed ? "false" : "true");
                return;
            }
            Text t = new Text(table, SWT.NONE);
            String current = item.getText(c);
            t.setText(current.equals("auto") ? "" : current);
            t.selectAll();
            editor.setEditor(t, item, c);
            t.setFocus();
            String name = rows.get(rowIndex).name;
            Runnable commit = () -> {
                if (!t.isDisposed()) {
                    String text = t.getText();
                    t.dispose();
                    setParameter(name, column, text);
                }
            };
            t.addListener(SWT.DefaultSelection, e -> commit.run());
            t.addListener(SWT.FocusOut, e -> commit.run());
            t.addListener(SWT.Traverse, e -> {
                if (e.detail == SWT.TRAVERSE_ESCAPE) {
                    t.dispose();
                    e.doit = false;
                }
            });
            return;
        }
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
        ParameterRow row = rows.stream().filter(r -> r.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no parameter '" + name + "' in the model"));
        try {
            row.set(column, text);
            setStatus("", false);
        } catch (IllegalArgumentException e) {
            setStatus(e.getMessage(), true);
        }
        int i = rows.indexOf(row);
        if (i < table.getItemCount()) {
            table.getItem(i).setText(cells(row));
        }
    }

    private void resetValues() {
        for (ParameterRow r : rows) {
            if (!r.fixed) {
                r.value = Double.NaN;
            }
            r.error = Double.NaN;
        }
        fillTable();
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
        Source s = selectedSource();
        if (s == null) {
            setStatus("no trace to fit: plot a line first, or send a profile from the plot tools", true);
            return null;
        }
        return new double[][] {s.trace().x(), s.trace().y()};
    }

    /** The data minus the current model at its current values (automatic starts where none are set). */
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
        Source src = selectedSource();
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
            for (int k = 0; k < rows.size(); k++) {
                rows.get(k).value = r.values()[k];
                rows.get(k).error = r.stderr()[k];
            }
            fillTable();
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
            if (isOurs(old)) {
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
        FitResult r = lastResult;
        String text;
        if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            StringBuilder b = new StringBuilder("name,value,stderr,fixed,min,max,tie\n");
            for (int k = 0; k < r.names().size(); k++) {
                ParameterRow row = k < rows.size() && rows.get(k).name.equals(r.names().get(k)) ? rows.get(k)
                        : new ParameterRow(r.names().get(k));
                b.append(r.names().get(k)).append(',').append(r.values()[k]).append(',').append(r.stderr()[k])
                        .append(',').append(row.fixed).append(',').append(ParameterRow.number(row.min)).append(',')
                        .append(ParameterRow.number(row.max))
                        .append(',').append(csv(row.tie)).append('\n');
            }
            b.append("\nstatistic,value\n");
            b.append("chi2,").append(r.chi2()).append('\n');
            b.append("redchi,").append(r.redchi()).append('\n');
            b.append("rsquared,").append(r.rsquared()).append('\n');
            b.append("iterations,").append(r.iterations()).append('\n');
            b.append("points,").append(r.points()).append('\n');
            b.append("success,").append(r.success()).append('\n');
            b.append("message,").append(csv(r.message())).append('\n');
            text = b.toString();
        } else {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model == null ? "" : model.description());
            m.put("trace", lastSource == null ? "" : lastSource.label());
            m.put("settings", ParameterRow.paramsText(rows));
            m.put("result", r.toJson());
            text = Json.pretty(m) + "\n";
        }
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }

    private static String csv(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    // ------------------------------------------------------------------ batch

    /** Where batch fits run ("This machine" or "Remote workers"). */
    public RunTargetChooser runTargetChooser() {
        return runTarget;
    }

    /**
     * Runs the {@code fit.batch} job over the Data Browser's selected dataset (every 1-d trace along its last
     * axis) with this model and these settings; when it is done, shows the map chosen under "Map of".
     */
    public void runBatch() {
        checkWidget();
        Optional<DatasetRef> sel = host.selection();
        if (sel.isEmpty() || sel.get().datasetPath() == null) {
            batchStatus.setText("select a dataset in the Data Browser first (its last axis is the spectrum)");
            return;
        }
        if (model == null) {
            batchStatus.setText("the model is not valid; see the model field");
            return;
        }
        DatasetRef ref = sel.get();
        Map<String, Object> params = new LinkedHashMap<>();
        String settings;
        try {
            settings = ParameterRow.paramsText(rows);
            new FitPlan(model, ParameterRow.specs(rows));
        } catch (IllegalArgumentException e) {
            batchStatus.setText(e.getMessage());
            return;
        }
        Path out;
        try {
            out = Files.createTempFile("daybreak-batch-fit-", ".h5");
            Files.delete(out);
        } catch (IOException e) {
            batchStatus.setText("cannot create a file for the results: " + e.getMessage());
            return;
        }
        params.put(model.isExpression() ? "expr" : "model", model.description());
        params.put("params", settings);
        params.put("start", "user");
        params.put("out", out.toString());
        JobSpec spec = new JobSpec("fit.batch", params, Map.of("data", ref.file() + ":" + ref.datasetPath()));
        String mapName = mapCombo.getText().isEmpty() ? model.parameterNames().get(0) : mapCombo.getText();
        batchSource.setText("Dataset: " + ref.file().getFileName() + ":" + ref.datasetPath());
        batchStatus.setText(runTarget.isRemote()
                ? "batch fit sent to the remote workers (see the Progress and Jobs views)\u2026"
                : "batch fit running (progress and cancel in the Progress view)\u2026");
        Path previous = batchOut;
        host.runJob("Batch fit of " + ref.datasetPath(), spec, result -> {
            batchOut = out;
            deleteQuietly(previous);
            NDArray map = null;
            String problem = null;
            try {
                map = FitResultsH5.readMap(out, mapName);
            } catch (IOException | RuntimeException e) {
                problem = e.getMessage();
            }
            NDArray shown = map;
            String why = problem;
            onUi(() -> {
                batchStatus.setText(result.get("succeeded") + " of " + result.get("traces") + " fits succeeded");
                if (why != null) {
                    host.problem("Batch fit", "cannot read the map of " + mapName + ": " + why);
                } else {
                    showMapArray(mapName, shown);
                }
            });
        });
    }

    private void showMap(String name) {
        Path out = batchOut;
        if (out == null || name.isEmpty()) {
            return;
        }
        worker.execute(() -> {
            try {
                NDArray map = FitResultsH5.readMap(out, name);
                onUi(() -> showMapArray(name, map));
            } catch (IOException | RuntimeException e) {
                onUi(() -> batchStatus.setText("cannot read the map of " + name + ": " + e.getMessage()));
            }
        });
    }

    private void showMapArray(String name, NDArray map) {
        Plot plot = host.currentPlot();
        if (plot == null) {
            host.problem("Batch fit", "no Plot view is open to show the map of " + name);
            return;
        }
        plot.clearTraces();
        ImageTrace t = plot.createImageTrace(name);
        t.setData(map);
        plot.addTrace(t);
        plot.setTitle("batch fit: " + name);
        int i = mapCombo.indexOf(name);
        if (i >= 0) {
            mapCombo.select(i);
        }
    }

    private void fillMapChoices() {
        String keep = mapCombo.getText();
        mapCombo.removeAll();
        if (model == null) {
            return;
        }
        FitResultsH5.mapNames(model).forEach(mapCombo::add);
        int i = mapCombo.indexOf(keep);
        mapCombo.select(Math.max(0, i));
    }

    /** Chooses which map the next batch (or the one shown) displays. */
    public void selectMap(String name) {
        checkWidget();
        int i = mapCombo.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no map '" + name + "'; the maps are " + List.of(mapCombo.getItems()));
        }
        mapCombo.select(i);
    }

    // ------------------------------------------------------------------ plumbing

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

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file of an earlier batch; the system cleans its temp folder
            }
        }
    }

    private void disposed() {
        attachPlotCanvas(null);
        watch(null);
        worker.shutdownNow();
        deleteQuietly(batchOut);
    }

    // ------------------------------------------------------------------ for the view and tests

    /** The parameter table as shown: one row per parameter, cells in {@link #COLUMNS} order. */
    public List<String[]> tableRows() {
        checkWidget();
        List<String[]> out = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            String[] cells = new String[COLUMNS.length];
            for (int c = 0; c < cells.length; c++) {
                cells[c] = item.getText(c);
            }
            out.add(cells);
        }
        return out;
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
        return batchStatus.getText();
    }

    public String modelText() {
        return modelText.getText();
    }

    public List<String> traceLabels() {
        return List.of(traceCombo.getItems());
    }
}
