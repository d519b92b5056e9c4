package org.daybreak.plot.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.daybreak.core.data.NDArray;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.TestData;
import org.daybreak.plot.color.ColorMap;
import org.daybreak.plot.color.Scaling;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Checks pixels of rendered output against the colour tables and the axis geometry. */
class PlotRendererTest {

    private static Plot gradientPlot(String map, Scaling scaling) {
        // 12 rows x 256 columns; column c holds the value that the scaling sends to entry c
        float[] v = new float[12 * 256];
        for (int y = 0; y < 12; y++) {
            for (int c = 0; c < 256; c++) {
                v[y * 256 + c] = scaling == Scaling.LOG ? (float) Math.pow(10, 3 * (c + 0.5) / 256) : c + 0.5f;
            }
        }
        Plot plot = new Plot();
        ImageTrace im = plot.createImageTrace("gradient");
        im.setData(NDArray.of(v, 12, 256)).setColorMap(map).setScaling(scaling);
        if (scaling == Scaling.LOG) {
            im.setRange(1, 1000);
        } else {
            im.setRange(0, 256);
        }
        plot.addTrace(im);
        return plot;
    }

    @Test
    void gradientThroughViridisHasTheTableColoursAtEveryColumn() throws Exception {
        for (Scaling s : new Scaling[] {Scaling.LINEAR, Scaling.LOG}) {
            Plot plot = gradientPlot("viridis", s);
            RenderedPlot r = PlotRenderer.render(plot, 800, 260);
            BufferedImage img = r.image();
            Rectangle2D area = r.dataArea();
            double scale = area.getWidth() / 256;
            assertEquals(Math.rint(scale), scale, "a small image is magnified by a whole number");
            ColorMap viridis = ColorMap.get("viridis");
            for (int c = 0; c < 256; c++) {
                int px = (int) (area.getX() + (c + 0.5) * scale);
                int py = (int) (area.getY() + 6.5 * scale);
                assertEquals(viridis.argb(c) & 0xFFFFFF, img.getRGB(px, py) & 0xFFFFFF,
                        s + " column " + c + " at pixel (" + px + ", " + py + ")");
            }
            ImageIO.write(img, "png", TestData.outputDir().resolve("gradient-" + s + ".png").toFile());
        }
    }

    @Test
    void horizontalLineLandsOnTheExpectedRow() throws Exception {
        Plot plot = new Plot();
        LineTrace t = plot.createLineTrace("y = 3");
        t.setData(new double[] {0, 2, 10}, new double[] {3, 3, 3}).setColor(Color.RED).setLineWidth(1);
        plot.addTrace(t);
        plot.xAxis().setRange(0, 10).setLabel("x");
        plot.yAxis().setRange(0, 10).setLabel("y");
        RenderedPlot r = PlotRenderer.render(plot, 600, 400);
        Rectangle2D area = r.dataArea();
        double expected = area.getY() + (10 - 3) / 10.0 * area.getHeight();
        assertEquals(expected, r.yToPixel(3), 1e-9);
        BufferedImage img = r.image();
        for (double xv : new double[] {1, 5, 9}) {
            int col = (int) r.xToPixel(xv);
            int reddest = -1;
            int best = -1;
            for (int row = (int) area.getY(); row < area.getMaxY(); row++) {
                int rgb = img.getRGB(col, row);
                int red = ((rgb >> 16) & 0xff) - Math.max((rgb >> 8) & 0xff, rgb & 0xff);
                if (red > best) {
                    best = red;
                    reddest = row;
                }
            }
            assertTrue(best > 100, "a red line crosses column " + col);
            assertEquals(expected, reddest, 1.0, "line row at x = " + xv);
        }
        ImageIO.write(img, "png", TestData.outputDir().resolve("line.png").toFile());
    }

    @Test
    void logAxisPutsDecadesAtEqualSpacing() throws Exception {
        Plot plot = new Plot();
        double[] x = new double[301];
        double[] y = new double[301];
        for (int i = 0; i <= 300; i++) {
            x[i] = i / 100.0;
            y[i] = Math.pow(10, x[i]);
        }
        LineTrace t = plot.createLineTrace("10^x");
        t.setData(x, y).setColor(Color.BLUE).setLineWidth(1);
        plot.addTrace(t);
        plot.xAxis().setRange(0, 3);
        plot.yAxis().setLog(true).setRange(1, 1000).setLabel("intensity").setUnits("counts");
        RenderedPlot r = PlotRenderer.render(plot, 600, 400);
        double mid = (r.yToPixel(1) + r.yToPixel(1000)) / 2;
        assertEquals(mid, r.yToPixel(Math.pow(10, 1.5)), 1e-6);
        int col = (int) Math.round(r.xToPixel(1.5));
        int row = bluestRow(r.image(), col, r.dataArea());
        assertEquals(mid, row, 1.5, "10^1.5 is drawn half way up a 1..1000 log axis");
        ImageIO.write(r.image(), "png", TestData.outputDir().resolve("log.png").toFile());
    }

    private static int bluestRow(BufferedImage img, int col, Rectangle2D area) {
        int bestRow = -1;
        int best = -1;
        for (int row = (int) area.getY(); row < area.getMaxY(); row++) {
            int rgb = img.getRGB(col, row);
            int blue = (rgb & 0xff) - Math.max((rgb >> 16) & 0xff, (rgb >> 8) & 0xff);
            if (blue > best) {
                best = blue;
                bestRow = row;
            }
        }
        return bestRow;
    }

    @Test
    void lineOverAnImageUsesTheImageAxes() throws Exception {
        Plot plot = new Plot();
        ImageTrace im = plot.createImageTrace("dark");
        im.setData(NDArray.of(new float[50 * 100], 50, 100)).setColorMap("gray").setRange(0, 1);
        // x from 0 to 9.9 in steps of 0.1 (pixel centres), y as bin edges from 5 down to 0
        im.setAxes(NDArray.arange(0, 10, 0.1), NDArray.linspace(5, 0, 51));
        plot.addTrace(im);
        LineTrace t = plot.createLineTrace("cut");
        t.setData(new double[] {1, 9}, new double[] {2.5, 2.5}).setColor(Color.RED).setLineWidth(1);
        plot.addTrace(t);
        RenderedPlot r = PlotRenderer.render(plot, 700, 420);
        Rectangle2D area = r.dataArea();
        assertEquals(area.getY() + area.getHeight() / 2, r.yToPixel(2.5), 1e-9, "y edges 5..0 put 2.5 half way");
        assertEquals(area.getX() + 10.5 * area.getWidth() / 100, r.xToPixel(1.0), 1e-6, "x = 1.0 is pixel 10's centre");
        int col = (int) r.xToPixel(5);
        int row = -1;
        for (int y = (int) area.getY(); y < area.getMaxY(); y++) {
            int rgb = r.image().getRGB(col, y);
            if (((rgb >> 16) & 0xff) > 150 && ((rgb >> 8) & 0xff) < 100) {
                row = y;
                break;
            }
        }
        assertEquals(r.yToPixel(2.5), row, 1.0);
        assertEquals(0x000000, r.image().getRGB(col, (int) (area.getY() + 3)) & 0xFFFFFF, "image pixels are black");
        ImageIO.write(r.image(), "png", TestData.outputDir().resolve("overlay.png").toFile());
    }

    @Test
    void svgOutputIsWellFormedForLinesAndImages() throws Exception {
        Plot lines = new Plot();
        LineTrace t = lines.createLineTrace("data");
        t.setData(NDArray.linspace(0, 1, 50), NDArray.linspace(2, 3, 50)).setErrors(NDArray.linspace(0.1, 0.1, 50));
        lines.addTrace(t);
        lines.setTitle("errors & <escapes>");
        Path dir = TestData.outputDir();
        for (Plot p : new Plot[] {lines, gradientPlot("magma", Scaling.SQRT)}) {
            Path out = dir.resolve(p == lines ? "lines.svg" : "image.svg");
            PlotRenderer.write(p, out, 640, 480);
            byte[] bytes = Files.readAllBytes(out);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // well-formedness only: do not fetch the SVG DTD from the network
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
            assertEquals("svg", doc.getDocumentElement().getNodeName());
            assertEquals(640.0, Double.parseDouble(doc.getDocumentElement().getAttribute("width")));
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertTrue(text.contains(p == lines ? "<path" : "<image"), "drawing elements present");
        }
    }

    @Test
    void millionPointTraceIsDecimatedButKeepsItsExtent() {
        int n = 1_000_000;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.sin(i * 1e-4) + (i == 654_321 ? 5 : 0);
        }
        Plot plot = new Plot();
        LineTrace t = plot.createLineTrace("big");
        t.setData(null, y).setColor(Color.BLUE).setLineWidth(1);
        plot.addTrace(t);
        RenderedPlot r = PlotRenderer.render(plot, 800, 600);
        assertTrue(r.pointsDrawn() < 8 * 800, "points drawn " + r.pointsDrawn());
        // the single spike at i = 654321 reaches y = 5 + sin(65.4321)
        double spike = 5 + Math.sin(65.4321);
        int col = (int) Math.round(r.xToPixel(654_321));
        int top = -1;
        for (int c = col - 1; c <= col + 1 && top < 0; c++) {
            for (int row = (int) r.dataArea().getY(); row < r.dataArea().getMaxY(); row++) {
                int rgb = r.image().getRGB(c, row);
                if ((rgb & 0xff) > 150 && ((rgb >> 16) & 0xff) < 120) {
                    top = row;
                    break;
                }
            }
        }
        assertEquals(r.yToPixel(spike), top, 2.0, "the spike's top is drawn");
    }
}
