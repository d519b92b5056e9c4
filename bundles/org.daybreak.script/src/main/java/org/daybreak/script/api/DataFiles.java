package org.daybreak.script.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.hdf5.H5Dataset;
import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.H5Node;
import org.daybreak.hdf5.H5Writer;
import org.daybreak.hdf5.nexus.NexusData;
import org.daybreak.script.array.ArrayMath;
import org.daybreak.script.array.Broadcast;

/**
 * HDF5/NeXus access for {@code daybreak.load} and {@code daybreak.save}, on top of org.daybreak.hdf5.
 * Every error is an {@link IOException} or {@link IllegalArgumentException} with one sentence naming the file.
 */
public final class DataFiles {

    private DataFiles() {
    }

    /**
     * Opens an HDF5 or NeXus file for reading.
     *
     * @throws IOException when the file is missing or not HDF5
     */
    public static H5File open(String path) throws IOException {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new IOException("file " + path + " does not exist");
        }
        return H5File.open(p);
    }

    /**
     * The tree below {@code groupPath} as indented text: groups end in {@code /} and show their NX_class,
     * datasets show their type and shape, links show their target ({@code broken} with the reason when it
     * does not resolve). {@code maxDepth} &lt; 0 means no limit.
     */
    public static String tree(H5File file, String groupPath, int maxDepth) throws IOException {
        StringBuilder b = new StringBuilder();
        H5Node top = file.node(groupPath);
        b.append(top.path()).append(top.isGroup() ? (top.path().equals("/") ? "" : "/") : "");
        if (top.isGroup()) {
            String cls = nxClass(file, top.path());
            b.append(cls == null ? "" : "  [" + cls + "]").append('\n');
            walk(file, top.path(), 1, maxDepth, b);
        } else {
            b.append("  ").append(describeDataset(file, top.path())).append('\n');
        }
        return b.toString();
    }

    private static void walk(H5File file, String group, int depth, int maxDepth, StringBuilder b) throws IOException {
        if (maxDepth >= 0 && depth > maxDepth) {
            return;
        }
        List<H5Node> kids = file.children(group);
        String indent = "  ".repeat(depth);
        for (H5Node n : kids) {
            b.append(indent).append(n.name());
            if (n.isLink()) {
                String target = (n.linkFile() != null ? n.linkFile() + ":" : "") + n.linkTarget();
                if (n.isBroken()) {
                    b.append(" -> ").append(target).append("  (broken: ").append(n.problem()).append(")\n");
                    continue;
                }
                H5Node resolved = file.node(n.path());
                if (resolved.isGroup()) {
                    b.append("/ -> ").append(target).append('\n');
                } else {
                    b.append(" -> ").append(target).append("  ").append(describeDataset(file, n.path())).append('\n');
                }
                // links are not followed further: they may lead back up the tree
                continue;
            }
            if (n.isGroup()) {
                String cls = nxClass(file, n.path());
                b.append('/').append(cls == null ? "" : "  [" + cls + "]").append('\n');
                walk(file, n.path(), depth + 1, maxDepth, b);
            } else if (n.isDataset()) {
                b.append("  ").append(describeDataset(file, n.path())).append('\n');
            } else {
                b.append("  (").append(n.kind().name().toLowerCase(java.util.Locale.ROOT)).append(")\n");
            }
        }
    }

    private static String describeDataset(H5File file, String path) {
        try {
            H5Dataset d = file.dataset(path);
            String shape = d.isScalar() ? "scalar" : Broadcast.text(d.shape());
            return ArrayMath.numpyName(d.dtype()) + " " + shape;
        } catch (IOException | RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String nxClass(H5File file, String path) {
        try {
            Object c = file.attribute(path, "NX_class");
            return c == null ? null : String.valueOf(c);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The default NXdata of a NeXus file (NeXus "find the plottable data" rules), or null. */
    public static NexusData defaultData(H5File file) throws IOException {
        Optional<NexusData> d = NexusData.findDefault(file);
        return d.orElse(null);
    }

    /**
     * Writes arrays to a new HDF5 file (replacing it), each at its path ({@code "data"},
     * {@code "entry/data/data"}); groups on the way are created. {@code attributes} maps an object path to its
     * attributes and may be null.
     *
     * @throws IOException when the file cannot be written
     * @throws IllegalArgumentException for a path used twice or a value that cannot be stored
     */
    public static void save(String path, List<String> datasetPaths, List<NDArray> arrays,
            Map<String, Map<String, Object>> attributes) throws IOException {
        if (datasetPaths.size() != arrays.size()) {
            throw new IllegalArgumentException("save needs one array per dataset path");
        }
        if (datasetPaths.isEmpty()) {
            throw new IllegalArgumentException("save needs at least one array to write to " + path);
        }
        try (H5Writer w = H5Writer.create(Path.of(path))) {
            for (int i = 0; i < arrays.size(); i++) {
                String p = datasetPaths.get(i);
                String abs = p.startsWith("/") ? p : "/" + p;
                if (abs.endsWith("/") || abs.contains("//")) {
                    throw new IllegalArgumentException("'" + p + "' is not a dataset path (use names like entry/data)");
                }
                NDArray a = arrays.get(i);
                if (a.dtype().isText() && a.rank() > 1) {
                    throw new IllegalArgumentException("text dataset '" + p + "' must be 0-D or 1-D");
                }
                w.dataset(abs, a);
            }
            if (attributes != null) {
                for (Map.Entry<String, Map<String, Object>> e : attributes.entrySet()) {
                    String p = e.getKey().startsWith("/") ? e.getKey() : "/" + e.getKey();
                    for (Map.Entry<String, Object> a : e.getValue().entrySet()) {
                        w.attribute(p, a.getKey(), a.getValue());
                    }
                }
            }
        }
    }
}
