package org.daybreak.plot;

import java.awt.Color;

import org.daybreak.core.data.NDArray;

/**
 * An XY line: y values over x values (the indices 0..n-1 when no x is given), with optional symmetric or
 * asymmetric y error bars. The trace keeps its own copies of the values as doubles.
 *
 * <p>Colour defaults to the next entry of matplotlib's "tab10" cycle in the order the plot created its line traces.
 */
public final class LineTrace extends Trace {
    /** Marker drawn at each point. */
    public enum Marker {
        NONE, CIRCLE, SQUARE, CROSS, DIAMOND
    }

    private double[] x;
    private double[] y = new double[0];
    private double[] errorLow;
    private double[] errorHigh;
    private Color color;
    private float lineWidth = 1.5f;
    private boolean lineVisible = true;
    private Marker marker = Marker.NONE;
    private float markerSize = 5f;

    LineTrace(Plot plot, String name, Color color) {
        super(plot, name);
        this.color = color;
    }

    /** y over indices 0..n-1. */
    public LineTrace setData(NDArray y) {
        return setData(null, y);
    }

    /**
     * @param x 1-D, same length as y, or {@code null} for indices
     * @param y 1-D numbers
     * @throws IllegalArgumentException for other shapes or lengths
     */
    public LineTrace setData(NDArray x, NDArray y) {
        double[] yv = toValues(y, "y");
        double[] xv = x == null ? null : toValues(x, "x");
        if (xv != null && xv.length != yv.length) {
            throw new IllegalArgumentException("trace '" + name() + "': x has " + xv.length + " values but y has "
                    + yv.length);
        }
        return setData(xv, yv);
    }

    /** Same as {@link #setData(NDArray, NDArray)} with plain arrays (copied). {@code x} may be {@code null}. */
    public LineTrace setData(double[] x, double[] y) {
        if (y == null) {
            throw new IllegalArgumentException("trace '" + name() + "' needs y values");
        }
        if (x != null && x.length != y.length) {
            throw new IllegalArgumentException("trace '" + name() + "': x has " + x.length + " values but y has "
                    + y.length);
        }
        this.x = x == null ? null : x.clone();
        this.y = y.clone();
        if (errorLow != null && errorLow.length != y.length) {
            errorLow = null;
            errorHigh = null;
        }
        changed();
        return this;
    }

    /** Symmetric error bars: y - e to y + e. {@code null} removes them. */
    public LineTrace setErrors(NDArray errors) {
        return setErrors(errors, errors);
    }

    /**
     * Asymmetric error bars: from y - low to y + high (both non-negative by convention; NaN hides the bar).
     *
     * @throws IllegalArgumentException when a length differs from the y values'
     */
    public LineTrace setErrors(NDArray low, NDArray high) {
        if (low == null || high == null) {
            errorLow = null;
            errorHigh = null;
            changed();
            return this;
        }
        double[] l = toValues(low, "errors");
        double[] h = low == high ? l : toValues(high, "errors");
        if (l.length != y.length || h.length != y.length) {
            throw new IllegalArgumentException("trace '" + name() + "': errors have " + l.length
                    + " values but y has " + y.length + " (set the data first)");
        }
        errorLow = l;
        errorHigh = h;
        changed();
        return this;
    }

    private double[] toValues(NDArray a, String what) {
        if (a.rank() != 1 || !a.dtype().isNumeric()) {
            throw new IllegalArgumentException("trace '" + name() + "': " + what + " must be a 1-D array of numbers, not "
                    + a.dtype() + " of shape " + java.util.Arrays.toString(a.shape()));
        }
        return a.toDoubleArray();
    }

    public int size() {
        return y.length;
    }

    /** The x values (a copy); the indices when none were given. */
    public double[] x() {
        if (x != null) {
            return x.clone();
        }
        double[] ix = new double[y.length];
        for (int i = 0; i < ix.length; i++) {
            ix[i] = i;
        }
        return ix;
    }

    public boolean hasX() {
        return x != null;
    }

    public double[] y() {
        return y.clone();
    }

    public boolean hasErrors() {
        return errorLow != null;
    }

    /** Downward error lengths, or {@code null}. */
    public double[] errorLow() {
        return errorLow == null ? null : errorLow.clone();
    }

    public double[] errorHigh() {
        return errorHigh == null ? null : errorHigh.clone();
    }

    /**
     * The trace's own arrays, not copied, for renderers and tools: read them only; they stay valid until the next
     * {@code setData}/{@code setErrors}. {@code x} is {@code null} for indices, the error arrays when there are none.
     */
    public record Values(double[] x, double[] y, double[] errorLow, double[] errorHigh) {
    }

    public Values values() {
        return new Values(x, y, errorLow, errorHigh);
    }

    public Color color() {
        return color;
    }

    public LineTrace setColor(Color color) {
        if (color == null) {
            throw new IllegalArgumentException("trace '" + name() + "' needs a colour, not null");
        }
        this.color = color;
        changed();
        return this;
    }

    public float lineWidth() {
        return lineWidth;
    }

    /** Line width in pixels (points in SVG). */
    public LineTrace setLineWidth(float width) {
        if (!(width > 0)) {
            throw new IllegalArgumentException("line width must be positive, not " + width);
        }
        this.lineWidth = width;
        changed();
        return this;
    }

    public boolean isLineVisible() {
        return lineVisible;
    }

    /** Whether the points are joined; with no line and no marker the trace shows only error bars. */
    public LineTrace setLineVisible(boolean visible) {
        this.lineVisible = visible;
        changed();
        return this;
    }

    public Marker marker() {
        return marker;
    }

    public LineTrace setMarker(Marker marker) {
        this.marker = marker == null ? Marker.NONE : marker;
        changed();
        return this;
    }

    public float markerSize() {
        return markerSize;
    }

    public LineTrace setMarkerSize(float size) {
        if (!(size > 0)) {
            throw new IllegalArgumentException("marker size must be positive, not " + size);
        }
        this.markerSize = size;
        changed();
        return this;
    }
}
