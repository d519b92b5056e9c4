package org.daybreak.plot.render;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.function.DoubleUnaryOperator;

/**
 * The result of drawing a plot: the image (for raster output), and where the data went, so that callers (tests,
 * mouse handling in a view) can convert between axis values and pixels. Pixel coordinates have (0, 0) at the
 * top-left corner of the output, y growing downwards.
 */
public final class RenderedPlot {
    private final BufferedImage image;
    private final Rectangle2D dataArea;
    private final DoubleUnaryOperator xToPixel;
    private final DoubleUnaryOperator yToPixel;
    private final int pointsDrawn;

    RenderedPlot(BufferedImage image, Rectangle2D dataArea, DoubleUnaryOperator xToPixel,
            DoubleUnaryOperator yToPixel, int pointsDrawn) {
        this.image = image;
        this.dataArea = dataArea;
        this.xToPixel = xToPixel;
        this.yToPixel = yToPixel;
        this.pointsDrawn = pointsDrawn;
    }

    /** The raster output, or {@code null} when the plot was drawn into someone else's graphics (SVG). */
    public BufferedImage image() {
        return image;
    }

    /** The rectangle, in output pixels, that the axes span (the image area for image plots). */
    public Rectangle2D dataArea() {
        return dataArea;
    }

    /** Horizontal pixel position of an x-axis value (NaN where an image axis does not reach it). */
    public double xToPixel(double x) {
        return xToPixel.applyAsDouble(x);
    }

    /** Vertical pixel position of a y-axis value. */
    public double yToPixel(double y) {
        return yToPixel.applyAsDouble(y);
    }

    /** Points handed to the line drawing after decimation, over all line traces. */
    public int pointsDrawn() {
        return pointsDrawn;
    }

    RenderedPlot withImage(BufferedImage img) {
        return new RenderedPlot(img, dataArea, xToPixel, yToPixel, pointsDrawn);
    }
}
