package org.daybreak.plot.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.daybreak.core.data.NDArray;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.PlotListener;
import org.daybreak.plot.color.ColorMap;
import org.daybreak.plot.color.Scaling;
import org.daybreak.plot.render.ImageAxis;
import org.daybreak.plot.render.PlotRenderer;
import org.daybreak.plot.tools.BoxProfile;
import org.daybreak.plot.tools.LineProfile;
import org.daybreak.plot.tools.RegionStatistics;
import org.daybreak.ui.FileStamp;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowData;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;

/**
 * The plot area widget: shows one {@link Plot} model (line traces with JFreeChart through {@link LineCanvas}, an
 * image trace with {@link ImageCanvas}, its histogram and colour controls) and redraws on the model's events,
 * which may come from any thread. {@link #plot(Path, String)} reads a dataset off the UI thread: 1-D as a line
 * over its NeXus axis, 2-D as an image with axes, N-D as the first frame with the {@link SlicerBar} to choose
 * others (only the shown slice is read; the latest request wins).
 *
 * <p>Tools on images: line profile, box profile (sum or mean, along rows or columns) and region statistics,
 * drawn as regions the user drags; the profile updates live in the pane below the image and can be sent to
 * fitting through {@link ProfileHandoff}.
 *
 * <p>Thread rule: call from the UI thread; the plot model is changed on the UI thread only.
 */
public final class PlotPanel extends Composite {

    /** Where problems go (a dialog in the workbench); called on the UI thread. */
    public interface Host {
        void problem(String title, String message);
    }

    /** matplotlib's first "tab10" colour, the first colour of the plot model's cycle. */
    private static final java.awt.Color FIRST_LINE_COLOUR = new java.awt.Color(0x1f77b4);

    /** How often the shown file is checked for changes on disk, in milliseconds. */
    static final int WATCH_MILLIS = 1000;

    private final Plot plot = new Plot();
    private final Plot profilePlot = new Plot();
    private final ExecutorService reader;
    private final AtomicLong loadSeq = new AtomicLong();
    private final AtomicLong sliceSeq = new AtomicLong();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean refreshPending;
    /** True while the shown file's stamp is being checked. */
    private boolean watching;
    private Host host = (t, m) -> {
    };
    private String lastProblem;
    private DatasetSource source;
    /** The image data the tools' results were computed for. */
    private NDArray toolData;

    private final Button autoscale;
    private final Button logX;
    private final Button logY;
    private final Combo colorMap;
    private final Combo scaling;
    private final Button autoContrast;
    private final Button[] tools = new Button[ImageCanvas.Tool.values().length];
    private final Combo boxAlong;
    private final Combo boxStat;
    private final Composite stack;
    private final StackLayout stackLayout = new StackLayout();
    private final LineCanvas lineCanvas;
    private final SashForm imageArea;
    private final ImageCanvas imageCanvas;
    private final HistogramCanvas histogram;
    private final Composite profilePane;
    private final LineCanvas profileCanvas;
    private final Label profileInfo;
    private final SlicerBar slicer;
    private final Label status;

    private final PlotListener modelListener = e -> scheduleRefresh();

    public PlotPanel(Composite parent, int style) {
        super(parent, style);
        reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "Plot reader");
            t.setDaemon(true);
            return t;
        });
        GridLayout gl = new GridLayout(1, false);
        gl.marginWidth = 2;
        gl.marginHeight = 2;
        gl.verticalSpacing = 2;
        setLayout(gl);

        Composite bar = new Composite(this, SWT.NONE);
        RowLayout rl = new RowLayout(SWT.HORIZONTAL);
        rl.center = true;
        rl.marginHeight = 0;
        rl.spacing = 4;
        bar.setLayout(rl);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        autoscale = button(bar, SWT.PUSH, "Autoscale", "Fit the axes to the data (or double-click the plot)");
        autoscale.addListener(SWT.Selection, e -> autoscaleView());
        logX = button(bar, SWT.TOGGLE, "log x", "Logarithmic x axis");
        logX.addListener(SWT.Selection, e -> setLog(true, logX.getSelection()));
        logY = button(bar, SWT.TOGGLE, "log y", "Logarithmic y axis");
        logY.addListener(SWT.Selection, e -> setLog(false, logY.getSelection()));
        new Label(bar, SWT.SEPARATOR | SWT.VERTICAL).setLayoutData(new RowData(SWT.DEFAULT, 20));
        colorMap = new Combo(bar, SWT.READ_ONLY);
        colorMap.setItems(ColorMap.names().toArray(String[]::new));
        colorMap.setToolTipText("Colour map (_r: reversed)");
        colorMap.addListener(SWT.Selection, e -> {
            ImageTrace t = plot.imageTrace();
            if (t != null) {
                t.setColorMap(colorMap.getText());
            }
        });
        scaling = new Combo(bar, SWT.READ_ONLY);
        scaling.setItems("linear", "log", "sqrt");
        scaling.setToolTipText("Colour scaling");
        scaling.addListener(SWT.Selection, e -> {
            ImageTrace t = plot.imageTrace();
            if (t != null) {
                t.setScaling(Scaling.parse(scaling.getText()));
                if (t.scaling() == Scaling.LOG && !t.isAutoRange()) {
                    t.autoContrast(0.5, 99.5);
                }
            }
        });
        autoContrast = button(bar, SWT.PUSH, "Auto contrast", "Colour range from the 0.5 and 99.5 percentiles");
        autoContrast.addListener(SWT.Selection, e -> {
            ImageTrace t = plot.imageTrace();
            if (t != null) {
                t.autoContrast(0.5, 99.5);
            }
        });
        new Label(bar, SWT.SEPARATOR | SWT.VERTICAL).setLayoutData(new RowData(SWT.DEFAULT, 20));
        String[] toolNames = {"Pan", "Line profile", "Box profile", "Statistics"};
        String[] toolTips = {"Drag pans, wheel zooms, double-click fits", "Drag a line on the image",
            "Drag a box on the image: sum or mean along rows or columns", "Drag a box: min, max, mean, std, sum"};
        for (ImageCanvas.Tool t : ImageCanvas.Tool.values()) {
            Button b = button(bar, SWT.RADIO, toolNames[t.ordinal()], toolTips[t.ordinal()]);
            b.addListener(SWT.Selection, e -> {
                if (b.getSelection()) {
                    selectTool(t);
                }
            });
            tools[t.ordinal()] = b;
        }
        tools[0].setSelection(true);
        boxAlong = new Combo(bar, SWT.READ_ONLY);
        boxAlong.setItems("per column (sum rows)", "per row (sum columns)");
        boxAlong.select(0);
        boxAlong.addListener(SWT.Selection, e -> updateTools());
        boxStat = new Combo(bar, SWT.READ_ONLY);
        boxStat.setItems("mean", "sum");
        boxStat.select(0);
        boxStat.addListener(SWT.Selection, e -> updateTools());
        for (Combo c : new Combo[] {boxAlong, boxStat}) {
            RowData rd = new RowData();
            rd.exclude = true;
            c.setLayoutData(rd);
            c.setVisible(false);
        }
        new Label(bar, SWT.SEPARATOR | SWT.VERTICAL).setLayoutData(new RowData(SWT.DEFAULT, 20));
        button(bar, SWT.PUSH, "PNG\u2026", "Export the plot as PNG").addListener(SWT.Selection, e -> export("png"));
        button(bar, SWT.PUSH, "SVG\u2026", "Export the plot as SVG").addListener(SWT.Selection, e -> export("svg"));

        stack = new Composite(this, SWT.NONE);
        stack.setLayout(stackLayout);
        stack.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        lineCanvas = new LineCanvas(stack, SWT.NONE);
        lineCanvas.setPlot(plot);
        lineCanvas.addListener(this::showLineReadout);
        imageArea = new SashForm(stack, SWT.VERTICAL);
        SashForm top = new SashForm(imageArea, SWT.HORIZONTAL);
        imageCanvas = new ImageCanvas(top, SWT.NONE);
        histogram = new HistogramCanvas(top, SWT.NONE);
        top.setWeights(80, 20);
        histogram.onCuts((lo, hi) -> {
            ImageTrace t = plot.imageTrace();
            if (t != null && hi >= lo) {
                t.setRange(lo, hi);
            }
        });
        profilePane = new Composite(imageArea, SWT.NONE);
        GridLayout pl = new GridLayout(2, false);
        pl.marginHeight = 0;
        profilePane.setLayout(pl);
        profileCanvas = new LineCanvas(profilePane, SWT.NONE);
        profileCanvas.setPlot(profilePlot);
        profileCanvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 1, 2));
        profilePlot.setLegendVisible(false);
        profileInfo = new Label(profilePane, SWT.WRAP);
        GridData infoData = new GridData(SWT.FILL, SWT.TOP, false, true);
        infoData.widthHint = 200;
        profileInfo.setLayoutData(infoData);
        Button send = button(profilePane, SWT.PUSH, "Send to fitting", "Publish the profile for the fitting tools");
        send.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, false, false));
        send.addListener(SWT.Selection, e -> sendToFitting());
        imageArea.setWeights(75, 25);
        imageArea.setMaximizedControl(top);
        imageCanvas.addListener(new ImageCanvas.Listener() {
            @Override
            public void pointed(int x, int y, double value, double ax, double ay) {
                status.setText(x < 0 ? "" : String.format(Locale.ROOT, "pixel (%d, %d)   %s = %s, %s = %s   value %s",
                        x, y, label(plot.xAxis().title(), "x"), ImageAxis.format(ax),
                        label(plot.yAxis().title(), "y"), ImageAxis.format(ay), ImageAxis.format(value)));
            }

            @Override
            public void regionChanged(ImageCanvas.Region region) {
                updateTools();
            }
        });
        stackLayout.topControl = lineCanvas;

        slicer = new SlicerBar(this, SWT.NONE);
        slicer.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));
        setSlicerVisible(false);
        slicer.onChange(this::requestSlice);
        status = new Label(this, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));

        plot.addListener(modelListener);
        profilePlot.addListener(e -> profileChanged());
        getDisplay().timerExec(WATCH_MILLIS, this::watch);
        addListener(SWT.Dispose, e -> {
            plot.removeListener(modelListener);
            reader.shutdownNow();
            if (source != null) {
                source.close();
            }
        });
        refreshFromModel();
    }

    private void autoscaleView() {
        if (stackLayout.topControl == imageArea) {
            imageCanvas.fitView();
            imageCanvas.redraw();
        } else {
            lineCanvas.autoscale();
        }
    }

    private void showLineReadout(double x, double y) {
        status.setText(Double.isNaN(x) ? "" : "x = " + ImageAxis.format(x) + "   y = " + ImageAxis.format(y));
    }

    private static String label(String title, String fallback) {
        return title == null || title.isEmpty() ? fallback : title;
    }

    private static Button button(Composite parent, int style, String text, String tip) {
        Button b = new Button(parent, style);
        b.setText(text);
        b.setToolTipText(tip);
        return b;
    }

    public void setHost(Host h) {
        host = h == null ? (t, m) -> {
        } : h;
    }

    /** The plot model shown: change it on the UI thread; the panel redraws on its events. */
    public Plot plot() {
        return plot;
    }

    public ImageCanvas imageCanvas() {
        return imageCanvas;
    }

    public LineCanvas lineCanvas() {
        return lineCanvas;
    }

    public HistogramCanvas histogram() {
        return histogram;
    }

    public SlicerBar slicer() {
        return slicer;
    }

    public Plot profilePlot() {
        return profilePlot;
    }

    public String statusText() {
        return status.getText();
    }

    public String profileText() {
        return profileInfo.getText();
    }

    /** True while a dataset or slice is being read. */
    public boolean isBusy() {
        return busy.get() > 0 || refreshPending;
    }

    public String lastProblem() {
        return lastProblem;
    }

    // ------------------------------------------------------------------ model -> widgets

    /** Redraw request from any thread; several events before the UI thread runs make one redraw. */
    private void scheduleRefresh() {
        if (refreshPending || isDisposed()) {
            return;
        }
        refreshPending = true;
        try {
            getDisplay().asyncExec(() -> {
                refreshPending = false;
                if (!isDisposed()) {
                    refreshFromModel();
                }
            });
        } catch (org.eclipse.swt.SWTException e) {
            refreshPending = false;
        }
    }

    private void refreshFromModel() {
        ImageTrace t = plot.imageTrace();
        boolean image = t != null && t.isVisible() && t.data() != null;
        Object wanted = image ? imageArea : lineCanvas;
        if (stackLayout.topControl != wanted) {
            stackLayout.topControl = image ? imageArea : lineCanvas;
            stack.layout(true, true);
        }
        logX.setEnabled(!image);
        logY.setEnabled(!image);
        logX.setSelection(plot.xAxis().isLog());
        logY.setSelection(plot.yAxis().isLog());
        colorMap.setEnabled(image);
        scaling.setEnabled(image);
        autoContrast.setEnabled(image);
        for (Button b : tools) {
            b.setEnabled(image);
        }
        if (image) {
            colorMap.setText(t.colorMap().name());
            scaling.select(t.scaling().ordinal());
            imageCanvas.setAxisTitles(plot.xAxis().title(), plot.yAxis().title());
            imageCanvas.setTitle(plot.title());
            imageCanvas.setTrace(t);
            histogram.setTrace(t);
            if (t.data() != toolData) {
                toolData = t.data();
                updateTools();
            }
        } else {
            imageCanvas.setTrace(null);
            histogram.setTrace(null);
            lineCanvas.refresh();
        }
    }

    /** The profile plot is changed by this panel on the UI thread (tools), or by others from any thread. */
    private void profileChanged() {
        if (org.eclipse.swt.widgets.Display.getCurrent() == getDisplay()) {
            profileCanvas.refresh();
        } else if (!isDisposed()) {
            getDisplay().asyncExec(() -> {
                if (!profileCanvas.isDisposed()) {
                    profileCanvas.refresh();
                }
            });
        }
    }

    private void setLog(boolean x, boolean log) {
        var axis = x ? plot.xAxis() : plot.yAxis();
        if (log && !axis.isAutoRange() && !(axis.lower() > 0)) {
            axis.setAutoRange();
        }
        axis.setLog(log);
    }

    // ------------------------------------------------------------------ reading datasets

    /**
     * Reads and shows a dataset (1-D line, 2-D image, N-D first frame with the slicer) or, with a null path, the
     * file's NeXus default; a NeXus group path shows its NXdata signal. Problems go to the host in one sentence.
     */
    public void plot(Path file, String datasetPath) {
        plot(file, datasetPath, null);
    }

    /**
     * As {@link #plot(Path, String)}; {@code changed} is the source shown before when its file changed on disk: its
     * slice is kept where it still fits, and a failure is said on the plot (status line, title), not in a window.
     */
    private void plot(Path file, String datasetPath, DatasetSource changed) {
        long seq = loadSeq.incrementAndGet();
        status.setText("Reading " + file.getFileName() + (datasetPath == null ? "" : ":" + datasetPath) + "\u2026");
        SlicerBar.Selection keep = changed == null ? null : slicer.selection();
        busy.incrementAndGet();
        reader.execute(() -> {
            try {
                DatasetSource src = DatasetSource.open(file, datasetPath);
                SlicerBar.Selection sel = keep != null && fitsShape(keep, src.shape) ? keep : initialSelection(src);
                NDArray slice = src.read(sel.shown(), sel.index());
                NDArray[] axes = axesOf(src, sel);
                ui(() -> {
                    if (seq != loadSeq.get()) {
                        src.close();
                        return;
                    }
                    if (source != null) {
                        source.close();
                    }
                    source = src;
                    sliceSeq.incrementAndGet();
                    String[] names = new String[src.shape.length];
                    for (int d = 0; d < names.length; d++) {
                        names[d] = src.axisLabels[d];
                    }
                    slicer.setDataset(src.shape, names, sel);
                    setSlicerVisible(src.nonSingleton().length > 1 || src.shape.length > 2);
                    show(src, sel, slice, axes, true);
                    status.setText(src.title() + "  " + shapeText(src.shape) + " " + src.dtypeText
                            + (changed == null ? "" : "  (changed on disk; read again at "
                                    + java.time.LocalTime.now().withNano(0) + ")"));
                });
            } catch (IOException | RuntimeException e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                ui(() -> {
                    if (seq != loadSeq.get()) {
                        return;
                    }
                    if (changed != null) {
                        // the old plot stays, said on the plot to be out of date (the Data Browser says it in the
                        // problems window); read again at the file's next change
                        lastProblem = "Cannot plot: " + m;
                        status.setText(changed.title() + ": changed on disk and cannot be read now (" + m
                                + "); the plot is what was read before");
                        if (!changed.rereadFailureReported) {
                            changed.rereadFailureReported = true;
                            plot.setTitle(plot.title() + " (changed on disk; cannot be read now)");
                        }
                        return;
                    }
                    status.setText("");
                    problem("Cannot plot", m);
                });
            } finally {
                busy.decrementAndGet();
            }
        });
    }

    /** Whether a slicer selection made for another shape still fits this one (same rank, indices inside). */
    static boolean fitsShape(SlicerBar.Selection sel, int[] shape) {
        if (sel.index().length != shape.length) {
            return false;
        }
        for (int d = 0; d < shape.length; d++) {
            if (sel.index()[d] >= shape[d]) {
                return false;
            }
        }
        for (int d : sel.shown()) {
            if (d >= shape.length) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ changes on disk

    /**
     * Every {@value #WATCH_MILLIS} ms: checks the shown file's size, time and identity on the reader thread. A file
     * that changed is read again (the slice shown kept where it fits, the status line saying so); a file deleted
     * on disk stops play, and the status line and the plot's title say so, the plot staying as what was read.
     */
    private void watch() {
        if (isDisposed()) {
            return;
        }
        getDisplay().timerExec(WATCH_MILLIS, this::watch);
        DatasetSource src = source;
        if (src == null || src.stamp == null || watching) {
            return;
        }
        watching = true;
        try {
            reader.execute(() -> {
                FileStamp now = FileStamp.of(src.file);
                if (!isDisposed()) {
                    getDisplay().asyncExec(() -> {
                        watching = false;
                        if (!isDisposed() && source == src && !now.equals(src.stamp)) {
                            fileChanged(src, now);
                        }
                    });
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            watching = false;
        }
    }

    private void fileChanged(DatasetSource src, FileStamp now) {
        src.stamp = now;
        if (!now.exists()) {
            if (!src.vanished) {
                // said here, on the plot itself; the Data Browser says it once in the problems window
                src.vanished = true;
                slicer.stop();
                status.setText(src.title() + ": deleted on disk; the plot is what was read before it went");
                plot.setTitle(plot.title() + " (deleted on disk)");
            }
            return;
        }
        src.vanished = false;
        slicer.stop();
        plot(src.file, src.path, src);
    }

    static String shapeText(int[] shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? " \u00d7 " : "").append(shape[i]);
        }
        return b.append(']').toString();
    }

    /** Line for one long dimension, else an image of the last two long dimensions, other indices 0. */
    static SlicerBar.Selection initialSelection(DatasetSource src) {
        int[] ns = src.nonSingleton();
        int rank = src.shape.length;
        if (rank == 0) {
            throw new IllegalArgumentException(src.title() + " is a single value (a scalar), nothing to plot");
        }
        int[] index = new int[rank];
        if (ns.length == 0) {
            return new SlicerBar.Selection(new int[] {rank - 1}, index);
        }
        if (ns.length == 1) {
            return new SlicerBar.Selection(new int[] {ns[0]}, index);
        }
        return new SlicerBar.Selection(new int[] {ns[ns.length - 2], ns[ns.length - 1]}, index);
    }

    private static NDArray[] axesOf(DatasetSource src, SlicerBar.Selection sel) {
        NDArray[] out = new NDArray[sel.shown().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = src.axisValues(sel.shown()[i]);
        }
        return out;
    }

    private void requestSlice(SlicerBar.Selection sel) {
        DatasetSource src = source;
        if (src == null) {
            return;
        }
        long seq = sliceSeq.incrementAndGet();
        busy.incrementAndGet();
        reader.execute(() -> {
            try {
                if (seq != sliceSeq.get()) {
                    return; // a newer request is queued: it wins
                }
                NDArray slice = src.read(sel.shown(), sel.index());
                NDArray[] axes = axesOf(src, sel);
                ui(() -> {
                    if (seq == sliceSeq.get() && source == src) {
                        show(src, sel, slice, axes, false);
                    }
                    slicer.frameShown();
                });
            } catch (RuntimeException e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                ui(() -> {
                    slicer.frameShown();
                    slicer.stop();
                    problem("Cannot read slice", m);
                });
            } finally {
                busy.decrementAndGet();
            }
        });
    }

    /** Puts a read slice into the plot model (UI thread). */
    private void show(DatasetSource src, SlicerBar.Selection sel, NDArray slice, NDArray[] axes, boolean fresh) {
        int[] shown = sel.shown();
        String where = sliceText(src, sel);
        if (shown.length == 2) {
            ImageTrace t = plot.imageTrace();
            if (t == null || fresh) {
                for (ImageCanvas.Tool k : ImageCanvas.Tool.values()) {
                    imageCanvas.setRegion(k, null);
                }
                ImageTrace old = t;
                plot.clearTraces();
                t = plot.createImageTrace(src.signalLabel.isBlank() ? "image" : src.signalLabel);
                if (old != null) {
                    t.setColorMap(old.colorMap()).setScaling(old.scaling());
                }
            }
            t.setData(slice);
            NDArray xv = axes[1] != null && fits(axes[1], slice.shape(1)) ? axes[1] : null;
            NDArray yv = axes[0] != null && fits(axes[0], slice.shape(0)) ? axes[0] : null;
            t.setAxes(xv, yv);
            if (!plot.traces().contains(t)) {
                plot.addTrace(t);
            }
            plot.xAxis().setLabel(xv == null ? "column" : src.axisLabels[shown[1]])
                    .setUnits(xv == null ? "" : src.axisUnits[shown[1]]);
            plot.yAxis().setLabel(yv == null ? "row" : src.axisLabels[shown[0]])
                    .setUnits(yv == null ? "" : src.axisUnits[shown[0]]);
        } else {
            double[] y = slice.toDoubleArray();
            double[] x = lineX(axes[0], y.length);
            List<LineTrace> lines = plot.lineTraces();
            LineTrace t;
            if (!fresh && plot.imageTrace() == null && lines.size() == 1) {
                t = lines.get(0);
            } else {
                plot.clearTraces();
                t = plot.createLineTrace(src.signalLabel.isBlank() ? "data" : src.signalLabel);
                t.setColor(FIRST_LINE_COLOUR); // a dataset's line keeps one colour however often it is replotted
                plot.xAxis().setAutoRange();
                plot.yAxis().setAutoRange();
            }
            t.setData(x, y);
            if (!plot.traces().contains(t)) {
                plot.addTrace(t);
            }
            plot.xAxis().setLabel(x == null ? "index" : src.axisLabels[shown[0]])
                    .setUnits(x == null ? "" : src.axisUnits[shown[0]]);
            plot.yAxis().setLabel(src.signalLabel).setUnits(src.signalUnits);
        }
        plot.setTitle(src.title() + where);
    }

    private static boolean fits(NDArray a, int n) {
        return a.rank() == 1 && (a.shape(0) == n || a.shape(0) == n + 1);
    }

    /** x values of a line: the axis' centres (the midpoints when it gives n + 1 bin edges), or null for indices. */
    static double[] lineX(NDArray axis, int n) {
        if (axis == null || axis.rank() != 1) {
            return null;
        }
        double[] v = axis.toDoubleArray();
        if (v.length == n) {
            return v;
        }
        if (v.length == n + 1) {
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                c[i] = (v[i] + v[i + 1]) / 2;
            }
            return c;
        }
        return null;
    }

    private static String sliceText(DatasetSource src, SlicerBar.Selection sel) {
        if (src.shape.length <= sel.shown().length) {
            return "";
        }
        StringBuilder b = new StringBuilder(" [");
        for (int d = 0; d < src.shape.length; d++) {
            final int dim = d;
            b.append(d > 0 ? "," : "").append(Arrays.stream(sel.shown()).anyMatch(s -> s == dim) ? ":"
                    : String.valueOf(sel.index()[d]));
        }
        return b.append(']').toString();
    }

    private void setSlicerVisible(boolean visible) {
        slicer.setVisible(visible);
        ((GridData) slicer.getLayoutData()).exclude = !visible;
        layout(true, true);
    }

    // ------------------------------------------------------------------ tools

    /** Chooses what a left drag on the image does; tools other than PAN show the profile pane. */
    public void selectTool(ImageCanvas.Tool t) {
        for (ImageCanvas.Tool k : ImageCanvas.Tool.values()) {
            tools[k.ordinal()].setSelection(k == t);
        }
        boolean box = t == ImageCanvas.Tool.BOX;
        for (Combo c : new Combo[] {boxAlong, boxStat}) {
            c.setVisible(box);
            ((RowData) c.getLayoutData()).exclude = !box;
        }
        boxAlong.getParent().layout(true, true);
        layout(true, true);
        imageCanvas.setTool(t);
        boolean pane = t != ImageCanvas.Tool.PAN;
        imageArea.setMaximizedControl(pane ? null : imageArea.getChildren()[0]);
        updateTools();
    }

    /** Recomputes the profile or statistics of the current tool's region (live while it is dragged). */
    private void updateTools() {
        ImageCanvas.Tool tool = imageCanvas.tool();
        ImageTrace t = plot.imageTrace();
        ImageCanvas.Region r = imageCanvas.region(tool);
        if (tool == ImageCanvas.Tool.PAN || t == null || t.data() == null || r == null) {
            if (tool != ImageCanvas.Tool.PAN) {
                profilePlot.clearTraces();
                profileInfo.setText(tool == ImageCanvas.Tool.LINE ? "Drag a line on the image"
                        : "Drag a box on the image");
            }
            return;
        }
        NDArray data = t.data();
        int w = data.shape(1);
        int h = data.shape(0);
        try {
            switch (tool) {
                case LINE -> {
                    double len = Math.hypot(r.x1() - r.x0(), r.y1() - r.y0());
                    int points = Math.max(2, (int) Math.ceil(len) + 1);
                    LineProfile.Result p = LineProfile.sample(data, r.x0() - 0.5, r.y0() - 0.5, r.x1() - 0.5,
                            r.y1() - 0.5, points);
                    setProfile(p.distance(), p.values(), "distance (pixels)");
                    profileInfo.setText(String.format(Locale.ROOT,
                            "Line (%.1f, %.1f) \u2192 (%.1f, %.1f)\nlength %.1f pixels, %d samples", r.x0(), r.y0(),
                            r.x1(), r.y1(), len, points));
                }
                case BOX -> {
                    int[] px = r.pixels(w, h);
                    if (px[2] <= px[0] || px[3] <= px[1]) {
                        return;
                    }
                    boolean perColumn = boxAlong.getSelectionIndex() == 0;
                    BoxProfile.Result p = BoxProfile.compute(data, px[0], px[1], px[2], px[3],
                            perColumn ? BoxProfile.Along.Y : BoxProfile.Along.X);
                    boolean mean = boxStat.getSelectionIndex() == 0;
                    double[] y = mean ? p.mean() : p.sum();
                    double[] x = new double[y.length];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (perColumn ? px[0] : px[1]) + i;
                    }
                    setProfile(x, y, perColumn ? "column" : "row");
                    profileInfo.setText(String.format(Locale.ROOT, "Box x %d..%d, y %d..%d\n%s %s", px[0],
                            px[2] - 1, px[1], px[3] - 1, mean ? "mean" : "sum",
                            perColumn ? "over rows, per column" : "over columns, per row"));
                }
                case STATS -> {
                    int[] px = r.pixels(w, h);
                    if (px[2] <= px[0] || px[3] <= px[1]) {
                        return;
                    }
                    RegionStatistics s = RegionStatistics.compute(data, px[0], px[1], px[2], px[3]);
                    profilePlot.clearTraces();
                    profileInfo.setText(String.format(Locale.ROOT,
                            "Region x %d..%d, y %d..%d\nmin %s\nmax %s\nmean %s\nstd %s\nsum %s\ncount %d, NaN %d",
                            px[0], px[2] - 1, px[1], px[3] - 1, ImageAxis.format(s.min()), ImageAxis.format(s.max()),
                            ImageAxis.format(s.mean()), ImageAxis.format(s.std()), ImageAxis.format(s.sum()),
                            s.count(), s.nanCount()));
                }
                default -> {
                }
            }
        } catch (IllegalArgumentException e) {
            profileInfo.setText(e.getMessage());
        }
        profilePane.layout(true, true);
    }

    private void setProfile(double[] x, double[] y, String xLabel) {
        LineTrace p = profilePlot.lineTraces().isEmpty() ? null : profilePlot.lineTraces().get(0);
        if (p == null) {
            p = profilePlot.createLineTrace(ProfileHandoff.TRACE_NAME);
            p.setData(x, y);
            profilePlot.addTrace(p);
        } else {
            p.setData(x, y);
        }
        profilePlot.xAxis().setLabel(xLabel);
        profilePlot.yAxis().setLabel(plot.imageTrace() == null ? "" : plot.imageTrace().name());
    }

    /**
     * Publishes the current profile as a new plot with one LineTrace named "profile" through
     * {@link ProfileHandoff}; returns it, or null when there is no profile.
     */
    public Plot sendToFitting() {
        List<LineTrace> lines = profilePlot.lineTraces();
        if (lines.isEmpty() || lines.get(0).size() == 0) {
            problem("Send to fitting", "draw a line or box profile first");
            return null;
        }
        LineTrace src = lines.get(0);
        Plot p = new Plot();
        LineTrace t = p.createLineTrace(ProfileHandoff.TRACE_NAME);
        t.setData(src.x(), src.y());
        p.addTrace(t);
        p.xAxis().setLabel(profilePlot.xAxis().label());
        p.yAxis().setLabel(profilePlot.yAxis().label());
        p.setTitle("profile of " + plot.title());
        ProfileHandoff.publish(p);
        status.setText("Profile of " + t.size() + " points sent to fitting");
        return p;
    }

    // ------------------------------------------------------------------ export, problems

    private void export(String kind) {
        FileDialog d = new FileDialog(getShell(), SWT.SAVE);
        d.setFilterExtensions(new String[] {"*." + kind});
        d.setFileName("plot." + kind);
        d.setOverwrite(true);
        String name = d.open();
        if (name == null) {
            return;
        }
        Path out = Path.of(name.toLowerCase(Locale.ROOT).endsWith("." + kind) ? name : name + "." + kind);
        exportTo(out);
    }

    /** Writes the plot as PNG or SVG (by extension) at the size shown; problems go to the host. */
    public void exportTo(Path out) {
        Point size = stack.getSize();
        try {
            PlotRenderer.write(plot, out, Math.max(320, size.x), Math.max(240, size.y));
            status.setText("Saved " + out);
        } catch (IOException | RuntimeException e) {
            problem("Cannot export", out + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private void problem(String title, String message) {
        lastProblem = title + ": " + message;
        host.problem(title, message);
    }

    private void ui(Runnable r) {
        if (isDisposed()) {
            return;
        }
        busy.incrementAndGet();
        try {
            getDisplay().asyncExec(() -> {
                try {
                    if (!isDisposed()) {
                        r.run();
                    }
                } finally {
                    busy.decrementAndGet();
                }
            });
        } catch (org.eclipse.swt.SWTException e) {
            busy.decrementAndGet();
        }
    }
}
