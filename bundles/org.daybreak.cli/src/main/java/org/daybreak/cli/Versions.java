package org.daybreak.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Manifest;

/** The versions of Daybreak's bundles and the libraries on the class path, read from their manifests. */
public final class Versions {
    private Versions() {
    }

    /** Bundle symbolic name to version, for every manifest on the class path that names one. */
    public static Map<String, String> bundles() {
        Map<String, String> m = new TreeMap<>();
        try {
            Enumeration<URL> e = Versions.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
            while (e.hasMoreElements()) {
                try (InputStream in = e.nextElement().openStream()) {
                    Manifest mf = new Manifest(in);
                    String bsn = mf.getMainAttributes().getValue("Bundle-SymbolicName");
                    String v = mf.getMainAttributes().getValue("Bundle-Version");
                    if (v == null) {
                        v = mf.getMainAttributes().getValue("Implementation-Version");
                    }
                    if (bsn != null) {
                        m.put(bsn.split(";")[0].trim(), v == null ? "?" : v);
                    }
                }
            }
        } catch (IOException ignored) {
            // versions are informative only
        }
        return m;
    }

    public static String daybreakVersion() {
        return bundles().getOrDefault("org.daybreak.core", "development build");
    }

    /**
     * "Build VERSION (git describe), DATE" from the version.properties the packaging step writes at the root of an
     * installation (found through the launcher's daybreak.home), or null when there is none (a development build).
     */
    static String buildInfo() {
        String home = System.getProperty("daybreak.home");
        if (home == null) {
            return null;
        }
        java.nio.file.Path f = java.nio.file.Path.of(home, "version.properties");
        if (!java.nio.file.Files.isRegularFile(f)) {
            return null;
        }
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = java.nio.file.Files.newInputStream(f)) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        return "Build " + p.getProperty("version", "?") + " (" + p.getProperty("git.describe", "?") + "), "
                + p.getProperty("build.date", "?");
    }

    public static String report() {
        StringBuilder b = new StringBuilder();
        b.append("Daybreak ").append(daybreakVersion()).append('\n');
        String build = buildInfo();
        if (build != null) {
            b.append(build).append('\n');
        }
        try {
            b.append(org.daybreak.core.site.SiteDefaults.current().describe()).append('\n');
        } catch (IllegalStateException e) {
            b.append(e.getMessage()).append('\n');
        }
        b.append("Java ").append(System.getProperty("java.version")).append(" (")
                .append(System.getProperty("java.vendor")).append("), ").append(System.getProperty("os.name"))
                .append(' ').append(System.getProperty("os.arch")).append('\n');
        for (Map.Entry<String, String> e : bundles().entrySet()) {
            b.append(String.format("  %-44s %s%n", e.getKey(), e.getValue()));
        }
        return b.toString();
    }
}
