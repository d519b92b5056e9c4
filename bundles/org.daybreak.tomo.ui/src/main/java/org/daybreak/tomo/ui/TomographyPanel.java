package org.daybreak.tomo.ui;

import static org.daybreak.ui.ControlColumn.group;
import static org.daybreak.ui.ControlColumn.number;

import org.daybreak.plot.ui.PlotPicture;
import org.daybreak.ui.ControlColumn;
import org.daybreak.ui.UiWork;
import org.daybreak.ui.jobs.RunTargetChooser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.job.JobSpec;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.color.ColorMap;
import org.daybreak.plot.color.ColorMapper;
import org.daybreak.plot.color.Contrast;
import org.daybreak.plot.color.Scaling;
import org.daybreak.tomo.CentreSearch;
import org.daybreak.tomo.FbpFilter;
import org.daybreak.tomo.TomoSession;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

/**
 * The Tomography view's widget, usable under plain SWT: open a scan (NXtomo/DataExchange file, or a TIFF folder
 * with an angles file), see its counts and problems, browse raw projections and attenuation sinograms, find the
 * centre of rotation automatically or by a search strip of trial slices, reconstruct one slice with the chosen
 * filter/algorithm, and run a volume reconstruction as a {@code tomo.recon} job through the {@link Host}.
 *
 * <p>Threads: widgets are touched on the UI thread only. Reading and computing run on one background thread of
 * this panel (the scan file is read by one thread at a time); each action returns a future that completes after
 * its result was shown (or its problem reported), which tests wait on while dispatching events.
 */
public final class TomographyPanel extends Composite {

    /** What the panel needs from its surroundings (the workbench view, or a test). */
    public interface Host {
        /** Shows a problem the user caused or can fix; the panel goes on. */
        void problem(String title, String message);

        /**
         * Runs a job (the workbench: {@code WorkbenchJobs.schedule}, with progress and cancel in the Progress
         * view); {@code onSuccess} may be called on any thread.
         */
        void runJob(String title, JobSpec spec, Consumer<Map<String, Object>> onSuccess);

        /** Shows a finished reconstruction file (the workbench: open it and plot it). UI thread. */
        default void showResult(Path file) {
        }

        /** The file selected in the Data Browser, if any. */
        default Optional<Path> selectedFile() {
            return Optional.empty();
        }
    }

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tomography view");
        t.setDaemon(true);
        return t;
    });
    private final int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
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

    private TomoSession session;
    private final ControlColumn column;
    private final Label info;
    private final Scale projectionScale;
    private final Label projectionLabel;
    private final Scale rowScale;
    private final Label rowLabel;
    private final Text centreText;
    private final Text fromText;
    private final Text toText;
    private final Text stepText;
    private final Combo filterCombo;
    private final Combo algorithmCombo;
    private final Spinner iterationsSpinner;
    private final Button ringCheck;
    private final Text firstSliceText;
    private final Text lastSliceText;
    private final Label status;
    private final RunTargetChooser runTarget;
    private final PlotPicture projectionPicture;
    private final PlotPicture sinogramPicture;
    private final PlotPicture slicePicture;
    private final ThumbnailStrip strip;
    private final List<Control> needScan = new ArrayList<>();
    private CentreSearch.Result lastSearch;
    private float[] lastSlice;
    private int lastSliceRow = -1;
    private int sinogramRequest;

    public TomographyPanel(Composite parent, int style) {
        super(parent, style);
        setLayout(new GridLayout(2, false));
        column = new ControlColumn(this, 300);
        Composite controls = column.content();

        Group scanGroup = group(controls, "Scan", 3);
        button(scanGroup, "Open scan...", false, () -> chooseScanFile());
        button(scanGroup, "TIFF folder...", false, () -> chooseTiffFolder());
        button(scanGroup, "Selected", false, () -> openSelection())
                .setToolTipText("Open the file selected in the Data Browser");
        info = new Label(scanGroup, SWT.WRAP);
        GridData id = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        id.widthHint = 250;
        info.setLayoutData(id);
        info.setText("Open an NXtomo or DataExchange file (.nxs/.h5), or a folder of TIFF projections with an"
                + " angles file.");

        Group viewGroup = group(controls, "Projections and sinograms", 2);
        projectionLabel = new Label(viewGroup, SWT.NONE);
        projectionLabel.setText("Projection 0");
        projectionLabel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false, 2, 1));
        projectionScale = new Scale(viewGroup, SWT.HORIZONTAL);
        projectionScale.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        projectionScale.addListener(SWT.Selection, e -> showProjection(projectionScale.getSelection()));
        rowLabel = new Label(viewGroup, SWT.NONE);
        rowLabel.setText("Sinogram of detector row 0");
        rowLabel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, false, false, 2, 1));
        rowScale = new Scale(viewGroup, SWT.HORIZONTAL);
        rowScale.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        rowScale.addListener(SWT.Selection, e -> showSinogram(rowScale.getSelection()));
        needScan.add(projectionScale);
        needScan.add(rowScale);

        Group centreGroup = group(controls, "Centre of rotation (detector columns)", 4);
        new Label(centreGroup, SWT.NONE).setText("Centre");
        centreText = text(centreGroup, "", 3);
        Button findButton = button(centreGroup, "Find automatically (Vo et al. 2014)", true, () -> findCentre());
        findButton.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
        new Label(centreGroup, SWT.NONE).setText("Search");
        fromText = text(centreGroup, "", 1);
        toText = text(centreGroup, "", 1);
        stepText = text(centreGroup, "1", 1);
        fromText.setToolTipText("first candidate centre");
        toText.setToolTipText("last candidate centre");
        stepText.setToolTipText("step between candidates");
        Button searchButton = button(centreGroup, "Search: reconstruct at each centre", true, () -> searchCentre());
        searchButton.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));

        Group reconGroup = group(controls, "Reconstruction", 2);
        new Label(reconGroup, SWT.NONE).setText("Filter");
        filterCombo = new Combo(reconGroup, SWT.READ_ONLY);
        for (String f : TomoSession.filterNames()) {
            filterCombo.add(f);
        }
        filterCombo.select(0);
        new Label(reconGroup, SWT.NONE).setText("Algorithm");
        algorithmCombo = new Combo(reconGroup, SWT.READ_ONLY);
        algorithmCombo.setItems("fbp", "sirt", "cgls");
        algorithmCombo.select(0);
        new Label(reconGroup, SWT.NONE).setText("Iterations");
        iterationsSpinner = new Spinner(reconGroup, SWT.BORDER);
        iterationsSpinner.setValues(50, 1, 10000, 0, 1, 10);
        iterationsSpinner.setEnabled(false);
        algorithmCombo.addListener(SWT.Selection, e -> {
            boolean iterative = algorithmCombo.getSelectionIndex() > 0;
            iterationsSpinner.setEnabled(iterative);
            filterCombo.setEnabled(!iterative);
            iterationsSpinner.setSelection(algorithmCombo.getSelectionIndex() == 2 ? 20 : 100);
        });
        ringCheck = new Button(reconGroup, SWT.CHECK);
        ringCheck.setText("Ring removal (sorting, Vo et al. 2018)");
        ringCheck.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        Button sliceButton = button(reconGroup, "Reconstruct slice", true, () -> reconstructSlice());
        sliceButton.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        Composite range = new Composite(reconGroup, SWT.NONE);
        range.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        GridLayout rl = new GridLayout(4, false);
        rl.marginWidth = 0;
        range.setLayout(rl);
        new Label(range, SWT.NONE).setText("Rows from");
        firstSliceText = text(range, "", 1);
        new Label(range, SWT.NONE).setText("to (excl.)");
        lastSliceText = text(range, "", 1);
        runTarget = new RunTargetChooser(reconGroup, "tomo", 2);
        Button volumeButton = button(reconGroup, "Reconstruct volume...", true, () -> chooseVolumeOutput());
        volumeButton.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));

        fitControls();

        Composite pictures = new Composite(this, SWT.NONE);
        pictures.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        GridLayout pl = new GridLayout(2, true);
        pl.marginWidth = 0;
        pictures.setLayout(pl);
        status = new Label(pictures, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        projectionPicture = picture(pictures, "Projection (raw counts)");
        slicePicture = picture(pictures, "Reconstructed slice");
        ((GridData) slicePicture.getLayoutData()).verticalSpan = 2;
        sinogramPicture = picture(pictures, "Sinogram (attenuation)");
        strip = new ThumbnailStrip(pictures, SWT.BORDER);
        GridData td = new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1);
        td.heightHint = 150;
        strip.setLayoutData(td);
        strip.setMessage("Centre search: the slice reconstructed at each candidate centre appears here;"
                + " click one to choose it (green: lowest entropy).");
        strip.setOnChoose(this::chooseCandidate);
        setScanControlsEnabled(false);
        addDisposeListener(e -> {
            // the file is closed on the worker, after any read in progress; queued work is not started
            TomoSession s = session;
            session = null;
            worker.shutdownNow();
            if (s != null) {
                Thread closer = new Thread(() -> {
                    try {
                        worker.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    s.close();
                }, "tomography view close");
                closer.setDaemon(true);
                closer.start();
            }
        });
    }

    public void setHost(Host h) {
        this.host = h;
    }

    // ------------------------------------------------------------------ layout helpers

    private Button button(Composite parent, String label, boolean needsScan, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(label);
        b.addListener(SWT.Selection, e -> action.run());
        if (needsScan) {
            needScan.add(b);
        }
        return b;
    }

    private Text text(Composite parent, String value, int span) {
        Text t = new Text(parent, SWT.BORDER);
        t.setText(value);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false, span, 1);
        d.widthHint = 40;
        t.setLayoutData(d);
        needScan.add(t);
        return t;
    }

    /** Lets the controls column scroll when the view is shorter than the controls. */
    private void fitControls() {
        column.fit();
    }

    private static void range(Scale scale, int selection, int max) {
        scale.setMinimum(0);
        scale.setMaximum(Math.max(1, max));
        scale.setIncrement(1);
        scale.setPageIncrement(Math.max(1, max / 10));
        scale.setSelection(selection);
    }

    private static PlotPicture picture(Composite parent, String message) {
        PlotPicture p = new PlotPicture(parent, SWT.BORDER);
        p.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        p.setMessage(message);
        return p;
    }

    private void setScanControlsEnabled(boolean on) {
        for (Control c : needScan) {
            c.setEnabled(on);
        }
        if (on) {
            boolean iterative = algorithmCombo.getSelectionIndex() > 0;
            iterationsSpinner.setEnabled(iterative);
            filterCombo.setEnabled(!iterative);
        }
    }

    // ------------------------------------------------------------------ background work

    /** Runs {@code work} on the panel's worker thread, then {@code show} on the UI thread (see UiWork). */
    private <T> CompletableFuture<T> background(String what, Callable<T> work, Consumer<T> show) {
        return UiWork.run(this, worker, "Tomography", what, work, show,
                UiWork.Reporter.of(status::setText, host::problem));
    }

    static String message(Throwable e) {
        return UiWork.message(e);
    }

    private <T> CompletableFuture<T> failed(String title, String text) {
        host.problem(title, text);
        return CompletableFuture.failedFuture(new InputException(text));
    }

    // ------------------------------------------------------------------ scan

    private void chooseScanFile() {
        FileDialog d = new FileDialog(getShell(), SWT.OPEN);
        d.setText("Open a tomography scan");
        d.setFilterExtensions(new String[] {"*.nxs;*.h5;*.hdf5;*.hdf", "*"});
        d.setFilterNames(new String[] {"NXtomo / DataExchange (*.nxs, *.h5)", "All files"});
        String f = d.open();
        if (f != null) {
            open(Path.of(f), null);
        }
    }

    private void chooseTiffFolder() {
        DirectoryDialog dd = new DirectoryDialog(getShell());
        dd.setText("Folder of TIFF projections (darks/flats: dark*/flat* TIFFs there or in its parent)");
        String dir = dd.open();
        if (dir == null) {
            return;
        }
        FileDialog fd = new FileDialog(getShell(), SWT.OPEN);
        fd.setText("Angles file (degrees, one per projection; .txt or .npy)");
        fd.setFilterPath(dir);
        String angles = fd.open();
        if (angles != null) {
            open(Path.of(dir), Path.of(angles));
        }
    }

    private void openSelection() {
        Optional<Path> p = host.selectedFile();
        if (p.isEmpty()) {
            host.problem("Tomography", "nothing is selected in the Data Browser; select a scan file there first");
            return;
        }
        open(p.get(), null);
    }

    /**
     * Opens a scan (an .nxs/.h5 file; or a TIFF folder with {@code angles}) and shows its first projection and
     * the sinogram of its middle row.
     */
    public CompletableFuture<TomoSession> open(Path input, Path angles) {
        record Opened(TomoSession session, String summary, float[] projection, float[] sinogram, int row) {
        }
        TomoSession old = session;
        session = null;
        setScanControlsEnabled(false);
        lastSearch = null;
        lastSlice = null;
        strip.clear();
        slicePicture.setPlot(null);
        CompletableFuture<Opened> f = background("opening " + input.getFileName(), () -> {
            if (old != null) {
                old.close();
            }
            TomoSession s = TomoSession.open(input, angles);
            try {
                int row = s.rows() / 2;
                return new Opened(s, s.summary(), s.projection(0), s.sinogram(row, false), row);
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
        }, o -> {
            session = o.session();
            String note = o.session().previewStep() > 1 ? " (projections shown with every " + o.session().previewStep()
                    + "th row and column)" : "";
            info.setText(o.summary() + note);
            range(projectionScale, 0, o.session().projections() - 1);
            range(rowScale, o.row(), o.session().rows() - 1);
            int cols = o.session().columns();
            centreText.setText(format(cols / 2));
            fromText.setText(format(cols / 2 - 10));
            toText.setText(format(cols / 2 + 10));
            stepText.setText("2.5");
            firstSliceText.setText("0");
            lastSliceText.setText(Integer.toString(o.session().rows()));
            setScanControlsEnabled(true);
            projectionLabel.setText("Projection 0 of " + o.session().projections() + " ("
                    + format(o.session().anglesDegrees()[0]) + " deg)");
            rowLabel.setText("Sinogram of detector row " + o.row() + " of " + o.session().rows());
            projectionPicture.setPlot(imagePlot("projection 0", o.projection(), o.session().previewShape()[0],
                    o.session().previewShape()[1], "gray", "column", "row"));
            sinogramPicture.setPlot(imagePlot("sinogram row " + o.row(), o.sinogram(), o.session().projections(),
                    cols, "gray", "detector column", "projection"));
            layout(true, true);
            fitControls();
        });
        f.whenComplete((o, e) -> {
            // completed on the UI thread (see background)
            if (e != null && !isDisposed()) {
                info.setText("Could not open " + input + ": " + message(e));
                fitControls();
            }
        });
        return f.thenApply(Opened::session);
    }

    public TomoSession session() {
        return session;
    }

    /** The scan summary (counts, angle range) or the prompt before a scan is open. */
    public String infoText() {
        return info.getText();
    }

    private void showProjection(int index) {
        if (session == null) {
            return;
        }
        TomoSession s = session;
        // the preview is in memory after opening; reading it here does not touch the file
        float[] p = s.projection(index);
        projectionLabel.setText("Projection " + index + " of " + s.projections() + " ("
                + format(s.anglesDegrees()[index]) + " deg)");
        projectionPicture.setPlot(imagePlot("projection " + index, p, s.previewShape()[0], s.previewShape()[1],
                "gray", "column", "row"));
    }

    /** Shows the attenuation sinogram of detector row {@code row}. */
    public CompletableFuture<float[]> showSinogram(int row) {
        if (session == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no scan is open"));
        }
        TomoSession s = session;
        int request = ++sinogramRequest;
        rowLabel.setText("Sinogram of detector row " + row + " of " + s.rows());
        boolean ring = ringCheck.getSelection();
        return background("reading sinogram row " + row, () -> s.sinogram(row, ring), sino -> {
            if (request == sinogramRequest && s == session) {
                sinogramPicture.setPlot(imagePlot("sinogram row " + row + (ring ? " (rings removed)" : ""), sino,
                        s.projections(), s.columns(), "gray", "detector column", "projection"));
            }
        });
    }

    // ------------------------------------------------------------------ centre

    /** Finds the centre of the current row automatically and centres the search range on it. */
    public CompletableFuture<Double> findCentre() {
        if (session == null) {
            return failed("Tomography", "open a scan first");
        }
        TomoSession s = session;
        int row = rowScale.getSelection();
        boolean ring = ringCheck.getSelection();
        return background("finding the centre of row " + row, () -> s.findCentre(row, ring), c -> {
            centreText.setText(format(c));
            fromText.setText(format(Math.max(0, Math.floor(c) - 4)));
            toText.setText(format(Math.min(s.columns() - 1, Math.floor(c) + 4)));
            stepText.setText("1");
            status.setText(String.format(Locale.ROOT, "Centre of row %d: %.2f (Vo et al. 2014)", row, c));
        });
    }

    /** Reconstructs the current row at each candidate centre of the search range and shows the strip. */
    public CompletableFuture<CentreSearch.Result> searchCentre() {
        if (session == null) {
            return failed("Tomography", "open a scan first");
        }
        TomoSession s = session;
        double[] centres;
        try {
            centres = s.candidates(number(fromText, "search start"), number(toText, "search end"),
                    number(stepText, "search step"));
        } catch (InputException e) {
            return failed("Tomography: centre search", e.getMessage());
        }
        int row = rowScale.getSelection();
        FbpFilter filter = FbpFilter.parse(filterCombo.getText());
        boolean ring = ringCheck.getSelection();
        record Strip(CentreSearch.Result result, List<ImageData> thumbs) {
        }
        return background("reconstructing row " + row + " at " + centres.length + " centres", () -> {
            CentreSearch.Result r = s.search(row, centres, filter, ring, threads);
            return new Strip(r, thumbnails(r.slices(), r.size()));
        }, st -> {
            lastSearch = st.result();
            List<String> captions = new ArrayList<>();
            int best = 0;
            for (int i = 0; i < st.result().centres().length; i++) {
                captions.add(format(st.result().centres()[i]));
                if (st.result().centres()[i] == st.result().best()) {
                    best = i;
                }
            }
            strip.setThumbnails(st.thumbs(), captions, best);
            status.setText("Lowest entropy at centre " + format(st.result().best()) + "; click a slice to choose.");
        }).thenApply(Strip::result);
    }

    /** Grey thumbnails (at most 256 pixels a side) with one colour range for the whole strip. */
    static List<ImageData> thumbnails(float[][] slices, int size) {
        float[] all = new float[slices.length * size * size];
        for (int i = 0; i < slices.length; i++) {
            System.arraycopy(slices[i], 0, all, i * size * size, size * size);
        }
        double[] range = Contrast.autoRange(NDArray.wrap(DType.FLOAT32, all, slices.length * size, size), 1, 99,
                Scaling.LINEAR);
        ColorMapper mapper = new ColorMapper(ColorMap.get("gray"), Scaling.LINEAR, range[0],
                Math.max(range[1], range[0] + 1e-12), 0xFF000000);
        int stride = (size + 255) / 256;
        int w = (size + stride - 1) / stride;
        List<ImageData> out = new ArrayList<>();
        for (float[] s : slices) {
            float[] small = new float[w * w];
            for (int y = 0; y < w; y++) {
                for (int x = 0; x < w; x++) {
                    small[y * w + x] = s[(y * stride) * size + x * stride];
                }
            }
            out.add(PlotPicture.toImageData(mapper.toArgb(NDArray.wrap(DType.FLOAT32, small, w, w)), w, w));
        }
        return out;
    }

    private void chooseCandidate(int index) {
        if (lastSearch == null || index >= lastSearch.centres().length) {
            return;
        }
        centreText.setText(format(lastSearch.centres()[index]));
        reconstructSlice();
    }

    /** Chooses candidate {@code index} of the last search as if it were clicked (centre, then the slice). */
    public CompletableFuture<float[]> chooseSearchResult(int index) {
        strip.setChosen(index);
        centreText.setText(format(lastSearch.centres()[index]));
        return reconstructSlice();
    }

    // ------------------------------------------------------------------ reconstruction

    private TomoSession.Settings settings() {
        double centre = number(centreText, "centre");
        String algorithm = algorithmCombo.getText();
        return new TomoSession.Settings(centre, FbpFilter.parse(filterCombo.getText()), algorithm,
                iterationsSpinner.getSelection(), ringCheck.getSelection());
    }

    /** Reconstructs the current detector row with the chosen centre, filter and algorithm, and shows it. */
    public CompletableFuture<float[]> reconstructSlice() {
        if (session == null) {
            return failed("Tomography", "open a scan first");
        }
        TomoSession s = session;
        TomoSession.Settings st;
        try {
            st = settings();
            s.checkCentre(st.centre());
        } catch (InputException | IllegalArgumentException e) {
            return failed("Tomography: reconstruct slice", e.getMessage());
        }
        int row = rowScale.getSelection();
        return background("reconstructing row " + row, () -> s.reconstruct(row, st, threads), slice -> {
            lastSlice = slice;
            lastSliceRow = row;
            String how = st.algorithm().equals("fbp") ? "FBP " + st.filter().label()
                    : st.algorithm().toUpperCase(Locale.ROOT) + " " + st.iterations() + " it.";
            slicePicture.setPlot(imagePlot("row " + row + ", centre " + format(st.centre()) + ", " + how, slice,
                    s.columns(), s.columns(), "gray", "x (pixel)", "y (pixel)"));
            status.setText("Reconstructed row " + row + " at centre " + format(st.centre()) + ".");
        });
    }

    public float[] lastSlice() {
        return lastSlice;
    }

    public int lastSliceRow() {
        return lastSliceRow;
    }

    private void chooseVolumeOutput() {
        if (session == null) {
            host.problem("Tomography", "open a scan first");
            return;
        }
        FileDialog d = new FileDialog(getShell(), SWT.SAVE);
        d.setText("Write the reconstructed volume to");
        d.setFilterExtensions(new String[] {"*.h5;*.nxs", "*.npy"});
        d.setOverwrite(true);
        Path in = session.input();
        Path dir = Files.isDirectory(in) ? in : in.toAbsolutePath().getParent();
        if (dir != null) {
            d.setFilterPath(dir.toString());
        }
        String stem = in.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        d.setFileName(stem + "_recon.h5");
        String f = d.open();
        if (f != null) {
            reconstructVolume(Path.of(f));
        }
    }

    /**
     * Schedules the {@code tomo.recon} job for the row range in the panel into {@code out}; when it ends the host
     * shows the result. Returns the job description, or empty after reporting a problem.
     */
    public Optional<JobSpec> reconstructVolume(Path out) {
        if (session == null) {
            host.problem("Tomography", "open a scan first");
            return Optional.empty();
        }
        JobSpec spec;
        try {
            int first = (int) number(firstSliceText, "first row");
            int last = (int) number(lastSliceText, "last row");
            spec = session.volumeJob(out, first, last, settings());
        } catch (InputException | IllegalArgumentException e) {
            host.problem("Tomography: reconstruct volume", e.getMessage());
            return Optional.empty();
        }
        Display display = getDisplay();
        host.runJob("Reconstruct " + session.input().getFileName() + " rows " + spec.string("slices", ""), spec,
                result -> display.asyncExec(() -> {
                    Object cancelled = result.get("cancelled");
                    Path written = Path.of(String.valueOf(result.get("out")));
                    if (!isDisposed()) {
                        status.setText("Wrote " + result.get("slices_completed") + " slice(s) to " + written
                                + (Boolean.TRUE.equals(cancelled) ? " (cancelled)" : "")
                                + (result.containsKey("device_name") ? ", on " + result.get("device_name") : ""));
                    }
                    host.showResult(written);
                }));
        status.setText(runTarget.isRemote() ? "Volume reconstruction sent to the remote workers: see the Progress and"
                + " Jobs views." : "Volume reconstruction running: see the Progress view.");
        return Optional.of(spec);
    }

    // ------------------------------------------------------------------ pictures

    /**
     * An image plot of {@code values} [rows][cols]. Very flat images (rows much fewer than columns, e.g. a
     * detector with two rows) are drawn with each row repeated so that they stay visible; the y axis keeps the
     * row numbers.
     */
    static Plot imagePlot(String title, float[] values, int rows, int cols, String map, String xLabel,
            String yLabel) {
        Plot p = new Plot();
        p.setTitle(title);
        ImageTrace t = p.createImageTrace(title);
        int repeat = Math.max(1, cols / 6 / Math.max(1, rows));
        if (repeat > 1) {
            float[] tall = new float[rows * repeat * cols];
            double[] edges = new double[rows * repeat + 1];
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < repeat; k++) {
                    System.arraycopy(values, r * cols, tall, (r * repeat + k) * cols, cols);
                    edges[r * repeat + k] = r - 0.5 + k / (double) repeat;
                }
            }
            edges[rows * repeat] = rows - 0.5;
            t.setData(NDArray.wrap(DType.FLOAT32, tall, rows * repeat, cols));
            t.setAxes(null, NDArray.of(edges));
        } else {
            t.setData(NDArray.wrap(DType.FLOAT32, values, rows, cols));
        }
        t.setColorMap(map);
        p.addTrace(t);
        p.xAxis().setLabel(xLabel);
        p.yAxis().setLabel(yLabel);
        return p;
    }

    public PlotPicture slicePicture() {
        return slicePicture;
    }

    public PlotPicture sinogramPicture() {
        return sinogramPicture;
    }

    public PlotPicture projectionPicture() {
        return projectionPicture;
    }

    public ThumbnailStrip strip() {
        return strip;
    }

    public String centreText() {
        return centreText.getText();
    }

    /** Sets the centre field (as typed by the user). */
    public void setCentreText(String text) {
        centreText.setText(text);
    }

    /** Where volume reconstructions run ("This machine" or "Remote workers"). */
    public RunTargetChooser runTargetChooser() {
        return runTarget;
    }

    /** Sets the volume row range fields [first, last). */
    public void setVolumeRows(int first, int last) {
        firstSliceText.setText(Integer.toString(first));
        lastSliceText.setText(Integer.toString(last));
    }

    /** Sets the search range fields. */
    public void setSearchRange(double from, double to, double step) {
        fromText.setText(format(from));
        toText.setText(format(to));
        stepText.setText(format(step));
    }

    public void setAlgorithm(String algorithm, int iterations) {
        algorithmCombo.setText(algorithm);
        iterationsSpinner.setSelection(iterations);
    }

    public String statusText() {
        return status.getText();
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
