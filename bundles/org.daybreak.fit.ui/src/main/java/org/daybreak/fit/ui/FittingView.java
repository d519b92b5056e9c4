package org.daybreak.fit.ui;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.daybreak.core.job.JobSpec;
import org.daybreak.plot.Plot;
import org.daybreak.plot.ui.PlotView;
import org.daybreak.ui.OpenFiles;
import org.daybreak.ui.jobs.WorkbenchJobs;
import org.daybreak.ui.services.WorkbenchServices;
import org.daybreak.ui.services.WorkbenchServices.DatasetRef;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.part.ViewPart;

/**
 * The Fitting view: a thin wrapper over {@link FittingPanel} on the workbench's plot
 * ({@link WorkbenchServices#plotter()}), the Data Browser's selection, the Progress view
 * ({@link WorkbenchJobs}; batch fits on this machine or on remote workers, as the panel's chooser says) and the Plot view's "Send to fitting" profiles.
 */
public final class FittingView extends ViewPart {
    public static final String ID = "org.daybreak.fit.ui.fitting";

    private FittingPanel panel;
    private final Consumer<Plot> profileListener = p -> {
        if (panel != null && !panel.isDisposed()) {
            panel.getDisplay().asyncExec(() -> {
                if (!panel.isDisposed()) {
                    panel.selectProfile();
                }
            });
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        ScrolledComposite scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
        panel = new FittingPanel(scroll, 0, new FittingPanel.Host() {
            @Override
            public Plot currentPlot() {
                return WorkbenchServices.plotter().map(WorkbenchServices.DataPlotter::currentPlot)
                        .filter(Plot.class::isInstance).map(Plot.class::cast).orElse(null);
            }

            @Override
            public Optional<DatasetRef> selection() {
                return WorkbenchServices.selection().flatMap(WorkbenchServices.DataSelection::selected);
            }

            @Override
            public void runJob(String title, JobSpec spec, Consumer<Map<String, Object>> onSuccess) {
                WorkbenchJobs.schedule(panel.runTargetChooser().target(), title, spec, onSuccess);
            }

            @Override
            public void problem(String title, String message) {
                OpenFiles.report(title, message);
            }
        });
        scroll.setContent(panel);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        scroll.setMinSize(panel.computeSize(SWT.DEFAULT, SWT.DEFAULT));
        ProfileSource.addListener(profileListener);
        attachToPlotView();
    }

    /** Lets "Pick on plot" listen to the Plot view's line canvas (when the Plot view is open). */
    private void attachToPlotView() {
        IWorkbenchPage page = getSite().getPage();
        IViewPart part = page == null ? null : page.findView(PlotView.ID);
        if (part instanceof PlotView plotView && plotView.panel() != null && !plotView.panel().isDisposed()) {
            panel.attachPlotCanvas(plotView.panel().lineCanvas());
        }
    }

    public FittingPanel panel() {
        return panel;
    }

    @Override
    public void setFocus() {
        attachToPlotView();
        panel.refreshTraces();
        panel.setFocus();
    }

    @Override
    public void dispose() {
        ProfileSource.removeListener(profileListener);
        super.dispose();
    }
}
