package org.daybreak.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.daybreak.plot.Plot;
import org.daybreak.plot.render.PlotRenderer;

/**
 * The plot of a session without a workbench: one in-memory {@link Plot}, changed on the script's thread and
 * rendered to a file on request. Thread rule: used from the session's script thread only.
 */
public final class HeadlessPlotTarget implements PlotTarget {
    private final Plot plot = new Plot();

    @Override
    public <T> T apply(Function<Plot, T> action) {
        return action.apply(plot);
    }

    public Plot plot() {
        return plot;
    }

    /**
     * Renders the plot to {@code file}: PNG, or SVG when the name ends in {@code .svg}; sizes in pixels.
     *
     * @throws IOException naming the file when it cannot be written
     */
    public void save(Path file, int width, int height) throws IOException {
        if (width < 16 || height < 16 || width > 20000 || height > 20000) {
            throw new IllegalArgumentException("a plot of " + width + " x " + height
                    + " pixels is not possible; use 16 to 20000 pixels per side");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("cannot save the plot to " + file + ": folder " + parent + " does not exist");
        }
        PlotRenderer.write(plot, file, width, height);
    }
}
