package org.daybreak.corr.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.io.Npy;

/**
 * Reads a C-order int8 .npy file straight from the file channel into one byte array (one copy from the page cache,
 * no stream buffering and no second decode pass), for the large X-engine inputs. Any other .npy (other types,
 * Fortran order, an unexpected header) is read by {@link Npy#read(Path)}, which also reports every error.
 */
final class Int8Npy {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Bytes per read call (see {@link #read}). */
    private static final int WINDOW = 1 << 20;

    private Int8Npy() {
    }

    static NDArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Npy.read(file);
        }
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            while (pre.hasRemaining() && ch.read(pre) >= 0) {
                // fill the fixed preamble
            }
            if (pre.position() < 10 || (pre.get(0) & 0xff) != 0x93 || pre.get(1) != 'N' || pre.get(5) != 'Y') {
                return Npy.read(file);
            }
            int major = pre.get(6);
            long headerLen;
            long dataStart;
            if (major == 1) {
                headerLen = Short.toUnsignedInt(pre.getShort(8));
                dataStart = 10 + headerLen;
            } else if ((major == 2 || major == 3) && pre.position() == 12) {
                headerLen = Integer.toUnsignedLong(pre.getInt(8));
                dataStart = 12 + headerLen;
            } else {
                return Npy.read(file);
            }
            if (headerLen > 1 << 20) {
                return Npy.read(file);
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            ch.position(dataStart - headerLen);
            while (hb.hasRemaining() && ch.read(hb) >= 0) {
                // read the header dictionary
            }
            String header = new String(hb.array(), 0, hb.position(), StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
            if (!d.find() || !f.find() || !s.find() || !(d.group(1).equals("|i1") || d.group(1).equals("<i1")
                    || d.group(1).equals("i1")) || f.group(1).equals("True")) {
                return Npy.read(file);
            }
            List<Integer> dims = new ArrayList<>();
            for (String p : s.group(1).split(",")) {
                if (!p.isBlank()) {
                    dims.add(Integer.parseInt(p.trim()));
                }
            }
            int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
            long n = NDArray.sizeOf(shape);
            if (n > Integer.MAX_VALUE - 8 || ch.size() - dataStart < n) {
                return Npy.read(file); // reports the size problem in its own words
            }
            byte[] data = new byte[(int) n];
            ch.position(dataStart);
            // in windows of WINDOW bytes: a heap buffer passes through a temporary direct buffer as large as what one
            // read asks for, and a fresh 64 MiB one cost more (page faults) than the whole X-engine (measured 0.65 s
            // against 0.03 s in windows, 64 MiB)
            for (int at = 0; at < data.length;) {
                int r = ch.read(ByteBuffer.wrap(data, at, Math.min(WINDOW, data.length - at)));
                if (r < 0) {
                    break;
                }
                at += r;
            }
            return NDArray.wrap(DType.INT8, data, shape);
        }
    }
}
