package org.daybreak.ui.prefs;

import org.daybreak.core.site.SiteDefaults;
import org.daybreak.ui.DaybreakUI;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.IPreferencesService;
import org.eclipse.core.runtime.preferences.InstanceScope;

/**
 * The workbench's side of {@link SiteDefaults}: the device, colour map and data folders as the workbench's
 * preferences give them (a user's choice in Window > Preferences, else the site's
 * {@code site/plugin_customization.ini}, which the launcher passes as {@code -pluginCustomization}, else the
 * built-in default), installed as the process's defaults, so that what runs inside the workbench (the views' plots
 * and jobs, the Console's scripts) uses them as the command line uses the site file. Installed when the workbench
 * bundle starts and again whenever one of these preferences changes.
 */
public final class SitePreferences {
    /** What {@link SiteDefaults#source()} says inside the workbench. */
    public static final String SOURCE = "workbench preferences";

    private static boolean following;

    private SitePreferences() {
    }

    /** The three defaults from the preference service (instance scope, then the default scope the site file fills). */
    public static SiteDefaults read() {
        IPreferencesService s = Platform.getPreferencesService();
        return new SiteDefaults(get(s, SiteDefaults.DEVICE, "auto"), get(s, SiteDefaults.COLORMAP, "viridis"),
                SiteDefaults.folders(get(s, SiteDefaults.DATA_FOLDERS, "")), SOURCE);
    }

    private static String get(IPreferencesService s, String qualifiedKey, String fallback) {
        int slash = qualifiedKey.indexOf('/');
        return s.getString(qualifiedKey.substring(0, slash), qualifiedKey.substring(slash + 1), fallback, null);
    }

    /** Installs the preferences as the process's defaults and follows their changes (once per process). */
    public static synchronized void installAndFollow() {
        // the workbench bundle's defaults (PreferenceDefaults) must be initialised before the first read
        DaybreakUI ui = DaybreakUI.getDefault();
        if (ui != null) {
            ui.getPreferenceStore();
        }
        SiteDefaults.install(read());
        if (following) {
            return;
        }
        following = true;
        for (String qualifiedKey : new String[] {SiteDefaults.DEVICE, SiteDefaults.COLORMAP}) {
            String node = qualifiedKey.substring(0, qualifiedKey.indexOf('/'));
            IEclipsePreferences n = InstanceScope.INSTANCE.getNode(node);
            n.addPreferenceChangeListener(e -> SiteDefaults.install(read()));
        }
    }
}
