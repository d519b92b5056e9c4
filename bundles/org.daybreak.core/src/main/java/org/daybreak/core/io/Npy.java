package org.daybreak.core.io;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.Half;
import org.daybreak.core.data.NDArray;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0; see NumPy's
 * {@code numpy.lib.format} documentation). Reading accepts both byte orders and Fortran order; writing
 * uses little-endian C order. Supported element types are those of {@link DType} except STRING.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Reads a whole .npy file.
     *
     * @throws IOException with a message naming the file and what is wrong with it
     */
    public static NDArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        String name = file.toString();
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "r")) {
            Header h = header(new DataInputStream(new java.io.BufferedInputStream(
                    new java.io.FileInputStream(raf.getFD()), 4096)), name);
            if (raf.length() < h.dataOffset + h.bytes) {
                throw truncated(name, h);
            }
            raf.seek(h.dataOffset);
            return array(h, decode(raf, h));
        }
    }

    public static NDArray read(InputStream input, String name) throws IOException {
        DataInputStream in = new DataInputStream(input);
        Header h = header(in, name);
        // read as far as the stream goes (no allocation of what the header merely claims)
        byte[] raw = in.readNBytes((int) h.bytes);
        if (raw.length < h.bytes) {
            throw truncated(name, h);
        }
        return array(h, decode(ByteBuffer.wrap(raw).order(h.order), h.dtype, (int) h.n));
    }

    private static IOException truncated(String name, Header h) {
        return new IOException(name + ": truncated .npy file (expected " + h.bytes + " bytes of data)");
    }

    /** What a .npy header says, and where the data start. */
    private record Header(DType dtype, ByteOrder order, boolean fortran, int[] shape, long n, long bytes,
            long dataOffset) {
    }

    private static Header header(DataInputStream in, String name) throws IOException {
        byte[] magic = new byte[6];
        try {
            in.readFully(magic);
        } catch (java.io.EOFException e) {
            throw new IOException(name + ": not a .npy file (too short)");
        }
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException(name + ": not a .npy file (bad magic number)");
        }
        int major;
        int headerLen;
        try {
            major = in.readUnsignedByte();
            in.readUnsignedByte();
            if (major == 1) {
                headerLen = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            } else if (major == 2 || major == 3) {
                headerLen = Integer.reverseBytes(in.readInt());
            } else {
                throw new IOException(name + ": unsupported .npy format version " + major);
            }
        } catch (java.io.EOFException e) {
            throw new IOException(name + ": not a .npy file (too short)");
        }
        if (headerLen < 0 || headerLen > 1 << 24) {
            throw new IOException(name + ": .npy header length " + Integer.toUnsignedString(headerLen)
                    + " is not plausible");
        }
        byte[] hb = new byte[headerLen];
        try {
            in.readFully(hb);
        } catch (java.io.EOFException e) {
            throw new IOException(name + ": truncated .npy header");
        }
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher dm = DESCR.matcher(header);
        Matcher fm = FORTRAN.matcher(header);
        Matcher sm = SHAPE.matcher(header);
        if (!dm.find() || !fm.find() || !sm.find()) {
            throw new IOException(name + ": .npy header is not understood: " + header.trim());
        }
        String descr = dm.group(1);
        DType dtype;
        try {
            dtype = DType.fromNumpy(descr);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + ": unsupported .npy element type '" + descr + "'");
        }
        if (dtype == DType.STRING) {
            throw new IOException(name + ": .npy files of Python objects are not supported");
        }
        if (dtype == DType.BYTES) {
            throw new IOException(name + ": .npy files of byte strings are not supported");
        }
        ByteOrder order = DType.byteOrderOf(descr);
        boolean fortran = fm.group(1).equals("True");
        List<Integer> dims = new ArrayList<>();
        for (String p : sm.group(1).split(",")) {
            if (!p.isBlank()) {
                try {
                    dims.add(Integer.parseInt(p.trim()));
                } catch (NumberFormatException e) {
                    throw new IOException(name + ": .npy shape '" + sm.group(1).trim() + "' is not understood");
                }
            }
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i);
        }
        for (int d : shape) {
            if (d < 0) {
                throw new IOException(name + ": .npy shape '" + sm.group(1).trim() + "' has a negative length");
            }
        }
        long n = NDArray.sizeOf(shape);
        long bytes = n > (Integer.MAX_VALUE - 8L) ? Long.MAX_VALUE : n * dtype.itemSize();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IOException(name + ": " + bytes + " bytes is too large to read at once");
        }
        long offset = 6 + 2 + (major == 1 ? 2 : 4) + (long) headerLen;
        return new Header(dtype, order, fortran, shape, n, bytes, offset);
    }

    /** Bytes read per call when decoding from a file: a reused buffer, so the data pass through the cache once. */
    private static final int CHUNK = 1 << 18;

    /**
     * Reads and decodes the data block from the file's current position in chunks into the element array (fixed-size
     * types only; the element size divides the chunk), instead of reading the whole block into a byte array first.
     */
    private static Object decode(java.io.RandomAccessFile raf, Header h) throws IOException {
        int n = (int) h.n;
        int item = h.dtype.itemSize();
        if (h.dtype == DType.BOOL || h.dtype == DType.FLOAT16 || n == 0) {
            byte[] raw = new byte[(int) h.bytes];
            raf.readFully(raw);
            return decode(ByteBuffer.wrap(raw).order(h.order), h.dtype, n);
        }
        Object out = h.dtype.allocate(n);
        int per = Math.max(1, CHUNK / item);
        byte[] chunk = new byte[Math.min(n, per) * item];
        ByteBuffer bb = ByteBuffer.wrap(chunk).order(h.order);
        for (int at = 0; at < n; at += per) {
            int count = Math.min(per, n - at);
            raf.readFully(chunk, 0, count * item);
            bb.clear();
            switch (h.dtype) {
                case INT8, UINT8 -> System.arraycopy(chunk, 0, out, at, count);
                case INT16, UINT16 -> bb.asShortBuffer().get((short[]) out, at, count);
                case INT32, UINT32 -> bb.asIntBuffer().get((int[]) out, at, count);
                case INT64, UINT64 -> bb.asLongBuffer().get((long[]) out, at, count);
                case FLOAT32 -> bb.asFloatBuffer().get((float[]) out, at, count);
                case FLOAT64 -> bb.asDoubleBuffer().get((double[]) out, at, count);
                default -> throw new IllegalStateException("unexpected element type " + h.dtype);
            }
        }
        return out;
    }

    private static NDArray array(Header h, Object data) {
        int[] storeShape = h.shape;
        if (h.fortran) {
            storeShape = new int[h.shape.length];
            for (int i = 0; i < h.shape.length; i++) {
                storeShape[i] = h.shape[h.shape.length - 1 - i];
            }
        }
        NDArray a = NDArray.wrap(h.dtype, data, storeShape);
        return h.fortran ? a.transpose().copy() : a;
    }

    /** Decodes {@code n} elements of the given type from a buffer positioned at the first one. */
    public static Object decode(ByteBuffer bb, DType dtype, int n) {
        Object out = dtype.allocate(n);
        switch (dtype) {
            case BOOL -> {
                boolean[] o = (boolean[]) out;
                for (int i = 0; i < n; i++) {
                    o[i] = bb.get() != 0;
                }
            }
            case INT8, UINT8 -> bb.get((byte[]) out);
            case INT16, UINT16 -> bb.asShortBuffer().get((short[]) out);
            case INT32, UINT32 -> bb.asIntBuffer().get((int[]) out);
            case INT64, UINT64 -> bb.asLongBuffer().get((long[]) out);
            case FLOAT16 -> {
                float[] o = (float[]) out;
                for (int i = 0; i < n; i++) {
                    o[i] = Half.toFloat(bb.getShort());
                }
            }
            case FLOAT32 -> bb.asFloatBuffer().get((float[]) out);
            case FLOAT64 -> bb.asDoubleBuffer().get((double[]) out);
            case STRING, BYTES -> throw new IllegalArgumentException("strings have no fixed binary encoding");
        }
        return out;
    }

    /** Encodes all elements of a contiguous backing array into a new little-endian buffer. */
    public static ByteBuffer encode(NDArray a) {
        DType dtype = a.dtype();
        int n = a.size();
        ByteBuffer bb = ByteBuffer.allocate(n * dtype.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
        put(bb, dtype, a.data(), 0, n);
        bb.position(0);
        bb.limit(n * dtype.itemSize());
        return bb;
    }

    /** Puts elements {@code from .. from + count - 1} of {@code a} (C order) into {@code bb} at its position. */
    private static void put(ByteBuffer bb, DType dtype, Object d, int from, int count) {
        int to = from + count;
        switch (dtype) {
            case BOOL -> {
                boolean[] v = (boolean[]) d;
                for (int i = from; i < to; i++) {
                    bb.put((byte) (v[i] ? 1 : 0));
                }
            }
            case INT8, UINT8 -> bb.put((byte[]) d, from, count);
            case INT16, UINT16 -> bb.asShortBuffer().put((short[]) d, from, count);
            case INT32, UINT32 -> bb.asIntBuffer().put((int[]) d, from, count);
            case INT64, UINT64 -> bb.asLongBuffer().put((long[]) d, from, count);
            case FLOAT16 -> {
                float[] v = (float[]) d;
                for (int i = from; i < to; i++) {
                    bb.putShort(Half.fromFloat(v[i]));
                }
            }
            case FLOAT32 -> bb.asFloatBuffer().put((float[]) d, from, count);
            case FLOAT64 -> bb.asDoubleBuffer().put((double[]) d, from, count);
            case STRING, BYTES -> throw new IllegalArgumentException("a .npy file cannot hold text arrays");
        }
        if (dtype != DType.BOOL && dtype != DType.FLOAT16 && dtype != DType.INT8 && dtype != DType.UINT8) {
            bb.position(bb.position() + count * dtype.itemSize()); // the typed views leave bb's position alone
        }
    }

    /** The .npy header (magic, version, padded dictionary) for an array of this type and shape. */
    public static byte[] header(DType dtype, int[] shape) {
        StringBuilder s = new StringBuilder("{'descr': '").append(dtype.numpyStr(ByteOrder.LITTLE_ENDIAN))
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(shape.length == 1 ? "," : (i < shape.length - 1 ? ", " : ""));
        }
        s.append("), }");
        int total = 10 + s.length() + 1;
        boolean v2 = total + 64 > 65535;
        int pre = v2 ? 12 : 10;
        int pad = (64 - (pre + s.length() + 1) % 64) % 64;
        s.append(" ".repeat(pad)).append('\n');
        byte[] dict = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer h = ByteBuffer.allocate(pre + dict.length).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).put((byte) (v2 ? 2 : 1)).put((byte) 0);
        if (v2) {
            h.putInt(dict.length);
        } else {
            h.putShort((short) dict.length);
        }
        h.put(dict);
        return h.array();
    }

    /** Writes an array as a .npy file (little-endian, C order), replacing any file there. */
    public static void write(Path file, NDArray a) throws IOException {
        if (a.dtype().isText()) {
            throw new IOException(file + ": a .npy file cannot hold text arrays");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            write(ch, a);
        }
    }

    /**
     * Header and elements, window by window through one direct buffer: no copy of the whole array (a heap buffer
     * would also pass through a temporary direct buffer as large as itself).
     */
    private static void write(java.nio.channels.WritableByteChannel ch, NDArray a) throws IOException {
        ByteBuffer h = ByteBuffer.wrap(header(a.dtype(), a.shape()));
        while (h.hasRemaining()) {
            ch.write(h);
        }
        int item = a.dtype().itemSize();
        int per = Math.max(1, CHUNK / item);
        ByteBuffer window = ByteBuffer.allocateDirect(Math.max(1, Math.min(a.size(), per)) * item)
                .order(ByteOrder.LITTLE_ENDIAN);
        Object data = a.data();
        for (int at = 0; at < a.size(); at += per) {
            window.clear();
            put(window, a.dtype(), data, at, Math.min(per, a.size() - at));
            window.flip();
            while (window.hasRemaining()) {
                ch.write(window);
            }
        }
    }

    /** Writes an array as .npy to a stream (the stream is not closed). */
    public static void write(OutputStream out, NDArray a) throws IOException {
        if (a.dtype().isText()) {
            throw new IOException("a .npy file cannot hold text arrays");
        }
        write(java.nio.channels.Channels.newChannel(out), a); // not closed: that would close the stream
        out.flush();
    }
}
