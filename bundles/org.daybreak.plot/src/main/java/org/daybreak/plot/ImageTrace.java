package org.daybreak.plot;

import java.awt.Color;
import java.util.Arrays;

import org.daybreak.core.data.NDArray;
import org.daybreak.plot.color.ColorMap;
import org.daybreak.plot.color.ColorMapper;
import org.daybreak.plot.color.Contrast;
import org.daybreak.plot.color.Scaling;

/**
 * A 2-D image {@code [y][x]} (row 0 drawn at the top, as detector frames are shown) mapped to colours, with
 * optional axis values per column and row (NeXus axes: one value per pixel centre, or bin edges one longer).
 *
 * <p>The colour range is either fixed ({@link #setRange}) or automatic ({@link #autoContrast}, the default
 * 0.5 to 99.5 percent of the finite values, positive ones for log scaling); the automatic range is computed
 * once per data/scaling change and cached. The data array is held, not copied: change it only through
 * {@link #setData} again.
 */
public final class ImageTrace extends Trace {
    private NDArray data;
    private NDArray xAxisValues;
    private NDArray yAxisValues;
    private ColorMap colorMap = initialColorMap();
    private Scaling scaling = Scaling.LINEAR;
    private boolean autoRange = true;
    private double percentLow = 0.5;
    private double percentHigh = 99.5;
    private double lo;
    private double hi;
    private double[] cachedAutoRange;
    private Color nanColor = new Color(0, 0, 0, 0);

    ImageTrace(Plot plot, String name) {
        super(plot, name);
    }

    /**
     * @param image a 2-D numeric array {@code [y][x]}
     * @throws IllegalArgumentException for another rank or a non-numeric type
     */
    public ImageTrace setData(NDArray image) {
        if (image == null || image.rank() != 2 || !image.dtype().isNumeric()) {
            throw new IllegalArgumentException("image trace '" + name() + "' needs a 2-D numeric array, not "
                    + (image == null ? "null" : image.dtype() + " of shape " + Arrays.toString(image.shape())));
        }
        this.data = image;
        if (xAxisValues != null && !fits(xAxisValues, image.shape(1))) {
            xAxisValues = null;
        }
        if (yAxisValues != null && !fits(yAxisValues, image.shape(0))) {
            yAxisValues = null;
        }
        cachedAutoRange = null;
        changed();
        return this;
    }

    public NDArray data() {
        return data;
    }

    public int width() {
        return data == null ? 0 : data.shape(1);
    }

    public int height() {
        return data == null ? 0 : data.shape(0);
    }

    /**
     * Axis values along x (columns) and y (rows): each 1-D with one value per pixel centre or one more (bin
     * edges); {@code null} for pixel indices.
     *
     * @throws IllegalArgumentException when a length fits neither
     */
    public ImageTrace setAxes(NDArray xValues, NDArray yValues) {
        if (data == null) {
            throw new IllegalStateException("image trace '" + name() + "': set the data before the axes");
        }
        checkAxis(xValues, data.shape(1), "x");
        checkAxis(yValues, data.shape(0), "y");
        this.xAxisValues = xValues;
        this.yAxisValues = yValues;
        changed();
        return this;
    }

    private void checkAxis(NDArray a, int n, String which) {
        if (a != null && !fits(a, n)) {
            throw new IllegalArgumentException("image trace '" + name() + "': the " + which + " axis has shape "
                    + Arrays.toString(a.shape()) + " but the image has " + n + " pixels along it (need " + n
                    + " centres or " + (n + 1) + " edges)");
        }
    }

    private static boolean fits(NDArray a, int n) {
        return a.rank() == 1 && a.dtype().isNumeric() && (a.shape(0) == n || a.shape(0) == n + 1);
    }

    public NDArray xAxisValues() {
        return xAxisValues;
    }

    public NDArray yAxisValues() {
        return yAxisValues;
    }

    /** The site's default map (ColorMap.siteDefault); viridis when the site names an unknown one. */
    private static ColorMap initialColorMap() {
        try {
            return ColorMap.siteDefault();
        } catch (IllegalArgumentException e) {
            return ColorMap.get("viridis");
        }
    }

    public ColorMap colorMap() {
        return colorMap;
    }

    /** @throws IllegalArgumentException for an unknown name (the message lists the known ones) */
    public ImageTrace setColorMap(String name) {
        this.colorMap = ColorMap.get(name);
        changed();
        return this;
    }

    public ImageTrace setColorMap(ColorMap map) {
        this.colorMap = map;
        changed();
        return this;
    }

    public Scaling scaling() {
        return scaling;
    }

    public ImageTrace setScaling(Scaling scaling) {
        this.scaling = scaling == null ? Scaling.LINEAR : scaling;
        cachedAutoRange = null;
        changed();
        return this;
    }

    /**
     * A fixed colour range: values at or below {@code lo} take the first colour, at or above {@code hi} the last.
     *
     * @throws IllegalArgumentException unless both are finite with lo &lt;= hi
     */
    public ImageTrace setRange(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || hi < lo) {
            throw new IllegalArgumentException("image trace '" + name() + "': colour range [" + lo + ", " + hi
                    + "] must be finite with low <= high");
        }
        this.lo = lo;
        this.hi = hi;
        this.autoRange = false;
        changed();
        return this;
    }

    /** Automatic colour range from the given percentiles (0..100) of the finite values. */
    public ImageTrace autoContrast(double percentLow, double percentHigh) {
        if (!(percentLow >= 0 && percentHigh <= 100 && percentLow <= percentHigh)) {
            throw new IllegalArgumentException("image trace '" + name() + "': percentiles " + percentLow + " and "
                    + percentHigh + " must satisfy 0 <= low <= high <= 100");
        }
        this.percentLow = percentLow;
        this.percentHigh = percentHigh;
        this.autoRange = true;
        this.cachedAutoRange = null;
        changed();
        return this;
    }

    public boolean isAutoRange() {
        return autoRange;
    }

    /** The colour range in use, {@code {lo, hi}}: the fixed one, or the automatic one (computed if needed). */
    public double[] range() {
        if (!autoRange) {
            return new double[] {lo, hi};
        }
        if (data == null) {
            return new double[] {0, 1};
        }
        if (cachedAutoRange == null) {
            cachedAutoRange = Contrast.autoRange(data, percentLow, percentHigh, scaling);
        }
        return cachedAutoRange.clone();
    }

    public Color nanColor() {
        return nanColor;
    }

    /** Colour of NaN pixels (transparent by default, as matplotlib's "bad" colour). */
    public ImageTrace setNanColor(Color color) {
        this.nanColor = color;
        changed();
        return this;
    }

    /**
     * The kernel configured with this trace's map, scaling and range. For LOG with a fixed range whose low end is
     * not positive, the low end is raised to the smallest positive value in the image (or hi/1e6 without one).
     */
    public ColorMapper colorMapper() {
        double[] r = range();
        double l = r[0];
        double h = r[1];
        if (scaling == Scaling.LOG && l <= 0) {
            double minPositive = data == null ? Double.NaN : Contrast.extent(data, true).min();
            l = Double.isFinite(minPositive) ? minPositive : (h > 0 ? h / 1e6 : 1);
            h = Math.max(h, l);
        }
        return new ColorMapper(colorMap, scaling, l, h, nanColor.getRGB());
    }

    /** The image as ARGB pixels {@code [y * width + x]}. */
    public int[] toArgb() {
        if (data == null) {
            throw new IllegalStateException("image trace '" + name() + "' has no data");
        }
        return colorMapper().toArgb(data);
    }
}
