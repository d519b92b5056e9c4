package org.daybreak.plot.color;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.simd.Simd;

/**
 * The colour-mapping kernel: turns a 2-D array ({@code [y][x]}, row 0 first) into packed ARGB pixels or RGB bytes
 * through a {@link ColorMap}, a {@link Scaling} and a low/high cut.
 *
 * <p><b>Contract</b> (the tests' reference implementation follows it literally). For a value v, computed in double:
 * <ul>
 * <li>NaN takes the NaN colour;</li>
 * <li>when {@code hi == lo}: v &gt; hi takes entry 255, everything else entry 0;</li>
 * <li>LINEAR: f = (v - lo) * (256 / (hi - lo));</li>
 * <li>LOG: v &lt;= 0 takes entry 0, else f = (ln v - ln lo) * (256 / (ln hi - ln lo));</li>
 * <li>SQRT: u = (v - lo) * (1 / (hi - lo)); u &lt;= 0 takes entry 0, else f = sqrt(u) * 256;</li>
 * <li>the entry is floor(f) clamped to [0, 255], so +inf takes 255 and -inf takes 0.</li>
 * </ul>
 *
 * <p><b>Output layout.</b> Pixel (x, y) goes to {@code out[offset + y * rowStride + x]} for ARGB ints, and to
 * bytes {@code offset + y * rowStride + 3x} (red, green, blue) for RGB — the layout of an SWT
 * {@code ImageData} of depth 24 with {@code PaletteData(0xFF0000, 0xFF00, 0xFF)}, whose rows are padded to
 * {@code bytesPerLine}; {@link #toBgra} gives 4 bytes per pixel for depth 32. Pass a strided view ({@code image.slice("0:512:2,0:512:2")}) to map a zoomed or
 * subsampled region without copying the whole image.
 *
 * <p><b>Threads.</b> Immutable; each call splits the rows into bands run in parallel on the common fork-join
 * pool and returns when all are written.
 *
 * <p><b>Vector form.</b> Where {@link Simd#enabled()}, the value-to-entry step runs in {@link VectorColorMapping}
 * (LINEAR for float32, float64 and the integer types widened to float64; LOG and SQRT of float32 through the
 * {@link FloatIndexTable}); its entries are bit-identical to the scalar loops', which stay the plain form and
 * run otherwise. Vector code is many times slower than scalar code until the JIT's optimising tier has compiled
 * it, so the first use starts a short warm-up of the vector rows on the common fork-join pool and calls keep the
 * scalar form until it has finished (a first frame is never slower than before).
 */
public final class ColorMapper {
    /** Which form computes entries: AUTO (vector once warm, where enabled), or forced, for tests and benchmarks. */
    enum Form { AUTO, SCALAR, VECTOR }

    private static volatile Form form = Form.AUTO;
    private static volatile boolean vectorWarm;
    private static final AtomicBoolean WARMING = new AtomicBoolean();

    private final ColorMap colorMap;
    private final Scaling scaling;
    private final double lo;
    private final double hi;
    private final int nanArgb;
    /** The 256 map entries followed by the NaN colour at index 256. */
    private final int[] lut;
    /** f = (g(v) - g(lo)) * factor, where g is the scaling's transform (identity, ln, or the SQRT normalisation). */
    private final double factor;
    private final double transformedLo;

    /**
     * @param lo      low cut, finite
     * @param hi      high cut, finite, {@code >= lo}; with LOG both must be {@code > 0}
     * @param nanArgb colour of NaN elements, packed ARGB (alpha 0 for transparent)
     * @throws IllegalArgumentException for cuts that break these rules
     */
    public ColorMapper(ColorMap colorMap, Scaling scaling, double lo, double hi, int nanArgb) {
        if (colorMap == null || scaling == null) {
            throw new IllegalArgumentException("a colour mapper needs a colour map and a scaling");
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || hi < lo) {
            throw new IllegalArgumentException("colour range [" + lo + ", " + hi + "] must be finite with low <= high");
        }
        if (scaling == Scaling.LOG && lo <= 0) {
            throw new IllegalArgumentException("log scaling needs a positive low cut, not " + lo);
        }
        this.colorMap = colorMap;
        this.scaling = scaling;
        this.lo = lo;
        this.hi = hi;
        this.nanArgb = nanArgb;
        this.lut = java.util.Arrays.copyOf(colorMap.tableNoCopy(), ColorMap.SIZE + 1);
        this.lut[ColorMap.SIZE] = nanArgb;
        switch (scaling) {
            case LOG -> {
                transformedLo = Math.log(lo);
                factor = hi > lo ? 256 / (Math.log(hi) - Math.log(lo)) : 0;
            }
            case SQRT -> {
                transformedLo = lo;
                factor = hi > lo ? 1 / (hi - lo) : 0;
            }
            default -> {
                transformedLo = lo;
                factor = hi > lo ? 256 / (hi - lo) : 0;
            }
        }
    }

    public ColorMap colorMap() {
        return colorMap;
    }

    public Scaling scaling() {
        return scaling;
    }

    public double low() {
        return lo;
    }

    public double high() {
        return hi;
    }

    public int nanArgb() {
        return nanArgb;
    }

    /** The table entry (0..255) for {@code v}, or 256 for NaN; see the class contract. */
    public int index(double v) {
        if (v != v) {
            return ColorMap.SIZE;
        }
        if (factor == 0) {
            return v > hi ? 255 : 0;
        }
        double f;
        switch (scaling) {
            case LOG -> {
                if (v <= 0) {
                    return 0;
                }
                f = (Math.log(v) - transformedLo) * factor;
            }
            case SQRT -> {
                double u = (v - lo) * factor;
                if (u <= 0) {
                    return 0;
                }
                f = Math.sqrt(u) * 256;
            }
            default -> f = (v - lo) * factor;
        }
        int i = (int) f;
        return i < 0 ? 0 : i > 255 ? 255 : i;
    }

    /** The ARGB colour of one value. */
    public int argb(double v) {
        return lut[index(v)];
    }

    /** Maps {@code image} (2-D) into a new {@code int[height * width]} of ARGB pixels, row 0 first. */
    public int[] toArgb(NDArray image) {
        int[] out = new int[Math.multiplyExact(image.shape(0), image.rank() == 2 ? image.shape(1) : 1)];
        toArgb(image, out, 0, image.rank() == 2 ? image.shape(1) : 0);
        return out;
    }

    /** Maps {@code image} into {@code out} at {@code out[offset + y * rowStride + x]}. */
    public void toArgb(NDArray image, int[] out, int offset, int rowStride) {
        RowSource src = new RowSource(image);
        checkRoom(src, out.length, offset, rowStride, src.columns, 1);
        boolean vector = useVector();
        boolean fused = src.isFloatStorage() && scaling == Scaling.LINEAR && factor != 0 && !vector;
        Bands.run(src.rows, src.columns, (band, from, to) -> {
            Object storage = src.band(from, to);
            if (fused) {
                // the common case of a float32 detector frame: index and colour in one pass
                for (int y = from; y < to; y++) {
                    linearArgbRow((float[]) storage, src.bandOffset(from, y), out, offset + y * rowStride, src.columns);
                }
                return;
            }
            int[] idx = new int[src.columns];
            double[] buffer = src.isFloatStorage() || src.isDoubleStorage() ? null : new double[src.columns];
            for (int y = from; y < to; y++) {
                indexRow(src, storage, src.bandOffset(from, y), buffer, idx, vector);
                int o = offset + y * rowStride;
                int[] table = lut;
                for (int x = 0; x < idx.length; x++) {
                    out[o + x] = table[idx[x]];
                }
            }
        });
    }

    /** Maps {@code image} into RGB bytes: red, green, blue of pixel (x, y) from {@code offset + y * rowStride + 3x}. */
    public void toRgb(NDArray image, byte[] out, int offset, int rowStride) {
        RowSource src = new RowSource(image);
        checkRoom(src, out.length, offset, rowStride, 3 * src.columns, 3);
        boolean vector = useVector();
        boolean fused = src.isFloatStorage() && scaling == Scaling.LINEAR && factor != 0 && !vector;
        Bands.run(src.rows, src.columns, (band, from, to) -> {
            Object storage = src.band(from, to);
            int[] table = lut;
            if (fused) {
                double l = lo;
                double k = factor;
                int nan = nanArgb;
                for (int y = from; y < to; y++) {
                    float[] s = (float[]) storage;
                    int start = src.bandOffset(from, y);
                    int o = offset + y * rowStride;
                    for (int x = 0; x < src.columns; x++, o += 3) {
                        float v = s[start + x];
                        int i = (int) ((v - l) * k);
                        i = Math.max(0, Math.min(255, i));
                        int c = v != v ? nan : table[i];
                        out[o] = (byte) (c >> 16);
                        out[o + 1] = (byte) (c >> 8);
                        out[o + 2] = (byte) c;
                    }
                }
                return;
            }
            int[] idx = new int[src.columns];
            double[] buffer = src.isFloatStorage() || src.isDoubleStorage() ? null : new double[src.columns];
            for (int y = from; y < to; y++) {
                indexRow(src, storage, src.bandOffset(from, y), buffer, idx, vector);
                int o = offset + y * rowStride;
                for (int x = 0; x < idx.length; x++, o += 3) {
                    int c = table[idx[x]];
                    out[o] = (byte) (c >> 16);
                    out[o + 1] = (byte) (c >> 8);
                    out[o + 2] = (byte) c;
                }
            }
        });
    }

    /**
     * Maps {@code image} into 4 bytes per pixel, blue, green, red, alpha (a little-endian ARGB int), from
     * {@code offset + y * rowStride + 4x}: the layout of an SWT {@code ImageData} of depth 32 with
     * {@code PaletteData(0xFF00, 0xFF0000, 0xFF000000)}, filled in place without a conversion pass.
     */
    public void toBgra(NDArray image, byte[] out, int offset, int rowStride) {
        RowSource src = new RowSource(image);
        checkRoom(src, out.length, offset, rowStride, 4 * src.columns, 4);
        boolean vector = useVector();
        boolean fused = src.isFloatStorage() && scaling == Scaling.LINEAR && factor != 0 && !vector;
        Bands.run(src.rows, src.columns, (band, from, to) -> {
            Object storage = src.band(from, to);
            int[] table = lut;
            if (fused) {
                double l = lo;
                double k = factor;
                int nan = nanArgb;
                for (int y = from; y < to; y++) {
                    float[] s = (float[]) storage;
                    int start = src.bandOffset(from, y);
                    int o = offset + y * rowStride;
                    for (int x = 0; x < src.columns; x++) {
                        float v = s[start + x];
                        int i = (int) ((v - l) * k);
                        i = Math.max(0, Math.min(255, i));
                        INT_LE.set(out, o + 4 * x, v != v ? nan : table[i]);
                    }
                }
                return;
            }
            int[] idx = new int[src.columns];
            double[] buffer = src.isFloatStorage() || src.isDoubleStorage() ? null : new double[src.columns];
            for (int y = from; y < to; y++) {
                indexRow(src, storage, src.bandOffset(from, y), buffer, idx, vector);
                int o = offset + y * rowStride;
                for (int x = 0; x < idx.length; x++) {
                    INT_LE.set(out, o + 4 * x, table[idx[x]]);
                }
            }
        });
    }

    private static final java.lang.invoke.VarHandle INT_LE = java.lang.invoke.MethodHandles
            .byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private static void checkRoom(RowSource src, int length, int offset, int rowStride, int rowUnits, int unit) {
        if (src.rows == 0 || src.columns == 0) {
            return;
        }
        long last = offset + (long) (src.rows - 1) * rowStride + rowUnits;
        if (offset < 0 || rowStride < rowUnits || last > length) {
            throw new IllegalArgumentException("output buffer of " + length + " elements with offset " + offset
                    + " and row stride " + rowStride + " cannot hold " + src.rows + " rows of " + src.columns
                    + " pixels (" + unit + " element(s) each)");
        }
    }

    /**
     * Fills {@code idx} with the table entries of one row starting at {@code start} in {@code storage};
     * {@code vector}: with {@link VectorColorMapping} where it has the case.
     */
    private void indexRow(RowSource src, Object storage, int start, double[] buffer, int[] idx, boolean vector) {
        int n = idx.length;
        if (src.isFloatStorage()) {
            float[] s = (float[]) storage;
            if (scaling == Scaling.LINEAR && factor != 0) {
                if (vector) {
                    VectorColorMapping.linearRow(s, start, lo, factor, idx);
                } else {
                    linearRow(s, start, idx);
                }
            } else if (factor != 0) {
                if (vector) {
                    VectorColorMapping.tableRow(floatTable(), s, start, idx);
                } else {
                    floatTable().indexRow(s, start, idx, ColorMap.SIZE);
                }
            } else {
                for (int x = 0; x < n; x++) {
                    idx[x] = index(s[start + x]);
                }
            }
            return;
        }
        switch (src.dtype) {
            case UINT8, INT8 -> {
                byte[] table = smallIntTable(src.dtype);
                byte[] s = (byte[]) storage;
                for (int x = 0; x < n; x++) {
                    idx[x] = table[s[start + x] & 0xff] & 0xff;
                }
                return;
            }
            case UINT16, INT16 -> {
                byte[] table = smallIntTable(src.dtype);
                short[] s = (short[]) storage;
                for (int x = 0; x < n; x++) {
                    idx[x] = table[s[start + x] & 0xffff] & 0xff;
                }
                return;
            }
            default -> {
                // other types below
            }
        }
        double[] d;
        int off;
        if (src.isDoubleStorage()) {
            d = (double[]) storage;
            off = start;
        } else {
            src.toDoubles(storage, start, n, buffer);
            d = buffer;
            off = 0;
        }
        if (scaling == Scaling.LINEAR && factor != 0) {
            if (vector) {
                VectorColorMapping.linearRow(d, off, lo, factor, idx);
            } else {
                linearRow(d, off, idx);
            }
        } else {
            for (int x = 0; x < n; x++) {
                idx[x] = index(d[off + x]);
            }
        }
    }

    /**
     * Whether this call computes entries with the vector form: forced by {@link #useForm}, else when
     * {@link Simd#enabled()} and the warm-up has finished (the first call starts it).
     */
    private static boolean useVector() {
        Form f = form;
        if (f != Form.AUTO) {
            return f == Form.VECTOR;
        }
        if (!Simd.enabled()) {
            return false;
        }
        if (vectorWarm) {
            return true;
        }
        if (WARMING.compareAndSet(false, true)) {
            ForkJoinPool.commonPool().execute(ColorMapper::warmUp);
        }
        return false;
    }

    /**
     * Runs the vector rows until the JIT's optimising tier has had them (a few tens of thousands of rows of 256
     * values: about 0.1 s once compiled, more before), then lets {@link #useVector} pick them.
     */
    private static void warmUp() {
        try {
            float[] f = new float[256];
            double[] d = new double[256];
            for (int i = 0; i < f.length; i++) {
                f[i] = i == 7 ? Float.NaN : i * 3.5f - 100;
                d[i] = f[i];
            }
            int[] idx = new int[f.length];
            FloatIndexTable log = new ColorMapper(ColorMap.get("gray"), Scaling.LOG, 1, 800, 0).floatTable();
            for (int k = 0; k < 20_000; k++) {
                VectorColorMapping.linearRow(f, 0, -50, 0.4, idx);
                VectorColorMapping.linearRow(d, 0, -50, 0.4, idx);
                VectorColorMapping.tableRow(log, f, 0, idx);
            }
            vectorWarm = true;
        } catch (RuntimeException | LinkageError e) {
            // the scalar form stays; nothing is lost but speed
        }
    }

    /**
     * Whether mapping calls use the vector form now (for logs and benchmarks); where the form is not yet warm this
     * starts the warm-up, so a caller may ask again until it is.
     */
    public static boolean vectorForm() {
        return useVector();
    }

    /** Forces the scalar or the vector form (tests, benchmarks), or AUTO; returns the previous setting. */
    static Form useForm(Form f) {
        Form before = form;
        form = f;
        return before;
    }

    private volatile FloatIndexTable floatTable;
    private volatile byte[] smallIntTable;

    /** Exact lookup for float values (built on first use; a race only builds it twice). */
    private FloatIndexTable floatTable() {
        FloatIndexTable t = floatTable;
        if (t == null) {
            t = new FloatIndexTable(this::index);
            floatTable = t;
        }
        return t;
    }

    /**
     * Entry of every value of an 8- or 16-bit integer type, indexed by its raw bits (byte & 0xff, short & 0xffff).
     * A mapper serves one type per call; the table is rebuilt if another type comes.
     */
    private byte[] smallIntTable(org.daybreak.core.data.DType dtype) {
        byte[] t = smallIntTable;
        int size = dtype.itemSize() == 1 ? 256 : 65536;
        if (t == null || t.length != size + 1 || t[size] != (byte) dtype.ordinal()) {
            t = new byte[size + 1];
            for (int raw = 0; raw < size; raw++) {
                double v = switch (dtype) {
                    case INT8 -> (byte) raw;
                    case INT16 -> (short) raw;
                    default -> raw;
                };
                t[raw] = (byte) index(v);
            }
            t[size] = (byte) dtype.ordinal();
            smallIntTable = t;
        }
        return t;
    }

    private void linearArgbRow(float[] s, int start, int[] out, int o, int n) {
        double l = lo;
        double k = factor;
        int[] table = lut;
        int nan = nanArgb;
        for (int x = 0; x < n; x++) {
            float v = s[start + x];
            int i = (int) ((v - l) * k);
            i = Math.max(0, Math.min(255, i));
            out[o + x] = v != v ? nan : table[i];
        }
    }

    private void linearRow(float[] s, int start, int[] idx) {
        double l = lo;
        double k = factor;
        for (int x = 0; x < idx.length; x++) {
            double v = s[start + x];
            int i = (int) ((v - l) * k);
            i = Math.max(0, Math.min(255, i));
            idx[x] = v != v ? ColorMap.SIZE : i;
        }
    }

    private void linearRow(double[] s, int start, int[] idx) {
        double l = lo;
        double k = factor;
        for (int x = 0; x < idx.length; x++) {
            double v = s[start + x];
            int i = (int) ((v - l) * k);
            i = Math.max(0, Math.min(255, i));
            idx[x] = v != v ? ColorMap.SIZE : i;
        }
    }
}
