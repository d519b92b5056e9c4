package org.daybreak.hdf5;

import java.io.IOException;
import java.util.Map;

/**
 * One entry of an HDF5 file: a group, a dataset, or a link as stored in its parent group.
 *
 * <p>Nodes from {@link H5File#children(String)} keep links as links ({@link Kind#SOFT_LINK},
 * {@link Kind#EXTERNAL_LINK}) with {@link #isBroken()} telling whether the target can be reached; nodes from
 * {@link H5File#node(String)} are already resolved to the group or dataset the path leads to.
 */
public final class H5Node {

    /** What the entry is. */
    public enum Kind { GROUP, DATASET, SOFT_LINK, EXTERNAL_LINK, DATATYPE }

    private final H5File file;
    private final String path;
    private final Kind kind;
    private final boolean broken;
    private final String linkTarget;
    private final String linkFile;
    private final String problem;

    H5Node(H5File file, String path, Kind kind, boolean broken, String linkTarget, String linkFile, String problem) {
        this.file = file;
        this.path = path;
        this.kind = kind;
        this.broken = broken;
        this.linkTarget = linkTarget;
        this.linkFile = linkFile;
        this.problem = problem;
    }

    /** Absolute path of the entry in the file it was reached from (e.g. {@code /entry/data/data}). */
    public String path() {
        return path;
    }

    /** Last component of the path ({@code "/"} for the root). */
    public String name() {
        if (path.equals("/")) {
            return "/";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isGroup() {
        return kind == Kind.GROUP;
    }

    public boolean isDataset() {
        return kind == Kind.DATASET;
    }

    public boolean isLink() {
        return kind == Kind.SOFT_LINK || kind == Kind.EXTERNAL_LINK;
    }

    /** True for a link whose target cannot be reached (missing object, missing file, cycle); false otherwise. */
    public boolean isBroken() {
        return broken;
    }

    /** Why a broken link does not resolve, or why the entry cannot be read; {@code null} when it is fine. */
    public String problem() {
        return problem;
    }

    /** Target path of a soft or external link, else {@code null}. */
    public String linkTarget() {
        return linkTarget;
    }

    /** Target file name of an external link as stored in the file, else {@code null}. */
    public String linkFile() {
        return linkFile;
    }

    /** The attributes of the entry (of the target, for a link that resolves; empty for a broken one). */
    public Map<String, Object> attributes() throws IOException {
        if (broken) {
            return Map.of();
        }
        return file.attributes(path);
    }

    @Override
    public String toString() {
        return kind + " " + path + (linkTarget != null ? " -> " + (linkFile != null ? linkFile + ":" : "")
                + linkTarget + (broken ? " (broken)" : "") : "");
    }
}
