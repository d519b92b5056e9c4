package org.daybreak.plot.render;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.Plot;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws a {@link Plot} without a display: to a {@link BufferedImage}, a PNG file (javax.imageio) or an SVG
 * document (JFreeSVG). A plot with a visible image trace is drawn as an image with a colour bar; otherwise its
 * line traces are drawn as an XY chart (JFreeChart). Sizes are in output pixels (SVG user units).
 *
 * <p>Threads: a render reads the plot; do not change the plot while it is being drawn.
 */
public final class PlotRenderer {
    private PlotRenderer() {
    }

    /** Draws into {@code g} over the rectangle (0, 0, width, height) of its user space. */
    public static RenderedPlot draw(Plot plot, Graphics2D g, int width, int height) {
        if (width < 32 || height < 32) {
            throw new IllegalArgumentException("a plot needs at least 32 x 32 pixels, not " + width + " x " + height);
        }
        ImageTrace image = plot.imageTrace();
        if (image != null && image.isVisible() && image.data() != null) {
            return ImagePainter.paint(plot, image, g, width, height);
        }
        return LineChartPainter.paint(plot, g, width, height);
    }

    /** The plot as an opaque RGB image. */
    public static RenderedPlot render(Plot plot, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            return draw(plot, g, width, height).withImage(img);
        } finally {
            g.dispose();
        }
    }

    /** The plot as an SVG document (with its XML declaration, root element {@code svg}). */
    public static String toSvg(Plot plot, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        draw(plot, g, width, height);
        return g.getSVGDocument();
    }

    public static void writePng(Plot plot, Path file, int width, int height) throws IOException {
        BufferedImage img = render(plot, width, height).image();
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer is available to write " + file);
            }
        }
    }

    public static void writeSvg(Plot plot, Path file, int width, int height) throws IOException {
        String svg = toSvg(plot, width, height);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(svg);
        }
    }

    /**
     * Writes PNG or SVG by the file's extension ({@code .png}, {@code .svg}, any case).
     *
     * @throws IllegalArgumentException for another extension
     */
    public static void write(Plot plot, Path file, int width, int height) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            writeSvg(plot, file, width, height);
        } else if (name.endsWith(".png")) {
            writePng(plot, file, width, height);
        } else {
            throw new IllegalArgumentException("output file " + file + " must end in .png or .svg");
        }
    }
}
