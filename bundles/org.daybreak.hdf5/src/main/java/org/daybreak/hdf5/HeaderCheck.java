package org.daybreak.hdf5;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks the lengths an object header claims (its first chunk, every continuation block) and a local heap's data
 * segment against the size of the file, before jHDF reads them. jHDF 0.13 allocates and zeroes a buffer of whatever
 * length a structure claims and only then reads it, so one damaged size field (up to 2 GiB) in a file of a few KB
 * cost seconds per object, and a group whose children all point at it minutes (found by H5FileFuzzTest; inputs kept
 * in {@code fuzz/found/}). Here only small prefixes are read, and a header is walked only as far as the file
 * holds it. Layouts from the HDF5 File Format Specification (version 3.0), sections IV.A.1 (version 1 and 2 object
 * headers), IV.A.2.q (object header continuation) and III.D (local heaps).
 */
final class HeaderCheck {
    /** At most this many continuation blocks are followed per header (libhdf5 files use a handful). */
    private static final int MAX_BLOCKS = 4096;

    private HeaderCheck() {
    }

    /** Reads bytes at addresses relative to the file's base address. */
    interface Reader {
        /** Up to {@code n} bytes at {@code address}, little-endian; fewer (or none) at the end of the file. */
        ByteBuffer read(long address, int n);

        /** The first address past the end of the file. */
        long end();

        int sizeOfOffsets();

        int sizeOfLengths();
    }

    /** A reader over jHDF's storage (after the file is open). */
    static Reader of(io.jhdf.storage.HdfBackingStorage storage) {
        return new Reader() {
            @Override
            public ByteBuffer read(long address, int n) {
                long left = end() - address;
                int m = (int) Math.max(0, Math.min(n, left));
                if (m == 0) {
                    return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
                }
                return storage.readBufferFromAddress(address, m).order(ByteOrder.LITTLE_ENDIAN);
            }

            @Override
            public long end() {
                return storage.size() - storage.getUserBlockSize();
            }

            @Override
            public int sizeOfOffsets() {
                return storage.getSizeOfOffsets();
            }

            @Override
            public int sizeOfLengths() {
                return storage.getSizeOfLengths();
            }
        };
    }

    /**
     * Why the object header at {@code address} cannot be what it claims, or null when every length it claims lies
     * inside the file (the header's contents are not judged: jHDF reads and checks them).
     */
    static String objectHeaderProblem(Reader r, long address) {
        if (address < 0 || address >= r.end()) {
            return "object header address " + address + " is outside the file (" + r.end() + " bytes)";
        }
        ByteBuffer p = r.read(address, 48);
        if (p.remaining() >= 4 && p.getInt(0) == 0x5244484F) { // "OHDR"
            return v2Problem(r, address, p);
        }
        if (p.remaining() < 16) {
            return "object header at " + address + " is cut off by the end of the file";
        }
        int version = p.get(0) & 0xff;
        if (version != 1) {
            return null; // not a header jHDF would read as one: it reports that itself, without a large allocation
        }
        long size = p.getInt(8) & 0xffffffffL;
        long start = address + 16;
        String why = block(r, address, start, size);
        if (why != null) {
            return why;
        }
        return continuations(r, address, start, size, false, false);
    }

    private static String v2Problem(Reader r, long address, ByteBuffer p) {
        if (p.remaining() < 7) {
            return "object header at " + address + " is cut off by the end of the file";
        }
        int flags = p.get(5) & 0xff;
        int at = 6;
        if ((flags & 0x20) != 0) {
            at += 16; // access, modification, change and birth times
        }
        if ((flags & 0x10) != 0) {
            at += 4; // attribute storage phase change values
        }
        int width = 1 << (flags & 3);
        if (p.remaining() < at + width) {
            return "object header at " + address + " is cut off by the end of the file";
        }
        long size = readUnsigned(p, at, width);
        long start = address + at + width;
        String why = block(r, address, start, size + 4); // + checksum
        if (why != null) {
            return why;
        }
        return continuations(r, address, start, size, true, (flags & 0x04) != 0);
    }

    private static String block(Reader r, long header, long start, long size) {
        if (size < 0 || start + size > r.end()) {
            return "object header at " + header + " claims " + size + " bytes, past the end of the file ("
                    + r.end() + " bytes): a damaged length";
        }
        return null;
    }

    /** Follows continuation messages through every block, checking each block's claimed length. */
    private static String continuations(Reader r, long header, long start, long size, boolean v2, boolean order) {
        int o = r.sizeOfOffsets();
        int l = r.sizeOfLengths();
        Deque<long[]> todo = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        todo.add(new long[] {start, size});
        int blocks = 0;
        boolean first = true;
        while (!todo.isEmpty()) {
            long[] b = todo.poll();
            if (!seen.add(b[0])) {
                return "object header at " + header + " has a continuation block that loops back (" + b[0] + ")";
            }
            if (++blocks > MAX_BLOCKS) {
                return "object header at " + header + " has more than " + MAX_BLOCKS + " continuation blocks";
            }
            long from = b[0];
            long length = b[1];
            if (v2 && !first) {
                from += 4; // "OCHK"
                length -= 8; // signature and checksum
            }
            first = false;
            if (length <= 0) {
                continue;
            }
            ByteBuffer m = r.read(from, (int) Math.min(length, Integer.MAX_VALUE - 8));
            int pos = 0;
            int prefix = v2 ? 4 + (order ? 2 : 0) : 8;
            while (pos + prefix <= m.remaining()) {
                int type;
                int msize;
                int dataAt;
                if (v2) {
                    type = m.get(pos) & 0xff;
                    msize = m.getShort(pos + 1) & 0xffff;
                    dataAt = pos + 4 + (order ? 2 : 0); // creation order when the header tracks it
                } else {
                    type = m.getShort(pos) & 0xffff;
                    msize = m.getShort(pos + 2) & 0xffff;
                    dataAt = pos + 8;
                }
                if (type == 0x10 && dataAt + o + l <= m.remaining()) {
                    long at = readUnsigned(m, dataAt, o);
                    long len = readUnsigned(m, dataAt + o, l);
                    if (at < 0 || len < 0 || at + len > r.end() || at + len < at) {
                        return "object header at " + header + " continues at " + at + " for " + len
                                + " bytes, past the end of the file (" + r.end() + " bytes): a damaged length";
                    }
                    todo.add(new long[] {at, len});
                }
                int next = dataAt + msize;
                if (!v2) {
                    next = pos + 8 + ((msize + 7) & ~7);
                }
                if (next <= pos) {
                    break;
                }
                pos = next;
            }
        }
        return null;
    }

    /** Why the local heap at {@code address} cannot be what it claims, or null when its data segment is inside the file. */
    static String localHeapProblem(Reader r, long address) {
        int o = r.sizeOfOffsets();
        int l = r.sizeOfLengths();
        if (address < 0 || address >= r.end()) {
            return "local heap address " + address + " is outside the file (" + r.end() + " bytes)";
        }
        ByteBuffer h = r.read(address, 8 + 2 * l + o);
        if (h.remaining() < 8 + 2 * l + o) {
            return "local heap at " + address + " is cut off by the end of the file";
        }
        if (h.getInt(0) != 0x50414548) { // "HEAP"
            return null; // jHDF refuses the signature itself
        }
        long size = readUnsigned(h, 8, l);
        long data = readUnsigned(h, 8 + 2 * l, o);
        if (size < 0 || data < 0 || data + size > r.end() || data + size < data) {
            return "local heap at " + address + " claims " + size + " bytes at " + data
                    + ", past the end of the file (" + r.end() + " bytes): a damaged length";
        }
        return null;
    }

    private static long readUnsigned(ByteBuffer b, int at, int width) {
        return switch (width) {
            case 1 -> b.get(at) & 0xffL;
            case 2 -> b.getShort(at) & 0xffffL;
            case 4 -> b.getInt(at) & 0xffffffffL;
            case 8 -> b.getLong(at);
            default -> throw new IllegalArgumentException("unsupported field width " + width);
        };
    }
}
