package org.daybreak.ui.jobs;

import org.daybreak.core.job.RunTarget;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/**
 * "Run on: This machine | Remote workers", for the task views that start jobs (tomography volumes, correlator
 * runs, batch fits). The choice is remembered per view in the workbench's preferences; "Remote workers" means the
 * broker set in Window > Preferences > Daybreak > Remote workers. Pass {@link #target()} to
 * {@link WorkbenchJobs#schedule(RunTarget, String, org.daybreak.core.job.JobSpec, java.util.function.Consumer)}.
 * Thread rule: UI thread.
 */
public final class RunTargetChooser extends Composite {
    public static final String THIS_MACHINE = "This machine";
    public static final String REMOTE_WORKERS = "Remote workers";
    private final String key;
    private final Combo combo;

    /**
     * @param parent its layout must be a {@link GridLayout}; the chooser spans {@code span} of its columns
     * @param view   the view's short name under which its choice is remembered ("tomo", "corr", "fit")
     */
    public RunTargetChooser(Composite parent, String view, int span) {
        super(parent, SWT.NONE);
        this.key = RunTargets.CHOICE_PREFIX + view;
        GridLayout l = new GridLayout(2, false);
        l.marginWidth = 0;
        l.marginHeight = 0;
        setLayout(l);
        setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, span, 1));
        new Label(this, SWT.NONE).setText("Run on");
        combo = new Combo(this, SWT.READ_ONLY);
        combo.setItems(THIS_MACHINE, REMOTE_WORKERS);
        combo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        IPreferenceStore s = RunTargets.store();
        combo.select(s != null && "remote".equals(s.getString(key)) ? 1 : 0);
        combo.addListener(SWT.Selection, e -> remember());
        combo.addListener(SWT.MouseEnter, e -> updateToolTip());
        updateToolTip();
    }

    private void remember() {
        IPreferenceStore s = RunTargets.store();
        if (s != null) {
            s.setValue(key, isRemote() ? "remote" : "local");
        }
        updateToolTip();
    }

    private void updateToolTip() {
        combo.setToolTipText(isRemote()
                ? "Jobs go to the workers of " + RunTargets.describe(RunTargets.remote())
                        + " (Window > Preferences > Daybreak > Remote workers); watch them in the Jobs view"
                : "Jobs run in this workbench's own threads");
    }

    public boolean isRemote() {
        return combo.getSelectionIndex() == 1;
    }

    public void setRemote(boolean remote) {
        combo.select(remote ? 1 : 0);
        remember();
    }

    /** {@link RunTarget#LOCAL}, or the remote target of the preferences as they are now. */
    public RunTarget target() {
        return isRemote() ? RunTargets.remote() : RunTarget.LOCAL;
    }

    public Combo combo() {
        return combo;
    }
}
