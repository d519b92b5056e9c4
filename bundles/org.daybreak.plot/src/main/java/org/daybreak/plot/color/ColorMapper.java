package org.daybreak.plot.color;

import org.daybreak.core.data.NDArray;

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
 * {@code bytesPerLine}. Pass a strided view ({@code image.slice("0:512:2,0:512:2")}) to map a zoomed or
 * subsampled region without copying the whole image.
 *
 * <p><b>Threads.</b> Immutable; each call splits the rows into bands run in parallel on the common fork-join
 * pool and returns when all are written.
 */
public final class ColorMapper {
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
        Bands.run(src.rows, src.columns, (band, from, to) -> {
            Object storage = src.band(from, to);
            int[] idx = new int[src.columns];
            double[] buffer = src.isFloatStorage() || src.isDoubleStorage() ? null : new double[src.columns];
            for (int y = from; y < to; y++) {
                indexRow(src, storage, src.bandOffset(from, y), buffer, idx);
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
        byte[] reds = new byte[lut.length];
        byte[] greens = new byte[lut.length];
        byte[] blues = new byte[lut.length];
        for (int i = 0; i < lut.length; i++) {
            reds[i] = (byte) (lut[i] >> 16);
            greens[i] = (byte) (lut[i] >> 8);
            blues[i] = (byte) lut[i];
        }
        Bands.run(src.rows, src.columns, (band, from, to) -> {
            Object storage = src.band(from, to);
            int[] idx = new int[src.columns];
            double[] buffer = src.isFloatStorage() || src.isDoubleStorage() ? null : new double[src.columns];
            for (int y = from; y < to; y++) {
                indexRow(src, storage, src.bandOffset(from, y), buffer, idx);
                int o = offset + y * rowStride;
                for (int x = 0; x < idx.length; x++) {
                    int k = idx[x];
                    out[o] = reds[k];
                    out[o + 1] = greens[k];
                    out[o + 2] = blues[k];
                    o += 3;
                }
            }
        });
    }

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

    /** Fills {@code idx} with the table entries of one row starting at {@code start} in {@code storage}. */
    private void indexRow(RowSource src, Object storage, int start, double[] buffer, int[] idx) {
        int n = idx.length;
        if (src.isFloatStorage()) {
            float[] s = (float[]) storage;
            if (scaling == Scaling.LINEAR && factor != 0) {
                linearRow(s, start, idx);
            } else {
                for (int x = 0; x < n; x++) {
                    idx[x] = index(s[start + x]);
                }
            }
            return;
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
            linearRow(d, off, idx);
        } else {
            for (int x = 0; x < n; x++) {
                idx[x] = index(d[off + x]);
            }
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
