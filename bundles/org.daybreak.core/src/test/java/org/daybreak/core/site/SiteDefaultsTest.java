package org.daybreak.core.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.daybreak.core.cli.Args;
import org.daybreak.core.cli.JobRunner;
import org.daybreak.core.cli.UsageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteDefaultsTest {
    @TempDir
    Path home;

    @AfterEach
    void forget() {
        System.clearProperty("daybreak.home");
        SiteDefaults.reset();
    }

    private void site(String text) throws IOException {
        Files.createDirectories(home.resolve("site"));
        Files.writeString(home.resolve(SiteDefaults.SITE_FILE), text);
        System.setProperty("daybreak.home", home.toString());
        SiteDefaults.reset();
    }

    private static Args args(String... a) {
        return new Args("t", JobRunner.normalise(List.of(a)), JobRunner.withRunOptions(Set.of()), Set.of());
    }

    @Test
    void withoutSiteFileTheBuiltInDefaultsHold() {
        System.setProperty("daybreak.home", home.toString());
        SiteDefaults.reset();
        SiteDefaults d = SiteDefaults.current();
        assertEquals("auto", d.device());
        assertEquals("viridis", d.colormap());
        assertEquals(List.of(), d.dataFolders());
        assertEquals("auto", JobRunner.target(args(), "t").device());
    }

    @Test
    void theSiteFileBesideTheLauncherSetsDeviceColourMapAndFolders() throws IOException {
        Path data = Files.createDirectories(home.resolve("beamline data"));
        site("# a facility\norg.daybreak.ui/remote.broker=tcp://b:61616\norg.daybreak.ui/jobs.device = GPU\n"
                + "org.daybreak.plot.ui/image.colormap=magma\norg.daybreak.ui/files.dataFolders=/no/such/folder; "
                + data + " ;\n");
        SiteDefaults d = SiteDefaults.current();
        assertEquals("gpu", d.device());
        assertEquals("magma", d.colormap());
        assertEquals(List.of(Path.of("/no/such/folder"), data), d.dataFolders());
        assertEquals(data, d.firstExistingDataFolder());
        assertEquals(home.resolve(SiteDefaults.SITE_FILE).toString(), d.source());
        assertTrue(d.describe().contains("device gpu, colour map magma"), d.describe());
        // the command line's job runner takes the site's device unless --device says otherwise
        assertEquals("gpu", JobRunner.target(args(), "t").device());
        assertEquals("cpu", JobRunner.target(args("--device", "cpu"), "t").device());
    }

    @Test
    void aDeviceTheSiteMayNotSetIsOneUsageErrorNamingFileAndKey() throws IOException {
        site("org.daybreak.ui/jobs.device=fpga\n");
        UsageException e = assertThrows(UsageException.class, () -> JobRunner.target(args(), "tomo recon"));
        assertTrue(e.getMessage().contains(SiteDefaults.SITE_FILE) && e.getMessage().contains("jobs.device")
                && e.getMessage().contains("'fpga'"), e.getMessage());
        // an explicit --device does not need the site's
        assertEquals("cpu", JobRunner.target(args("--device", "cpu"), "t").device());
    }

    @Test
    void installedValuesReplaceTheSiteFileUntilReset() throws IOException {
        site("org.daybreak.ui/jobs.device=gpu\n");
        SiteDefaults.install(new SiteDefaults("cpu", "gray", List.of(), "workbench preferences"));
        assertEquals("cpu", SiteDefaults.current().device());
        assertEquals("workbench preferences", SiteDefaults.current().source());
        SiteDefaults.reset();
        assertEquals("gpu", SiteDefaults.current().device());
    }
}
