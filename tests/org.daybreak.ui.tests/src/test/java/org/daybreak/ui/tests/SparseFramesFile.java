package org.daybreak.ui.tests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.zip.Deflater;

/**
 * Writes an HDF5 file holding one chunked, deflated float32 stack {@code /entry/frames} of shape
 * {@code [frames][rows][columns]}, one chunk per frame, of which only the listed frames are written: every other
 * frame is unallocated and reads as the fill value. So a dataset of terabytes takes a few hundred KB on disk.
 *
 * <p>Written from the HDF5 file format specification (version 3.0, "HDF5 File Format Specification"), with the
 * oldest structures that need no checksums: a version 0 superblock, version 1 object headers, groups stored
 * compactly as Link messages (with Link Info and Group Info messages), a version 3 chunked Data Layout message
 * whose chunks are indexed by a version 1 B-tree (one leaf node), a version 2 Fill Value message and a version 1
 * Filter Pipeline message with the deflate filter (id 1). All numbers little-endian, offsets and lengths 8 bytes.
 *
 * <p>Frame {@code f}, written, holds {@link #value(int, int, int)}; unwritten frames hold {@link #FILL}.
 */
final class SparseFramesFile {
    static final float FILL = -1.5f;
    private static final long UNDEFINED = -1L;

    private SparseFramesFile() {
    }

    /** The value of element (row, column) of a written frame: exact in float32 for frames below 2^20. */
    static float value(int frame, int row, int column) {
        return frame + ((row * 3 + column) % 64) * 0.25f;
    }

    /**
     * Writes the file (replacing one that is there).
     *
     * @param written the frames whose chunk is stored, each below {@code frames}
     */
    static void write(Path file, int frames, int rows, int columns, SortedSet<Integer> written) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        for (int f : written) {
            chunks.add(deflate(frame(f, rows, columns)));
        }
        // Layout: superblock, root group header, /entry header, /entry/frames header, B-tree node, chunks.
        long rootAt = 96;
        long entryAt = rootAt + groupHeader("entry", 0).length;
        long framesAt = entryAt + groupHeader("frames", 0).length;
        long btreeAt = framesAt + datasetHeader(frames, rows, columns, 0).length;
        long chunksAt = btreeAt + btree(written, chunks, new long[chunks.size()], rows, columns).length;
        long[] addresses = new long[chunks.size()];
        long at = chunksAt;
        for (int i = 0; i < chunks.size(); i++) {
            addresses[i] = at;
            at += chunks.get(i).length;
        }
        long eof = at;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            put(ch, 0, superblock(rootAt, eof));
            put(ch, rootAt, groupHeader("entry", entryAt));
            put(ch, entryAt, groupHeader("frames", framesAt));
            put(ch, framesAt, datasetHeader(frames, rows, columns, btreeAt));
            put(ch, btreeAt, btree(written, chunks, addresses, rows, columns));
            for (int i = 0; i < chunks.size(); i++) {
                put(ch, addresses[i], chunks.get(i));
            }
        }
    }

    private static void put(FileChannel ch, long at, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b, at + b.position());
        }
    }

    private static byte[] frame(int f, int rows, int columns) {
        ByteBuffer b = ByteBuffer.allocate(rows * columns * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                b.putFloat(value(f, r, c));
            }
        }
        return b.array();
    }

    private static byte[] deflate(byte[] raw) {
        Deflater d = new Deflater(6); // zlib stream, as HDF5's deflate filter stores it
        d.setInput(raw);
        d.finish();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Superblock version 0 with the root group's symbol table entry (cache type 0: read its object header). */
    private static byte[] superblock(long rootHeader, long eof) {
        ByteBuffer b = le(96);
        b.put(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'});
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // superblock, free space, root entry, reserved
        b.put((byte) 0).put((byte) 8).put((byte) 8).put((byte) 0); // shared header version, offsets, lengths
        b.putShort((short) 4).putShort((short) 16); // group leaf and internal node K
        b.putInt(0); // file consistency flags
        b.putLong(0).putLong(UNDEFINED).putLong(eof).putLong(UNDEFINED); // base, free space, end of file, driver
        b.putLong(0).putLong(rootHeader).putInt(0).putInt(0).putLong(0).putLong(0); // root symbol table entry
        return b.array();
    }

    /** A message of a version 1 object header: type, size, flags, reserved, data padded to 8 bytes. */
    private static byte[] message(int type, byte[] data) {
        int padded = (data.length + 7) / 8 * 8;
        ByteBuffer b = le(8 + padded);
        b.putShort((short) type).putShort((short) padded).put((byte) 0).put(new byte[3]).put(data);
        return b.array();
    }

    private static byte[] objectHeader(List<byte[]> messages) {
        int size = messages.stream().mapToInt(m -> m.length).sum();
        ByteBuffer b = le(16 + size);
        b.put((byte) 1).put((byte) 0).putShort((short) messages.size()).putInt(1).putInt(size).putInt(0);
        messages.forEach(b::put);
        return b.array();
    }

    /** A group holding one hard link, stored compactly (Link Info, Group Info, Link messages). */
    private static byte[] groupHeader(String child, long childHeader) {
        ByteBuffer linkInfo = le(18);
        linkInfo.put((byte) 0).put((byte) 0).putLong(UNDEFINED).putLong(UNDEFINED); // no fractal heap, no index
        byte[] groupInfo = {0, 0};
        byte[] name = child.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer link = le(3 + name.length + 8);
        link.put((byte) 1).put((byte) 0).put((byte) name.length).put(name).putLong(childHeader); // hard link
        return objectHeader(List.of(message(0x2, linkInfo.array()), message(0xA, groupInfo),
                message(0x6, link.array())));
    }

    private static byte[] datasetHeader(int frames, int rows, int columns, long btree) {
        ByteBuffer space = le(8 + 3 * 8);
        space.put((byte) 1).put((byte) 3).put((byte) 0).put((byte) 0).putInt(0); // version 1, rank 3, no max dims
        space.putLong(frames).putLong(rows).putLong(columns);
        ByteBuffer type = le(8 + 12);
        // version 1, class 1 (floating point); little-endian, mantissa normalised (MSB implied), sign at bit 31
        type.put((byte) 0x11).put((byte) 0x20).put((byte) 31).put((byte) 0).putInt(4);
        type.putShort((short) 0).putShort((short) 32).put((byte) 23).put((byte) 8).put((byte) 0).put((byte) 23)
                .putInt(127);
        ByteBuffer fill = le(8 + 4);
        // version 2, allocation incremental, fill written if set, defined, 4 bytes
        fill.put((byte) 2).put((byte) 2).put((byte) 2).put((byte) 1).putInt(4).putFloat(FILL);
        ByteBuffer layout = le(3 + 8 + 4 * 4);
        layout.put((byte) 3).put((byte) 2).put((byte) 4).putLong(btree); // version 3, chunked, rank + 1 dims
        layout.putInt(1).putInt(rows).putInt(columns).putInt(4); // one frame per chunk; element size last
        ByteBuffer filters = le(8 + 8 + 8);
        filters.put((byte) 1).put((byte) 1).put(new byte[6]); // version 1, one filter
        filters.putShort((short) 1).putShort((short) 0).putShort((short) 0).putShort((short) 1); // deflate, 1 value
        filters.putInt(6).putInt(0); // level 6, padding to an even count
        return objectHeader(List.of(message(0x1, space.array()), message(0x3, type.array()),
                message(0x5, fill.array()), message(0x8, layout.array()), message(0xB, filters.array())));
    }

    /**
     * A version 1 B-tree leaf (node type 1: raw data chunks). Keys: chunk size, filter mask, the chunk's offset in
     * elements per axis and 0 for the element axis; key i precedes child i, and the last key lies past the last chunk.
     */
    private static byte[] btree(SortedSet<Integer> written, List<byte[]> chunks, long[] addresses, int rows,
            int columns) {
        int n = written.size();
        int key = 4 + 4 + 4 * 8;
        ByteBuffer b = le(24 + n * (key + 8) + key);
        b.put(new byte[] {'T', 'R', 'E', 'E'}).put((byte) 1).put((byte) 0).putShort((short) n);
        b.putLong(UNDEFINED).putLong(UNDEFINED);
        int i = 0;
        int last = 0;
        for (int f : written) {
            b.putInt(chunks.get(i).length).putInt(0).putLong(f).putLong(0).putLong(0).putLong(0);
            b.putLong(addresses[i]);
            last = f;
            i++;
        }
        b.putInt(0).putInt(0).putLong(last + 1L).putLong(rows).putLong(columns).putLong(0);
        return b.array();
    }
}
