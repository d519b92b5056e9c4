package org.daybreak.hdf5.nexus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.daybreak.hdf5.H5Dataset;
import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.H5Node;

/**
 * The default plot of a NeXus file: an NXdata group, its signal dataset and one axis per signal dimension.
 *
 * <p>Search order (NeXus manual, "Find the plottable data"): the {@code @default} attribute chain from the root
 * (root → NXentry → ... → NXdata); else the first NXentry's {@code @default} chain, else the first NXdata
 * found depth-first in the file's group order (NXentry groups first). Within the NXdata: the signal is
 * {@code @signal}, else the dataset carrying the old {@code signal=1} attribute, else a dataset named
 * {@code data}. Axes: {@code @axes} (names, {@code "."} for none) mapped to dimensions through
 * {@code AXISNAME_indices} where given, else in order; else the signal's old {@code axes="x:y"} attribute; else
 * datasets with the old {@code axis=N} attribute (1-based dimension, {@code primary=1} preferred).
 */
public final class NexusData {
    private final H5File file;
    private final String groupPath;
    private final String signalPath;
    private final List<String> axisPaths;

    private NexusData(H5File file, String groupPath, String signalPath, List<String> axisPaths) {
        this.file = file;
        this.groupPath = groupPath;
        this.signalPath = signalPath;
        this.axisPaths = axisPaths;
    }

    /** Path of the NXdata group. */
    public String groupPath() {
        return groupPath;
    }

    /** Path of the signal dataset (inside the NXdata group; it may be a link). */
    public String signalPath() {
        return signalPath;
    }

    /** One entry per signal dimension: the axis dataset's path, or {@code null} where there is none ("."). */
    public List<String> axisPaths() {
        return axisPaths;
    }

    /** The {@code units} attribute of the dataset at a path, or {@code null}. */
    public String units(String path) {
        return textAttribute(path, "units");
    }

    /** The {@code long_name} attribute of the dataset at a path, or {@code null}. */
    public String longName(String path) {
        return textAttribute(path, "long_name");
    }

    private String textAttribute(String path, String name) {
        if (path == null) {
            return null;
        }
        try {
            return NexusUtil.text(file.attribute(path, name));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Finds the default plot.
     *
     * @return empty when the file has no NXdata group with a signal
     * @throws IOException when the file cannot be read
     */
    public static Optional<NexusData> findDefault(H5File f) throws IOException {
        String viaDefault = followDefault(f, "/");
        if (viaDefault != null) {
            Optional<NexusData> d = of(f, viaDefault);
            if (d.isPresent()) {
                return d;
            }
        }
        List<String> entries = new ArrayList<>();
        for (H5Node n : f.children("/")) {
            if (n.isGroup() && "NXentry".equals(NexusUtil.nxClass(f, n.path()))) {
                entries.add(n.path());
            }
        }
        for (String e : entries) {
            String d = followDefault(f, e);
            if (d != null) {
                Optional<NexusData> nd = of(f, d);
                if (nd.isPresent()) {
                    return nd;
                }
            }
        }
        List<String> roots = new ArrayList<>(entries);
        roots.add("/");
        for (String r : roots) {
            Optional<NexusData> nd = firstNxdata(f, r, 0);
            if (nd.isPresent()) {
                return nd;
            }
        }
        return Optional.empty();
    }

    /** Follows {@code @default} attributes from a group; the NXdata (or last group) reached, or null. */
    private static String followDefault(H5File f, String start) {
        String cur = start;
        boolean moved = false;
        for (int depth = 0; depth < 16; depth++) {
            if ("NXdata".equals(NexusUtil.nxClass(f, cur))) {
                return cur;
            }
            String def;
            try {
                def = NexusUtil.text(f.attribute(cur, "default"));
            } catch (IOException | RuntimeException e) {
                def = null;
            }
            if (def == null || def.isBlank()) {
                break;
            }
            String next = def.startsWith("/") ? def : (cur.equals("/") ? "" : cur) + "/" + def;
            if (!f.exists(next)) {
                break;
            }
            cur = next;
            moved = true;
        }
        if (moved && "NXdata".equals(NexusUtil.nxClass(f, cur))) {
            return cur;
        }
        return null;
    }

    private static Optional<NexusData> firstNxdata(H5File f, String group, int depth) {
        if (depth > 8) {
            return Optional.empty();
        }
        List<H5Node> kids;
        try {
            kids = f.children(group);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (H5Node n : kids) {
            if (n.isGroup() && "NXdata".equals(NexusUtil.nxClass(f, n.path()))) {
                Optional<NexusData> d = of(f, n.path());
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        for (H5Node n : kids) {
            if (n.isGroup()) {
                Optional<NexusData> d = firstNxdata(f, n.path(), depth + 1);
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Reads the NXdata group at a path.
     *
     * @return empty when the group has no identifiable signal
     */
    public static Optional<NexusData> of(H5File f, String group) {
        Map<String, Object> attrs;
        List<H5Node> kids;
        try {
            attrs = f.attributes(group);
            kids = f.children(group);
        } catch (IOException e) {
            return Optional.empty();
        }
        String base = group.equals("/") ? "" : group;
        Map<String, H5Node> byName = new LinkedHashMap<>();
        for (H5Node k : kids) {
            byName.put(k.name(), k);
        }
        String signal = null;
        String s = NexusUtil.text(attrs.get("signal"));
        if (s != null && byName.containsKey(s)) {
            signal = base + "/" + s;
        }
        if (signal == null) {
            for (H5Node k : kids) {
                if (k.isDataset()) {
                    String v = attr(f, k.path(), "signal");
                    if ("1".equals(v)) {
                        signal = k.path();
                        break;
                    }
                }
            }
        }
        if (signal == null && byName.containsKey("data")) {
            signal = base + "/data";
        }
        if (signal == null) {
            return Optional.empty();
        }
        int rank = rankOf(f, signal);
        List<String> axesAttr = NexusUtil.textList(attrs.get("axes"));
        if (rank < 0) {
            rank = axesAttr.size(); // the signal cannot be read (e.g. a missing external file): trust @axes
        }
        String[] axes = new String[Math.max(rank, 0)];
        if (!axesAttr.isEmpty()) {
            boolean indexed = false;
            for (String a : axesAttr) {
                if (a.equals(".")) {
                    continue;
                }
                List<Long> idx = NexusUtil.longList(attrs.get(a + "_indices"));
                if (!idx.isEmpty()) {
                    indexed = true;
                    long d = idx.get(0);
                    if (d >= 0 && d < axes.length && axes[(int) d] == null) {
                        axes[(int) d] = base + "/" + a;
                    }
                }
            }
            if (!indexed) {
                for (int i = 0; i < Math.min(axes.length, axesAttr.size()); i++) {
                    String a = axesAttr.get(i);
                    axes[i] = a.equals(".") ? null : base + "/" + a;
                }
            } else {
                for (int i = 0; i < Math.min(axes.length, axesAttr.size()); i++) {
                    String a = axesAttr.get(i);
                    if (axes[i] == null && !a.equals(".") && NexusUtil.longList(attrs.get(a + "_indices")).isEmpty()) {
                        axes[i] = base + "/" + a;
                    }
                }
            }
        } else {
            String old = attr(f, signal, "axes");
            if (old != null && !old.isBlank()) {
                String[] names = old.split("[:,\\s]+");
                for (int i = 0; i < Math.min(axes.length, names.length); i++) {
                    axes[i] = byName.containsKey(names[i]) ? base + "/" + names[i] : null;
                }
            } else {
                int[] best = new int[axes.length];
                for (H5Node k : kids) {
                    if (!k.isDataset() || k.path().equals(signal)) {
                        continue;
                    }
                    String ax = attr(f, k.path(), "axis");
                    if (ax == null) {
                        continue;
                    }
                    for (String part : ax.split("[,\\s]+")) {
                        try {
                            int d = Integer.parseInt(part.trim()) - 1;
                            int score = "1".equals(attr(f, k.path(), "primary")) ? 2 : 1;
                            if (d >= 0 && d < axes.length && score > best[d]) {
                                axes[d] = k.path();
                                best[d] = score;
                            }
                        } catch (NumberFormatException e) {
                            // not a dimension number
                        }
                    }
                }
            }
        }
        return Optional.of(new NexusData(f, group, signal, java.util.Collections.unmodifiableList(Arrays.asList(axes))));
    }

    private static String attr(H5File f, String path, String name) {
        try {
            return NexusUtil.text(f.attribute(path, name));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int rankOf(H5File f, String path) {
        try {
            H5Dataset d = f.dataset(path);
            int[] s = d.fileShape();
            return s == null ? 0 : s.length;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return "NexusData[" + groupPath + " signal=" + signalPath + " axes=" + axisPaths + "]";
    }
}
