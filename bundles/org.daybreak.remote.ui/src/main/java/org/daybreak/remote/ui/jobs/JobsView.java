package org.daybreak.remote.ui.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

import org.daybreak.core.job.RunTarget;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.JobsClient;
import org.daybreak.remote.ui.LocalBroker;
import org.daybreak.ui.DaybreakUI;
import org.daybreak.ui.OpenFiles;
import org.daybreak.ui.jobs.RunTargets;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.util.IPropertyChangeListener;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.part.ViewPart;

/**
 * The Jobs view: a {@link JobsPanel} on the broker of Window > Preferences > Daybreak > Remote workers (by default
 * the local one, which the workbench itself runs). It connects again when those preferences change, and says why
 * when the workbench's own broker did not start.
 */
public final class JobsView extends ViewPart {
    public static final String ID = "org.daybreak.remote.ui.jobs";
    private static final Set<String> CONNECTION_KEYS = Set.of(RunTargets.BROKER, RunTargets.USER,
            RunTargets.PASSWORD_FILE, RunTargets.TRUST, RunTargets.FINGERPRINT);

    private JobsPanel panel;
    private final IPropertyChangeListener preferences = e -> {
        if (CONNECTION_KEYS.contains(e.getProperty()) && panel != null && !panel.isDisposed()) {
            panel.getDisplay().asyncExec(() -> {
                if (!panel.isDisposed()) {
                    panel.setSource(source());
                }
            });
        }
    };
    private final Consumer<LocalBroker> brokerChanged = b -> {
        if (panel != null && !panel.isDisposed()) {
            panel.getDisplay().asyncExec(() -> {
                if (!panel.isDisposed()) {
                    panel.refresh();
                }
            });
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        panel = new JobsPanel(parent, SWT.NONE);
        panel.setHost(new JobsPanel.Host() {
            @Override
            public void problem(String title, String message) {
                OpenFiles.report(title, message);
            }

            @Override
            public boolean confirm(String title, String question) {
                return Boolean.getBoolean("daybreak.noDialogs")
                        || MessageDialog.openConfirm(getSite().getShell(), title, question);
            }

            @Override
            public Path chooseHtmlFile() {
                FileDialog d = new FileDialog(getSite().getShell(), SWT.SAVE);
                d.setText("Export the jobs timeline as an HTML page");
                d.setFilterExtensions(new String[] {"*.html", "*.*"});
                d.setFileName("daybreak-jobs-timeline.html");
                d.setOverwrite(true);
                String f = d.open();
                return f == null ? null : Path.of(f);
            }
        });
        panel.setSource(source());
        DaybreakUI.getDefault().getPreferenceStore().addPropertyChangeListener(preferences);
        LocalBroker.get().addListener(brokerChanged);
    }

    /** The broker the preferences name, with the workbench's own broker's state for the local one. */
    static JobsPanel.Source source() {
        RunTarget target = RunTargets.remote();
        boolean local = target.remote().equals("local");
        return new JobsPanel.Source() {
            @Override
            public JobsClient connect() throws IOException {
                if (local && LocalBroker.get().state() == LocalBroker.State.STARTING) {
                    throw new IOException("the workbench's broker is starting");
                }
                BrokerConnection c = BrokerConnection.open(target, false);
                return new JobsClient(c, true);
            }

            @Override
            public String describe() {
                if (!local) {
                    return RunTargets.describe(target);
                }
                LocalBroker b = LocalBroker.get();
                String url = b.url();
                String who = b.state() == LocalBroker.State.RUNNING ? "the workbench's broker" : "the local broker";
                return url == null ? who : who + " at " + url;
            }

            @Override
            public String note() {
                if (!local) {
                    return null;
                }
                LocalBroker.State s = LocalBroker.get().state();
                return s == LocalBroker.State.RUNNING || s == LocalBroker.State.ELSEWHERE
                        || s == LocalBroker.State.STARTING ? null : LocalBroker.get().describe();
            }
        };
    }

    public JobsPanel panel() {
        return panel;
    }

    @Override
    public void setFocus() {
        panel.setFocus();
    }

    @Override
    public void dispose() {
        LocalBroker.get().removeListener(brokerChanged);
        DaybreakUI ui = DaybreakUI.getDefault();
        if (ui != null) {
            ui.getPreferenceStore().removePropertyChangeListener(preferences);
        }
        super.dispose();
    }
}
