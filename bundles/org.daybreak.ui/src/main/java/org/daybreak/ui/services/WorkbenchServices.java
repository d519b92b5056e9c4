package org.daybreak.ui.services;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the area UI bundles offer each other without depending on each other: the Data Browser's selection
 * and the plot area. A bundle that provides one registers it when its view is created (and clears it when the
 * view is disposed); callers ask at the time of use and get a clear answer when nothing provides it.
 * Thread rule: call from the UI thread unless a method says otherwise.
 */
public final class WorkbenchServices {
    private static final AtomicReference<DataPlotter> PLOTTER = new AtomicReference<>();
    private static final AtomicReference<DataSelection> SELECTION = new AtomicReference<>();

    private WorkbenchServices() {
    }

    /** A dataset in a file: {@code datasetPath} null means "the file's NeXus default plot". */
    public record DatasetRef(Path file, String datasetPath) {
    }

    /** The plot area: shows datasets and exposes its plot model to scripts and tools. */
    public interface DataPlotter {
        /**
         * Plots a dataset (1-D as a line with its NeXus axis, 2-D as an image, N-D through the slicer) or, when
         * {@code ref.datasetPath()} is null, the file's NeXus default. Problems are shown to the user.
         */
        void plot(DatasetRef ref);

        /** The plot model shown now (org.daybreak.plot.Plot); changes to it are drawn. */
        Object currentPlot();
    }

    /** The Data Browser's current selection. */
    public interface DataSelection {
        Optional<DatasetRef> selected();
    }

    public static void setPlotter(DataPlotter p) {
        PLOTTER.set(p);
    }

    public static void clearPlotter(DataPlotter p) {
        PLOTTER.compareAndSet(p, null);
    }

    public static Optional<DataPlotter> plotter() {
        return Optional.ofNullable(PLOTTER.get());
    }

    public static void setSelection(DataSelection s) {
        SELECTION.set(s);
    }

    public static void clearSelection(DataSelection s) {
        SELECTION.compareAndSet(s, null);
    }

    public static Optional<DataSelection> selection() {
        return Optional.ofNullable(SELECTION.get());
    }
}
