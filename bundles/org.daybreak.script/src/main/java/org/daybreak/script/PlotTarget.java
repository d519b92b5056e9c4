package org.daybreak.script;

import java.util.function.Function;

import org.daybreak.plot.Plot;

/**
 * Receives the calls of {@code daybreak.plot}: the scripting layer never touches a plot model directly but
 * hands each change to {@link #apply}, so that the workbench can run it on its UI thread (which owns the plot
 * models, see {@link Plot}). Headless sessions use {@link HeadlessPlotTarget}, an in-memory model that
 * {@code daybreak.plot.save(path)} renders to PNG or SVG.
 */
public interface PlotTarget {

    /**
     * Runs {@code action} on the model's owner thread with the plot that script calls draw into, waits for it
     * and returns its result. Exceptions thrown by the action reach the caller.
     */
    <T> T apply(Function<Plot, T> action);
}
