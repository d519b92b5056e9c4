package org.daybreak.plot.color;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.daybreak.core.site.SiteDefaults;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.Plot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The colour map of new images follows the site's default (SiteDefaults), the command line's and the workbench's. */
class SiteColorMapTest {
    @AfterEach
    void forget() {
        SiteDefaults.reset();
    }

    private static ImageTrace image() {
        return new Plot().createImageTrace("t");
    }

    @Test
    void newImagesTakeTheSitesColourMap() {
        SiteDefaults.reset();
        assertEquals("viridis", image().colorMap().name());
        SiteDefaults.install(new SiteDefaults("auto", "magma_r", List.of(), "site.ini"));
        assertEquals("magma_r", ColorMap.siteDefault().name());
        assertEquals("magma_r", image().colorMap().name());
    }

    @Test
    void anUnknownSiteMapIsNamedWithItsSourceAndNewImagesKeepViridis() {
        SiteDefaults.install(new SiteDefaults("auto", "rainbow", List.of(), "/opt/daybreak/site/plugin_customization.ini"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ColorMap::siteDefault);
        assertTrue(e.getMessage().startsWith("/opt/daybreak/site/plugin_customization.ini: "
                + SiteDefaults.COLORMAP + ": unknown colour map 'rainbow'"), e.getMessage());
        assertEquals("viridis", image().colorMap().name());
    }
}
