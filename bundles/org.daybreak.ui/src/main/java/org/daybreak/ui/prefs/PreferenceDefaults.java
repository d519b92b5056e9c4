package org.daybreak.ui.prefs;

import org.daybreak.ui.DaybreakUI;
import org.daybreak.ui.jobs.RunTargets;
import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.jface.preference.IPreferenceStore;

/** Names and default values of the workbench preferences. */
public final class PreferenceDefaults extends AbstractPreferenceInitializer {
    /** Jobs that run side by side on the local executor. */
    public static final String CONCURRENT_JOBS = "jobs.concurrent";
    /** Threads one job may use for its own parallel loops (0: all cores). */
    public static final String JOB_THREADS = "jobs.threads";
    public static final String RECENT_FILES = "files.recent";
    public static final String RECENT_FILES_MAX = "files.recent.max";
    /** Show a warning before listing a group with more children than this in the Data Browser. */
    public static final String BROWSER_MAX_CHILDREN = "browser.maxChildren";
    /** The device jobs ask for when they name none: {@code auto}, {@code cpu} or {@code gpu} (docs/gpu.md). */
    public static final String JOB_DEVICE = "jobs.device";
    /** The facility's data folders, separated by ';': File > Open starts in the first, File > Data Folders lists them. */
    public static final String DATA_FOLDERS = "files.dataFolders";

    @Override
    public void initializeDefaultPreferences() {
        IPreferenceStore s = DaybreakUI.getDefault().getPreferenceStore();
        s.setDefault(CONCURRENT_JOBS, 1);
        s.setDefault(JOB_THREADS, 0);
        s.setDefault(RECENT_FILES, "");
        s.setDefault(RECENT_FILES_MAX, 10);
        s.setDefault(BROWSER_MAX_CHILDREN, 10000);
        s.setDefault(JOB_DEVICE, "auto");
        s.setDefault(DATA_FOLDERS, "");
        s.setDefault(RunTargets.BROKER, "local");
        s.setDefault(RunTargets.USER, "");
        s.setDefault(RunTargets.PASSWORD_FILE, "");
        s.setDefault(RunTargets.TRUST, "");
        s.setDefault(RunTargets.FINGERPRINT, "");
        s.setDefault(RunTargets.EMBEDDED_BROKER, true);
    }
}
