package org.daybreak.script;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

import org.daybreak.plot.Plot;
import org.daybreak.script.api.Plotting;

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
        Plotting.save(this, file.toString(), width, height);
    }
}
