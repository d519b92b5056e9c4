package org.daybreak.hdf5.ui;

import java.util.Arrays;
import java.util.Locale;

/**
 * What one tree item of the Data Browser stands for: an open file, a group, a dataset, a link (working or broken),
 * an entry that could not be read, or the "listing..." placeholder of a group not yet listed. Built off the UI
 * thread from the file's metadata only (object headers and attributes, never dataset values).
 * Widget-free, but it stays here: it is the Data Browser tree's item model (icons, labels, lazy children) and
 * nothing outside the view needs it.
 *
 * @param path      absolute path in the file ({@code /} for the file item)
 * @param shape     dataset shape (of the link's target for a link to a dataset), {@code null} for others
 * @param dtype     NumPy dtype string of a dataset, else {@code null}
 * @param nxClass   the {@code NX_class} attribute of a group, else {@code null}
 * @param linkText  "target" or "file:target" of a link, else {@code null}
 * @param problem   why a broken link does not resolve or why an entry cannot be read, else {@code null}
 * @param group     true when the entry (or the link's target) is a group that can be expanded
 */
record BrowserEntry(Kind kind, String path, int[] shape, String dtype, String nxClass, String linkText, String problem,
        boolean group) {

    enum Kind {
        FILE, GROUP, DATASET, LINK, BROKEN_LINK, DATATYPE, ERROR, PLACEHOLDER
    }

    String name() {
        if (path.equals("/")) {
            return "/";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    boolean isDataset() {
        return shape != null;
    }

    /** Text shown in the tree: name, then NeXus class, shape and type, link target or problem. */
    String label() {
        StringBuilder b = new StringBuilder(name());
        if (nxClass != null && !nxClass.isEmpty()) {
            b.append("  (").append(nxClass).append(')');
        }
        if (shape != null) {
            b.append("  ").append(shapeText(shape));
            if (dtype != null) {
                b.append(' ').append(dtype);
            }
        }
        if (linkText != null) {
            b.append("  \u2192 ").append(linkText);
        }
        if (kind == Kind.BROKEN_LINK) {
            b.append("  (broken)");
        }
        return b.toString();
    }

    Icons.Kind icon() {
        return switch (kind) {
            case FILE -> Icons.Kind.FILE;
            case GROUP -> "NXentry".equals(nxClass) ? Icons.Kind.NXENTRY
                    : "NXdata".equals(nxClass) ? Icons.Kind.NXDATA : Icons.Kind.GROUP;
            case DATASET -> datasetIcon(shape);
            case LINK -> Icons.Kind.LINK;
            case BROKEN_LINK -> Icons.Kind.BROKEN_LINK;
            case DATATYPE -> Icons.Kind.DATATYPE;
            case ERROR -> Icons.Kind.ERROR;
            case PLACEHOLDER -> null;
        };
    }

    /** Icon by rank: a scalar, 1-D, 2-D, or more axes; axes of length 1 are not counted. */
    static Icons.Kind datasetIcon(int[] shape) {
        int rank = (int) Arrays.stream(shape).filter(n -> n != 1).count();
        return rank == 0 ? Icons.Kind.SCALAR
                : rank == 1 ? Icons.Kind.DATASET_1D : rank == 2 ? Icons.Kind.DATASET_2D : Icons.Kind.DATASET_ND;
    }

    static String shapeText(int[] shape) {
        if (shape.length == 0) {
            return "scalar";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                b.append(" \u00d7 ");
            }
            b.append(shape[i]);
        }
        return b.toString();
    }

    /** Bytes in a short human form (binary units). */
    static String bytesText(long n) {
        if (n < 0) {
            return "unknown";
        }
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], n);
    }
}
