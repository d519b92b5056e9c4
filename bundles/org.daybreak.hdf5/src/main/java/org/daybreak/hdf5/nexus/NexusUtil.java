package org.daybreak.hdf5.nexus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.daybreak.hdf5.H5File;

/** Reading NeXus attributes whatever way they were stored (scalar or array, string or number). */
final class NexusUtil {
    private NexusUtil() {
    }

    /** The NX_class of a group, or null. */
    static String nxClass(H5File f, String path) {
        try {
            return text(f.attribute(path, "NX_class"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A single text value: a string, the first of a list, or a number written out. */
    static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l) {
            return l.isEmpty() ? null : text(l.get(0));
        }
        if (v instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        return v.toString().trim();
    }

    /** A list of text values; a single string may hold several names separated by ':' or ','. */
    static List<String> textList(Object v) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof List<?>) {
                    out.addAll(textList(o));
                } else if (o != null) {
                    out.add(o.toString().trim());
                }
            }
            return out;
        }
        for (String s : v.toString().split("[:,]")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    static List<Long> longList(Object v) {
        List<Long> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.addAll(longList(o));
            }
        } else if (v instanceof Number n) {
            out.add(n.longValue());
        } else if (v instanceof String s) {
            for (String p : s.split("[:,\\s]+")) {
                try {
                    out.add(Long.parseLong(p.trim()));
                } catch (NumberFormatException e) {
                    // not a number
                }
            }
        }
        return out;
    }
}
