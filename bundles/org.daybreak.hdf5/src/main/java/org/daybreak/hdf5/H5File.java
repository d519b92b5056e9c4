package org.daybreak.hdf5;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;


import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.NodeType;
import io.jhdf.links.ExternalLink;
import io.jhdf.links.SoftLink;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;

/**
 * An HDF5 file open for reading, with the files its external links lead to.
 *
 * <p>Paths are absolute ({@code /entry/data}); soft and external links on the way are followed (external files
 * are looked for in the folders of {@code HDF5_EXT_PREFIX}, then as named, relative names from the folder of the
 * file holding the link, then by their bare name in that folder, as HDF5 does). {@link #children(String)} lists links as they are, marking the ones that do
 * not resolve as broken instead of failing.
 *
 * <p>Errors: every problem is an {@link IOException} with one sentence naming the file and, where it applies,
 * the path. Thread rule: reading from several threads at once is safe; {@link #close()} must come last.
 */
public final class H5File implements AutoCloseable {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final int MAX_LINK_DEPTH = 32;

    private final Path path;
    private final HdfFile hdf;
    private final FileChannel channel;
    private final long baseAddress;
    /** Every file of this family (this one and those reached by external links), by real path; shared. */
    private final Map<Path, H5File> family;
    private final boolean owner;
    private final Map<Long, io.jhdf.GlobalHeap> heaps = new ConcurrentHashMap<>();
    /** The H5File of each open jHDF file, to reach global heaps from attributes. */
    private static final Map<HdfFile, H5File> OWNERS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private H5File(Path path, HdfFile hdf, FileChannel channel, long baseAddress, Map<Path, H5File> family,
            boolean owner) {
        this.path = path;
        this.hdf = hdf;
        this.channel = channel;
        this.baseAddress = baseAddress;
        this.family = family;
        this.owner = owner;
    }

    /**
     * Opens a file for reading.
     *
     * @throws IOException with one sentence when the file is missing, empty, truncated, not HDF5 or corrupt
     */
    public static H5File open(Path file) throws IOException {
        return open(file, new ConcurrentHashMap<>(), true);
    }

    private static H5File open(Path file, Map<Path, H5File> family, boolean owner) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not an HDF5 file");
        }
        long size = Files.size(file);
        if (size == 0) {
            throw new IOException(file + ": the file is empty (0 bytes), not an HDF5 file");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long sb = findSuperblock(ch, size);
            if (sb < 0) {
                throw new IOException(file + ": not an HDF5 file (no HDF5 signature at offset 0, 512, 1024, ...)");
            }
            checkLength(file, ch, sb, size);
            String rootProblem;
            try {
                rootProblem = rootHeaderProblem(ch, sb, size);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            if (rootProblem != null) {
                throw new IOException(file + ": the HDF5 file is corrupt (root group: " + rootProblem + ")");
            }
            HdfFile hdf;
            try {
                // through OffsetChannel, which bounds reads past the end of the file (see OffsetChannel#read)
                hdf = new HdfFile(new OffsetChannel(ch, 0), file.toUri());
            } catch (RuntimeException e) {
                if (sb > 0 && reason(e).contains("base address")) {
                    try {
                        hdf = new HdfFile(new OffsetChannel(ch, sb), file.toUri());
                    } catch (RuntimeException e2) {
                        throw new IOException(file + ": the HDF5 file is corrupt or truncated (" + reason(e2) + ")",
                                e2);
                    }
                } else {
                    throw new IOException(file + ": the HDF5 file is corrupt or truncated (" + reason(e) + ")", e);
                }
            }
            H5File f = new H5File(file, hdf, ch, sb, family, owner);
            family.put(file.toRealPath(), f);
            OWNERS.put(hdf, f);
            return f;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * True when the file starts with the HDF5 signature, so that it is read as HDF5 (and reported as a damaged HDF5
     * file when it cannot be), never guessed to be another format from bytes further on. False when it cannot be read.
     */
    public static boolean startsWithSignature(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill
            }
            return !b.hasRemaining() && java.util.Arrays.equals(b.array(), SIGNATURE);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long findSuperblock(FileChannel ch, long size) throws IOException {
        for (long at = 0; at + 8 <= size; at = at == 0 ? 512 : at * 2) {
            ByteBuffer b = ByteBuffer.allocate(8);
            ch.read(b, at);
            if (java.util.Arrays.equals(b.array(), SIGNATURE)) {
                return at;
            }
        }
        return -1;
    }

    /**
     * Checks the lengths the root group's object header claims before jHDF reads it (see {@link HeaderCheck}); null
     * when they fit in the file, or when the superblock's base address is not its own position (then jHDF decides).
     */
    private static String rootHeaderProblem(FileChannel ch, long sb, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(b, sb);
        b.flip();
        int version = b.get(8) & 0xff;
        int offsets;
        int lengths;
        int root;
        int baseAt;
        if (version <= 1) {
            offsets = b.get(13) & 0xff;
            lengths = b.get(14) & 0xff;
            baseAt = 24 + (version == 1 ? 4 : 0);
            root = baseAt + 4 * offsets + offsets; // four addresses, then the root entry's link name offset
        } else if (version <= 3) {
            offsets = b.get(9) & 0xff;
            lengths = b.get(10) & 0xff;
            baseAt = 12;
            root = baseAt + 3 * offsets; // base, superblock extension and end-of-file addresses
        } else {
            return null;
        }
        if ((offsets != 4 && offsets != 8) || (lengths != 4 && lengths != 8) || root + offsets > b.limit()) {
            return null; // checkLength and jHDF report these
        }
        long base = offsets == 8 ? b.getLong(baseAt) : b.getInt(baseAt) & 0xffffffffL;
        long address = offsets == 8 ? b.getLong(root) : b.getInt(root) & 0xffffffffL;
        if (base != sb) {
            return null;
        }
        return HeaderCheck.objectHeaderProblem(new HeaderCheck.Reader() {
            @Override
            public ByteBuffer read(long at, int n) {
                int m = (int) Math.max(0, Math.min(n, end() - at));
                ByteBuffer r = ByteBuffer.allocate(m).order(ByteOrder.LITTLE_ENDIAN);
                try {
                    while (r.hasRemaining() && ch.read(r, sb + at + r.position()) > 0) {
                        // until full or the end of the file
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return r.flip();
            }

            @Override
            public long end() {
                return size - sb;
            }

            @Override
            public int sizeOfOffsets() {
                return offsets;
            }

            @Override
            public int sizeOfLengths() {
                return lengths;
            }
        }, address);
    }

    /** Compares the end-of-file address in the superblock with the real size: a shorter file is truncated. */
    private static void checkLength(Path file, FileChannel ch, long sb, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(96).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(b, sb);
        b.flip();
        if (b.limit() < 16) {
            throw new IOException(file + ": the HDF5 file is truncated (it ends inside its superblock)");
        }
        int version = b.get(8) & 0xff;
        int offsets;
        int pos;
        if (version <= 1) {
            offsets = b.get(13) & 0xff;
            pos = 24 + (version == 1 ? 4 : 0);
            pos += offsets * 2; // base address, free-space address
        } else {
            offsets = b.get(9) & 0xff;
            pos = 12 + offsets * 2; // base address, superblock extension address
        }
        if (offsets != 8 && offsets != 4) {
            throw new IOException(file + ": the HDF5 superblock is corrupt (offset size " + offsets + ")");
        }
        if (pos + offsets > b.limit()) {
            throw new IOException(file + ": the HDF5 file is truncated (it ends inside its superblock)");
        }
        long base = offsets == 8 ? b.getLong(pos - 2 * offsets) : b.getInt(pos - 2 * offsets) & 0xffffffffL;
        long eof = offsets == 8 ? b.getLong(pos) : b.getInt(pos) & 0xffffffffL;
        // With a base address equal to the superblock's position the stored end of file counts from the file's
        // start; files whose base address ignores a user block count from the superblock.
        long end = base == sb ? eof : sb + eof;
        if (eof != -1L && end > size) {
            throw new IOException(file + ": the HDF5 file is truncated (" + size + " bytes, the superblock says "
                    + end + ")");
        }
    }

    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        return m.replace('\n', ' ');
    }

    public Path path() {
        return path;
    }

    HdfFile hdf() {
        return hdf;
    }

    /** Reads {@code n} bytes at an HDF5 address (relative to the base address) of this file. */
    byte[] readBytes(long address, int n) throws IOException {
        byte[] out = new byte[n];
        ByteBuffer bb = ByteBuffer.wrap(out);
        long pos = baseAddress + address;
        while (bb.hasRemaining()) {
            int k = channel.read(bb, pos + bb.position());
            if (k < 0) {
                throw new IOException(path + ": the file ends at " + (pos + bb.position()) + " while reading " + n
                        + " bytes at " + pos + " (truncated file)");
            }
        }
        return out;
    }

    /** The bytes of object {@code index} of the global heap collection at {@code address} (variable-length data). */
    byte[] heapObject(long address, int index) {
        if (address == 0 || address == -1L) {
            return new byte[0];
        }
        io.jhdf.GlobalHeap heap = heaps.computeIfAbsent(address,
                a -> new io.jhdf.GlobalHeap(hdf.getHdfBackingStorage(), a));
        ByteBuffer b = heap.getObjectData(index);
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private volatile Map<Long, String> pathsByAddress;

    /** Replaces object addresses (of object references) by the path of the object, nested lists kept. */
    Object referencePaths(Object v) {
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(referencePaths(o));
            }
            return out;
        }
        if (v instanceof Number n) {
            String p = pathsByAddress().get(n.longValue());
            return p != null ? p : "<reference to address " + n + ">";
        }
        return v;
    }

    private Map<Long, String> pathsByAddress() {
        Map<Long, String> m = pathsByAddress;
        if (m == null) {
            m = new java.util.HashMap<>();
            m.put(objectId("/"), "/");
            collectAddresses("/", m, 0);
            pathsByAddress = m;
        }
        return m;
    }

    private void collectAddresses(String group, Map<Long, String> m, int depth) {
        if (depth > 64) {
            return;
        }
        try {
            for (H5Node n : children(group)) {
                if (n.isLink()) {
                    continue;
                }
                long id = objectId(n.path());
                if (id >= 0 && !m.containsKey(id)) {
                    m.put(id, n.path());
                    if (n.isGroup()) {
                        collectAddresses(n.path(), m, depth + 1);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable group: its objects keep their addresses
        }
    }

    int sizeOfOffsets() {
        return hdf.getHdfBackingStorage().getSizeOfOffsets();
    }

    // ------------------------------------------------------------------ navigation

    /** A path resolved to the object it leads to. */
    record Resolved(H5File file, Node node, String pathInFile) {
    }

    static String normalize(String p) {
        if (p == null || p.isEmpty()) {
            return "/";
        }
        String s = p.startsWith("/") ? p : "/" + p;
        StringBuilder b = new StringBuilder();
        for (String c : s.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            b.append('/').append(c);
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    private static List<String> components(String p) {
        List<String> out = new ArrayList<>();
        for (String c : p.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                out.add(c);
            }
        }
        return out;
    }

    Resolved resolve(String objectPath) throws IOException {
        return resolve(normalize(objectPath), objectPath, 0);
    }

    private Resolved resolve(String absPath, String asked, int depth) throws IOException {
        if (depth > MAX_LINK_DEPTH) {
            throw new IOException(path + ": " + asked + ": too many levels of links (a link cycle?)");
        }
        List<String> parts = components(absPath);
        Node current = hdf;
        String cur = "";
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i);
            if (!(current instanceof Group g) || current.getType() == NodeType.DATASET) {
                throw new IOException(path + ": " + asked + ": '" + cur + "' is a dataset, not a group");
            }
            Node child;
            try {
                child = childrenOf(g).get(name);
            } catch (RuntimeException e) {
                throw new IOException(path + ": cannot list group '" + (cur.isEmpty() ? "/" : cur) + "' ("
                        + reason(e) + ")", e);
            }
            if (child == null) {
                throw new IOException(path + ": no object '" + asked + "' ('" + name + "' not found in "
                        + (cur.isEmpty() ? "/" : cur) + ")");
            }
            String rest = String.join("/", parts.subList(i + 1, parts.size()));
            if (child instanceof SoftLink sl) {
                String target = sl.getTargetPath();
                String abs = target.startsWith("/") ? target : cur + "/" + target;
                return resolve(normalize(abs + (rest.isEmpty() ? "" : "/" + rest)), asked, depth + 1);
            }
            if (child instanceof ExternalLink el) {
                String fileName = externalFileName(el);
                H5File other = openExternal(fileName, asked);
                String target = normalize(externalObjectPath(el));
                return other.resolve(normalize(target + (rest.isEmpty() ? "" : "/" + rest)), asked, depth + 1);
            }
            current = child;
            cur = cur + "/" + name;
        }
        return new Resolved(this, current, cur.isEmpty() ? "/" : cur);
    }

    /** The object path inside the target file of an external link, as stored. */
    static String externalObjectPath(ExternalLink el) {
        try {
            Field f = ExternalLink.class.getDeclaredField("targetPath");
            f.setAccessible(true);
            return (String) f.get(el);
        } catch (ReflectiveOperationException | RuntimeException e) {
            String t = el.getTargetPath();
            String file = externalFileName(el);
            return t.startsWith(file + ":") ? t.substring(file.length() + 1) : t;
        }
    }

    /** The file name an external link names, as stored. */
    static String externalFileName(ExternalLink el) {
        try {
            Field f = ExternalLink.class.getDeclaredField("targetFile");
            f.setAccessible(true);
            return (String) f.get(el);
        } catch (ReflectiveOperationException | RuntimeException e) {
            String s = el.toString();
            int a = s.indexOf("targetFile=");
            if (a >= 0) {
                int b = s.indexOf(',', a);
                return s.substring(a + 11, b < 0 ? s.length() - 1 : b).replace("'", "");
            }
            throw new IllegalStateException("cannot read the target file of external link " + el.getPath(), e);
        }
    }

    /** Opens (or finds open) a file of this family by name, looked for as external links are. */
    H5File openRelated(String fileName) throws IOException {
        if (fileName.equals(".")) {
            return this;
        }
        return openExternal(fileName, fileName);
    }

    /** Candidate locations of an external file, in the order HDF5 tries them. */
    List<Path> externalCandidates(String fileName) {
        List<Path> c = new ArrayList<>();
        Path dir = path.toAbsolutePath().getParent();
        String prefixes = System.getenv("HDF5_EXT_PREFIX");
        if (prefixes != null && !prefixes.isBlank()) {
            for (String prefix : prefixes.split(":")) {
                if (!prefix.isBlank()) {
                    try {
                        c.add(Path.of(prefix).resolve(Path.of(fileName).getFileName()));
                    } catch (RuntimeException e) {
                        // not a usable prefix
                    }
                }
            }
        }
        Path named;
        try {
            named = Path.of(fileName);
        } catch (RuntimeException e) {
            return c;
        }
        if (!named.isAbsolute() && dir != null) {
            c.add(dir.resolve(named));
        }
        c.add(named);
        if (dir != null && named.getFileName() != null) {
            c.add(dir.resolve(named.getFileName()));
        }
        return c;
    }

    private H5File openExternal(String fileName, String asked) throws IOException {
        for (Path p : externalCandidates(fileName)) {
            if (Files.isRegularFile(p)) {
                Path real = p.toRealPath();
                H5File known = family.get(real);
                if (known != null) {
                    return known;
                }
                synchronized (family) {
                    known = family.get(real);
                    if (known != null) {
                        return known;
                    }
                    return open(p, family, false);
                }
            }
        }
        throw new IOException(path + ": " + asked + ": external file '" + fileName + "' not found");
    }

    private final Map<Long, Map<String, Node>> fallbackListings = new ConcurrentHashMap<>();

    /** The children of a group: jHDF's listing, or the link-by-link listing when jHDF's fails. */
    private final Map<Long, Boolean> checkedGroups = new ConcurrentHashMap<>();

    private Map<String, Node> childrenOf(Group g) {
        try {
            // a child whose header claims lengths past the end of the file would make jHDF allocate them (up to
            // 2 GiB each) while building the whole listing: such groups are listed link by link (HeaderCheck)
            if (!checkedGroups.computeIfAbsent(g.getAddress(), a -> GroupFallback.implausibleChild(hdf, g) == null)) {
                throw new IllegalArgumentException("a child's object header is damaged");
            }
            return g.getChildren();
        } catch (RuntimeException e) {
            Map<String, Node> m = fallbackListings.get(g.getAddress());
            if (m == null) {
                m = GroupFallback.children(hdf, g);
                fallbackListings.put(g.getAddress(), m);
            }
            return m;
        }
    }

    // ------------------------------------------------------------------ public API

    /**
     * The group or dataset a path leads to, following soft and external links.
     *
     * @throws IOException naming the file and path when there is no such object or a link on the way is broken
     */
    public H5Node node(String objectPath) throws IOException {
        Resolved r = resolve(objectPath);
        return new H5Node(this, normalize(objectPath), kindOf(r.node()), false, null, null, null);
    }

    /** True when the path leads to an object (links followed). */
    public boolean exists(String objectPath) {
        try {
            resolve(objectPath);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static H5Node.Kind kindOf(Node n) {
        if (n.getType() == NodeType.DATASET) {
            return H5Node.Kind.DATASET;
        }
        if (n.getType() == NodeType.COMMITTED_DATATYPE) {
            return H5Node.Kind.DATATYPE;
        }
        return H5Node.Kind.GROUP;
    }

    /**
     * The dataset at a path (links followed).
     *
     * @throws IOException when the path is absent or is not a dataset
     */
    public H5Dataset dataset(String objectPath) throws IOException {
        Resolved r = resolve(objectPath);
        if (r.node() instanceof GroupFallback.Unreadable u) {
            if (u.virtual) {
                try {
                    VirtualLayout v = VirtualLayout.read(r.file().hdf.getHdfBackingStorage(), u.getAddress());
                    return new H5Dataset(r.file(), normalize(objectPath), v);
                } catch (IOException | RuntimeException e) {
                    throw new IOException(path + ": cannot read virtual dataset '" + normalize(objectPath) + "': "
                            + reason(e), e);
                }
            }
            throw new IOException(path + ": cannot read '" + normalize(objectPath) + "': " + u.problem);
        }
        if (!(r.node() instanceof Dataset ds)) {
            throw new IOException(path + ": '" + normalize(objectPath) + "' is a "
                    + kindOf(r.node()).name().toLowerCase(java.util.Locale.ROOT) + ", not a dataset");
        }
        try {
            return new H5Dataset(r.file(), normalize(objectPath), ds);
        } catch (RuntimeException e) {
            throw new IOException(path + ": cannot read dataset '" + normalize(objectPath) + "' (" + reason(e) + ")",
                    e);
        }
    }

    /**
     * The attributes of the object at a path as JSON-like values: String, Long, Double, Boolean, null (empty),
     * List for arrays (nested per dimension), Map for compound values. Unsigned 64-bit values above 2^63 are
     * BigInteger; enumerations give their integer values (booleans stored as enums give Boolean).
     */
    public Map<String, Object> attributes(String objectPath) throws IOException {
        Resolved r = resolve(objectPath);
        Map<String, Attribute> attrs;
        if (r.node() instanceof GroupFallback.Unreadable u && u.virtual) {
            Map<String, Object> out = new LinkedHashMap<>();
            try {
                io.jhdf.storage.HdfBackingStorage storage = r.file().hdf.getHdfBackingStorage();
                VirtualLayout v = VirtualLayout.read(storage, u.getAddress());
                for (ByteBuffer m : v.attributeMessages) {
                    io.jhdf.object.message.AttributeMessage am = new io.jhdf.object.message.AttributeMessage(m,
                            storage, new BitSet());
                    out.put(am.getName(), attributeValue(new io.jhdf.AttributeImpl(storage, u, am)));
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException(path + ": cannot read the attributes of '" + normalize(objectPath) + "' ("
                        + reason(e) + ")", e);
            }
            return out;
        }
        try {
            attrs = r.node().getAttributes();
        } catch (RuntimeException e) {
            throw new IOException(path + ": cannot read the attributes of '" + normalize(objectPath) + "' ("
                    + reason(e) + ")", e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Attribute> e : attrs.entrySet()) {
            out.put(e.getKey(), attributeValue(e.getValue()));
        }
        return out;
    }

    /** One attribute, or {@code null} when absent (links followed). */
    public Object attribute(String objectPath, String name) throws IOException {
        Map<String, Object> a = attributes(objectPath);
        return a.get(name);
    }

    static Object attributeValue(Attribute a) {
        try {
            if (a.isEmpty()) {
                return null;
            }
            DataType t = a.getDataType();
            if (t instanceof EnumDataType et && et.getBaseType() instanceof FixedPoint fp) {
                return enumAttribute(a, et, fp);
            }
            H5File owner = OWNERS.get(a.getNode().getHdfFile());
            if (t instanceof io.jhdf.object.datatype.StringData
                    || (t instanceof io.jhdf.object.datatype.VariableLength vl && vl.isVariableLengthString())) {
                TypeInfo ti = TypeInfo.of(t);
                int n = (int) a.getSize();
                ByteBuffer raw = a.getBuffer();
                byte[] bytes = new byte[n * ti.fileSize];
                raw.duplicate().get(bytes, 0, Math.min(bytes.length, raw.remaining()));
                Sink sink = Sink.of(ti, n, owner);
                sink.bind(bytes).copy(0, 0, n);
                List<Object> vals = new ArrayList<>(java.util.Arrays.asList((Object[]) sink.array));
                if (ti.dtype == org.daybreak.core.data.DType.BYTES) {
                    // attributes are metadata (units, names, NX_class) read as text: fixed-length byte strings
                    // decoded as UTF-8 (files put "µm" in types declared ASCII; other bytes become U+FFFD, as
                    // h5py's decode does); datasets keep the bytes themselves (H5Dataset.read)
                    vals.replaceAll(v -> v == null ? null : new String(org.daybreak.core.data.DType.bytesOf((String) v),
                            StandardCharsets.UTF_8));
                }
                return a.isScalar() ? vals.get(0) : nest(vals, a.getDimensions(), 0, 0);
            }
            if (t instanceof io.jhdf.object.datatype.Reference && owner != null) {
                return owner.referencePaths(toJson(a.getData()));
            }
            TypeInfo ti = TypeInfo.of(t);
            if (ti.kind == TypeInfo.Kind.NUMERIC && ti.extraDims.length == 1 && ti.numpyStr.contains("c")) {
                int n = (int) a.getSize();
                ByteBuffer raw = a.getBuffer();
                byte[] bytes = new byte[n * ti.fileSize];
                raw.duplicate().get(bytes, 0, Math.min(bytes.length, raw.remaining()));
                Sink sink = Sink.of(ti, 2 * n, owner);
                sink.bind(bytes).copy(0, 0, 2 * n);
                List<Object> vals = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    double re = java.lang.reflect.Array.getDouble(sink.array, 2 * i);
                    double im = java.lang.reflect.Array.getDouble(sink.array, 2 * i + 1);
                    vals.add(List.of(re, im));
                }
                return a.isScalar() ? vals.get(0) : nest(vals, a.getDimensions(), 0, 0);
            }
            Object v = a.getData();
            return toJson(v);
        } catch (RuntimeException e) {
            return "<unreadable: " + reason(e) + ">";
        }
    }

    private static Object enumAttribute(Attribute a, EnumDataType et, FixedPoint fp) {
        boolean bool = TypeInfo.isBoolEnum(et);
        ByteBuffer b = a.getBuffer().order(fp.getByteOrder());
        int size = fp.getSize();
        int n = (int) a.getSize();
        List<Object> vals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long v = TypeInfo.readInt(b, i * size, size, fp.isSigned());
            vals.add(bool ? (Object) (v != 0) : (Object) v);
        }
        if (a.isScalar()) {
            return vals.get(0);
        }
        return nest(vals, a.getDimensions(), 0, 0);
    }

    private static Object nest(List<Object> flat, int[] dims, int d, int offset) {
        if (dims.length == 0) {
            return flat.get(0);
        }
        int stride = 1;
        for (int k = d + 1; k < dims.length; k++) {
            stride *= dims[k];
        }
        List<Object> out = new ArrayList<>(dims[d]);
        for (int i = 0; i < dims[d]; i++) {
            out.add(d == dims.length - 1 ? flat.get(offset + i) : nest(flat, dims, d + 1, offset + i * stride));
        }
        return out;
    }

    /** Converts jHDF's Java values (boxed, arrays, maps) into JSON-like values. */
    static Object toJson(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof BigInteger bi) {
            return bi.bitLength() < 64 ? (Object) bi.longValue() : bi;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Character c) {
            return String.valueOf(c);
        }
        if (v instanceof BitSet bs) {
            long[] w = bs.toLongArray();
            return w.length == 0 ? 0L : w[0];
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), toJson(e.getValue()));
            }
            return out;
        }
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(toJson(Array.get(v, i)));
            }
            return out;
        }
        if (v instanceof ByteBuffer bb) {
            return TypeInfo.hex(bb);
        }
        return v.toString();
    }

    /**
     * The entries of a group (links followed to reach it), by name (or in creation order where the file tracks
     * it), as h5py iterates them. Links are listed as links;
     * one whose target is missing (dangling path, missing file, cycle) is a broken entry, never an error.
     *
     * @throws IOException when the path is absent or not a group, or the group cannot be read at all
     */
    public List<H5Node> children(String groupPath) throws IOException {
        Resolved r = resolve(groupPath);
        if (!(r.node() instanceof Group g) || r.node().getType() == NodeType.DATASET) {
            throw new IOException(path + ": '" + normalize(groupPath) + "' is a dataset, not a group");
        }
        Map<String, Node> kids;
        try {
            kids = childrenOf(g);
        } catch (RuntimeException e) {
            throw new IOException(path + ": cannot list group '" + normalize(groupPath) + "' (" + reason(e) + ")",
                    e);
        }
        String base = normalize(groupPath);
        List<H5Node> out = new ArrayList<>(kids.size());
        List<Map.Entry<String, Node>> entries = new ArrayList<>(kids.entrySet());
        boolean creationOrder;
        try {
            creationOrder = g.isLinkCreationOrderTracked();
        } catch (RuntimeException e) {
            creationOrder = false;
        }
        if (!creationOrder) {
            // as h5py iterates: by name, comparing the UTF-8 bytes
            entries.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getKey().getBytes(StandardCharsets.UTF_8),
                    b.getKey().getBytes(StandardCharsets.UTF_8)));
        }
        for (Map.Entry<String, Node> e : entries) {
            String p = (base.equals("/") ? "" : base) + "/" + e.getKey();
            Node n = e.getValue();
            if (n instanceof SoftLink sl) {
                String problem = linkProblem(p);
                out.add(new H5Node(this, p, H5Node.Kind.SOFT_LINK, problem != null, sl.getTargetPath(), null,
                        problem));
            } else if (n instanceof ExternalLink el) {
                String problem = linkProblem(p);
                out.add(new H5Node(this, p, H5Node.Kind.EXTERNAL_LINK, problem != null, externalObjectPath(el),
                        externalFileName(el), problem));
            } else if (n instanceof GroupFallback.Unreadable u) {
                out.add(new H5Node(this, p, kindOf(n), false, null, null, u.problem));
            } else {
                out.add(new H5Node(this, p, kindOf(n), false, null, null, null));
            }
        }
        return out;
    }

    private String linkProblem(String p) {
        try {
            resolve(p);
            return null;
        } catch (IOException | RuntimeException e) {
            return reason(e);
        }
    }

    /**
     * Identity of the object a path leads to within its file: equal for two paths that are hard links to one
     * object (its object header address); -1 when the path does not resolve or leads into another file.
     */
    public long objectId(String objectPath) {
        try {
            Resolved r = resolve(objectPath);
            return r.file() == this ? r.node().getAddress() : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Closes this file and every file opened through its external links. */
    @Override
    public void close() {
        if (!owner) {
            return;
        }
        for (H5File f : family.values()) {
            f.closeOne();
        }
        family.clear();
    }

    private void closeOne() {
        OWNERS.remove(hdf);
        try {
            hdf.close();
        } catch (RuntimeException e) {
            // closing is best effort
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }

    @Override
    public String toString() {
        return "H5File[" + path + "]";
    }
}
