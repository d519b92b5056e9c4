package org.daybreak.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.jhdf.GlobalHeap;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.message.DataSpace;
import io.jhdf.storage.HdfBackingStorage;

/**
 * A virtual dataset (VDS) read from its object header, which jHDF 0.13 cannot parse (HDF5 file format
 * specification 3.0: object header v1/v2 with continuation blocks; data layout message version 4, class 3; the
 * "virtual dataset global heap block" version 0/1; dataspace selections serialized as by {@code H5S_encode}).
 *
 * <p>Supported mappings: "all" and regular hyperslab selections on both sides, with the same number of elements;
 * the elements of the virtual selection and of the source selection correspond one to one in row-major order.
 * Source file names are used as stored ({@code .} is the file itself); {@code %b}-style printf names and unlimited
 * selections are not supported (an error when read).
 */
final class VirtualLayout {

    /**
     * A selection that is a grid: per axis the selected indices, ascending; the selected elements are all their
     * combinations, in row-major order. Regular hyperslabs, "all", and irregular hyperslabs whose blocks form a
     * grid are of this kind.
     */
    record Hyperslab(long[][] idx) {
        long[] indices(int d) {
            return idx[d];
        }

        int size(int d) {
            return idx[d].length;
        }

        static Hyperslab regular(long[] start, long[] stride, long[] count, long[] block) {
            long[][] idx = new long[start.length][];
            for (int d = 0; d < start.length; d++) {
                long[] out = new long[(int) (count[d] * block[d])];
                int k = 0;
                for (long c = 0; c < count[d]; c++) {
                    for (long b = 0; b < block[d]; b++) {
                        out[k++] = start[d] + c * stride[d] + b;
                    }
                }
                Arrays.sort(out);
                idx[d] = out;
            }
            return new Hyperslab(idx);
        }

        static Hyperslab all(long[] dims) {
            long[][] idx = new long[dims.length][];
            for (int d = 0; d < dims.length; d++) {
                idx[d] = new long[(int) dims[d]];
                for (int i = 0; i < dims[d]; i++) {
                    idx[d][i] = i;
                }
            }
            return new Hyperslab(idx);
        }
    }

    /** One mapping: source file and dataset, the source selection (null = all) and the virtual selection. */
    record Mapping(String file, String dataset, Hyperslab source, Hyperslab virtual, String problem) {
    }

    final long[] dims;
    final DataType type;
    final byte[] fill;
    final List<Mapping> mappings;
    /** The compact attribute messages of the object header (dense attribute storage is not read). */
    final List<ByteBuffer> attributeMessages = new ArrayList<>();

    private VirtualLayout(long[] dims, DataType type, byte[] fill, List<Mapping> mappings) {
        this.dims = dims;
        this.type = type;
        this.fill = fill;
        this.mappings = mappings;
    }

    /**
     * Parses the object header at {@code address}.
     *
     * @throws IOException when it is not a virtual dataset or cannot be parsed
     */
    static VirtualLayout read(HdfBackingStorage storage, long address) throws IOException {
        List<ByteBuffer> messages = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        readHeader(storage, address, messages, types);
        DataSpace space = null;
        DataType type = null;
        byte[] fill = null;
        ByteBuffer layout = null;
        List<ByteBuffer> attributes = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ByteBuffer m = messages.get(i).order(ByteOrder.LITTLE_ENDIAN);
            switch (types.get(i)) {
                case 1 -> space = DataSpace.readDataSpace(m.duplicate().order(ByteOrder.LITTLE_ENDIAN),
                        storage.getSuperblock());
                case 3 -> type = DataType.readDataType(m.duplicate().order(ByteOrder.LITTLE_ENDIAN));
                case 5 -> fill = fillValue(m.duplicate().order(ByteOrder.LITTLE_ENDIAN));
                case 8 -> layout = m.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                case 12 -> attributes.add(m.duplicate().order(ByteOrder.LITTLE_ENDIAN));
                default -> {
                }
            }
        }
        if (space == null || type == null || layout == null) {
            throw new IOException("the object header has no dataspace, datatype or layout");
        }
        int version = layout.get() & 0xff;
        int cls = layout.get() & 0xff;
        if (version != 4 || cls != 3) {
            throw new IOException("the layout is not a virtual one (version " + version + ", class " + cls + ")");
        }
        int offsets = storage.getSizeOfOffsets();
        long heapAddress = offsets == 8 ? layout.getLong() : layout.getInt() & 0xffffffffL;
        int index = layout.getInt();
        ByteBuffer blob = new GlobalHeap(storage, heapAddress).getObjectData(index).order(ByteOrder.LITTLE_ENDIAN);
        List<Mapping> maps = parseMappings(blob, storage.getSizeOfLengths(), space.getDimensionsAsLong());
        VirtualLayout v = new VirtualLayout(space.getDimensionsAsLong(), type, fill, maps);
        v.attributeMessages.addAll(attributes);
        return v;
    }

    private static byte[] fillValue(ByteBuffer m) {
        int version = m.get() & 0xff;
        if (version == 1 || version == 2) {
            m.get(); // space allocation time
            m.get(); // fill value write time
            boolean defined = m.get() != 0;
            if (!defined && version == 2) {
                return null;
            }
            if (m.remaining() < 4) {
                return null;
            }
            int size = m.getInt();
            if (size <= 0 || size > m.remaining()) {
                return null;
            }
            byte[] v = new byte[size];
            m.get(v);
            return v;
        }
        if (version == 3) {
            int flags = m.get() & 0xff;
            if ((flags & 0x20) == 0) {
                return null;
            }
            int size = m.getInt();
            byte[] v = new byte[size];
            m.get(v);
            return v;
        }
        return null;
    }

    // ---------------------------------------------------------------- object header

    private static void readHeader(HdfBackingStorage storage, long address, List<ByteBuffer> messages,
            List<Integer> types) throws IOException {
        ByteBuffer head = storage.readBufferFromAddress(address, 16).order(ByteOrder.LITTLE_ENDIAN);
        if (head.get(0) == 'O' && head.get(1) == 'H' && head.get(2) == 'D' && head.get(3) == 'R') {
            int flags = head.get(5) & 0xff;
            int pos = 6;
            if ((flags & 0x20) != 0) {
                pos += 16;
            }
            if ((flags & 0x10) != 0) {
                pos += 4;
            }
            int sizeBytes = 1 << (flags & 3);
            ByteBuffer h = storage.readBufferFromAddress(address, pos + sizeBytes).order(ByteOrder.LITTLE_ENDIAN);
            long chunk = readSized(h, pos, sizeBytes);
            ByteBuffer block = storage.readBufferFromAddress(address + pos + sizeBytes, (int) chunk)
                    .order(ByteOrder.LITTLE_ENDIAN);
            readV2Messages(storage, block, (flags & 0x04) != 0, messages, types);
        } else if (head.get(0) == 1) {
            int count = head.getShort(2) & 0xffff;
            long size = head.getInt(8) & 0xffffffffL;
            List<long[]> blocks = new ArrayList<>();
            blocks.add(new long[] {address + 16, size});
            int seen = 0;
            for (int b = 0; b < blocks.size() && seen < count; b++) {
                ByteBuffer buf = storage.readBufferFromAddress(blocks.get(b)[0], (int) blocks.get(b)[1])
                        .order(ByteOrder.LITTLE_ENDIAN);
                while (buf.remaining() >= 8 && seen < count) {
                    int type = buf.getShort() & 0xffff;
                    int len = buf.getShort() & 0xffff;
                    buf.position(buf.position() + 4);
                    ByteBuffer data = slice(buf, len);
                    seen++;
                    if (type == 0x10) {
                        blocks.add(continuation(storage, data));
                    } else {
                        messages.add(data);
                        types.add(type);
                    }
                }
            }
        } else {
            throw new IOException("unknown object header version at address " + address);
        }
    }

    private static void readV2Messages(HdfBackingStorage storage, ByteBuffer block, boolean creationOrder,
            List<ByteBuffer> messages, List<Integer> types) throws IOException {
        int overhead = 4 + (creationOrder ? 2 : 0);
        while (block.remaining() >= overhead) {
            int type = block.get() & 0xff;
            int len = block.getShort() & 0xffff;
            block.get(); // flags
            if (creationOrder) {
                block.getShort();
            }
            if (len > block.remaining()) {
                break;
            }
            ByteBuffer data = slice(block, len);
            if (type == 0x10) {
                long[] c = continuation(storage, data);
                ByteBuffer next = storage.readBufferFromAddress(c[0], (int) c[1]).order(ByteOrder.LITTLE_ENDIAN);
                next.position(4); // "OCHK"
                next.limit(next.limit() - 4); // checksum
                readV2Messages(storage, next, creationOrder, messages, types);
            } else if (type != 0) {
                messages.add(data);
                types.add(type);
            }
        }
    }

    private static long[] continuation(HdfBackingStorage storage, ByteBuffer data) {
        data.order(ByteOrder.LITTLE_ENDIAN);
        long off = readSized(data, 0, storage.getSizeOfOffsets());
        long len = readSized(data, storage.getSizeOfOffsets(), storage.getSizeOfLengths());
        return new long[] {off, len};
    }

    private static ByteBuffer slice(ByteBuffer b, int len) {
        ByteBuffer s = b.slice().order(ByteOrder.LITTLE_ENDIAN);
        s.limit(Math.min(len, s.limit()));
        b.position(Math.min(b.limit(), b.position() + len));
        return s;
    }

    private static long readSized(ByteBuffer b, int pos, int size) {
        return switch (size) {
            case 1 -> b.get(pos) & 0xffL;
            case 2 -> b.getShort(pos) & 0xffffL;
            case 4 -> b.getInt(pos) & 0xffffffffL;
            default -> b.getLong(pos);
        };
    }

    // ---------------------------------------------------------------- mappings and selections

    private static List<Mapping> parseMappings(ByteBuffer b, int lengths, long[] dims) throws IOException {
        int version = b.get() & 0xff;
        if (version > 1) {
            throw new IOException("virtual dataset heap block version " + version + " is not supported");
        }
        long n = lengths == 8 ? b.getLong() : b.getInt() & 0xffffffffL;
        List<Mapping> out = new ArrayList<>();
        String lastFile = null;
        String lastDataset = null;
        for (long i = 0; i < n; i++) {
            int flags = version >= 1 ? b.get() & 0xff : 0;
            String file = (flags & 0x04) != 0 ? "." : (flags & 0x01) != 0 ? lastFile : cString(b);
            String dataset = (flags & 0x02) != 0 ? lastDataset : cString(b);
            lastFile = file;
            lastDataset = dataset;
            String problem = null;
            Hyperslab src = null;
            Hyperslab virt = null;
            try {
                src = selection(b, null);
                virt = selection(b, dims);
            } catch (IOException e) {
                problem = e.getMessage();
            }
            if (problem == null && file.contains("%")) {
                problem = "printf-style source file names ('" + file + "') are not supported";
            }
            out.add(new Mapping(file, dataset, src, virt, problem));
            if (problem != null && virt == null) {
                throw new IOException(problem);
            }
        }
        return out;
    }

    private static String cString(ByteBuffer b) {
        int start = b.position();
        while (b.get() != 0) {
            // scan to the terminating NUL
        }
        byte[] s = new byte[b.position() - start - 1];
        b.duplicate().position(start).get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /** A serialized selection; "all" becomes a null source (the whole source) or a block over {@code dims}. */
    private static Hyperslab selection(ByteBuffer b, long[] dims) throws IOException {
        int type = b.getInt();
        int version = b.getInt();
        switch (type) {
            case 3 -> { // all
                b.getInt(); // reserved
                b.getInt(); // length
                return dims == null ? null : Hyperslab.all(dims);
            }
            case 2 -> { // hyperslab
                if (version == 1) {
                    b.getInt();
                    b.getInt();
                    int rank = b.getInt();
                    long nblocks = b.getInt() & 0xffffffffL;
                    return blocks(b, rank, nblocks, 4);
                }
                int flags = b.get() & 0xff;
                int enc;
                int rank;
                if (version == 2) {
                    b.getInt(); // length
                    rank = b.getInt();
                    enc = 8;
                } else if (version == 3) {
                    enc = b.get() & 0xff;
                    rank = b.getInt();
                } else {
                    throw new IOException("hyperslab selection version " + version + " is not supported");
                }
                if ((flags & 1) != 0) {
                    long[] start = new long[rank];
                    long[] stride = new long[rank];
                    long[] count = new long[rank];
                    long[] block = new long[rank];
                    for (int d = 0; d < rank; d++) {
                        start[d] = readEnc(b, enc);
                        stride[d] = readEnc(b, enc);
                        count[d] = readEnc(b, enc);
                        block[d] = readEnc(b, enc);
                        if (count[d] == -1L || block[d] == -1L || (enc == 4 && (count[d] == 0xffffffffL
                                || block[d] == 0xffffffffL))) {
                            throw new IOException("unlimited virtual dataset mappings are not supported");
                        }
                    }
                    return Hyperslab.regular(start, stride, count, block);
                }
                long nblocks = readEnc(b, enc);
                return blocks(b, rank, nblocks, enc);
            }
            default -> throw new IOException("selection type " + type + " (points or none) is not supported");
        }
    }

    /** An irregular hyperslab given as blocks; supported when the blocks form a grid (all combinations). */
    private static Hyperslab blocks(ByteBuffer b, int rank, long nblocks, int enc) throws IOException {
        if (nblocks <= 0 || nblocks > 1_000_000) {
            throw new IOException("a hyperslab selection of " + nblocks + " blocks is not supported");
        }
        List<java.util.TreeMap<Long, Long>> perAxis = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            perAxis.add(new java.util.TreeMap<>());
        }
        java.util.Set<List<Long>> seen = new java.util.HashSet<>();
        for (long k = 0; k < nblocks; k++) {
            long[] start = new long[rank];
            long[] end = new long[rank];
            for (int d = 0; d < rank; d++) {
                start[d] = readEnc(b, enc);
            }
            for (int d = 0; d < rank; d++) {
                end[d] = readEnc(b, enc);
            }
            List<Long> key = new ArrayList<>();
            for (int d = 0; d < rank; d++) {
                Long old = perAxis.get(d).put(start[d], end[d]);
                if (old != null && old != end[d]) {
                    throw new IOException("an irregular hyperslab selection that is not a grid is not supported");
                }
                key.add(start[d]);
            }
            seen.add(key);
        }
        long combos = 1;
        for (int d = 0; d < rank; d++) {
            combos *= perAxis.get(d).size();
        }
        if (combos != seen.size() || combos != nblocks) {
            throw new IOException("an irregular hyperslab selection that is not a grid is not supported");
        }
        long[][] idx = new long[rank][];
        for (int d = 0; d < rank; d++) {
            List<Long> all = new ArrayList<>();
            long last = -1;
            for (java.util.Map.Entry<Long, Long> e : perAxis.get(d).entrySet()) {
                if (e.getKey() <= last) {
                    throw new IOException("overlapping hyperslab blocks are not supported");
                }
                for (long i = e.getKey(); i <= e.getValue(); i++) {
                    all.add(i);
                }
                last = e.getValue();
            }
            idx[d] = all.stream().mapToLong(Long::longValue).toArray();
        }
        return new Hyperslab(idx);
    }

    private static long readEnc(ByteBuffer b, int enc) {
        return switch (enc) {
            case 2 -> b.getShort() & 0xffffL;
            case 4 -> b.getInt() & 0xffffffffL;
            default -> b.getLong();
        };
    }
}
