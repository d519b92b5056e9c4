package org.daybreak.ui.prefs;

import org.daybreak.ui.DaybreakUI;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window > Preferences > Daybreak: jobs and files. */
public final class GeneralPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public GeneralPreferencePage() {
        super(GRID);
        setDescription("Where and how Daybreak runs heavy work, and how it remembers files.");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(DaybreakUI.getDefault().getPreferenceStore());
    }

    @Override
    protected void createFieldEditors() {
        IntegerFieldEditor jobs = new IntegerFieldEditor(PreferenceDefaults.CONCURRENT_JOBS,
                "Jobs running side by side (takes effect at the next start):", getFieldEditorParent());
        jobs.setValidRange(1, 64);
        addField(jobs);
        IntegerFieldEditor threads = new IntegerFieldEditor(PreferenceDefaults.JOB_THREADS,
                "Threads per job (0 = all " + Runtime.getRuntime().availableProcessors() + " cores):",
                getFieldEditorParent());
        threads.setValidRange(0, 1024);
        addField(threads);
        addField(new org.eclipse.jface.preference.ComboFieldEditor(PreferenceDefaults.JOB_DEVICE,
                "Device for tomography and correlation jobs:", new String[][] {
                    {"Auto: the GPU when one is usable, else the CPU", "auto"}, {"CPU", "cpu"},
                    {"GPU (the job fails where there is none)", "gpu"}}, getFieldEditorParent()));
        org.daybreak.gpu.GpuInventory gpus = org.daybreak.gpu.Gpus.inventory();
        org.eclipse.swt.widgets.Label found = new org.eclipse.swt.widgets.Label(getFieldEditorParent(),
                org.eclipse.swt.SWT.WRAP);
        found.setText(gpus.usable() ? "This machine: " + gpus.supportedDevices().get(0).describe()
                : "This machine has no usable GPU: " + gpus.reason());
        found.setLayoutData(new org.eclipse.swt.layout.GridData(org.eclipse.swt.SWT.FILL, org.eclipse.swt.SWT.CENTER,
                true, false, 2, 1));
        IntegerFieldEditor recent = new IntegerFieldEditor(PreferenceDefaults.RECENT_FILES_MAX,
                "Recent files remembered:", getFieldEditorParent());
        recent.setValidRange(1, 50);
        addField(recent);
        addField(new org.eclipse.jface.preference.StringFieldEditor(PreferenceDefaults.DATA_FOLDERS,
                "Data folders (separated by ;):", getFieldEditorParent()));
        IntegerFieldEditor children = new IntegerFieldEditor(PreferenceDefaults.BROWSER_MAX_CHILDREN,
                "Data Browser: children listed per group before asking:", getFieldEditorParent());
        children.setValidRange(100, 10_000_000);
        addField(children);
    }
}
