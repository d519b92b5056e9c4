package org.daybreak.fit.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.job.JobSpec;
import org.daybreak.fit.FitPlan;
import org.daybreak.fit.FitResultsH5;
import org.daybreak.fit.Model;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.Plot;
import org.daybreak.ui.jobs.RunTargetChooser;
import org.daybreak.ui.services.WorkbenchServices.DatasetRef;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;

/**
 * The Fitting view's "Batch over a stack" group: builds the {@code fit.batch} job for the Data Browser's selected
 * dataset with the panel's model and settings, runs it through the {@link FittingPanel.Host}, and shows the map
 * chosen under "Map of" (read by {@link FitResultsH5#readMap}) as the current plot's image. Widgets on the UI
 * thread; maps are read on the panel's worker thread; the results file of the last batch is a temporary file,
 * deleted when the next batch ends or by {@link #dispose()}.
 */
final class BatchFitGroup {
    private final FittingPanel.Host host;
    private final Executor worker;
    private final Consumer<Runnable> onUi;
    private final Label batchSource;
    private final Combo mapCombo;
    private final Label batchStatus;
    private final RunTargetChooser runTarget;
    private volatile Path batchOut;

    /**
     * @param worker   the panel's background thread, for reading maps
     * @param onUi     runs on the UI thread while the panel lives
     * @param runBatch what "Run batch fit" does (the panel's {@code runBatch})
     */
    BatchFitGroup(Composite parent, FittingPanel.Host host, Executor worker, Consumer<Runnable> onUi,
            Runnable runBatch) {
        this.host = host;
        this.worker = worker;
        this.onUi = onUi;
        Group batch = new Group(parent, SWT.NONE);
        batch.setText("Batch over a stack (last axis = spectrum)");
        batch.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        batch.setLayout(new GridLayout(5, false));
        batchSource = new Label(batch, SWT.NONE);
        batchSource.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 5, 1));
        batchSource.setText("Dataset: the Data Browser's selection");
        runTarget = new RunTargetChooser(batch, "fit", 1);
        runTarget.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false));
        Button run = new Button(batch, SWT.PUSH);
        run.setText("Run batch fit");
        run.setToolTipText("Fit every spectrum of the selected dataset with this model and settings");
        run.addListener(SWT.Selection, e -> runBatch.run());
        new Label(batch, SWT.NONE).setText("Map of:");
        mapCombo = new Combo(batch, SWT.READ_ONLY);
        mapCombo.setLayoutData(new GridData(140, SWT.DEFAULT));
        mapCombo.addListener(SWT.Selection, e -> showMap(mapCombo.getText()));
        batchStatus = new Label(batch, SWT.WRAP);
        batchStatus.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
    }

    RunTargetChooser runTargetChooser() {
        return runTarget;
    }

    String statusText() {
        return batchStatus.getText();
    }

    /** See {@link FittingPanel#runBatch()}; {@code model} null means the model field is not valid. */
    void run(Model model, List<ParameterRow> rows) {
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
            onUi.accept(() -> {
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
                onUi.accept(() -> showMapArray(name, map));
            } catch (IOException | RuntimeException e) {
                onUi.accept(() -> batchStatus.setText("cannot read the map of " + name + ": " + e.getMessage()));
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

    /** Offers the maps a batch fit of {@code model} writes (none for null), keeping the choice where it can. */
    void fillMapChoices(Model model) {
        String keep = mapCombo.getText();
        mapCombo.removeAll();
        if (model == null) {
            return;
        }
        FitResultsH5.mapNames(model).forEach(mapCombo::add);
        int i = mapCombo.indexOf(keep);
        mapCombo.select(Math.max(0, i));
    }

    /** See {@link FittingPanel#selectMap}. */
    void selectMap(String name) {
        int i = mapCombo.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no map '" + name + "'; the maps are " + List.of(mapCombo.getItems()));
        }
        mapCombo.select(i);
    }

    /** Deletes the last batch's results file. */
    void dispose() {
        deleteQuietly(batchOut);
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
}
