package org.daybreak.remote.ui;

import java.io.IOException;
import java.util.function.Consumer;

import org.daybreak.core.job.RunTarget;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.JobsClient;
import org.daybreak.ui.DaybreakUI;
import org.daybreak.ui.jobs.RunTargets;
import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.FileFieldEditor;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/**
 * Window > Preferences > Daybreak > Remote workers: the broker that "Remote workers" in the task views and the
 * Jobs view use (URL, account, TLS trust), and whether the workbench runs its own broker. "Test connection"
 * connects on a background thread with the values as typed.
 */
public final class RemotePreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {
    private static final int COLUMNS = 3;
    private BooleanFieldEditor embedded;
    private StringFieldEditor broker;
    private StringFieldEditor user;
    private FileFieldEditor passwordFile;
    private FileFieldEditor trust;
    private StringFieldEditor fingerprint;
    private Label brokerState;
    private Label testResult;
    private final Consumer<LocalBroker> brokerChanged = b -> {
        if (brokerState != null && !brokerState.isDisposed()) {
            brokerState.getDisplay().asyncExec(this::showBrokerState);
        }
    };

    public RemotePreferencePage() {
        super(GRID);
        setDescription("Where \"Remote workers\" sends jobs (tomography volumes, correlator runs, batch fits) and "
                + "which broker the Jobs view shows. Start workers with 'daybreak worker' (on this machine they find "
                + "the local broker by themselves).");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(DaybreakUI.getDefault().getPreferenceStore());
    }

    @Override
    protected void createFieldEditors() {
        Composite p = getFieldEditorParent();
        embedded = new BooleanFieldEditor(RunTargets.EMBEDDED_BROKER, "Run a broker in this workbench (127.0.0.1 only, "
                + "data in " + LocalBroker.get().directory() + ")", p);
        addField(embedded);
        brokerState = wideLabel(p);
        showBrokerState();
        LocalBroker.get().addListener(brokerChanged);
        brokerState.addListener(SWT.Dispose, e -> LocalBroker.get().removeListener(brokerChanged));

        broker = new StringFieldEditor(RunTargets.BROKER, "Broker:", p);
        broker.getTextControl(p).setToolTipText("local (the broker this machine's workbench or 'daybreak broker' "
                + "runs), tcp://HOST:PORT or tls://HOST:PORT");
        broker.setEmptyStringAllowed(false);
        addField(broker);
        hint(p, "local, tcp://HOST:PORT or tls://HOST:PORT");
        user = new StringFieldEditor(RunTargets.USER, "User:", p);
        addField(user);
        hint(p, "empty: the local broker's admin account");
        passwordFile = new FileFieldEditor(RunTargets.PASSWORD_FILE, "Password file:", p);
        passwordFile.setEmptyStringAllowed(true);
        addField(passwordFile);
        hint(p, "a file whose first line is the password (keep it readable by you only)");
        trust = new FileFieldEditor(RunTargets.TRUST, "TLS trust:", p);
        trust.setEmptyStringAllowed(true);
        trust.setFileExtensions(new String[] {"*.pem;*.crt;*.p12;*.jks", "*.*"});
        addField(trust);
        hint(p, "tls:// only: the broker's PEM certificate (DIR/tls/broker.pem) or a trust store");
        fingerprint = new StringFieldEditor(RunTargets.FINGERPRINT, "TLS fingerprint:", p);
        addField(fingerprint);
        hint(p, "tls:// only: the SHA-256 fingerprint 'daybreak broker --tls' printed (pins the certificate)");

        Button test = new Button(p, SWT.PUSH);
        test.setText("Test connection");
        test.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false));
        test.addListener(SWT.Selection, e -> testConnection());
        testResult = new Label(p, SWT.WRAP);
        GridData td = new GridData(SWT.FILL, SWT.CENTER, true, false, COLUMNS - 1, 1);
        td.widthHint = 420;
        testResult.setLayoutData(td);
    }

    private static Label wideLabel(Composite p) {
        Label l = new Label(p, SWT.WRAP);
        GridData d = new GridData(SWT.FILL, SWT.CENTER, true, false, COLUMNS, 1);
        d.widthHint = 520;
        l.setLayoutData(d);
        return l;
    }

    private static void hint(Composite p, String text) {
        new Label(p, SWT.NONE);
        Label l = new Label(p, SWT.WRAP);
        l.setText(text);
        l.setForeground(p.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        l.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, COLUMNS - 1, 1));
    }

    private void showBrokerState() {
        if (brokerState != null && !brokerState.isDisposed()) {
            brokerState.setText(LocalBroker.get().describe());
            brokerState.getParent().layout(true);
        }
    }

    @Override
    protected void adjustGridLayout() {
        super.adjustGridLayout();
        ((org.eclipse.swt.layout.GridLayout) getFieldEditorParent().getLayout()).numColumns = COLUMNS;
    }

    /** Connects with the values as typed, on a background thread, and says what it found. */
    private void testConnection() {
        RunTarget t = RunTargets.remote(broker.getStringValue(), user.getStringValue(), passwordFile.getStringValue(),
                trust.getStringValue(), fingerprint.getStringValue());
        testResult.setText("Connecting to " + RunTargets.describe(t) + "...");
        org.eclipse.swt.widgets.Display display = testResult.getDisplay();
        Thread th = new Thread(() -> {
            String result;
            try (JobsClient c = new JobsClient(BrokerConnection.open(t, false), true)) {
                long alive = c.workers().stream().filter(w -> "alive".equals(w.get("state"))).count();
                result = "Connected: " + alive + (alive == 1 ? " worker" : " workers") + " alive.";
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                result = "Cannot connect: " + why;
            }
            String shown = result;
            display.asyncExec(() -> {
                if (!testResult.isDisposed()) {
                    testResult.setText(shown);
                    testResult.getParent().layout(true);
                }
            });
        }, "daybreak-broker-test");
        th.setDaemon(true);
        th.start();
    }

    @Override
    public boolean performOk() {
        boolean ok = super.performOk();
        boolean wanted = getPreferenceStore().getBoolean(RunTargets.EMBEDDED_BROKER);
        LocalBroker b = LocalBroker.get();
        LocalBroker.State s = b.state();
        if (wanted && s != LocalBroker.State.RUNNING && s != LocalBroker.State.STARTING
                && s != LocalBroker.State.ELSEWHERE) {
            b.startInBackground();
        } else if (!wanted && s == LocalBroker.State.RUNNING) {
            Thread th = new Thread(() -> {
                b.stop();
                b.markOff();
            }, "daybreak-broker-stop");
            th.setDaemon(true);
            th.start();
        }
        return ok;
    }
}
