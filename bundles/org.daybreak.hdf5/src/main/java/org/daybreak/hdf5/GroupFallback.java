package org.daybreak.hdf5;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jhdf.GroupSymbolTableNode;
import io.jhdf.HdfFile;
import io.jhdf.LocalHeap;
import io.jhdf.ObjectHeader;
import io.jhdf.SymbolTableEntry;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.NodeType;
import io.jhdf.btree.BTreeV1;
import io.jhdf.btree.BTreeV2;
import io.jhdf.btree.record.LinkNameForIndexedGroupRecord;
import io.jhdf.dataset.DatasetLoader;
import io.jhdf.links.ExternalLink;
import io.jhdf.links.SoftLink;
import io.jhdf.object.message.DataLayoutMessage;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.LinkInfoMessage;
import io.jhdf.object.message.LinkMessage;
import io.jhdf.object.message.SymbolTableMessage;
import io.jhdf.storage.HdfBackingStorage;

/**
 * Lists a group link by link when jHDF cannot list it as a whole. jHDF 0.13 builds every child of a group at
 * once and fails the whole listing when one child's object header cannot be read (a virtual dataset, a type it
 * cannot convert). Here the links are read from the group's own structures (symbol table, compact link messages,
 * or the dense link storage: fractal heap + v2 B-tree name index), and each child is built on its own; a child
 * that cannot be built becomes an {@link Unreadable} node carrying the reason, and the rest of the group lists.
 */
final class GroupFallback {
    private GroupFallback() {
    }

    /** What a group's links lead to, in the group's order. */
    private interface Visitor {
        void hard(String name, long address);

        void soft(String name, String target);

        void external(String name, String file, String path);
    }

    /** Reads a group's links from its own structures (symbol table, compact link messages, dense link storage). */
    private static void visit(HdfFile file, Group group, Visitor v) {
        HdfBackingStorage storage = file.getHdfBackingStorage();
        ObjectHeader oh = ObjectHeader.readObjectHeader(storage, group.getAddress());
        List<LinkMessage> links = new ArrayList<>();
        if (oh.hasMessageOfType(SymbolTableMessage.class)) {
            SymbolTableMessage stm = oh.getMessageOfType(SymbolTableMessage.class);
            String heapProblem = HeaderCheck.localHeapProblem(HeaderCheck.of(storage), stm.getLocalHeapAddress());
            if (heapProblem != null) {
                throw new IllegalArgumentException("group " + group.getPath() + ": " + heapProblem);
            }
            LocalHeap heap = new LocalHeap(storage, stm.getLocalHeapAddress());
            ByteBuffer names = heap.getDataBuffer();
            for (long node : BTreeV1.createGroupBTree(storage, stm.getBTreeAddress()).getChildAddresses()) {
                for (SymbolTableEntry e : new GroupSymbolTableNode(storage, node).getSymbolTableEntries()) {
                    String name = cString(names, e.getLinkNameOffset());
                    if (e.getCacheType() == 2) {
                        v.soft(name, cString(names, e.getLinkValueOffset()));
                    } else {
                        v.hard(name, e.getObjectHeaderAddress());
                    }
                }
            }
            return;
        }
        if (oh.hasMessageOfType(LinkInfoMessage.class)) {
            LinkInfoMessage lim = oh.getMessageOfType(LinkInfoMessage.class);
            long index = lim.getBTreeNameIndexAddress();
            if (index != -1L && index != 0) {
                BTreeV2<LinkNameForIndexedGroupRecord> tree = new BTreeV2<>(storage, index);
                io.jhdf.FractalHeap heap = new io.jhdf.FractalHeap(storage, lim.getFractalHeapAddress());
                for (LinkNameForIndexedGroupRecord r : tree.getRecords()) {
                    links.add(LinkMessage.fromBuffer(heap.getId(r.getId()), storage.getSuperblock()));
                }
            }
        }
        links.addAll(oh.getMessagesOfType(LinkMessage.class));
        for (LinkMessage l : links) {
            String name = l.getLinkName();
            switch (l.getLinkType()) {
                case HARD -> v.hard(name, l.getHardLinkAddress());
                case SOFT -> v.soft(name, l.getSoftLink());
                case EXTERNAL -> v.external(name, l.getExternalFile(), l.getExternalPath());
            }
        }
    }

    static Map<String, Node> children(HdfFile file, Group group) {
        HdfBackingStorage storage = file.getHdfBackingStorage();
        Map<String, Node> out = new LinkedHashMap<>();
        visit(file, group, new Visitor() {
            @Override
            public void hard(String name, long address) {
                out.put(name, build(storage, address, name, group));
            }

            @Override
            public void soft(String name, String target) {
                out.put(name, new SoftLink(target, name, group));
            }

            @Override
            public void external(String name, String f, String path) {
                out.put(name, new ExternalLink(f, path, name, group));
            }
        });
        return out;
    }

    /**
     * The first child of the group whose object header claims lengths past the end of the file (see
     * {@link HeaderCheck}), as "name: why", or null when every child's header is plausible. jHDF builds all of a
     * group's children at once, each after allocating what its header claims; such a group is listed here instead.
     */
    static String implausibleChild(HdfFile file, Group group) {
        HeaderCheck.Reader r = HeaderCheck.of(file.getHdfBackingStorage());
        String[] first = new String[1];
        visit(file, group, new Visitor() {
            @Override
            public void hard(String name, long address) {
                if (first[0] == null) {
                    String why = HeaderCheck.objectHeaderProblem(r, address);
                    if (why != null) {
                        first[0] = name + ": " + why;
                    }
                }
            }

            @Override
            public void soft(String name, String target) {
            }

            @Override
            public void external(String name, String f, String path) {
            }
        });
        return first[0];
    }

    private static String cString(ByteBuffer b, int offset) {
        int end = offset;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - offset];
        b.duplicate().position(offset).get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static Node build(HdfBackingStorage storage, long address, String name, Group parent) {
        String implausible = HeaderCheck.objectHeaderProblem(HeaderCheck.of(storage), address);
        if (implausible != null) {
            return new Unreadable(parent, name, address, implausible, true);
        }
        ObjectHeader oh;
        try {
            oh = ObjectHeader.readObjectHeader(storage, address);
        } catch (RuntimeException e) {
            String why = H5File.reason(e);
            boolean virtual = false;
            Throwable t = e;
            while (t != null) {
                if (t.getMessage() != null && t.getMessage().contains("Virtual storage")) {
                    why = "it is a virtual dataset (VDS)";
                    virtual = true;
                }
                t = t.getCause();
            }
            Unreadable u = new Unreadable(parent, name, address, why, true);
            u.virtual = virtual;
            return u;
        }
        try {
            if (oh.hasMessageOfType(DataLayoutMessage.class) || oh.hasMessageOfType(DataSpaceMessage.class)) {
                return DatasetLoader.createDataset(storage, oh, name, parent);
            }
            Method m = Class.forName("io.jhdf.GroupImpl").getDeclaredMethod("createGroup", HdfBackingStorage.class,
                    long.class, String.class, Group.class);
            m.setAccessible(true);
            return (Node) m.invoke(null, storage, address, name, parent);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Throwable c = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            return new Unreadable(parent, name, address, H5File.reason(c),
                    oh.hasMessageOfType(DataSpaceMessage.class));
        }
    }

    /** A child whose object header cannot be read or built; listed with the reason instead of failing the group. */
    static final class Unreadable implements Node {
        private final Group parent;
        private final String name;
        private final long address;
        final String problem;
        final boolean dataset;
        boolean virtual;

        Unreadable(Group parent, String name, long address, String problem, boolean dataset) {
            this.parent = parent;
            this.name = name;
            this.address = address;
            this.problem = problem;
            this.dataset = dataset;
        }

        @Override
        public Group getParent() {
            return parent;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getPath() {
            return parent.getPath() + name;
        }

        @Override
        public Map<String, Attribute> getAttributes() {
            return Map.of();
        }

        @Override
        public Attribute getAttribute(String n) {
            return null;
        }

        @Override
        public NodeType getType() {
            return dataset ? NodeType.DATASET : NodeType.GROUP;
        }

        @Override
        public boolean isGroup() {
            return false;
        }

        @Override
        public File getFile() {
            return parent.getFile();
        }

        @Override
        public Path getFileAsPath() {
            return parent.getFileAsPath();
        }

        @Override
        public HdfFile getHdfFile() {
            return parent.getHdfFile();
        }

        @Override
        public long getAddress() {
            return address;
        }

        @Override
        public boolean isLink() {
            return false;
        }

        @Override
        public boolean isAttributeCreationOrderTracked() {
            return false;
        }
    }
}
