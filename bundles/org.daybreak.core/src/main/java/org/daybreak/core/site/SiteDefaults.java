package org.daybreak.core.site;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * A facility's defaults for every front door: the compute device jobs ask for when they name none, the colour map
 * of new image plots and the folders where the facility's data lives. A site sets them for every user in
 * {@code site/plugin_customization.ini} beside the launcher (docs/packaging.md); the file is the workbench's
 * {@code -pluginCustomization} file, so its keys are the workbench's preference names ({@code bundle/key}):
 *
 * <pre>
 * org.daybreak.ui/jobs.device=gpu                         # cpu, gpu or auto
 * org.daybreak.plot.ui/image.colormap=magma               # a ColorMap name
 * org.daybreak.ui/files.dataFolders=/dls/i12/data;/scratch  # folders, separated by ';'
 * </pre>
 *
 * <p>The command line and {@code ./daybreak run} read that file once ({@link #current()}); the workbench replaces
 * the values with its preferences, in which a user's own choice wins over the site's ({@link #install}). A key
 * that is absent or blank keeps the built-in default; a value that is not allowed is kept as written and refused
 * where it is used ({@link #device()} names the file and the key), so a typo never passes silently.
 *
 * <p>Thread rule: instances are immutable; {@link #current()} and {@link #install} may be called from any thread.
 */
public final class SiteDefaults {
    /** The device key: {@code cpu}, {@code gpu} or {@code auto} (default). */
    public static final String DEVICE = "org.daybreak.ui/jobs.device";
    /** The colour map of new image plots (default {@code viridis}). */
    public static final String COLORMAP = "org.daybreak.plot.ui/image.colormap";
    /** The facility's data folders, separated by {@code ;} (default none). */
    public static final String DATA_FOLDERS = "org.daybreak.ui/files.dataFolders";
    /** The site file's place below an installation's root. */
    public static final String SITE_FILE = "site/plugin_customization.ini";

    private static final SiteDefaults BUILT_IN = new SiteDefaults("auto", "viridis", List.of(), "built-in defaults");
    private static volatile SiteDefaults current;

    private final String device;
    private final String colormap;
    private final List<Path> dataFolders;
    private final String source;

    /**
     * @param device      cpu, gpu or auto (as written; checked by {@link #device()})
     * @param colormap    a colour map name (checked where a plot uses it)
     * @param dataFolders the data folders, in the order the site gave them
     * @param source      where the values come from, for messages (a file, "workbench preferences")
     */
    public SiteDefaults(String device, String colormap, List<Path> dataFolders, String source) {
        this.device = device == null || device.isBlank() ? "auto" : device.trim().toLowerCase(Locale.ROOT);
        this.colormap = colormap == null || colormap.isBlank() ? "viridis" : colormap.trim();
        this.dataFolders = List.copyOf(dataFolders);
        this.source = source;
    }

    /**
     * This process's defaults: those {@link #install}ed, else the site file of the installation the launcher names
     * in the system property {@code daybreak.home} (or the file named by {@code daybreak.site}), else the built-in
     * ones. An unreadable site file is reported as an {@link IllegalStateException} naming it.
     */
    public static SiteDefaults current() {
        SiteDefaults d = current;
        if (d == null) {
            synchronized (SiteDefaults.class) {
                if (current == null) {
                    current = fromSystemProperties();
                }
                d = current;
            }
        }
        return d;
    }

    /** Replaces this process's defaults (the workbench, from its preferences; tests). */
    public static void install(SiteDefaults defaults) {
        current = defaults;
    }

    /** Forgets installed values: the next {@link #current()} reads the site file again. */
    public static void reset() {
        current = null;
    }

    private static SiteDefaults fromSystemProperties() {
        String file = System.getProperty("daybreak.site");
        if (file == null || file.isBlank()) {
            String home = System.getProperty("daybreak.home");
            if (home == null || home.isBlank()) {
                return BUILT_IN;
            }
            file = Path.of(home).resolve(SITE_FILE).toString();
        }
        Path p = Path.of(file);
        return Files.isRegularFile(p) ? read(p) : BUILT_IN;
    }

    /**
     * The defaults a site file sets (Java properties syntax, as Eclipse reads {@code -pluginCustomization}: a
     * backslash escapes, so Windows folders are written with {@code /} or {@code \\}).
     *
     * @throws IllegalStateException naming the file when it cannot be read
     */
    public static SiteDefaults read(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the site defaults " + file + ": " + e.getMessage(), e);
        }
        return new SiteDefaults(p.getProperty(DEVICE), p.getProperty(COLORMAP), folders(p.getProperty(DATA_FOLDERS)),
                file.toString());
    }

    /** The folders of a {@code ;}-separated list, blanks skipped. */
    public static List<Path> folders(String list) {
        List<Path> l = new ArrayList<>();
        if (list != null) {
            for (String s : list.split(";")) {
                if (!s.isBlank()) {
                    l.add(Path.of(s.trim()));
                }
            }
        }
        return l;
    }

    /**
     * The device jobs ask for when they name none: {@code cpu}, {@code gpu} or {@code auto}.
     *
     * @throws IllegalArgumentException naming the source and the key when the value is none of them
     */
    public String device() {
        if (!device.equals("cpu") && !device.equals("gpu") && !device.equals("auto")) {
            throw new IllegalArgumentException(source + ": " + DEVICE + " must be cpu, gpu or auto, not '" + device
                    + "'");
        }
        return device;
    }

    /** The colour map name for new image plots, as written (the plot bundle checks it). */
    public String colormap() {
        return colormap;
    }

    /** The facility's data folders (possibly none), in the site's order. */
    public List<Path> dataFolders() {
        return dataFolders;
    }

    /** Where the values come from: the site file's path, "workbench preferences" or "built-in defaults". */
    public String source() {
        return source;
    }

    /** One line for {@code daybreak version}: where the defaults come from and what they are (never throws). */
    public String describe() {
        StringBuilder b = new StringBuilder("Defaults from ").append(source).append(": device ").append(device)
                .append(", colour map ").append(colormap).append(", data folders ");
        if (dataFolders.isEmpty()) {
            b.append("none");
        } else {
            for (int i = 0; i < dataFolders.size(); i++) {
                b.append(i == 0 ? "" : ";").append(dataFolders.get(i));
            }
        }
        return b.toString();
    }

    /** The first data folder that exists, or null. */
    public Path firstExistingDataFolder() {
        for (Path p : dataFolders) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}
