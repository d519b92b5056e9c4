package org.daybreak.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.daybreak.core.job.JobSpec;
import org.daybreak.core.site.SiteDefaults;
import org.daybreak.plot.Plot;
import org.daybreak.ui.jobs.RunTargets;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.junit.jupiter.api.Test;

/**
 * A facility's site file reaches everything that runs in the workbench: this test's runtime gets
 * {@code site/plugin_customization.ini} of this bundle as {@code -pluginCustomization} (as the product's launcher
 * passes the installation's), which sets the colour map and the data folders; the workbench bundle installs its
 * preferences as the process's {@link SiteDefaults}, so new image plots and scripts use them, and a user's own
 * choice (instance scope, what Window > Preferences writes) wins over the site's as soon as it is made.
 */
class SitePreferencesTest {
    @Test
    void siteFileThenUserChoiceReachPlotsJobsAndScripts() throws Exception {
        SiteDefaults site = SiteDefaults.current();
        assertEquals("workbench preferences", site.source());
        assertEquals("magma", site.colormap());
        assertEquals(List.of(Path.of("/no/such/daybreak/data"), Path.of("/tmp")), site.dataFolders());
        assertEquals(Path.of("/tmp"), site.firstExistingDataFolder());
        assertEquals("auto", site.device());
        assertEquals("magma", new Plot().createImageTrace("frame").colorMap().name());

        IEclipsePreferences ui = InstanceScope.INSTANCE.getNode("org.daybreak.ui");
        IEclipsePreferences plot = InstanceScope.INSTANCE.getNode("org.daybreak.plot.ui");
        try {
            plot.put("image.colormap", "inferno");
            ui.put("jobs.device", "cpu");
            SiteDefaults user = SiteDefaults.current();
            assertEquals("inferno", user.colormap());
            assertEquals("cpu", user.device());
            assertEquals("inferno", new Plot().createImageTrace("frame").colorMap().name());
            // the workbench's own jobs (views) ask for the preferred device
            assertEquals("cpu", RunTargets.withPreferredDevice(new JobSpec("core.echo", Map.of(), Map.of()))
                    .params().get("device"));
        } finally {
            plot.remove("image.colormap");
            ui.remove("jobs.device");
        }
        assertEquals("magma", SiteDefaults.current().colormap());
        assertEquals("auto", SiteDefaults.current().device());
    }
}
