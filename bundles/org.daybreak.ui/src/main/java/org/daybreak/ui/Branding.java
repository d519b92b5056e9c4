package org.daybreak.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.eclipse.core.runtime.Platform;
import org.eclipse.osgi.service.datalocation.Location;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Display;

/**
 * The product's branding: name, About text and window icons from the {@code branding/} folder the packaging step
 * copies into the installation ({@code branding.properties} with {@code name}, {@code archive} and {@code about};
 * {@code icon16.png}, {@code icon32.png}, {@code splash.png}; docs/packaging.md). Without that
 * folder (a workbench started by the tests' harness) the name is "Daybreak", the About text empty and the icons
 * those of this bundle. Read once; immutable.
 */
public final class Branding {
    /** The folder's place below the installation's root. */
    public static final String FOLDER = "branding";

    private static Branding instance;

    private final Path folder;
    private final String name;
    private final String about;

    private Branding(Path folder, Properties p) {
        this.folder = folder;
        String n = p.getProperty("name", "").trim();
        this.name = n.isEmpty() ? "Daybreak" : n;
        this.about = p.getProperty("about", "").trim();
    }

    /** The installation's branding (the folder below {@link Platform#getInstallLocation()}). */
    public static synchronized Branding get() {
        if (instance == null) {
            Path dir = installFolder();
            instance = read(dir == null ? null : dir.resolve(FOLDER));
        }
        return instance;
    }

    /** The branding of a folder, or the built-in one when it is null or has no branding.properties. */
    static Branding read(Path folder) {
        Properties p = new Properties();
        Path file = folder == null ? null : folder.resolve("branding.properties");
        if (file != null && Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                DaybreakUI.log("The branding " + file + " could not be read; the built-in one is used", e);
            }
        }
        return new Branding(file != null && Files.isRegularFile(file) ? folder : null, p);
    }

    private static Path installFolder() {
        Location l = Platform.getInstallLocation();
        if (l == null || l.getURL() == null || !"file".equals(l.getURL().getProtocol())) {
            return null;
        }
        try {
            return Path.of(l.getURL().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Path.of(l.getURL().getPath());
        }
    }

    /** The product's name: window title, About dialog, the application's name. */
    public String name() {
        return name;
    }

    /** The About dialog's text (possibly empty). */
    public String about() {
        return about;
    }

    /** The branding folder in use, or null for the built-in branding. */
    public Path folder() {
        return folder;
    }

    /**
     * The window icons (16 and 32 pixels), created on {@code display}; the caller disposes of them. Without a
     * branding folder, this bundle's icons.
     */
    public Image[] windowImages(Display display) {
        List<Image> images = new ArrayList<>();
        for (String size : new String[] {"16", "32"}) {
            Path p = folder == null ? null : folder.resolve("icon" + size + ".png");
            try (InputStream in = p != null && Files.isRegularFile(p) ? Files.newInputStream(p)
                    : Branding.class.getResourceAsStream("/icons/daybreak" + size + ".png")) {
                if (in != null) {
                    images.add(new Image(display, in));
                }
            } catch (IOException | org.eclipse.swt.SWTException e) {
                DaybreakUI.log("The window icon " + (p == null ? size : p) + " could not be read", e);
            }
        }
        return images.toArray(Image[]::new);
    }

    /** The splash window while the workbench starts, or null. UI thread only. */
    private static org.eclipse.swt.widgets.Shell splash;

    /**
     * Shows {@code splash.png} of the branding folder, centred on the primary monitor, in a window without trim titled
     * "Starting NAME" (the launchers start Java directly, so there is no native launcher's splash; AWT's would start a
     * second X toolkit beside SWT's). Does nothing without the image. Call on the UI thread before the workbench runs;
     * {@link #closeSplash()} closes it when the main window is open.
     */
    public static void openSplash(Display display) {
        Branding b = get();
        Path p = b.folder == null ? null : b.folder.resolve("splash.png");
        if (p == null || !Files.isRegularFile(p)) {
            return;
        }
        try (InputStream in = Files.newInputStream(p)) {
            Image image = new Image(display, in);
            org.eclipse.swt.widgets.Shell shell = new org.eclipse.swt.widgets.Shell(display,
                    org.eclipse.swt.SWT.NO_TRIM | org.eclipse.swt.SWT.ON_TOP);
            shell.setText("Starting " + b.name);
            shell.setBackgroundImage(image);
            org.eclipse.swt.graphics.Rectangle size = image.getBounds();
            org.eclipse.swt.graphics.Rectangle screen = display.getPrimaryMonitor().getBounds();
            shell.setBounds(screen.x + (screen.width - size.width) / 2, screen.y + (screen.height - size.height) / 2,
                    size.width, size.height);
            shell.addDisposeListener(e -> image.dispose());
            shell.open();
            while (display.readAndDispatch()) {
                // paint the splash before the workbench takes the UI thread
            }
            splash = shell;
        } catch (IOException | org.eclipse.swt.SWTException e) {
            DaybreakUI.log("The splash screen " + p + " could not be shown", e);
        }
    }

    /** Closes the splash window (once the workbench window is open). UI thread only. */
    public static void closeSplash() {
        if (splash != null && !splash.isDisposed()) {
            splash.dispose();
        }
        splash = null;
    }
}
