package org.daybreak.hdf5.ui;

import java.nio.file.Path;
import java.util.Optional;

import org.daybreak.ui.DaybreakUI;
import org.daybreak.ui.OpenFiles;
import org.daybreak.ui.services.WorkbenchServices;
import org.daybreak.ui.services.WorkbenchServices.DatasetRef;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;

/**
 * The Data Browser view: a thin wrapper over {@link DataBrowserPanel} that follows the workbench's open files
 * ({@link OpenFiles}: File &gt; Open, drag and drop, {@code ./daybreak gui FILE}), plots on double-click through
 * {@link WorkbenchServices#plotter()}, and offers its selection as {@link WorkbenchServices.DataSelection}.
 */
public final class DataBrowserView extends ViewPart {
    public static final String ID = "org.daybreak.hdf5.ui.dataBrowser";
    /** The plot view shown before plotting (org.daybreak.plot.ui). */
    static final String PLOT_VIEW_ID = "org.daybreak.plot.ui.plot";

    private DataBrowserPanel panel;
    private final OpenFiles.Listener filesListener = new OpenFiles.Listener() {
        @Override
        public void opened(Path file) {
            if (panel != null && !panel.isDisposed()) {
                panel.openFile(file);
            }
        }

        @Override
        public void closed(Path file) {
            if (panel != null && !panel.isDisposed()) {
                panel.closeFile(file);
            }
        }
    };
    private final WorkbenchServices.DataSelection selection = () -> panel == null || panel.isDisposed()
            ? Optional.empty() : panel.selected();

    @Override
    public void createPartControl(Composite parent) {
        panel = new DataBrowserPanel(parent, 0);
        panel.setHost(new DataBrowserPanel.Host() {
            @Override
            public void plot(DatasetRef ref) {
                showPlotView();
                WorkbenchServices.plotter().ifPresentOrElse(p -> p.plot(ref),
                        () -> OpenFiles.report("Cannot plot", "no plot view is open to show " + ref.file()
                                + (ref.datasetPath() == null ? "" : ":" + ref.datasetPath())));
            }

            @Override
            public void closeRequested(DataBrowserPanel p, Path file) {
                if (OpenFiles.get().open().contains(file)) {
                    OpenFiles.get().close(file);
                } else {
                    p.closeFile(file);
                }
            }

            @Override
            public void problem(String title, String message) {
                OpenFiles.report(title, message);
            }

            @Override
            public void openFailed(DataBrowserPanel p, Path file) {
                // keep the workbench's list of open files (and of recent files) true to what can be shown
                OpenFiles.get().failed(file);
            }

            @Override
            public void dropped(DataBrowserPanel p, Path file) {
                OpenFiles.get().open(file);
            }
        });
        for (Path p : OpenFiles.get().open()) {
            panel.openFile(p);
        }
        OpenFiles.get().addListener(filesListener);
        WorkbenchServices.setSelection(selection);
    }

    private void showPlotView() {
        try {
            IWorkbenchPage page = getSite().getPage();
            page.showView(PLOT_VIEW_ID, null, IWorkbenchPage.VIEW_VISIBLE);
        } catch (PartInitException | RuntimeException e) {
            DaybreakUI.log("Cannot show the plot view", e);
        }
    }

    public DataBrowserPanel panel() {
        return panel;
    }

    @Override
    public void setFocus() {
        panel.tree().setFocus();
    }

    @Override
    public void dispose() {
        OpenFiles.get().removeListener(filesListener);
        WorkbenchServices.clearSelection(selection);
        super.dispose();
    }
}
