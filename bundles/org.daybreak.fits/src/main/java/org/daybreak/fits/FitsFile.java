package org.daybreak.fits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daybreak.core.data.LazyDataset;
import org.daybreak.fits.FitsHdu.Kind;

/**
 * A FITS file opened for reading, after FITS Standard 4.0 (IAU FITS Working Group, 2018): a sequence of HDUs,
 * each a header of 80-character ASCII cards in 2880-byte blocks ending with END, followed by big-endian data
 * padded to a whole block. Opening reads every header (not the data) and checks that the file holds all the data
 * the headers announce; datasets are then read lazily (see {@link FitsHdu}).
 *
 * <p>Tree view (like an HDF5 file): {@code /} holds one group per HDU ({@code /PRIMARY}, {@code /AIPS AN}, ...);
 * a group's attributes are its header cards and its children its datasets ({@code /PRIMARY/data}).
 * Thread rule: after opening, all methods and dataset reads are safe from several threads; close last.
 */
public final class FitsFile implements AutoCloseable {

    private static final byte[] SIMPLE = "SIMPLE  =".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final FileChannel channel;
    private final List<FitsHdu> hdus;

    private FitsFile(Path path, FileChannel channel, List<FitsHdu> hdus) {
        this.path = path;
        this.channel = channel;
        this.hdus = Collections.unmodifiableList(hdus);
    }

    /** True when the file starts with the FITS signature {@code SIMPLE  =} (FITS 4.0 section 4.4.1.1). */
    public static boolean isFits(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(SIMPLE.length);
            return java.util.Arrays.equals(b, SIMPLE);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Opens a FITS file and reads all its headers.
     *
     * @throws IOException with one sentence naming the file for a missing, non-FITS, malformed or truncated file
     */
    public static FitsFile open(Path file) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        }
        try {
            return new FitsFile(file, ch, readHdus(file, ch));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public List<FitsHdu> hdus() {
        return hdus;
    }

    /** An HDU by its (unique) name, or null. */
    public FitsHdu hdu(String name) {
        for (FitsHdu h : hdus) {
            if (h.name().equals(name)) {
                return h;
            }
        }
        return null;
    }

    /**
     * A dataset by tree path {@code /HDU/dataset}.
     *
     * @throws IllegalArgumentException naming the path when there is no such dataset
     */
    public LazyDataset dataset(String treePath) {
        String p = treePath.startsWith("/") ? treePath.substring(1) : treePath;
        int slash = p.lastIndexOf('/');
        FitsHdu h = slash < 0 ? null : hdu(p.substring(0, slash));
        LazyDataset d = h == null ? null : h.dataset(p.substring(slash + 1));
        if (d == null) {
            throw new IllegalArgumentException(path + ": no dataset '" + treePath + "'");
        }
        return d;
    }

    /**
     * NumPy's dtype string of what a read gives (native order, e.g. {@code <f4}); a FITS string column gives
     * {@code |S<width>} with the column's character width.
     */
    public static String numpyDtype(LazyDataset ds) {
        if (ds instanceof FitsDataset f && ds.dtype() == org.daybreak.core.data.DType.STRING) {
            return "|S" + f.elementBytes();
        }
        return ds.dtype().numpyStr();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a read-only channel: nothing to flush
        }
    }

    // ------------------------------------------------------------------ parsing

    private static List<FitsHdu> readHdus(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer first = ByteBuffer.allocate(SIMPLE.length);
        ch.read(first, 0);
        if (first.position() < SIMPLE.length || !java.util.Arrays.equals(first.array(), SIMPLE)) {
            throw new IOException(file + " is not a FITS file (it does not start with 'SIMPLE  =')");
        }
        List<FitsHdu> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long pos = 0;
        int index = 0;
        while (pos < size) {
            String where = file + " HDU " + index;
            if (index > 0) {
                // FITS 4.0 section 3.5: special records (or stray bytes) may follow the last HDU; an extension
                // starts with XTENSION
                ByteBuffer x = ByteBuffer.allocate(8);
                ch.read(x, pos);
                if (!new String(x.array(), 0, x.position(), StandardCharsets.ISO_8859_1).equals("XTENSION")) {
                    break;
                }
            }
            List<String> cards = new ArrayList<>();
            long dataStart = readCards(file, ch, pos, size, where, cards);
            FitsHeader h = FitsHeader.parse(cards, where);
            FitsHdu hdu = build(file, ch, index, pos, dataStart, h, names, where);
            long end = dataStart + hdu.dataBytes();
            if (end > size) {
                throw new IOException(file + " is truncated: HDU " + index + " (" + hdu.name() + ") needs "
                        + hdu.dataBytes() + " data bytes from offset " + dataStart + " but the file has "
                        + size + " bytes");
            }
            out.add(hdu);
            pos = dataStart + pad(hdu.dataBytes());
            index++;
        }
        return out;
    }

    static long pad(long n) {
        return (n + FitsHeader.BLOCK - 1) / FitsHeader.BLOCK * FitsHeader.BLOCK;
    }

    /** Reads header blocks from {@code pos} until END; returns the offset of the data (next block). */
    private static long readCards(Path file, FileChannel ch, long pos, long size, String where, List<String> cards)
            throws IOException {
        ByteBuffer block = ByteBuffer.allocate(FitsHeader.BLOCK);
        long p = pos;
        while (true) {
            if (p + FitsHeader.BLOCK > size) {
                throw new IOException(file + " is truncated: the header of HDU "
                        + where.substring(where.lastIndexOf(' ') + 1) + " at offset " + pos
                        + " has no END card before the end of the file");
            }
            block.clear();
            while (block.hasRemaining()) {
                if (ch.read(block, p + block.position()) < 0) {
                    throw new IOException(file + " is truncated inside a header block at offset " + p);
                }
            }
            byte[] b = block.array();
            for (int c = 0; c < FitsHeader.BLOCK; c += FitsHeader.CARD) {
                String card = FitsHeader.ascii(b, c, FitsHeader.CARD);
                if (card.startsWith("END") && card.substring(3).isBlank()) {
                    return p + FitsHeader.BLOCK;
                }
                cards.add(card);
            }
            p += FitsHeader.BLOCK;
            if (cards.size() > 1_000_000) {
                throw new IOException(where + ": the header has no END card in its first million cards");
            }
        }
    }

    private static FitsHdu build(Path file, FileChannel ch, int index, long headerOffset, long dataOffset,
            FitsHeader h, Set<String> names, String where) throws IOException {
        boolean primary = index == 0;
        String xt = primary ? null : h.string("XTENSION", "");
        int bitpix = (int) h.required("BITPIX", where);
        int naxis = (int) h.required("NAXIS", where);
        if (naxis < 0 || naxis > 999) {
            throw new IOException(where + ": NAXIS = " + naxis + " is outside 0..999");
        }
        long[] axes = new long[naxis];
        for (int i = 0; i < naxis; i++) {
            axes[i] = h.required("NAXIS" + (i + 1), where);
            if (axes[i] < 0) {
                throw new IOException(where + ": NAXIS" + (i + 1) + " = " + axes[i] + " is negative");
            }
        }
        boolean groups = primary && h.logical("GROUPS") && naxis >= 1 && axes[0] == 0;
        long pcount = h.integer("PCOUNT", 0, where);
        long gcount = h.integer("GCOUNT", 1, where);
        int bytesPer = switch (bitpix) {
            case 8 -> 1;
            case 16 -> 2;
            case 32, -32 -> 4;
            case 64, -64 -> 8;
            default -> throw new IOException(where + ": BITPIX = " + bitpix + " is not one of 8, 16, 32, 64, -32, -64");
        };
        // FITS 4.0 section 4.4.1.1 (primary, eq. 1), 6.1 (random groups, eq. 3), 7.1.1 (extensions, eq. 2)
        long dataBytes;
        long prod = 1;
        for (int i = groups ? 1 : 0; i < naxis; i++) {
            prod = Math.multiplyExact(prod, axes[i]);
        }
        if (naxis == 0) {
            dataBytes = 0;
        } else if (groups) {
            dataBytes = Math.multiplyExact((long) bytesPer, Math.multiplyExact(gcount, pcount + prod));
        } else if (primary) {
            dataBytes = Math.multiplyExact((long) bytesPer, prod);
        } else {
            dataBytes = Math.multiplyExact((long) bytesPer, Math.multiplyExact(gcount, pcount + prod));
        }

        String name = primary ? "PRIMARY" : h.string("EXTNAME", "HDU" + index);
        name = name.isEmpty() ? "HDU" + index : name.replace('/', '_');
        String unique = name;
        for (int k = 2; !names.add(unique); k++) {
            unique = name + " (" + k + ")";
        }
        String prefix = "/" + unique + "/";
        Map<String, LazyDataset> ds = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        FitsDataset.Stored st = switch (bitpix) {
            case 8 -> FitsDataset.Stored.U8;
            case 16 -> FitsDataset.Stored.I16;
            case 32 -> FitsDataset.Stored.I32;
            case 64 -> FitsDataset.Stored.I64;
            case -32 -> FitsDataset.Stored.F32;
            default -> FitsDataset.Stored.F64;
        };
        double[] bscale = {h.real("BSCALE", 1, where)};
        double[] bzero = {h.real("BZERO", 0, where)};
        Long blank = h.get("BLANK") instanceof Long l && bitpix > 0 ? l : null;
        String bunit = h.string("BUNIT", null);
        Kind kind;
        if (groups) {
            kind = Kind.RANDOM_GROUPS;
            int g = toInt(gcount, "GCOUNT", where);
            int pc = toInt(pcount, "PCOUNT", where);
            long groupBytes = (pcount + prod) * bytesPer;
            double[] ps = new double[pc];
            double[] pz = new double[pc];
            for (int i = 0; i < pc; i++) {
                ps[i] = h.real("PSCAL" + (i + 1), 1, where);
                pz[i] = h.real("PZERO" + (i + 1), 0, where);
            }
            // group parameters are always float64 so that PZERO offsets (e.g. a Julian date) keep their precision
            if (pc > 0) {
                ds.put("group_parameters", new FitsDataset(prefix + "group_parameters", ch, dataOffset, g, groupBytes,
                        new int[] {pc}, st, bytesPer, ps, pz, blank, true));
            }
            int[] inner = reversed(axes, 1, where);
            ds.put("data", new FitsDataset(prefix + "data", ch, dataOffset + (long) pc * bytesPer, g, groupBytes,
                    inner, st, bytesPer, bscale, bzero, blank));
            if (bunit != null) {
                units.put("data", bunit);
            }
        } else if (primary || xt.equals("IMAGE") || xt.equals("IUEIMAGE")) {
            kind = primary ? Kind.PRIMARY : Kind.IMAGE;
            if (naxis > 0) {
                int[] all = reversed(axes, 0, where);
                int[] inner = java.util.Arrays.copyOfRange(all, 1, all.length);
                long rowBytes = (prod / Math.max(1, axes[naxis - 1])) * bytesPer;
                if (axes[naxis - 1] == 0) {
                    rowBytes = 0;
                }
                ds.put("data", new FitsDataset(prefix + "data", ch, dataOffset, all[0], rowBytes, inner, st, bytesPer,
                        bscale, bzero, blank));
                if (bunit != null) {
                    units.put("data", bunit);
                }
            }
        } else if (xt.equals("BINTABLE") || xt.equals("A3DTABLE")) {
            kind = Kind.BINTABLE;
            bintable(h, ch, dataOffset, axes, bitpix, prefix, ds, units, where);
        } else {
            kind = Kind.OTHER;
        }
        return new FitsHdu(unique, index, kind, h, ds, headerOffset, dataOffset, dataBytes, units);
    }

    private static int toInt(long v, String what, String where) throws IOException {
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IOException(where + ": " + what + " = " + v + " is outside 0.." + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** FITS axes {@code from..n-1} in C order (last FITS axis first). */
    private static int[] reversed(long[] axes, int from, String where) throws IOException {
        int[] r = new int[axes.length - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = toInt(axes[axes.length - 1 - i], "NAXIS" + (axes.length - i), where);
        }
        return r;
    }

    /** Binary table columns (FITS 4.0 section 7.3, TFORMn codes of Table 18). */
    private static void bintable(FitsHeader h, FileChannel ch, long dataOffset, long[] axes, int bitpix, String prefix,
            Map<String, LazyDataset> ds, Map<String, String> units, String where) throws IOException {
        if (bitpix != 8 || axes.length != 2) {
            throw new IOException(where + ": a BINTABLE needs BITPIX = 8 and NAXIS = 2");
        }
        long rowBytes = axes[0];
        int nrows = toInt(axes[1], "NAXIS2", where);
        int fields = (int) h.required("TFIELDS", where);
        long off = 0;
        for (int c = 1; c <= fields; c++) {
            String tform = h.string("TFORM" + c, null);
            if (tform == null) {
                throw new IOException(where + ": column " + c + " has no TFORM" + c);
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d*)\\s*([LXBIJKAEDCMPQ])(.*)")
                    .matcher(tform);
            if (!m.matches()) {
                throw new IOException(where + ": TFORM" + c + " = '" + tform + "' is not a binary-table format");
            }
            long repeat = m.group(1).isEmpty() ? 1 : Long.parseLong(m.group(1));
            char code = m.group(2).charAt(0);
            long width = switch (code) {
                case 'L', 'B', 'A' -> repeat;
                case 'X' -> (repeat + 7) / 8;
                case 'I' -> 2 * repeat;
                case 'J', 'E' -> 4 * repeat;
                case 'K', 'D', 'C' -> 8 * repeat;
                case 'M', 'Q' -> 16 * repeat;
                case 'P' -> 8 * repeat;
                default -> throw new IllegalStateException();
            };
            String ttype = h.string("TTYPE" + c, "");
            String base = ttype.isEmpty() ? "col" + c : ttype.replace('/', '_');
            String colName = base;
            for (int k = 2; ds.containsKey(colName); k++) {
                colName = base + " (" + k + ")";
            }
            if (repeat > 0) {
                double[] scale = {h.real("TSCAL" + c, 1, where)};
                double[] zero = {h.real("TZERO" + c, 0, where)};
                Long tnull = h.get("TNULL" + c) instanceof Long l ? l : null;
                int rep = toInt(repeat, "the repeat count of TFORM" + c, where);
                long at = dataOffset + off;
                FitsDataset d = switch (code) {
                    case 'A' -> new FitsDataset(prefix + colName, ch, at, nrows, rowBytes, new int[0],
                            FitsDataset.Stored.CHAR, rep, null, null, null);
                    case 'X' -> new FitsDataset(prefix + colName, ch, at, nrows, rowBytes, new int[] {(int) width},
                            FitsDataset.Stored.U8, 1, null, null, null);
                    case 'L' -> col(prefix + colName, ch, at, nrows, rowBytes, rep, 1, FitsDataset.Stored.LOGICAL, 1,
                            null, null, null);
                    case 'B' -> col(prefix + colName, ch, at, nrows, rowBytes, rep, 1, FitsDataset.Stored.U8, 1, scale,
                            zero, tnull);
                    case 'I' -> col(prefix + colName, ch, at, nrows, rowBytes, rep, 1, FitsDataset.Stored.I16, 2, scale,
                            zero, tnull);
                    case 'J' -> col(prefix + colName, ch, at, nrows, rowBytes, rep, 1, FitsDataset.Stored.I32, 4, scale,
                            zero, tnull);
                    case 'K' -> col(prefix + colName, ch, at, nrows, rowBytes, rep, 1, FitsDataset.Stored.I64, 8, scale,
                            zero, tnull);
                    case 'E' -> col(prefix + colName, ch, at, nrows, rowBytes, rep, 1, FitsDataset.Stored.F32, 4, scale,
                            zero, null);
                    case 'D' -> col(prefix + colName, ch, at, nrows, rowBytes, rep, 1, FitsDataset.Stored.F64, 8, scale,
                            zero, null);
                    case 'C' -> col(prefix + colName, ch, at, nrows, rowBytes, rep, 2, FitsDataset.Stored.F32, 4, null,
                            null, null);
                    case 'M' -> col(prefix + colName, ch, at, nrows, rowBytes, rep, 2, FitsDataset.Stored.F64, 8, null,
                            null, null);
                    case 'P' -> col(prefix + colName, ch, at, nrows, rowBytes, rep, 2, FitsDataset.Stored.I32, 4, null,
                            null, null);
                    default -> col(prefix + colName, ch, at, nrows, rowBytes, rep, 2, FitsDataset.Stored.I64, 8, null,
                            null, null);
                };
                ds.put(colName, d);
                String unit = h.string("TUNIT" + c, null);
                if (unit != null && !unit.isEmpty()) {
                    units.put(colName, unit);
                }
            }
            off += width;
        }
        if (off > rowBytes) {
            throw new IOException(where + ": the columns need " + off + " bytes per row but NAXIS1 = " + rowBytes);
        }
    }

    /** A numeric column: [rows], [rows][repeat], or with {@code pair} = 2 an extra trailing axis of 2. */
    private static FitsDataset col(String name, FileChannel ch, long at, int nrows, long rowBytes, int repeat, int pair,
            FitsDataset.Stored st, int bytes, double[] scale, double[] zero, Long tnull) {
        int[] inner = repeat == 1 && pair == 1 ? new int[0]
                : repeat == 1 ? new int[] {pair} : pair == 1 ? new int[] {repeat} : new int[] {repeat, pair};
        return new FitsDataset(name, ch, at, nrows, rowBytes, inner, st, bytes, scale, zero, tnull);
    }
}
