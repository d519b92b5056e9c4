package org.daybreak.hdf5.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;

/**
 * Writes .npy files straight from a contiguous typed array through a reused direct buffer (no second copy of
 * the whole array), in the file's byte order, plus the two layouts core's Npy does not cover: complex numbers
 * stored as a last axis of (real, imaginary), and text (fixed-size {@code |S} bytes or {@code <U} unicode, readable without pickle).
 */
final class NpyWriter {
    private static final int BLOCK = 1 << 22;

    private NpyWriter() {
    }

    /**
     * Writes a numeric array in the given byte order (h5py returns arrays in the file's byte order, so .npy files
     * keep it too); {@code complex} folds the last axis (length 2) into complex elements.
     */
    static void write(Path file, NDArray a, boolean complex, ByteOrder order) throws IOException {
        NDArray c = a.isContiguous() ? a : a.copy();
        DType t = c.dtype();
        if (t.isText()) {
            throw new IllegalArgumentException("use writeText for text");
        }
        String descr = t.numpyStr(order);
        int[] shape = c.shape();
        if (complex) {
            descr = (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + (t == DType.FLOAT32 ? "c8" : "c16");
            shape = java.util.Arrays.copyOf(shape, shape.length - 1);
        }
        try (FileChannel ch = open(file)) {
            writeFully(ch, ByteBuffer.wrap(header(descr, shape)));
            ByteBuffer buf = ByteBuffer.allocateDirect(BLOCK).order(order);
            Object d = c.data();
            int n = c.size();
            int item = t.itemSize();
            int per = BLOCK / item;
            for (int off = 0; off < n; off += per) {
                int len = Math.min(per, n - off);
                buf.clear();
                switch (t) {
                    case BOOL -> {
                        boolean[] z = (boolean[]) d;
                        for (int k = 0; k < len; k++) {
                            buf.put(k, (byte) (z[off + k] ? 1 : 0));
                        }
                    }
                    case FLOAT16 -> {
                        float[] h = (float[]) d;
                        for (int k = 0; k < len; k++) {
                            buf.putShort(2 * k, org.daybreak.core.data.Half.fromFloat(h[off + k]));
                        }
                    }
                    case INT8, UINT8 -> buf.put((byte[]) d, off, len);
                    case INT16, UINT16 -> buf.asShortBuffer().put((short[]) d, off, len);
                    case INT32, UINT32 -> buf.asIntBuffer().put((int[]) d, off, len);
                    case INT64, UINT64 -> buf.asLongBuffer().put((long[]) d, off, len);
                    case FLOAT32 -> buf.asFloatBuffer().put((float[]) d, off, len);
                    case FLOAT64 -> buf.asDoubleBuffer().put((double[]) d, off, len);
                    default -> throw new IllegalStateException(t.toString());
                }
                buf.position(0).limit(len * item);
                writeFully(ch, buf);
            }
        }
    }

    /** Largest data part written through one memory mapping (a mapped buffer is indexed by int). */
    static final long MAPPED_MAX = Integer.MAX_VALUE - 8;

    /**
     * Writes a .npy file whose data part ({@code bytes} bytes after the header) {@code fill} writes into a memory
     * mapping of the file: the producer (the HDF5 chunk decoder) copies each decoded chunk straight into the page
     * cache, with no array and no write buffer in between. {@code bytes} must not exceed {@link #MAPPED_MAX}.
     */
    static void writeMapped(Path file, String descr, int[] shape, long bytes,
            java.util.function.Consumer<java.nio.MappedByteBuffer> fill) throws IOException {
        byte[] head = header(descr, shape);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.wrap(head));
            if (bytes > 0) {
                java.nio.MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, head.length, bytes);
                fill.accept(map);
            }
        }
    }

    /**
     * Writes text: {@code fixedBytes > 0} gives NumPy {@code |S<n>} (the bytes as stored, like h5py's read of a
     * fixed-length string dataset), otherwise {@code <U<max length>} (UTF-32LE code points).
     */
    static void writeText(Path file, NDArray a, int fixedBytes) throws IOException {
        NDArray c = a.isContiguous() ? a : a.copy();
        String[] s = (String[]) c.data();
        try (FileChannel ch = open(file)) {
            if (fixedBytes > 0) {
                writeFully(ch, ByteBuffer.wrap(header("|S" + fixedBytes, c.shape())));
                ByteBuffer b = ByteBuffer.allocate(fixedBytes * s.length);
                for (String v : s) {
                    // byte strings are written back exactly; text (never made by the reader for |S) as UTF-8
                    byte[] e = v == null ? new byte[0]
                            : c.dtype() == DType.BYTES ? DType.bytesOf(v) : v.getBytes(StandardCharsets.UTF_8);
                    int len = Math.min(e.length, fixedBytes);
                    b.put(e, 0, len);
                    for (int k = len; k < fixedBytes; k++) {
                        b.put((byte) 0);
                    }
                }
                b.flip();
                writeFully(ch, b);
            } else {
                int max = 1;
                for (String v : s) {
                    max = Math.max(max, v == null ? 0 : v.codePointCount(0, v.length()));
                }
                writeFully(ch, ByteBuffer.wrap(header("<U" + max, c.shape())));
                ByteBuffer b = ByteBuffer.allocate(4 * max * s.length).order(ByteOrder.LITTLE_ENDIAN);
                for (String v : s) {
                    int k = 0;
                    if (v != null) {
                        int[] cps = v.codePoints().toArray();
                        for (int cp : cps) {
                            b.putInt(cp);
                        }
                        k = cps.length;
                    }
                    for (; k < max; k++) {
                        b.putInt(0);
                    }
                }
                b.flip();
                writeFully(ch, b);
            }
        }
    }

    /**
     * Writes opaque elements (held as hex text, two digits per byte) as NumPy {@code |V<size>}: the stored bytes, as
     * h5py reads them.
     */
    static void writeOpaque(Path file, NDArray a, int size) throws IOException {
        NDArray c = a.isContiguous() ? a : a.copy();
        String[] s = (String[]) c.data();
        try (FileChannel ch = open(file)) {
            writeFully(ch, ByteBuffer.wrap(header("|V" + size, c.shape())));
            ByteBuffer b = ByteBuffer.allocate(size * s.length);
            for (String v : s) {
                byte[] e = v == null ? new byte[0] : java.util.HexFormat.of().parseHex(v);
                if (e.length != size) {
                    throw new IllegalStateException("opaque element of " + e.length + " bytes, expected " + size);
                }
                b.put(e);
            }
            b.flip();
            writeFully(ch, b);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The .npy version 1.0 header (version 2.0 when the dictionary is too long) for a descr and shape. */
    static byte[] header(String descr, int[] shape) {
        StringBuilder s = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(shape.length == 1 ? "," : (i < shape.length - 1 ? ", " : ""));
        }
        s.append("), }");
        boolean v2 = 10 + s.length() + 1 + 64 > 65535;
        int pre = v2 ? 12 : 10;
        int pad = (64 - (pre + s.length() + 1) % 64) % 64;
        s.append(" ".repeat(pad)).append('\n');
        byte[] dict = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer h = ByteBuffer.allocate(pre + dict.length).order(ByteOrder.LITTLE_ENDIAN);
        h.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) (v2 ? 2 : 1)).put((byte) 0);
        if (v2) {
            h.putInt(dict.length);
        } else {
            h.putShort((short) dict.length);
        }
        h.put(dict);
        return h.array();
    }
}
