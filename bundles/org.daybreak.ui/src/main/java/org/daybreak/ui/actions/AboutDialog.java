package org.daybreak.ui.actions;

import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** Help > About (the branding's name): what this is, and the versions of Daybreak, Java, the platform and the libraries. */
public final class AboutDialog extends Dialog {

    public AboutDialog(Shell parent) {
        super(parent);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("About " + org.daybreak.ui.Branding.get().name());
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    /** Versions shown in the dialog: bundle symbolic name to version, Daybreak's and the key libraries'. */
    public static Map<String, String> versions() {
        Map<String, String> m = new TreeMap<>();
        Bundle self = FrameworkUtil.getBundle(AboutDialog.class);
        if (self == null) {
            return m;
        }
        for (Bundle b : self.getBundleContext().getBundles()) {
            String n = b.getSymbolicName();
            if (n == null) {
                continue;
            }
            if (n.startsWith("org.daybreak") || n.equals("org.eclipse.ui") || n.equals("org.eclipse.swt")
                    || n.equals("org.eclipse.osgi") || n.startsWith("io.jhdf") || n.contains("jfreechart")
                    || n.contains("hipparchus") || n.contains("JTransforms") || n.contains("jython")
                    || n.contains("lz4") || n.contains("zstd")) {
                m.put(n, b.getVersion().toString());
            }
        }
        return m;
    }

    /** The GPUs jobs can use, one per line, or why there is none. */
    public static String gpus() {
        org.daybreak.gpu.GpuInventory inv = org.daybreak.gpu.Gpus.inventory();
        if (inv.devices().isEmpty()) {
            return "GPU: none (" + inv.reason() + ")";
        }
        StringBuilder b = new StringBuilder();
        for (org.daybreak.gpu.GpuDevice d : inv.devices()) {
            b.append(b.length() == 0 ? "" : "\n").append(d.describe());
        }
        return b + (inv.driverVersion() == null ? "" : "\nCUDA driver " + inv.driverVersion());
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite c = (Composite) super.createDialogArea(parent);
        c.setLayout(new GridLayout(1, false));
        Label title = new Label(c, SWT.NONE);
        title.setText(org.daybreak.ui.Branding.get().name() + " " + versions().getOrDefault("org.daybreak.ui", ""));
        title.setFont(org.eclipse.jface.resource.JFaceResources.getHeaderFont());
        Label text = new Label(c, SWT.WRAP);
        String about = org.daybreak.ui.Branding.get().about();
        text.setText((about.isEmpty() ? "" : about + "\n\n")
                + "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "\n" + gpus());
        Table table = new Table(c, SWT.BORDER | SWT.FULL_SELECTION);
        table.setHeaderVisible(true);
        GridData gd = new GridData(SWT.FILL, SWT.FILL, true, true);
        gd.heightHint = 260;
        gd.widthHint = 520;
        table.setLayoutData(gd);
        TableColumn name = new TableColumn(table, SWT.LEFT);
        name.setText("Component");
        name.setWidth(330);
        TableColumn version = new TableColumn(table, SWT.LEFT);
        version.setText("Version");
        version.setWidth(180);
        for (Map.Entry<String, String> e : versions().entrySet()) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {e.getKey(), e.getValue()});
        }
        return c;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, IDialogConstants.OK_LABEL, true);
    }
}
