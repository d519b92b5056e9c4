package org.daybreak.plot.ui;

import org.daybreak.ui.OpenFiles;
import org.daybreak.ui.services.WorkbenchServices;
import org.daybreak.ui.services.WorkbenchServices.DatasetRef;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.part.ViewPart;

/**
 * The Plot view: a thin wrapper over {@link PlotPanel} that registers it as the workbench's
 * {@link WorkbenchServices.DataPlotter} (the Data Browser's double-click, scripts and tools plot through it;
 * {@code currentPlot()} returns the org.daybreak.plot.Plot model shown) and reports problems in a dialog.
 */
public final class PlotView extends ViewPart {
    public static final String ID = "org.daybreak.plot.ui.plot";

    private PlotPanel panel;
    private final WorkbenchServices.DataPlotter plotter = new WorkbenchServices.DataPlotter() {
        @Override
        public void plot(DatasetRef ref) {
            if (panel != null && !panel.isDisposed()) {
                panel.plot(ref.file(), ref.datasetPath());
            }
        }

        @Override
        public Object currentPlot() {
            return panel == null ? null : panel.plot();
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        panel = new PlotPanel(parent, 0);
        panel.setHost(OpenFiles::report);
        WorkbenchServices.setPlotter(plotter);
    }

    public PlotPanel panel() {
        return panel;
    }

    @Override
    public void setFocus() {
        panel.setFocus();
    }

    @Override
    public void dispose() {
        WorkbenchServices.clearPlotter(plotter);
        super.dispose();
    }
}
