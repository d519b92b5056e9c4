package org.daybreak.script.api;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.daybreak.core.data.NDArray;
import org.daybreak.plot.Axis;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.color.Scaling;
import org.daybreak.plot.render.PlotRenderer;
import org.daybreak.script.PlotTarget;

/**
 * The plotting calls of {@code daybreak.plot}, applied to a {@link PlotTarget} (the workbench's plot view or a
 * session's in-memory plot). Options come as a name → value map from Python keyword arguments; an unknown
 * name is an error that lists the known ones.
 */
public final class Plotting {
    private static final Set<String> LINE_OPTIONS = Set.of("name", "color", "width", "marker", "errors", "hold",
            "title", "xlabel", "ylabel", "logx", "logy", "line");
    private static final Set<String> IMAGE_OPTIONS = Set.of("name", "colormap", "scaling", "vmin", "vmax",
            "autocontrast", "x", "y", "title", "xlabel", "ylabel");
    private static final Map<String, Color> COLORS = new LinkedHashMap<>();

    static {
        // matplotlib's "tab10" cycle under its names C0..C9, and plain colour words
        int[] tab10 = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
        for (int i = 0; i < tab10.length; i++) {
            COLORS.put("c" + i, new Color(tab10[i]));
        }
        COLORS.put("blue", new Color(0x1f77b4));
        COLORS.put("orange", new Color(0xff7f0e));
        COLORS.put("green", new Color(0x2ca02c));
        COLORS.put("red", new Color(0xd62728));
        COLORS.put("purple", new Color(0x9467bd));
        COLORS.put("brown", new Color(0x8c564b));
        COLORS.put("pink", new Color(0xe377c2));
        COLORS.put("gray", new Color(0x7f7f7f));
        COLORS.put("grey", new Color(0x7f7f7f));
        COLORS.put("olive", new Color(0xbcbd22));
        COLORS.put("cyan", new Color(0x17becf));
        COLORS.put("black", Color.BLACK);
        COLORS.put("k", Color.BLACK);
        COLORS.put("white", Color.WHITE);
    }

    private Plotting() {
    }

    /**
     * Adds a line of {@code y} over {@code x} (null: over the indices). Options: name, color ("red", "C1",
     * "#1f77b4"), width (pixels), marker (none, circle, square, cross, diamond), line (False: markers only),
     * errors (array of ±errors), hold (False: clear the plot first; a line always replaces an image), title, xlabel, ylabel, logx, logy.
     */
    public static void line(PlotTarget target, NDArray x, NDArray y, Map<String, Object> options) {
        check(options, LINE_OPTIONS, "line");
        if (y.rank() != 1) {
            throw new IllegalArgumentException("a line needs 1-D y values, not an array of shape "
                    + java.util.Arrays.toString(y.shape()));
        }
        if (x != null && (x.rank() != 1 || x.size() != y.size())) {
            throw new IllegalArgumentException("x has shape " + java.util.Arrays.toString(x.shape())
                    + " but y has " + y.size() + " values; they must match");
        }
        target.apply(plot -> {
            if (Boolean.FALSE.equals(options.get("hold")) || plot.imageTrace() != null) {
                plot.clearTraces();
                plot.setTitle(""); // the title of what was shown before does not describe the new plot
            }
            String name = text(options.get("name"), "line " + (plot.lineTraces().size() + 1));
            LineTrace t = plot.createLineTrace(name);
            if (x == null) {
                t.setData(y);
            } else {
                t.setData(x, y);
            }
            if (options.get("errors") instanceof NDArray e) {
                t.setErrors(e);
            }
            if (options.get("color") != null) {
                t.setColor(color(options.get("color")));
            }
            if (options.get("width") instanceof Number w) {
                t.setLineWidth(w.floatValue());
            }
            if (options.get("marker") != null) {
                t.setMarker(marker(options.get("marker")));
            }
            if (Boolean.FALSE.equals(options.get("line"))) {
                t.setLineVisible(false);
                if (t.marker() == LineTrace.Marker.NONE) {
                    t.setMarker(LineTrace.Marker.CIRCLE);
                }
            }
            plot.addTrace(t);
            axes(plot, options);
            if (options.get("logx") instanceof Boolean b) {
                plot.xAxis().setLog(b);
            }
            if (options.get("logy") instanceof Boolean b) {
                plot.yAxis().setLog(b);
            }
            return null;
        });
    }

    /**
     * Shows a 2-D array as an image, replacing what the plot showed. Options: name, colormap (viridis, gray,
     * inferno, magma, turbo; "_r" reverses), scaling (linear, log, sqrt), vmin/vmax (fixed range), autocontrast
     * (low and high percentiles, e.g. [1, 99]), x/y (axis values per column/row), title, xlabel, ylabel.
     */
    public static void image(PlotTarget target, NDArray image, Map<String, Object> options) {
        check(options, IMAGE_OPTIONS, "image");
        if (image.rank() != 2) {
            throw new IllegalArgumentException("an image needs a 2-D array, not one of shape "
                    + java.util.Arrays.toString(image.shape()) + "; index one frame first, e.g. data[0]");
        }
        target.apply(plot -> {
            plot.clearTraces();
            plot.setTitle(""); // the title of what was shown before does not describe the new image
            ImageTrace t = plot.createImageTrace(text(options.get("name"), "image"));
            t.setData(image);
            if (options.get("colormap") != null) {
                t.setColorMap(options.get("colormap").toString());
            }
            if (options.get("scaling") != null) {
                t.setScaling(Scaling.parse(options.get("scaling").toString()));
            }
            Object lo = options.get("vmin");
            Object hi = options.get("vmax");
            if (lo != null || hi != null) {
                double[] auto = t.range();
                t.setRange(lo instanceof Number n ? n.doubleValue() : auto[0],
                        hi instanceof Number n ? n.doubleValue() : auto[1]);
            } else if (options.get("autocontrast") instanceof List<?> p && p.size() == 2) {
                t.autoContrast(((Number) p.get(0)).doubleValue(), ((Number) p.get(1)).doubleValue());
            }
            if (options.get("x") instanceof NDArray xs || options.get("y") instanceof NDArray) {
                t.setAxes(options.get("x") instanceof NDArray xv ? xv : null,
                        options.get("y") instanceof NDArray yv ? yv : null);
            }
            plot.addTrace(t);
            axes(plot, options);
            return null;
        });
    }

    /** Removes every trace and the title. */
    public static void clear(PlotTarget target) {
        target.apply(plot -> {
            plot.clearTraces();
            plot.setTitle("");
            return null;
        });
    }

    /** Sets the title and axis labels given (null leaves one as it is). */
    public static void labels(PlotTarget target, String title, String xlabel, String ylabel) {
        target.apply(plot -> {
            if (title != null) {
                plot.setTitle(title);
            }
            if (xlabel != null) {
                plot.xAxis().setLabel(xlabel);
            }
            if (ylabel != null) {
                plot.yAxis().setLabel(ylabel);
            }
            return null;
        });
    }

    /**
     * Renders the target's plot to a PNG (or SVG, by the extension) of {@code width} x {@code height} pixels.
     *
     * @throws IOException naming the file when it cannot be written
     */
    public static void save(PlotTarget target, String file, int width, int height) throws IOException {
        Path p = Path.of(file);
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw new IllegalArgumentException("plot file " + file + " must end in .png or .svg");
        }
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
            throw new IOException("cannot save the plot to " + file + ": folder " + parent + " does not exist");
        }
        if (width < 16 || height < 16 || width > 20000 || height > 20000) {
            throw new IllegalArgumentException("a plot of " + width + " x " + height
                    + " pixels is not possible; use 16 to 20000 pixels per side");
        }
        IOException[] failure = new IOException[1];
        target.apply(plot -> {
            try {
                PlotRenderer.write(plot, p, width, height);
            } catch (IOException e) {
                failure[0] = e;
            }
            return null;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** A short description of the plot's traces, e.g. for printing: one line per trace. */
    public static String describe(PlotTarget target) {
        return target.apply(plot -> {
            StringBuilder b = new StringBuilder();
            b.append("plot '").append(plot.title()).append("': ").append(plot.traces().size()).append(" trace(s)");
            for (var t : plot.traces()) {
                b.append("\n  ").append(t.name()).append(": ");
                if (t instanceof LineTrace l) {
                    b.append("line of ").append(l.size()).append(" points");
                } else if (t instanceof ImageTrace i) {
                    b.append("image ").append(i.width()).append(" x ").append(i.height());
                }
            }
            return b.toString();
        });
    }

    private static void axes(Plot plot, Map<String, Object> options) {
        if (options.get("title") != null) {
            plot.setTitle(options.get("title").toString());
        }
        label(plot.xAxis(), options.get("xlabel"));
        label(plot.yAxis(), options.get("ylabel"));
    }

    private static void label(Axis axis, Object text) {
        if (text != null) {
            axis.setLabel(text.toString());
        }
    }

    private static void check(Map<String, Object> options, Set<String> known, String what) {
        for (String k : options.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown " + what + " option '" + k + "'; known: "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    private static String text(Object o, String fallback) {
        return o == null ? fallback : o.toString();
    }

    static Color color(Object spec) {
        String s = spec.toString().trim().toLowerCase(Locale.ROOT);
        Color c = COLORS.get(s);
        if (c != null) {
            return c;
        }
        if (s.matches("#[0-9a-f]{6}")) {
            return new Color(Integer.parseInt(s.substring(1), 16));
        }
        throw new IllegalArgumentException("unknown colour '" + spec + "'; use #rrggbb, C0..C9 or one of "
                + String.join(", ", COLORS.keySet()));
    }

    private static LineTrace.Marker marker(Object spec) {
        String s = spec.toString().trim().toUpperCase(Locale.ROOT);
        if (s.equals("O")) {
            return LineTrace.Marker.CIRCLE;
        }
        if (s.equals("S")) {
            return LineTrace.Marker.SQUARE;
        }
        if (s.equals("X") || s.equals("+")) {
            return LineTrace.Marker.CROSS;
        }
        if (s.equals("D")) {
            return LineTrace.Marker.DIAMOND;
        }
        try {
            return LineTrace.Marker.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown marker '" + spec + "'; use none, circle (o), square (s), "
                    + "cross (x) or diamond (D)");
        }
    }
}
