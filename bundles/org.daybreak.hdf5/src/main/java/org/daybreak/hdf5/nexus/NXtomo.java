package org.daybreak.hdf5.nexus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.H5Node;

/**
 * Where the frames, the image keys and the rotation angles of a tomography scan are in a NeXus file.
 *
 * <p>Search order: a group whose NX_class is NXtomo, or whose {@code definition} reads NXtomo (GDA writes
 * {@code tomo_entry} this way, sometimes with an empty NX_class); there the NXtomo paths
 * {@code data/data} or {@code instrument/detector/data}, {@code instrument/detector/image_key} or
 * {@code data/image_key}, {@code sample/rotation_angle} or {@code data/rotation_angle}. Without an NXtomo
 * (e.g. DIAD, Diamond K11) the default NXdata gives the frames (its signal) and the angles (the axis of dimension
 * 0, or another dataset of that NXdata indexed to dimension 0 whose name speaks of an angle), and the first
 * dataset named {@code image_key} in the entry gives the keys (0 projection, 1 flat, 2 dark, 3 invalid).
 *
 * @param entryPath         the NXtomo (or NXentry) group
 * @param dataPath          the frames [frame][y][x]; may be a link whose file is missing (check {@link #dataResolves})
 * @param imageKeyPath      per-frame image key, or null when the file has none
 * @param rotationAnglePath per-frame rotation angle (units in its {@code units} attribute, usually degrees), or null
 * @param dataResolves      whether the frames can be read
 */
public record NXtomo(String entryPath, String dataPath, String imageKeyPath, String rotationAnglePath,
        boolean dataResolves) {

    /** Finds the tomography scan of a file; empty when neither an NXtomo nor a frames dataset is found. */
    public static Optional<NXtomo> find(H5File f) throws IOException {
        List<String> groups = new ArrayList<>();
        collectGroups(f, "/", 0, groups);
        for (String g : groups) {
            if (isTomo(f, g)) {
                String data = first(f, g + "/data/data", g + "/instrument/detector/data");
                String key = first(f, g + "/instrument/detector/image_key", g + "/data/image_key");
                String angle = first(f, g + "/sample/rotation_angle", g + "/data/rotation_angle");
                if (data == null) {
                    data = firstListed(f, g + "/data/data", g + "/instrument/detector/data");
                }
                if (data != null) {
                    return Optional.of(new NXtomo(g, data, key, angle, f.exists(data)));
                }
            }
        }
        Optional<NexusData> def = NexusData.findDefault(f);
        if (def.isEmpty()) {
            return Optional.empty();
        }
        NexusData d = def.get();
        String entry = entryOf(d.groupPath());
        if (!f.exists(d.signalPath())) {
            // the default plot's frames are missing: take an NXdata of the same entry whose 3-D signal resolves
            for (H5Node n : f.children(entry)) {
                if (n.isGroup() && "NXdata".equals(NexusUtil.nxClass(f, n.path()))) {
                    Optional<NexusData> other = NexusData.of(f, n.path());
                    if (other.isPresent() && f.exists(other.get().signalPath())
                            && f.dataset(other.get().signalPath()).shape().length == 3) {
                        d = other.get();
                        break;
                    }
                }
            }
        }
        String angle = null;
        if (!d.axisPaths().isEmpty() && d.axisPaths().get(0) != null && f.exists(d.axisPaths().get(0))) {
            angle = d.axisPaths().get(0);
        }
        if (angle == null) {
            for (H5Node n : f.children(d.groupPath())) {
                String name = n.name().toLowerCase(Locale.ROOT);
                Object idx = f.exists(d.groupPath()) ? f.attribute(d.groupPath(), n.name() + "_indices") : null;
                boolean dim0 = NexusUtil.longList(idx).contains(0L);
                if (dim0 && !n.isBroken() && (name.contains("theta") || name.contains("rot") || name.contains("angle"))) {
                    angle = n.path();
                    break;
                }
            }
        }
        String key = findNamed(f, entry, "image_key", 0);
        return Optional.of(new NXtomo(entry, d.signalPath(), key, angle, f.exists(d.signalPath())));
    }

    private static String entryOf(String path) {
        int i = path.indexOf('/', 1);
        return i < 0 ? path : path.substring(0, i);
    }

    private static boolean isTomo(H5File f, String g) {
        if ("NXtomo".equals(NexusUtil.nxClass(f, g))) {
            return true;
        }
        try {
            if (f.exists(g + "/definition")) {
                Object v = f.dataset(g + "/definition").read().getObjectFlat(0);
                return v != null && v.toString().trim().equals("NXtomo");
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    private static void collectGroups(H5File f, String g, int depth, List<String> out) throws IOException {
        if (depth > 3) {
            return;
        }
        for (H5Node n : f.children(g)) {
            if (n.isGroup()) {
                out.add(n.path());
            }
        }
        for (H5Node n : f.children(g)) {
            if (n.isGroup()) {
                collectGroups(f, n.path(), depth + 1, out);
            }
        }
    }

    private static String first(H5File f, String... paths) {
        for (String p : paths) {
            if (f.exists(p)) {
                return p;
            }
        }
        return null;
    }

    /** The first path that is at least listed in its group (a link whose target may be missing). */
    private static String firstListed(H5File f, String... paths) {
        for (String p : paths) {
            int i = p.lastIndexOf('/');
            String parent = p.substring(0, i);
            try {
                for (H5Node n : f.children(parent)) {
                    if (n.path().equals(p)) {
                        return p;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // parent missing: try the next
            }
        }
        return null;
    }

    private static String findNamed(H5File f, String group, String name, int depth) throws IOException {
        if (depth > 4) {
            return null;
        }
        List<H5Node> kids = f.children(group);
        for (H5Node n : kids) {
            if (n.name().equals(name) && (n.isDataset() || (n.isLink() && !n.isBroken()))) {
                return n.path();
            }
        }
        for (H5Node n : kids) {
            if (n.isGroup()) {
                String r = findNamed(f, n.path(), name, depth + 1);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }
}
