package org.daybreak.plot.ui.prefs;

import org.daybreak.plot.color.ColorMap;
import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

/**
 * Window > Preferences > Daybreak > Plots: the colour map of new image plots ({@code org.daybreak.plot.ui/image.colormap},
 * which a site sets in {@code site/plugin_customization.ini}; the workbench bundle installs it as the process's
 * default, see {@code org.daybreak.ui.prefs.SitePreferences}).
 */
public final class PlotPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {
    public static final String NODE = "org.daybreak.plot.ui";
    public static final String COLORMAP = "image.colormap";

    public PlotPreferencePage() {
        super(GRID);
        setDescription("How new plots look. A plot's own settings (its toolbar) stay with that plot.");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(new ScopedPreferenceStore(InstanceScope.INSTANCE, NODE));
    }

    @Override
    protected void createFieldEditors() {
        String[][] maps = ColorMap.names().stream().map(n -> new String[] {n, n}).toArray(String[][]::new);
        addField(new ComboFieldEditor(COLORMAP, "Colour map of new images:", maps, getFieldEditorParent()));
    }

    /** The built-in default (viridis); a site's file replaces it. */
    public static final class Defaults extends AbstractPreferenceInitializer {
        @Override
        public void initializeDefaultPreferences() {
            DefaultScope.INSTANCE.getNode(NODE).put(COLORMAP, "viridis");
        }
    }
}
