package org.daybreak.hdf5.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.daybreak.core.cli.Args;
import org.daybreak.core.cli.Command;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.core.json.Json;
import org.daybreak.hdf5.H5Dataset;
import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.H5Node;
import org.daybreak.hdf5.nexus.NexusData;

/**
 * {@code daybreak h5}: browse HDF5/NeXus files.
 *
 * <pre>
 * h5 tree FILE [--json]                       every object reached through hard links, with links as entries
 * h5 get FILE PATH [--slice SPEC] --out F.npy  a dataset or a NumPy-like slice of it, as .npy
 * h5 nexus FILE [--json]                      the default NXdata: signal and axes
 * </pre>
 *
 * Bad input (missing, empty, truncated, non-HDF5 or corrupt file; absent path; bad slice) is one line and exit 2.
 */
public final class H5Command implements Command {

    @Override
    public String name() {
        return "h5";
    }

    @Override
    public String summary() {
        return "browse HDF5/NeXus files: tree, get (to .npy), nexus default plot";
    }

    @Override
    public String usage() {
        return """
                usage: daybreak h5 tree FILE [--json]
                       daybreak h5 get FILE PATH [--slice SPEC] --out OUT.npy
                       daybreak h5 nexus FILE [--json]

                tree   lists every group and dataset reached through hard links (with shape, dtype as NumPy's
                       dtype.str, chunks, filters and attributes) and every soft/external link (target, and
                       whether it resolves). --json prints {"file": ..., "objects": {PATH: ENTRY}}.
                get    writes a dataset, or the selection SPEC of it, to a .npy file. SPEC is NumPy-like:
                       0,:,10:20   ::2   -5:   ...,0   (one item per axis; omitted axes are taken whole).
                nexus  prints the default NXdata group of a NeXus file: its signal and one axis per dimension.
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            out.print(usage());
            return args.isEmpty() ? 2 : 0;
        }
        String sub = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (sub) {
            case "tree" -> tree(new Args("h5 tree", rest, Set.of(), Set.of("json")), out);
            case "get" -> get(new Args("h5 get", rest, Set.of("slice", "out"), Set.of()), out);
            case "nexus" -> nexus(new Args("h5 nexus", rest, Set.of(), Set.of("json")), out);
            default -> throw new UsageException("h5: unknown subcommand '" + sub + "' (tree, get, nexus)");
        };
    }

    static H5File openInput(String name) {
        try {
            return H5File.open(Path.of(name));
        } catch (IOException e) {
            throw new InputException(message(e), e);
        } catch (RuntimeException e) {
            throw new InputException(name + ": cannot be read as HDF5 (" + e.getMessage() + ")", e);
        }
    }

    static String message(IOException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }

    // ------------------------------------------------------------------ tree

    private int tree(Args a, PrintStream out) {
        String fileName = a.positional(0, "FILE");
        a.atMostPositional(1);
        try (H5File f = openInput(fileName)) {
            Map<String, Object> objects = new LinkedHashMap<>();
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("kind", "group");
            root.put("attrs", attrs(f, "/"));
            objects.put("/", root);
            Set<Long> stack = new HashSet<>();
            stack.add(f.objectId("/"));
            walk(f, "/", objects, stack);
            if (a.has("json")) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("file", fileName);
                doc.put("objects", objects);
                out.println(Json.write(doc));
            } else {
                printTree(fileName, objects, out);
            }
            return 0;
        } catch (IOException e) {
            throw new InputException(message(e), e);
        }
    }

    private static void walk(H5File f, String group, Map<String, Object> objects, Set<Long> stack)
            throws IOException {
        for (H5Node n : f.children(group)) {
            Map<String, Object> e = new LinkedHashMap<>();
            String p = n.path();
            switch (n.kind()) {
                case GROUP -> {
                    e.put("kind", "group");
                    e.put("attrs", attrs(f, p));
                    objects.put(p, e);
                    long id = f.objectId(p);
                    if (id < 0 || !stack.contains(id)) {
                        stack.add(id);
                        walk(f, p, objects, stack);
                        stack.remove(id);
                    }
                }
                case DATASET -> {
                    e.put("kind", "dataset");
                    try {
                        H5Dataset d = f.dataset(p);
                        long[] shape = d.fileShapeLong();
                        e.put("shape", shape == null ? null : java.util.Arrays.stream(shape).boxed().toList());
                        e.put("dtype", d.numpyDtype());
                        int[] c = d.chunks();
                        e.put("chunks", c == null ? null : toList(c));
                        e.put("filters", d.filters());
                        if (d.numpyDtype() == null) {
                            e.put("error", d.unreadableReason());
                        }
                    } catch (IOException | RuntimeException ex) {
                        e.put("shape", null);
                        e.put("dtype", null);
                        e.put("chunks", null);
                        e.put("filters", List.of());
                        e.put("error", ex.getMessage());
                    }
                    e.put("attrs", attrs(f, p));
                    objects.put(p, e);
                }
                case SOFT_LINK, EXTERNAL_LINK -> {
                    e.put("kind", n.kind() == H5Node.Kind.SOFT_LINK ? "soft-link" : "external-link");
                    e.put("target", n.linkTarget());
                    if (n.kind() == H5Node.Kind.EXTERNAL_LINK) {
                        e.put("file", n.linkFile());
                    }
                    e.put("resolves", !n.isBroken());
                    e.put("attrs", Map.of());
                    objects.put(p, e);
                }
                case DATATYPE -> {
                    e.put("kind", "datatype");
                    e.put("attrs", attrs(f, p));
                    objects.put(p, e);
                }
            }
        }
    }

    private static Map<String, Object> attrs(H5File f, String p) {
        try {
            return f.attributes(p);
        } catch (IOException | RuntimeException e) {
            Map<String, Object> m = new LinkedHashMap<>();
            return m;
        }
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int v : a) {
            l.add(v);
        }
        return l;
    }

    @SuppressWarnings("unchecked")
    private static void printTree(String fileName, Map<String, Object> objects, PrintStream out) {
        out.println(fileName);
        for (Map.Entry<String, Object> en : objects.entrySet()) {
            String p = en.getKey();
            Map<String, Object> e = (Map<String, Object>) en.getValue();
            int depth = p.equals("/") ? 0 : p.split("/").length - 1;
            String indent = "  ".repeat(depth);
            String name = p.equals("/") ? "/" : p.substring(p.lastIndexOf('/') + 1);
            String kind = (String) e.get("kind");
            StringBuilder line = new StringBuilder(indent).append(name);
            switch (kind) {
                case "group" -> {
                    if (!p.equals("/")) {
                        line.append('/');
                    }
                    Object nx = ((Map<String, Object>) e.get("attrs")).get("NX_class");
                    if (nx != null) {
                        line.append("  [").append(nx).append(']');
                    }
                }
                case "dataset" -> {
                    line.append("  ").append(e.get("dtype")).append(' ').append(shapeText(e.get("shape")));
                    if (e.get("chunks") != null) {
                        line.append("  chunks ").append(shapeText(e.get("chunks")));
                    }
                    List<String> filters = (List<String>) e.get("filters");
                    if (filters != null && !filters.isEmpty()) {
                        line.append("  ").append(String.join("+", filters));
                    }
                    if (e.get("error") != null) {
                        line.append("  (unreadable: ").append(e.get("error")).append(')');
                    }
                }
                case "soft-link" -> line.append("  -> ").append(e.get("target"))
                        .append(Boolean.TRUE.equals(e.get("resolves")) ? "" : "  (broken)");
                case "external-link" -> line.append("  -> ").append(e.get("file")).append(':').append(e.get("target"))
                        .append(Boolean.TRUE.equals(e.get("resolves")) ? "" : "  (broken)");
                default -> line.append("  (").append(kind).append(')');
            }
            out.println(line);
            Map<String, Object> attrs = (Map<String, Object>) e.get("attrs");
            if (attrs != null) {
                for (Map.Entry<String, Object> at : attrs.entrySet()) {
                    if (kind.equals("group") && at.getKey().equals("NX_class")) {
                        continue;
                    }
                    String v = Json.write(at.getValue());
                    if (v.length() > 100) {
                        v = v.substring(0, 97) + "...";
                    }
                    out.println(indent + "    @" + at.getKey() + " = " + v);
                }
            }
        }
    }

    private static String shapeText(Object shape) {
        if (shape == null) {
            return "(empty)";
        }
        List<?> l = (List<?>) shape;
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < l.size(); i++) {
            b.append(i > 0 ? ", " : "").append(l.get(i));
        }
        if (l.size() == 1) {
            b.append(',');
        }
        return b.append(')').toString();
    }

    // ------------------------------------------------------------------ get

    private int get(Args a, PrintStream out) {
        String fileName = a.positional(0, "FILE");
        String path = a.positional(1, "PATH");
        a.atMostPositional(2);
        String outName = a.require("out");
        SliceSpec spec;
        try {
            spec = SliceSpec.parse(a.get("slice", ""));
        } catch (IllegalArgumentException e) {
            throw new InputException(fileName + ": " + path + ": " + e.getMessage());
        }
        try (H5File f = openInput(fileName)) {
            H5Dataset d;
            try {
                d = f.dataset(path);
            } catch (IOException e) {
                throw new InputException(message(e), e);
            }
            if (d.isEmpty()) {
                throw new InputException(fileName + ": '" + path + "' is an empty dataset (no dataspace), nothing to write");
            }
            int fileRank = d.fileShape().length;
            long named = spec.items().stream().filter(i -> !i.isEllipsis()).count();
            if (named > fileRank) {
                throw new InputException(fileName + ": " + path + ": slice [" + spec + "] has " + named
                        + " items but the dataset has " + fileRank + " dimension" + (fileRank == 1 ? "" : "s")
                        + " " + Arrays.toString(d.fileShape()));
            }
            if (d.shape().length > fileRank && spec.items().stream().anyMatch(SliceSpec.Item::isEllipsis)) {
                List<SliceSpec.Item> items = new ArrayList<>(spec.items());
                for (int k = fileRank; k < d.shape().length; k++) {
                    items.add(SliceSpec.Item.ALL);
                }
                spec = SliceSpec.of(items.toArray(new SliceSpec.Item[0]));
            }
            Path direct = Path.of(outName);
            if (d.bytesReadable() && !d.isComplex()) {
                SliceSpec.Selection sel;
                try {
                    sel = spec.resolve(d.shape());
                } catch (IllegalArgumentException e) {
                    throw new InputException(fileName + ": " + path + ": " + e.getMessage(), e);
                }
                long bytes = NDArray.sizeOf(sel.count()) * d.elementSize();
                if (bytes <= NpyWriter.MAPPED_MAX) {
                    // decoded chunks go straight into the mapped .npy file: no array in between
                    SliceSpec chosen = spec;
                    try {
                        NpyWriter.writeMapped(direct, d.dtype().numpyStr(d.byteOrder()), sel.resultShape(), bytes,
                                map -> d.readBytes(chosen, map));
                    } catch (IllegalArgumentException e) {
                        deletePartial(direct);
                        throw new InputException(fileName + ": " + path + ": " + e.getMessage(), e);
                    } catch (UncheckedIOException e) {
                        deletePartial(direct);
                        throw new InputException(message(e.getCause()), e);
                    } catch (IOException e) {
                        deletePartial(direct);
                        throw new InputException(outName + ": cannot write the .npy file (" + message(e) + ")", e);
                    }
                    return 0;
                }
            }
            NDArray data;
            try {
                data = d.read(spec);
            } catch (IllegalArgumentException e) {
                throw new InputException(fileName + ": " + path + ": " + e.getMessage(), e);
            } catch (UncheckedIOException e) {
                throw new InputException(message(e.getCause()), e);
            }
            Path target = Path.of(outName);
            try {
                if (d.opaqueSize() > 0) {
                    NpyWriter.writeOpaque(target, data, d.opaqueSize());
                } else if (data.dtype().isText()) {
                    NpyWriter.writeText(target, data, d.fixedStringSize());
                } else {
                    NpyWriter.write(target, data, d.isComplex(), d.byteOrder());
                }
            } catch (IOException e) {
                throw new InputException(outName + ": cannot write the .npy file (" + message(e) + ")", e);
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------ nexus

    private int nexus(Args a, PrintStream out) {
        String fileName = a.positional(0, "FILE");
        a.atMostPositional(1);
        try (H5File f = openInput(fileName)) {
            Optional<NexusData> found = NexusData.findDefault(f);
            if (found.isEmpty()) {
                throw new InputException(fileName + ": no NXdata group with a signal found (no @default chain, "
                        + "no NXdata)");
            }
            NexusData nd = found.get();
            int[] shape = null;
            String dtype = null;
            try {
                H5Dataset s = f.dataset(nd.signalPath());
                shape = s.fileShape();
                dtype = s.numpyDtype();
            } catch (IOException | RuntimeException e) {
                // the signal may be a broken external link: still report the paths
            }
            if (a.has("json")) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("file", fileName);
                doc.put("group", nd.groupPath());
                doc.put("signal", nd.signalPath());
                doc.put("axes", nd.axisPaths());
                doc.put("shape", shape == null ? null : toList(shape));
                doc.put("dtype", dtype);
                doc.put("signal_resolves", shape != null);
                Map<String, Object> units = new LinkedHashMap<>();
                Map<String, Object> names = new LinkedHashMap<>();
                List<String> all = new ArrayList<>();
                all.add(nd.signalPath());
                all.addAll(nd.axisPaths());
                for (String p : all) {
                    if (p != null) {
                        units.put(p, nd.units(p));
                        names.put(p, nd.longName(p));
                    }
                }
                doc.put("units", units);
                doc.put("long_names", names);
                out.println(Json.write(doc));
            } else {
                out.println("NXdata: " + nd.groupPath());
                out.println("signal: " + nd.signalPath() + describe(nd, nd.signalPath())
                        + (shape == null ? "  (not readable: broken link?)" : "  " + dtype + " " + Arrays.toString(shape)));
                for (int i = 0; i < nd.axisPaths().size(); i++) {
                    String p = nd.axisPaths().get(i);
                    out.println("axis " + i + ": " + (p == null ? "none" : p + describe(nd, p)));
                }
            }
            return 0;
        } catch (IOException e) {
            throw new InputException(message(e), e);
        }
    }

    private static String describe(NexusData nd, String p) {
        String u = nd.units(p);
        String l = nd.longName(p);
        StringBuilder b = new StringBuilder();
        if (l != null) {
            b.append("  \"").append(l).append('"');
        }
        if (u != null) {
            b.append("  [").append(u).append(']');
        }
        return b.toString();
    }

    /** Removes a .npy file left incomplete by a failed read (its header is written before the data). */
    private static void deletePartial(Path file) {
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (IOException e) {
            // the error being reported matters more than the leftover
        }
    }
}
