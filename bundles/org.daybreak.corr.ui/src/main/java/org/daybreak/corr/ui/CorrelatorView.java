package org.daybreak.corr.ui;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import org.daybreak.core.job.JobSpec;
import org.daybreak.ui.OpenFiles;
import org.daybreak.ui.jobs.WorkbenchJobs;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.part.ViewPart;

/**
 * The Correlator view: a thin wrapper over {@link CorrelatorPanel} that reports problems in dialogs
 * ({@link OpenFiles#report}), runs the correlator through {@link WorkbenchJobs} on this machine or on remote
 * workers, as the panel's run-target chooser says (progress and cancel in the Progress view) and adds the files it writes to the workbench's open files (so the Data Browser lists them).
 */
public final class CorrelatorView extends ViewPart {
    public static final String ID = "org.daybreak.corr.ui.correlator";

    private CorrelatorPanel panel;

    @Override
    public void createPartControl(Composite parent) {
        panel = new CorrelatorPanel(parent, 0);
        panel.setHost(new CorrelatorPanel.Host() {
            @Override
            public void problem(String title, String message) {
                OpenFiles.report(title, message);
            }

            @Override
            public void runJob(String title, JobSpec spec, Consumer<Map<String, Object>> onSuccess) {
                WorkbenchJobs.schedule(panel.runTargetChooser().target(), title, spec, onSuccess);
            }

            @Override
            public void fileWritten(Path file) {
                OpenFiles.get().open(file);
            }
        });
    }

    public CorrelatorPanel panel() {
        return panel;
    }

    @Override
    public void setFocus() {
        panel.setFocus();
    }
}
