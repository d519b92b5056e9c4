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
        IntegerFieldEditor recent = new IntegerFieldEditor(PreferenceDefaults.RECENT_FILES_MAX,
                "Recent files remembered:", getFieldEditorParent());
        recent.setValidRange(1, 50);
        addField(recent);
        IntegerFieldEditor children = new IntegerFieldEditor(PreferenceDefaults.BROWSER_MAX_CHILDREN,
                "Data Browser: children listed per group before asking:", getFieldEditorParent());
        children.setValidRange(100, 10_000_000);
        addField(children);
    }
}
