import java.awt.RenderingHints;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Daybreak's packaging step, run by the product module after Tycho has materialized the products (JDK only, started
 * as a source file: {@code java releng/packaging/Package.java ...}). For each materialized desktop product it writes
 * {@code version.properties} (version, git describe, build date) and {@code THIRD-PARTY.txt} into the product, lays
 * out macOS's {@code .app} (with its icon, made from the branding's icons), and packs the archive; it derives the
 * headless worker archive from the Linux x86_64 product; and it writes a CycloneDX SBOM beside every archive.
 *
 * <p>Archives are reproducible: entries sorted by path, every time stamp the build date (the last commit's time,
 * or {@code SOURCE_DATE_EPOCH}), owner root, modes 755/644 only, gzip without name or time: the same product folder
 * always gives the same bytes. A library without a line in {@code licences.properties} stops the build.
 *
 * <p>Arguments: {@code --products DIR} (Tycho's {@code target/products/<product id>}), {@code --out DIR},
 * {@code --version V}, {@code --root DIR} (the checkout, for git), {@code --resources DIR} (this folder), and
 * optionally {@code --branding DIR} (name, archive prefix, icons, splash and About text; default the checkout's
 * {@code branding/}), {@code --only ID,...} (platform ids such as {@code linux.gtk.x86_64}, and {@code worker}) and
 * {@code --describe TEXT} (instead of asking git; with {@code SOURCE_DATE_EPOCH} it repeats an earlier build),
 * {@code --repository DIR} (the p2 repository Tycho assembled, made reproducible in place) and
 * {@code --repository-zip FILE} (its zip, written again from the reproducible repository when it exists).
 */
public final class Package {

    /** A desktop platform: Tycho's os/ws/arch and the archive format. */
    record Platform(String os, String ws, String arch, boolean zip) {
        String id() {
            return os + "." + ws + "." + arch;
        }
    }

    static final List<Platform> PLATFORMS = List.of(
            new Platform("linux", "gtk", "x86_64", false),
            new Platform("win32", "win32", "x86_64", true),
            new Platform("macosx", "cocoa", "aarch64", false));

    /**
     * Files of plugins/ the headless command line does not use (the Linux launcher's class-path filter, kept in
     * step with it): the workbench, OSGi, SWT and their helpers. The worker archive leaves them out.
     */
    static final Pattern NOT_HEADLESS = Pattern.compile(
            "(org\\.eclipse\\..*|org\\.daybreak\\..*ui.*|bcp.*|bcutil.*|com\\.ibm\\.icu.*|com\\.sun\\.jna.*"
                    + "|org\\.objectweb\\.asm.*|com\\.github\\.weisj\\.jsvg.*|org\\.apache\\.felix\\..*"
                    + "|org\\.apache\\.aries\\..*|org\\.osgi\\..*|org\\.apache\\.batik.*|jakarta\\..*|org\\.w3c\\..*"
                    + "|com\\.sun\\..*|org\\.apache\\.xmlgraphics.*|org\\.junit.*|junit.*|org\\.opentest4j.*"
                    + "|org\\.apiguardian.*|org\\.sat4j\\..*|org\\.tukaani\\..*|wrapped\\.org\\.apache\\.xmlgraphics.*"
                    + "|wrapped\\.xml-apis.*)");

    final Path products;
    final Path out;
    final String version;
    final Path root;
    final Path resources;
    final long epochSeconds;
    final String describe;
    final Map<String, String> licences = new TreeMap<>();
    /** The branding folder (--branding, default the checkout's branding/), its name and archive prefix. */
    final Path branding;
    final String brandName;
    final String archivePrefix;
    /** Platform ids (and "worker") to pack; all when absent (the reproducibility check packs a few again). */
    final java.util.Set<String> only;
    /** The p2 repository Tycho assembled (--repository) and its zip (--repository-zip), both optional. */
    final Path repository;
    final Path repositoryZip;

    Package(Map<String, String> a) throws IOException {
        products = Path.of(need(a, "--products"));
        out = Path.of(need(a, "--out"));
        version = need(a, "--version");
        root = Path.of(need(a, "--root"));
        resources = Path.of(need(a, "--resources"));
        only = a.containsKey("--only") ? java.util.Set.of(a.get("--only").split(",")) : null;
        repository = a.containsKey("--repository") ? Path.of(a.get("--repository")) : null;
        repositoryZip = a.containsKey("--repository-zip") ? Path.of(a.get("--repository-zip")) : null;
        branding = Path.of(a.getOrDefault("--branding", root.resolve("branding").toString())).toAbsolutePath();
        Properties b = new Properties();
        Path brandingFile = branding.resolve("branding.properties");
        if (!Files.isRegularFile(brandingFile)) {
            throw new IllegalArgumentException("Package.java: no branding.properties in the branding folder " + branding);
        }
        try (java.io.Reader in = Files.newBufferedReader(brandingFile, StandardCharsets.UTF_8)) {
            b.load(in);
        }
        brandName = b.getProperty("name", "").trim();
        archivePrefix = b.getProperty("archive", "").trim();
        if (brandName.isEmpty() || brandName.contains("/") || !archivePrefix.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("Package.java: " + brandingFile + " needs a name (no '/') and an archive "
                    + "prefix of letters, digits, '-', '.' and '_' (found name '" + brandName + "', archive '"
                    + archivePrefix + "')");
        }
        String sde = System.getenv("SOURCE_DATE_EPOCH");
        String commitTime = git("log", "-1", "--format=%ct");
        epochSeconds = sde != null && !sde.isBlank() ? Long.parseLong(sde.trim())
                : commitTime != null ? Long.parseLong(commitTime) : Instant.now().getEpochSecond();
        String d = a.containsKey("--describe") ? a.get("--describe") : git("describe", "--tags", "--always", "--dirty");
        describe = d == null ? "unknown (not built from a git checkout)" : d;
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(resources.resolve("licences.properties"))) {
            p.load(in);
        }
        for (String k : p.stringPropertyNames()) {
            licences.put(k, p.getProperty(k).trim());
        }
    }

    public static void main(String[] args) throws Exception {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        System.setProperty("java.awt.headless", "true"); // Java2D scales the macOS icon's sizes; no display needed
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        new Package(a).run();
    }

    void run() throws Exception {
        Files.createDirectories(out);
        List<String> sizes = new ArrayList<>();
        if (repository != null) {
            normaliseRepository();
        }
        for (Platform pf : PLATFORMS) {
            if (only != null && !only.contains(pf.id())) {
                continue;
            }
            Path platformDir = products.resolve(pf.os()).resolve(pf.ws()).resolve(pf.arch());
            Path product = single(platformDir);
            if (pf.os().equals("macosx")) {
                layOutMacApp(product);
            }
            Path home = pf.os().equals("macosx") ? product.resolve("Contents/Eclipse") : product;
            normalise(home);
            normaliseP2(home);
            writeVersion(home, pf.id());
            brand(home);
            if (pf.os().equals("macosx")) {
                brandMacApp(product);
            }
            List<Component> components = components(home);
            writeThirdParty(home, components, "Daybreak " + version + " for " + pf.id());
            String name = archivePrefix + "-" + version + "-" + pf.id() + (pf.zip() ? ".zip" : ".tar.gz");
            Path archive = out.resolve(name);
            // macOS: the application folder is named after the branding (Tycho lays it out as Daybreak.app)
            String rootName = pf.os().equals("macosx") ? brandName + ".app" : product.getFileName().toString();
            List<Entry> entries = entries(product, rootName, p -> true);
            if (pf.zip()) {
                writeZip(archive, entries);
            } else {
                writeTarGz(archive, entries);
            }
            writeSbom(out.resolve(name + ".cdx.json"), name, pf.id(), components);
            sizes.add(String.format("%-52s %6.1f MB", name, Files.size(archive) / 1e6));
        }
        if (only != null && !only.contains("worker")) {
            report(sizes);
            return;
        }
        // The headless worker: the Linux x86_64 product's command line, capability bundles and broker client.
        Path linux = single(products.resolve("linux/gtk/x86_64"));
        Path worker = out.resolveSibling("worker").resolve("daybreak-worker");
        deleteTree(worker.getParent());
        Files.createDirectories(worker.resolve("plugins"));
        copy(linux.resolve("daybreak"), worker.resolve("daybreak"));
        copy(linux.resolve("version.properties"), worker.resolve("version.properties"));
        try (Stream<Path> s = Files.list(linux.resolve("plugins"))) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                boolean daybreakFolder = Files.isDirectory(p) && n.startsWith("org.daybreak.");
                if ((n.endsWith(".jar") && !NOT_HEADLESS.matcher(n).matches()) || daybreakFolder) {
                    copyTree(p, worker.resolve("plugins").resolve(n));
                }
            }
        }
        // (branch gpu: JCuda's jars are headless bundles in plugins/ and pass the filter above as they are)
        copy(resources.resolve("worker/README.md"), worker.resolve("README.md"));
        copy(resources.resolve("worker/daybreak-worker.service"), worker.resolve("systemd/daybreak-worker.service"));
        List<Component> workerComponents = components(worker);
        writeThirdParty(worker, workerComponents, "Daybreak worker " + version + " for linux x86_64");
        String workerName = "daybreak-worker-" + version + "-linux-x86_64.tar.gz";
        writeTarGz(out.resolve(workerName), entries(worker, "daybreak-worker", p -> true));
        writeSbom(out.resolve(workerName + ".cdx.json"), workerName, "linux.x86_64 (headless)", workerComponents);
        sizes.add(String.format("%-52s %6.1f MB", workerName, Files.size(out.resolve(workerName)) / 1e6));
        report(sizes);
    }

    void report(List<String> sizes) {
        System.out.println("[packaging] " + describe + ", build date " + Instant.ofEpochSecond(epochSeconds));
        for (String s : sizes) {
            System.out.println("[packaging] " + s);
        }
    }

    // ---- preparing a product folder

    /**
     * macOS: Tycho installs the product into Daybreak.app/Contents/Eclipse and the feature's root files with it;
     * the bundle's Info.plist and executable (shipped as root files under Daybreak.app/) move up to Contents/.
     */
    static void layOutMacApp(Path app) throws IOException {
        Path inner = app.resolve("Contents/Eclipse/Daybreak.app/Contents");
        if (!Files.isDirectory(inner)) {
            return; // laid out by an earlier run
        }
        Files.createDirectories(app.resolve("Contents/MacOS"));
        Files.move(inner.resolve("Info.plist"), app.resolve("Contents/Info.plist"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(inner.resolve("MacOS/daybreak"), app.resolve("Contents/MacOS/daybreak"),
                StandardCopyOption.REPLACE_EXISTING);
        deleteTree(app.resolve("Contents/Eclipse/Daybreak.app"));
    }

    /**
     * Copies the branding folder into the product as {@code branding/} (replacing an earlier one), where the
     * workbench (org.daybreak.ui.Branding) and the launchers (splash.png) find it.
     */
    void brand(Path home) throws IOException {
        Path target = home.resolve("branding");
        deleteTree(target);
        Files.createDirectories(target);
        try (Stream<Path> s = Files.list(branding)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, target.resolve(p.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * macOS: the branding's name as the application's name in Info.plist (CFBundleName, CFBundleDisplayName), and the
     * application icon {@code Contents/Resources/NAME.icns} made from the branding's icons, named by
     * {@code CFBundleIconFile}.
     */
    void brandMacApp(Path app) throws IOException {
        Path plist = app.resolve("Contents/Info.plist");
        if (!Files.exists(plist)) {
            return;
        }
        Path resources = app.resolve("Contents/Resources");
        Files.createDirectories(resources);
        try (Stream<Path> s = Files.list(resources)) { // an earlier run's icon, perhaps of another name
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".icns")).toList()) {
                Files.delete(p);
            }
        }
        String iconFile = brandName + ".icns";
        Files.write(resources.resolve(iconFile), Icns.fromBranding(branding));
        String text = Files.readString(plist, StandardCharsets.UTF_8)
                .replaceAll("(<key>CFBundle(Display)?Name</key>\\s*<string>)[^<]*(</string>)",
                        "$1" + java.util.regex.Matcher.quoteReplacement(xml(brandName)) + "$3");
        String icon = "<key>CFBundleIconFile</key><string>" + xml(iconFile) + "</string>";
        text = text.contains("<key>CFBundleIconFile</key>")
                ? text.replaceAll("<key>CFBundleIconFile</key>\\s*<string>[^<]*</string>",
                        java.util.regex.Matcher.quoteReplacement(icon))
                : text.replaceFirst("\n</dict>", java.util.regex.Matcher.quoteReplacement("\n  " + icon + "\n</dict>"));
        Files.writeString(plist, text, StandardCharsets.UTF_8);
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Apple's icon container (.icns) made from the branding's {@code iconN.png} files. The format (Apple's
     * "icns" resource, as documented e.g. in Wikipedia's "Apple Icon Image format"): the magic {@code icns}, the whole
     * file's length as a big-endian 32-bit integer, then entries of a 4-character type, the entry's length including
     * its 8-byte header, and the data; the types written here hold a PNG image as it is: {@code icp4} 16x16,
     * {@code icp5} 32x32, {@code ic07} 128x128, {@code ic08} 256x256, {@code ic09} 512x512. A size the branding has
     * as {@code iconN.png} (square, N pixels) is taken byte for byte; the others are scaled with Java2D from the
     * smallest larger icon (halving steps, bilinear), or, when the branding has none larger, up from its largest
     * (bicubic: blurred; give an {@code icon512.png} for a sharp Dock and Finder icon). The same folder always gives
     * the same bytes (no time stamps; ImageIO's PNG writer adds none).
     */
    static final class Icns {
        static final String[] TYPES = {"icp4", "icp5", "ic07", "ic08", "ic09"};
        static final int[] SIZES = {16, 32, 128, 256, 512};

        static byte[] fromBranding(Path branding) throws IOException {
            TreeMap<Integer, byte[]> icons = new TreeMap<>(); // size -> PNG
            TreeMap<Integer, java.awt.image.BufferedImage> images = new TreeMap<>();
            try (Stream<Path> s = Files.list(branding)) {
                for (Path p : s.sorted().toList()) {
                    java.util.regex.Matcher m = Pattern.compile("icon(\\d{1,4})\\.png").matcher(p.getFileName().toString());
                    if (!m.matches()) {
                        continue;
                    }
                    int n = Integer.parseInt(m.group(1));
                    byte[] png = Files.readAllBytes(p);
                    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
                    if (image == null || image.getWidth() != n || image.getHeight() != n) {
                        throw new IllegalArgumentException("Package.java: the branding's " + p.getFileName() + " must be a "
                                + n + "x" + n + " PNG image" + (image == null ? " (not readable as PNG)"
                                        : " (it is " + image.getWidth() + "x" + image.getHeight() + ")"));
                    }
                    icons.put(n, png);
                    images.put(n, image);
                }
            }
            if (icons.isEmpty()) {
                throw new IllegalArgumentException("Package.java: the branding folder " + branding
                        + " has no iconN.png (icon16.png, icon32.png, ...) for the macOS application icon");
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = 0; i < TYPES.length; i++) {
                int n = SIZES[i];
                byte[] png = icons.get(n);
                if (png == null) {
                    Integer larger = images.ceilingKey(n);
                    png = encodePng(larger != null ? scaleDown(images.get(larger), n) : scaleUp(images.lastEntry().getValue(), n));
                }
                body.write(TYPES[i].getBytes(StandardCharsets.US_ASCII));
                body.write(bigEndian(8 + png.length));
                body.write(png);
            }
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write("icns".getBytes(StandardCharsets.US_ASCII));
            file.write(bigEndian(8 + body.size()));
            body.writeTo(file);
            return file.toByteArray();
        }

        static byte[] bigEndian(int v) {
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }

        static java.awt.image.BufferedImage scaleDown(java.awt.image.BufferedImage image, int n) {
            java.awt.image.BufferedImage current = image;
            while (current.getWidth() > n) {
                current = resize(current, Math.max(n, current.getWidth() / 2), RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            }
            return current;
        }

        static java.awt.image.BufferedImage scaleUp(java.awt.image.BufferedImage image, int n) {
            return resize(image, n, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        }

        static java.awt.image.BufferedImage resize(java.awt.image.BufferedImage image, int n, Object interpolation) {
            java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(n, n, java.awt.image.BufferedImage.TYPE_INT_ARGB);
            java.awt.Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, n, n, null);
            g.dispose();
            return out;
        }

        static byte[] encodePng(java.awt.image.BufferedImage image) throws IOException {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            if (!javax.imageio.ImageIO.write(image, "png", o)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
            return o.toByteArray();
        }
    }

    /** Drops what differs from one build to the next without meaning: the date comment of config.ini, p2 locks. */
    static void normalise(Path home) throws IOException {
        Path ini = home.resolve("configuration/config.ini");
        if (Files.exists(ini)) {
            List<String> lines = Files.readAllLines(ini, StandardCharsets.ISO_8859_1);
            List<String> kept = lines.stream()
                    .filter(l -> !l.matches("#\\w{3} \\w{3} \\d{2} \\d{2}:\\d{2}:\\d{2} .*")).toList();
            if (kept.size() != lines.size()) {
                Files.write(ini, kept, StandardCharsets.ISO_8859_1);
            }
        }
        try (Stream<Path> s = Files.walk(home)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals(".lock")).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Makes what p2 wrote while Tycho materialized the product independent of the build's clock, the order of hash
     * sets and the build machine (docs/packaging.md, "Provenance"): p2's repository list of the build (the build
     * machine's folders and ~/.m2; p2 starts a fresh one) is dropped; the install's profile history keeps only its
     * last state, named and stamped with the build date, its capabilities sorted; the artifact lists of the bundle pool
     * and the download cache sorted and stamped; the date lines of p2's property files and platform.xml set to the
     * build date; the root files' zip in p2's cache rewritten with the build date as every entry's time (its size does
     * not change, and the cache records no checksum of it).
     */
    void normaliseP2(Path home) throws IOException {
        long millis = epochSeconds * 1000;
        String stamp = String.valueOf(millis);
        Path settings = home.resolve("p2/org.eclipse.equinox.p2.engine/.settings");
        Files.deleteIfExists(settings.resolve("org.eclipse.equinox.p2.artifact.repository.prefs"));
        Files.deleteIfExists(settings.resolve("org.eclipse.equinox.p2.metadata.repository.prefs"));
        Path registry = home.resolve("p2/org.eclipse.equinox.p2.engine/profileRegistry");
        if (Files.isDirectory(registry)) {
            try (Stream<Path> profiles = Files.list(registry)) {
                for (Path profile : profiles.filter(Files::isDirectory).toList()) {
                    List<Path> states;
                    try (Stream<Path> l = Files.list(profile)) {
                        states = l.filter(f -> f.getFileName().toString().matches("\\d+\\.profile\\.gz")).sorted((a, b) ->
                                Long.compare(Long.parseLong(a.getFileName().toString().split("\\.")[0]),
                                        Long.parseLong(b.getFileName().toString().split("\\.")[0]))).toList();
                    }
                    if (states.isEmpty()) {
                        continue;
                    }
                    String xml;
                    try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(states.get(states.size() - 1)))) {
                        xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    for (Path state : states) {
                        Files.delete(state);
                    }
                    xml = xml.replaceFirst("(<profile id='[^']*' timestamp=')\\d+'", "$1" + stamp + "'");
                    xml = sortElements(xml, "<properties size=", "</properties>", PROPERTY);
                    xml = sortElements(xml, "<provides size=", "</provides>", PROVIDED);
                    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(profile.resolve(stamp + ".profile.gz")))) {
                        o.write(xml.getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        Map<String, Long> restamped = new TreeMap<>(); // id_version -> new size
        Path binary = home.resolve("p2/org.eclipse.equinox.p2.core/cache/binary");
        if (Files.isDirectory(binary)) {
            try (Stream<Path> s = Files.list(binary)) {
                for (Path zip : s.filter(Files::isRegularFile).sorted().toList()) {
                    restampZip(zip);
                    restamped.put(zip.getFileName().toString(), Files.size(zip));
                }
            }
        }
        for (Path artifacts : List.of(home.resolve("artifacts.xml"), home.resolve("p2/org.eclipse.equinox.p2.core/cache/artifacts.xml"))) {
            if (Files.exists(artifacts)) {
                String xml = Files.readString(artifacts, StandardCharsets.UTF_8)
                        .replaceAll("(<property name='p2\\.timestamp' value=')\\d+'", "$1" + stamp + "'");
                if (artifacts.getParent().getFileName().toString().equals("cache")) {
                    for (Map.Entry<String, Long> e : restamped.entrySet()) {
                        int us = e.getKey().lastIndexOf('_');
                        String head = "<artifact classifier='binary' id='" + e.getKey().substring(0, us) + "' version='"
                                + e.getKey().substring(us + 1) + "'>";
                        int at = xml.indexOf(head);
                        int end = at < 0 ? -1 : xml.indexOf("</artifact>", at);
                        if (end > 0) {
                            String art = xml.substring(at, end).replaceAll("(name='(?:download|artifact)\\.size' value=')\\d+'",
                                    "$1" + e.getValue() + "'");
                            xml = xml.substring(0, at) + art + xml.substring(end);
                        }
                    }
                }
                Files.writeString(artifacts, sortArtifacts(sortElements(xml, "<properties size=", "</properties>", PROPERTY)),
                        StandardCharsets.UTF_8);
            }
        }
        Path platform = home.resolve("configuration/org.eclipse.update/platform.xml");
        if (Files.exists(platform)) {
            Files.writeString(platform, Files.readString(platform, StandardCharsets.UTF_8)
                    .replaceAll("date=\"\\d+\"", "date=\"" + stamp + "\""), StandardCharsets.UTF_8);
        }
        String dateLine = "#" + new java.text.SimpleDateFormat("EEE MMM dd HH:mm:ss zzz yyyy", java.util.Locale.ROOT)
                .format(new java.util.Date(millis));
        try (Stream<Path> s = Files.walk(home.resolve("p2"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".prefs") || n.equals("jvmargs") || n.endsWith(".properties")) {
                    List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                    if (!lines.isEmpty() && lines.get(0).matches("#\\w{3} \\w{3} \\d{2} \\d{2}:\\d{2}:\\d{2} .*")) {
                        lines.set(0, dateLine);
                        Files.write(f, lines, StandardCharsets.ISO_8859_1);
                    }
                }
            }
        }
    }

    // ---- the p2 repository

    /**
     * Makes the p2 repository Tycho assembled (the update site) byte-identical from one build of a commit to the next
     * (docs/packaging.md, "Provenance"), in place: the root files' zips in {@code binary/} (Tycho stamps their entries
     * with the source files' times, which a fresh checkout sets) get the build date as every entry's time, and their
     * sizes and checksums in the artifact list follow; the metadata ({@code content} and {@code artifacts}) gets the
     * build date as {@code p2.timestamp}, its properties and capabilities sorted (p2 writes them in hash order: the JRE
     * unit's packages differ from build to build) and its artifacts sorted, and is written again as {@code .jar} (one
     * entry stamped with the build date) and {@code .xml.xz} (with the XZ library the product carries, the one p2
     * uses); {@code p2.index} gets the build date as its date line. The jars of {@code plugins/} and
     * {@code features/} are left as they are: Daybreak's are reproducible from the build (their entry times are the
     * qualifier's), the others are Maven Central's bytes. Running it again on its own output changes nothing. The
     * repository's zip is then written again from the result, entries sorted and stamped with the build date.
     */
    void normaliseRepository() throws Exception {
        if (!Files.isRegularFile(repository.resolve("content.jar")) && !Files.isRegularFile(repository.resolve("content.xml.xz"))) {
            throw new IllegalArgumentException("Package.java: no p2 repository (content.jar) in " + repository);
        }
        String stamp = String.valueOf(epochSeconds * 1000);
        Map<String, byte[]> binaries = new TreeMap<>(); // file name in binary/ -> its bytes after restamping
        Path binary = repository.resolve("binary");
        if (Files.isDirectory(binary)) {
            try (Stream<Path> s = Files.list(binary)) {
                for (Path zip : s.filter(Files::isRegularFile).sorted().toList()) {
                    restampZip(zip);
                    binaries.put(zip.getFileName().toString(), Files.readAllBytes(zip));
                }
            }
        }
        String content = readMetadata("content");
        content = content.replaceFirst("(<property name='p2\\.timestamp' value=')\\d+'", "$1" + stamp + "'");
        content = sortElements(content, "<properties size=", "</properties>", PROPERTY);
        content = sortElements(content, "<provides size=", "</provides>", PROVIDED);
        writeMetadata("content", content);
        String artifacts = readMetadata("artifacts");
        artifacts = artifacts.replaceFirst("(<property name='p2\\.timestamp' value=')\\d+'", "$1" + stamp + "'");
        java.util.regex.Matcher m = Pattern.compile("(?s)<artifact classifier='binary' id='([^']+)' version='([^']+)'>.*?</artifact>")
                .matcher(artifacts);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            byte[] data = binaries.get(m.group(1) + "_" + m.group(2));
            String art = m.group();
            if (data != null) {
                art = art.replaceAll("(name='(?:download|artifact)\\.size' value=')\\d+'", "$1" + data.length + "'")
                        .replaceAll("(name='download\\.checksum\\.sha-256' value=')[0-9a-f]+'", "$1" + digest("SHA-256", data) + "'")
                        .replaceAll("(name='download\\.checksum\\.sha-512' value=')[0-9a-f]+'", "$1" + digest("SHA-512", data) + "'")
                        .replaceAll("(name='download\\.(?:checksum\\.)?md5' value=')[0-9a-f]+'", "$1" + digest("MD5", data) + "'");
            }
            m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(art));
        }
        m.appendTail(b);
        writeMetadata("artifacts", sortArtifacts(sortElements(b.toString(), "<properties size=", "</properties>", PROPERTY)));
        Path index = repository.resolve("p2.index");
        if (Files.exists(index)) {
            List<String> lines = Files.readAllLines(index, StandardCharsets.ISO_8859_1);
            if (!lines.isEmpty() && lines.get(0).matches("#\\w{3} \\w{3} \\d{2} \\d{2}:\\d{2}:\\d{2} .*")) {
                lines.set(0, dateLine());
                replaceFile(index, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        if (repositoryZip != null && Files.isRegularFile(repositoryZip)) {
            // Tycho's zip of the repository (the module's Maven artifact), made before this step: again from the result
            List<Entry> entries = entries(repository, "", p -> true).stream()
                    .map(e -> new Entry(e.name().substring(1), e.file(), e.executable()))
                    .filter(e -> !e.name().isEmpty()).toList();
            writeZip(repositoryZip, entries);
        }
    }

    /** content or artifacts of the repository as XML, from its .jar (else its .xml.xz). */
    String readMetadata(String name) throws Exception {
        Path jar = repository.resolve(name + ".jar");
        if (Files.isRegularFile(jar)) {
            try (ZipFile z = new ZipFile(jar.toFile())) {
                ZipEntry e = z.getEntry(name + ".xml");
                if (e == null) {
                    throw new IllegalStateException(jar + " holds no " + name + ".xml");
                }
                try (InputStream in = z.getInputStream(e)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        try (InputStream in = xz(Files.newInputStream(repository.resolve(name + ".xml.xz")))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Writes content or artifacts in each form the repository has (.jar, .xml.xz, .xml). */
    void writeMetadata(String name, String xml) throws Exception {
        byte[] data = xml.getBytes(StandardCharsets.UTF_8);
        Path jar = repository.resolve(name + ".jar");
        if (Files.isRegularFile(jar)) {
            Path tmp = jar.resolveSibling(jar.getFileName() + ".part");
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(tmp))) {
                ZipEntry e = new ZipEntry(name + ".xml");
                e.setLastModifiedTime(FileTime.from(epochSeconds, TimeUnit.SECONDS));
                z.putNextEntry(e);
                z.write(data);
                z.closeEntry();
            }
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        Path xz = repository.resolve(name + ".xml.xz");
        if (Files.isRegularFile(xz)) {
            Path tmp = xz.resolveSibling(xz.getFileName() + ".part");
            try (OutputStream o = xzOut(Files.newOutputStream(tmp))) {
                o.write(data);
            }
            Files.move(tmp, xz, StandardCopyOption.REPLACE_EXISTING);
        }
        Path plain = repository.resolve(name + ".xml");
        if (Files.isRegularFile(plain)) {
            replaceFile(plain, data);
        }
    }

    /** Writes a file as a new one (a hard-linked copy of a repository keeps its twin's bytes). */
    static void replaceFile(Path file, byte[] data) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        Files.write(tmp, data);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The XZ library (org.tukaani.xz, as p2 uses it to write and read {@code .xml.xz}; the JDK has no XZ) from a
     * materialized product's plugins/, loaded once.
     */
    ClassLoader xzLoader;

    ClassLoader xzLoader() throws IOException {
        if (xzLoader == null) {
            Path jar;
            try (Stream<Path> s = Files.walk(products)) {
                jar = s.filter(p -> p.getFileName().toString().matches("org\\.tukaani\\.xz_.*\\.jar")
                        && p.getParent().getFileName().toString().equals("plugins")).sorted().findFirst()
                        .orElseThrow(() -> new IllegalStateException("Package.java: no org.tukaani.xz jar in the products under "
                                + products + " to write the p2 repository's .xml.xz metadata with"));
            }
            xzLoader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, Package.class.getClassLoader());
        }
        return xzLoader;
    }

    /** An XZ stream (LZMA2, XZ's default preset 6, CRC64 check: p2's choice) around {@code out}. */
    OutputStream xzOut(OutputStream out) throws Exception {
        ClassLoader l = xzLoader();
        Class<?> options = l.loadClass("org.tukaani.xz.LZMA2Options");
        Class<?> filter = l.loadClass("org.tukaani.xz.FilterOptions");
        return (OutputStream) l.loadClass("org.tukaani.xz.XZOutputStream").getConstructor(OutputStream.class, filter)
                .newInstance(out, options.getConstructor().newInstance());
    }

    InputStream xz(InputStream in) throws Exception {
        return (InputStream) xzLoader().loadClass("org.tukaani.xz.XZInputStream").getConstructor(InputStream.class)
                .newInstance(in);
    }

    static String digest(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    String dateLine() {
        return "#" + new java.text.SimpleDateFormat("EEE MMM dd HH:mm:ss zzz yyyy", java.util.Locale.ROOT)
                .format(new java.util.Date(epochSeconds * 1000));
    }

    /** One single-line {@code <property .../>} of p2's XML. */
    static final String PROPERTY = "[ \\t]*<property [^\\n]*/>\\n";
    /** One {@code <provided .../>} capability (single-line, or with nested elements up to its end tag). */
    static final String PROVIDED = "(?s)[ \\t]*<provided [^>]*?(/>|>.*?</provided>)\\n";

    /**
     * Sorts the elements matched by {@code element} inside every block from {@code open} to {@code close} (p2 writes
     * capabilities and properties in hash order); a block holding anything else is left as it is.
     */
    static String sortElements(String xml, String open, String close, String element) {
        Pattern e = Pattern.compile(element);
        StringBuilder b = new StringBuilder();
        int at = 0;
        for (int start = xml.indexOf(open); start >= 0; start = xml.indexOf(open, at)) {
            int bodyStart = xml.indexOf('\n', start) + 1;
            int end = xml.indexOf(close, bodyStart);
            int bodyEnd = xml.lastIndexOf('\n', end) + 1;
            b.append(xml, at, bodyStart);
            String body = xml.substring(bodyStart, Math.max(bodyStart, bodyEnd));
            java.util.regex.Matcher m = e.matcher(body);
            List<String> items = new ArrayList<>();
            int covered = 0;
            while (m.find() && m.start() == covered) {
                items.add(m.group());
                covered = m.end();
            }
            if (covered == body.length()) {
                items.sort(null);
                items.forEach(b::append);
            } else {
                b.append(body);
            }
            at = Math.max(bodyStart, bodyEnd);
        }
        return b.append(xml.substring(at)).toString();
    }

    /** The {@code <artifact>} elements of a p2 artifact list in order of classifier, id and version. */
    static String sortArtifacts(String xml) {
        int open = xml.indexOf("<artifacts size=");
        if (open < 0) {
            return xml;
        }
        int bodyStart = xml.indexOf('\n', open) + 1;
        int close = xml.indexOf("</artifacts>", bodyStart);
        int bodyEnd = xml.lastIndexOf('\n', close) + 1;
        java.util.regex.Matcher m = Pattern.compile("(?s)[ \t]*<artifact .*?</artifact>\n").matcher(xml.substring(bodyStart, bodyEnd));
        List<String> items = new ArrayList<>();
        while (m.find()) {
            items.add(m.group());
        }
        items.sort(null);
        return xml.substring(0, bodyStart) + String.join("", items) + xml.substring(bodyEnd);
    }

    /** Rewrites a zip with the build date as every entry's time (same entries, order, data and methods). */
    void restampZip(Path zip) throws IOException {
        Path tmp = zip.resolveSibling(zip.getFileName() + ".part");
        FileTime t = FileTime.from(epochSeconds, TimeUnit.SECONDS);
        try (ZipFile in = new ZipFile(zip.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                ZipEntry n = new ZipEntry(e.getName());
                n.setLastModifiedTime(t);
                out.putNextEntry(n);
                try (InputStream d = in.getInputStream(e)) {
                    d.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING);
    }

    void writeVersion(Path home, String platform) throws IOException {
        String text = "# Written by the build (releng/packaging/Package.java)\n"
                + "version=" + version + "\n"
                + "git.describe=" + describe + "\n"
                + "build.date=" + Instant.ofEpochSecond(epochSeconds) + "\n"
                + "platform=" + platform + "\n";
        Files.writeString(home.resolve("version.properties"), text);
    }

    // ---- third-party components

    /** One bundled library (or Daybreak's own bundle): where it is, its name, version, licence and digest. */
    record Component(String path, String name, String version, String licence, String sha256, String purl) {
        boolean own() {
            return name.startsWith("org.daybreak.");
        }
    }

    List<Component> components(Path home) throws Exception {
        List<Component> list = new ArrayList<>();
        Path plugins = home.resolve("plugins");
        try (Stream<Path> s = Files.list(plugins)) {
            for (Path p : s.sorted().toList()) {
                String file = p.getFileName().toString();
                String base = file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file;
                int us = base.indexOf('_');
                String name = us < 0 ? base : base.substring(0, us);
                String ver = us < 0 ? "" : base.substring(us + 1);
                String rel = "plugins/" + file;
                if (Files.isDirectory(p)) {
                    list.add(new Component(rel + "/", name, ver, licence(name), null, null));
                    Path lib = p.resolve("lib");
                    if (Files.isDirectory(lib)) {
                        try (Stream<Path> l = Files.list(lib)) {
                            for (Path j : l.sorted().toList()) {
                                String jn = j.getFileName().toString().replaceFirst("\\.jar$", "");
                                String[] gav = mavenCoordinates(j);
                                String jv = gav != null ? gav[2] : manifestVersion(j);
                                list.add(new Component(rel + "/lib/" + j.getFileName(), jn, jv, licence(jn), sha256(j),
                                        gav == null ? null : "pkg:maven/" + gav[0] + "/" + gav[1] + "@" + gav[2]));
                            }
                        }
                    }
                } else {
                    String[] gav = mavenCoordinates(p);
                    list.add(new Component(rel, name, ver, licence(name), sha256(p),
                            gav == null ? null : "pkg:maven/" + gav[0] + "/" + gav[1] + "@" + gav[2]));
                }
            }
        }
        List<String> missing = list.stream().filter(c -> !c.own() && c.licence() == null).map(Component::path).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no licence known for " + missing
                    + ": check each library's licence and add it to releng/packaging/licences.properties");
        }
        return list;
    }

    /** The licence of the longest prefix of licences.properties that starts the name, or null. */
    String licence(String name) {
        if (name.startsWith("org.daybreak.")) {
            return null;
        }
        String best = null;
        for (String k : licences.keySet()) {
            if (name.startsWith(k) && (best == null || k.length() > best.length())) {
                best = k;
            }
        }
        return best == null ? null : licences.get(best);
    }

    /** groupId, artifactId, version from the jar's Maven metadata (META-INF/maven/.../pom.properties), or null. */
    static String[] mavenCoordinates(Path jar) {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> poms = z.stream()
                    .filter(e -> e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties"))
                    .toList();
            if (poms.size() != 1) {
                return null;
            }
            Properties p = new Properties();
            try (InputStream in = z.getInputStream(poms.get(0))) {
                p.load(in);
            }
            String g = p.getProperty("groupId"), a = p.getProperty("artifactId"), v = p.getProperty("version");
            return g == null || a == null || v == null ? null : new String[] {g, a, v};
        } catch (IOException e) {
            return null;
        }
    }

    static String manifestVersion(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            if (m == null) {
                return "";
            }
            String v = m.getMainAttributes().getValue("Bundle-Version");
            if (v == null) {
                v = m.getMainAttributes().getValue("Implementation-Version");
            }
            return v == null ? "" : v;
        } catch (IOException e) {
            return "";
        }
    }

    static void writeThirdParty(Path home, List<Component> components, String title) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(title).append(": third-party libraries\n\n");
        b.append("Every library this installation carries, with its version and licence (SPDX identifier).\n");
        b.append("The licence texts are inside each library (about.html, META-INF/LICENSE*) or at spdx.org/licenses.\n\n");
        b.append(String.format("%-58s %-34s %s%n", "library", "version", "licence"));
        for (Component c : components) {
            if (!c.own()) {
                b.append(String.format("%-58s %-34s %s%n", c.name(), c.version(), c.licence()));
            }
        }
        Files.writeString(home.resolve("THIRD-PARTY.txt"), b.toString());
    }

    /** A CycloneDX 1.5 bill of materials (JSON) for one archive. */
    void writeSbom(Path file, String archiveName, String platform, List<Component> components) throws Exception {
        StringBuilder b = new StringBuilder();
        String serial = UUID.nameUUIDFromBytes((archiveName + describe + components).getBytes(StandardCharsets.UTF_8))
                .toString();
        b.append("{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.5\",\n");
        b.append("  \"serialNumber\": \"urn:uuid:").append(serial).append("\",\n  \"version\": 1,\n");
        b.append("  \"metadata\": {\n    \"timestamp\": \"").append(Instant.ofEpochSecond(epochSeconds)).append("\",\n");
        b.append("    \"tools\": {\"components\": [{\"type\": \"application\", \"name\": \"releng/packaging/Package.java\"}]},\n");
        b.append("    \"component\": {\"type\": \"application\", \"bom-ref\": \"daybreak\", \"name\": \"")
                .append(json(archiveName)).append("\", \"version\": \"").append(json(version)).append("\",\n");
        b.append("      \"properties\": [{\"name\": \"daybreak:git-describe\", \"value\": \"").append(json(describe))
                .append("\"}, {\"name\": \"daybreak:platform\", \"value\": \"").append(json(platform)).append("\"}]}\n");
        b.append("  },\n  \"components\": [\n");
        for (int i = 0; i < components.size(); i++) {
            Component c = components.get(i);
            b.append("    {\"type\": \"library\", \"bom-ref\": \"").append(json(c.path())).append("\", \"name\": \"")
                    .append(json(c.name())).append("\", \"version\": \"").append(json(c.version())).append('"');
            if (c.own()) {
                b.append(", \"group\": \"org.daybreak\"");
            }
            if (c.purl() != null) {
                b.append(", \"purl\": \"").append(json(c.purl())).append('"');
            }
            if (c.sha256() != null) {
                b.append(", \"hashes\": [{\"alg\": \"SHA-256\", \"content\": \"").append(c.sha256()).append("\"}]");
            }
            if (c.licence() != null) {
                b.append(", \"licenses\": [{\"expression\": \"").append(json(c.licence())).append("\"}]");
            }
            b.append('}').append(i + 1 < components.size() ? ",\n" : "\n");
        }
        b.append("  ]\n}\n");
        Files.writeString(file, b.toString());
    }

    static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    // ---- reproducible archives

    /** One archive entry: its path in the archive, the file (null for a folder), executable or not. */
    record Entry(String name, Path file, boolean executable) {
    }

    static List<Entry> entries(Path dir, String rootName, java.util.function.Predicate<Path> keep) throws IOException {
        List<Entry> list = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(keep).toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                String name = rel.isEmpty() ? rootName + "/" : rootName + "/" + rel;
                if (Files.isDirectory(p)) {
                    list.add(new Entry(name.endsWith("/") ? name : name + "/", null, true));
                } else if (Files.isRegularFile(p)) {
                    list.add(new Entry(name, p, Files.isExecutable(p)));
                }
            }
        }
        list.sort((x, y) -> x.name().compareTo(y.name()));
        return list;
    }

    void writeTarGz(Path archive, List<Entry> entries) throws IOException {
        Path tmp = archive.resolveSibling(archive.getFileName() + ".part");
        try (OutputStream o = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            for (Entry e : entries) {
                long size = e.file() == null ? 0 : Files.size(e.file());
                o.write(tarHeader(e.name(), size, e.file() == null || e.executable() ? 0755 : 0644,
                        e.file() == null ? '5' : '0'));
                if (e.file() != null) {
                    try (InputStream in = Files.newInputStream(e.file())) {
                        for (int n; (n = in.read(buf)) > 0;) {
                            o.write(buf, 0, n);
                        }
                    }
                    int pad = (int) ((512 - size % 512) % 512);
                    o.write(new byte[pad]);
                }
            }
            o.write(new byte[1024]);
        }
        Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A POSIX ustar header; names longer than 100 bytes are split into prefix and name at a '/'. */
    byte[] tarHeader(String path, long size, int mode, char type) {
        byte[] h = new byte[512];
        byte[] full = path.getBytes(StandardCharsets.UTF_8);
        String name = path, prefix = "";
        if (full.length > 100) {
            int cut = path.lastIndexOf('/', path.endsWith("/") ? path.length() - 2 : path.length() - 1);
            while (cut > 0 && (cut > 155 || path.length() - cut - 1 > 100)) {
                cut = path.lastIndexOf('/', cut - 1);
            }
            if (cut <= 0) {
                throw new IllegalArgumentException("path too long for a tar header: " + path);
            }
            prefix = path.substring(0, cut);
            name = path.substring(cut + 1);
        }
        put(h, 0, 100, name);
        put(h, 100, 8, String.format("%07o", mode));
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size));
        put(h, 136, 12, String.format("%011o", epochSeconds));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = (byte) type;
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        put(h, 265, 32, "root");
        put(h, 297, 32, "root");
        put(h, 345, 155, prefix);
        int sum = 0;
        for (byte x : h) {
            sum += x & 0xff;
        }
        put(h, 148, 8, String.format("%06o", sum) + "\0 ");
        return h;
    }

    static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }

    void writeZip(Path archive, List<Entry> entries) throws IOException {
        Path tmp = archive.resolveSibling(archive.getFileName() + ".part");
        FileTime t = FileTime.from(epochSeconds, TimeUnit.SECONDS);
        try (ZipOutputStream z = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
            for (Entry e : entries) {
                ZipEntry ze = new ZipEntry(e.name());
                ze.setLastModifiedTime(t);
                z.putNextEntry(ze);
                if (e.file() != null) {
                    Files.copy(e.file(), z);
                }
                z.closeEntry();
            }
        }
        Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING);
    }

    // ---- helpers

    String git(String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            p.getInputStream().transferTo(o);
            p.getErrorStream().transferTo(OutputStream.nullOutputStream());
            return p.waitFor() == 0 && o.size() > 0 ? o.toString(StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static Path single(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> l = s.toList();
            if (l.size() != 1) {
                throw new IllegalStateException("expected one product folder in " + dir + ", found " + l);
            }
            return l.get(0);
        }
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    copy(p, t);
                }
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(x);
            }
        }
    }

    static String need(Map<String, String> a, String k) {
        String v = a.get(k);
        if (v == null) {
            throw new IllegalArgumentException("Package.java: missing " + k);
        }
        return v;
    }
}
