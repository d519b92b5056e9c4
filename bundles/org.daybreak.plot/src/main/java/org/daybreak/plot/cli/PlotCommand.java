package org.daybreak.plot.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.daybreak.core.cli.Args;
import org.daybreak.core.cli.Command;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.core.io.Npy;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.color.ColorMap;
import org.daybreak.plot.color.Scaling;
import org.daybreak.plot.render.PlotRenderer;

/**
 * {@code daybreak plot FILE [PATH] [--slice SPEC] [--log] [--colormap NAME] --out OUT.png|OUT.svg}: renders a 1-D
 * dataset as a line plot or a 2-D one (after slicing) as an image with a colour bar, without a display.
 */
public final class PlotCommand implements Command {
    private static final Set<String> VALUED = Set.of("slice", "colormap", "out", "range", "width", "height", "title");
    private static final Set<String> FLAGS = Set.of("log");

    @Override
    public String name() {
        return "plot";
    }

    @Override
    public String summary() {
        return "render a dataset or slice to PNG or SVG without a display";
    }

    @Override
    public String usage() {
        return """
                usage: daybreak plot FILE [PATH] [--slice SPEC] [--log] [--colormap NAME] --out OUT.png|OUT.svg
                  FILE             an HDF5/NeXus file, or a .npy file (then PATH is omitted or '-')
                  PATH             dataset path in the file; omitted: the NeXus default plot's signal
                  --slice SPEC     NumPy-like selection, e.g. '0,:,:' or '10,100:400,::2'; only that slab is read
                  --log            log scale (y axis of a line plot, colour scale of an image)
                  --colormap NAME  gray, viridis (default; a site may set another), inferno, magma, turbo, or any of them with _r
                  --range LO,HI    fixed colour range of an image (default: 0.5 to 99.5 percentiles)
                  --width W, --height H   output size in pixels (default 800 x 600 for lines, fitted for images)
                  --title TEXT     plot title (default: file and path)
                  --out OUT        output file; .png or .svg
                A 1-D result is drawn as a line (x from the NeXus axis when there is one); a 2-D result as an image
                (x along the last axis, row 0 at the top) with a colour bar; more dimensions need --slice.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = new Args("plot", argv, VALUED, FLAGS);
        String fileArg = args.positional(0, "FILE (an HDF5/NeXus or .npy file)");
        args.atMostPositional(2);
        String pathArg = args.positional().size() > 1 ? args.positional().get(1) : null;
        Path outFile = Path.of(args.require("out"));
        String outName = outFile.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!outName.endsWith(".png") && !outName.endsWith(".svg")) {
            throw new UsageException("plot: --out " + outFile + " must end in .png or .svg");
        }
        Path parent = outFile.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new InputException("plot: cannot write " + outFile + ": folder " + parent + " does not exist");
        }
        ColorMap map;
        try {
            // without --colormap: the site's default (site/plugin_customization.ini), else viridis
            map = args.has("colormap") ? ColorMap.get(args.get("colormap")) : ColorMap.siteDefault();
        } catch (IllegalArgumentException e) {
            throw new UsageException("plot: " + e.getMessage());
        }
        SliceSpec slice = null;
        if (args.has("slice")) {
            try {
                slice = SliceSpec.parse(args.get("slice"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("plot: bad --slice '" + args.get("slice") + "': " + e.getMessage());
            }
        }
        double[] range = args.has("range") ? parseRange(args.get("range")) : null;
        boolean log = args.has("log");
        if (range != null && log && !(range[0] > 0)) {
            throw new UsageException("plot: --range with --log needs a positive low end, not " + range[0]);
        }
        int width = args.getInt("width", 0);
        int height = args.getInt("height", 0);
        if ((args.has("width") && width < 64) || (args.has("height") && height < 64)) {
            throw new UsageException("plot: --width and --height must be at least 64 pixels");
        }

        Path file = Path.of(fileArg);
        if (!Files.exists(file)) {
            throw new InputException("plot: " + file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException("plot: " + file + " is not a file");
        }
        Selected data = fileArg.toLowerCase(Locale.ROOT).endsWith(".npy")
                ? readNpy(file, pathArg, slice) : HdfSource.read(file, pathArg, slice);
        NDArray values = data.values();
        if (!values.dtype().isNumeric()) {
            throw new InputException("plot: " + data.title() + " holds " + values.dtype() + " values, not numbers");
        }
        Selected squeezed = data.squeezed();
        values = squeezed.values();
        if (values.size() == 0) {
            throw new InputException("plot: " + data.title() + " selects no elements (shape "
                    + Arrays.toString(data.values().shape()) + ")");
        }
        String title = args.get("title", data.title());
        Plot plot = new Plot().setTitle(title);
        String summary;
        if (values.rank() == 1 || (values.rank() == 0)) {
            NDArray y = values.rank() == 0 ? values.reshape(1) : values;
            LineTrace t = plot.createLineTrace(squeezed.signalName());
            NDArray x = squeezed.axes().isEmpty() ? null : squeezed.axes().get(0).values();
            if (x != null && x.shape(0) == y.shape(0) + 1) {
                x = centres(x);
            }
            t.setData(x, y);
            plot.addTrace(t);
            plot.setLegendVisible(false);
            if (!squeezed.axes().isEmpty() && squeezed.axes().get(0).values() != null) {
                plot.xAxis().setLabel(squeezed.axes().get(0).label()).setUnits(squeezed.axes().get(0).units());
            } else {
                plot.xAxis().setLabel("index");
            }
            plot.yAxis().setLabel(squeezed.signalLabel()).setUnits(squeezed.signalUnits()).setLog(log);
            if (log && !hasPositive(y)) {
                throw new InputException("plot: " + data.title() + " has no positive values to draw on a log axis");
            }
            width = width > 0 ? width : 800;
            height = height > 0 ? height : 600;
            summary = "line of " + y.size() + " points";
        } else if (values.rank() == 2) {
            ImageTrace im = plot.createImageTrace(squeezed.signalName());
            im.setData(values).setColorMap(map).setScaling(log ? Scaling.LOG : Scaling.LINEAR);
            if (range != null) {
                im.setRange(range[0], range[1]);
            }
            List<AxisValues> axes = squeezed.axes();
            NDArray xv = axes.size() == 2 ? axes.get(1).values() : null;
            NDArray yv = axes.size() == 2 ? axes.get(0).values() : null;
            im.setAxes(fits(xv, values.shape(1)) ? xv : null, fits(yv, values.shape(0)) ? yv : null);
            plot.addTrace(im);
            if (axes.size() == 2) {
                plot.xAxis().setLabel(axes.get(1).label()).setUnits(axes.get(1).units());
                plot.yAxis().setLabel(axes.get(0).label()).setUnits(axes.get(0).units());
            }
            if (width <= 0) {
                width = 900;
            }
            if (height <= 0) {
                // leave room for the margins and fit the image's aspect ratio, within sensible bounds
                double contentWidth = Math.max(100, width - 200);
                height = (int) Math.round(contentWidth * values.shape(0) / values.shape(1)) + 100;
                height = Math.max(320, Math.min(1400, height));
            }
            org.daybreak.plot.color.ColorMapper mapper = im.colorMapper();
            double[] r = {mapper.low(), mapper.high()};
            summary = "image " + values.shape(1) + " x " + values.shape(0) + ", " + map.name() + ", "
                    + (log ? "log" : "linear") + " colour range " + fmt(r[0]) + " to " + fmt(r[1]);
        } else {
            throw new UsageException("plot: " + data.title() + " has shape " + Arrays.toString(values.shape())
                    + " (" + values.rank() + "-D); choose a 1-D or 2-D part with --slice, e.g. --slice "
                    + exampleSlice(values.rank()));
        }
        try {
            PlotRenderer.write(plot, outFile, width, height);
        } catch (IOException e) {
            throw new InputException("plot: cannot write " + outFile + ": " + e.getMessage(), e);
        }
        out.println("wrote " + outFile + " (" + summary + ")");
        return 0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static boolean fits(NDArray a, int n) {
        return a != null && a.rank() == 1 && (a.shape(0) == n || a.shape(0) == n + 1);
    }

    private static NDArray centres(NDArray edges) {
        double[] e = edges.toDoubleArray();
        double[] c = new double[e.length - 1];
        for (int i = 0; i < c.length; i++) {
            c[i] = (e[i] + e[i + 1]) / 2;
        }
        return NDArray.of(c);
    }

    private static boolean hasPositive(NDArray a) {
        for (double v : a.toDoubleArray()) {
            if (v > 0 && Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    private static String exampleSlice(int rank) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rank - 2; i++) {
            b.append("0,");
        }
        return b.append(":,:").toString();
    }

    private static double[] parseRange(String text) {
        String[] parts = text.split(",");
        try {
            if (parts.length == 2) {
                double lo = Double.parseDouble(parts[0].trim());
                double hi = Double.parseDouble(parts[1].trim());
                if (Double.isFinite(lo) && Double.isFinite(hi) && lo <= hi) {
                    return new double[] {lo, hi};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("plot: --range needs LO,HI with finite numbers and LO <= HI, not '" + text + "'");
    }

    private static Selected readNpy(Path file, String pathArg, SliceSpec slice) throws IOException {
        if (pathArg != null && !pathArg.equals("-")) {
            throw new UsageException("plot: " + file + " is a .npy file, which has no dataset paths; omit PATH or give '-'");
        }
        NDArray a;
        try {
            a = Npy.read(file);
        } catch (IOException | RuntimeException e) {
            throw new InputException("plot: cannot read " + file + ": " + e.getMessage(), e);
        }
        int[] shape = a.shape();
        NDArray selected;
        List<AxisValues> axes = new ArrayList<>();
        if (slice != null) {
            SliceSpec.Selection sel = resolve(slice, shape, file.toString());
            selected = a.slice(slice);
            for (int d = 0; d < shape.length; d++) {
                if (!sel.dropped()[d]) {
                    axes.add(new AxisValues(null, "", "", sel.count()[d]));
                }
            }
        } else {
            selected = a;
            for (int s : shape) {
                axes.add(new AxisValues(null, "", "", s));
            }
        }
        String name = file.getFileName().toString();
        return new Selected(selected, name + (slice != null ? " [" + slice + "]" : ""), "value", "", "", axes);
    }

    static SliceSpec.Selection resolve(SliceSpec slice, int[] shape, String what) {
        try {
            return slice.resolve(shape);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new UsageException("plot: --slice " + slice + " does not fit " + what + " of shape "
                    + Arrays.toString(shape) + ": " + e.getMessage());
        }
    }

    /** One remaining dimension's axis: values (or null), label, units, and its length in the selection. */
    record AxisValues(NDArray values, String label, String units, int length) {
    }

    /** The data selected for plotting, with what is known to label it. */
    record Selected(NDArray values, String title, String signalName, String signalLabel, String signalUnits,
            List<AxisValues> axes) {

        /** Drops dimensions of length 1 (and their axes), keeping at least one. */
        Selected squeezed() {
            int[] shape = values.shape();
            if (shape.length <= 1) {
                return this;
            }
            List<Integer> keep = new ArrayList<>();
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] != 1) {
                    keep.add(d);
                }
            }
            if (keep.size() == shape.length) {
                return this;
            }
            if (keep.isEmpty()) {
                keep.add(shape.length - 1);
            }
            int[] newShape = keep.stream().mapToInt(d -> shape[d]).toArray();
            List<AxisValues> newAxes = new ArrayList<>();
            if (axes.size() == shape.length) {
                for (int d : keep) {
                    newAxes.add(axes.get(d));
                }
            }
            NDArray v = (values.isContiguous() ? values : values.copy()).reshape(newShape);
            return new Selected(v, title, signalName, signalLabel, signalUnits, newAxes);
        }
    }
}
