package org.daybreak.tomo.ui;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.daybreak.core.job.JobSpec;
import org.daybreak.ui.DaybreakUI;
import org.daybreak.ui.OpenFiles;
import org.daybreak.ui.jobs.WorkbenchJobs;
import org.daybreak.ui.services.WorkbenchServices;
import org.daybreak.ui.services.WorkbenchServices.DatasetRef;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;

/**
 * The Tomography view: a thin wrapper over {@link TomographyPanel} that reports problems in dialogs
 * ({@link OpenFiles#report}), runs volume reconstructions through {@link WorkbenchJobs} on this machine or on
 * remote workers, as the panel's run-target chooser says (progress and cancel in the Progress view), takes the Data Browser's selected file on request, and opens and plots finished volumes
 * (the Plot view's slicer browses the slices).
 */
public final class TomographyView extends ViewPart {
    public static final String ID = "org.daybreak.tomo.ui.tomography";
    /** The plot view of org.daybreak.plot.ui. */
    static final String PLOT_VIEW_ID = "org.daybreak.plot.ui.plot";

    private TomographyPanel panel;

    @Override
    public void createPartControl(Composite parent) {
        panel = new TomographyPanel(parent, 0);
        panel.setHost(new TomographyPanel.Host() {
            @Override
            public void problem(String title, String message) {
                OpenFiles.report(title, message);
            }

            @Override
            public void runJob(String title, JobSpec spec, Consumer<Map<String, Object>> onSuccess) {
                WorkbenchJobs.schedule(panel.runTargetChooser().target(), title, spec, onSuccess);
            }

            @Override
            public void showResult(Path file) {
                if (!OpenFiles.get().open(file)) {
                    return;
                }
                try {
                    getSite().getPage().showView(PLOT_VIEW_ID, null, IWorkbenchPage.VIEW_VISIBLE);
                } catch (PartInitException | RuntimeException e) {
                    DaybreakUI.log("Cannot show the plot view", e);
                }
                WorkbenchServices.plotter().ifPresentOrElse(p -> p.plot(new DatasetRef(file, null)),
                        () -> OpenFiles.report("Cannot plot", "no plot view is open to show " + file));
            }

            @Override
            public Optional<Path> selectedFile() {
                return WorkbenchServices.selection().flatMap(WorkbenchServices.DataSelection::selected)
                        .map(DatasetRef::file);
            }
        });
    }

    public TomographyPanel panel() {
        return panel;
    }

    @Override
    public void setFocus() {
        panel.setFocus();
    }
}
