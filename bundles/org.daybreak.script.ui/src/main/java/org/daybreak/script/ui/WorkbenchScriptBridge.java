package org.daybreak.script.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import org.daybreak.core.data.LazyDataset;
import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.nexus.NexusData;
import org.daybreak.plot.Plot;
import org.daybreak.script.PlotTarget;
import org.daybreak.script.WorkbenchBridge;
import org.daybreak.ui.services.WorkbenchServices;
import org.daybreak.ui.services.WorkbenchServices.DatasetRef;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;

/**
 * Connects a console's {@code daybreak} module to the workbench: {@code daybreak.selected()} reads the Data
 * Browser's selection ({@link WorkbenchServices#selection()}) and {@code daybreak.plot.*} draws into the Plot
 * view's model ({@link WorkbenchServices#plotter()}, {@code currentPlot()}).
 *
 * <p>Threads: called on a script thread; every access to the workbench services and the plot model hops to the
 * UI thread with {@code Display.syncExec} (the plot model belongs to the UI thread). The script thread waits
 * there; the UI thread never waits for a script, so this cannot deadlock. The HDF5 files opened for selections
 * stay open (one handle per file) until {@link #close()}.
 */
public final class WorkbenchScriptBridge implements WorkbenchBridge, AutoCloseable {
    static final String NO_PLOT_VIEW = "no Plot view is open; open it with Window > Show View > Plot";

    private final Display display;
    private final Runnable revealPlot;
    private final Map<Path, H5File> files = new LinkedHashMap<>();

    /**
     * @param display    the workbench's display
     * @param revealPlot run on the UI thread before each plot call, to open or show the Plot view; may be null
     */
    public WorkbenchScriptBridge(Display display, Runnable revealPlot) {
        this.display = display;
        this.revealPlot = revealPlot;
    }

    @Override
    public LazyDataset selectedDataset() {
        DatasetRef ref = onUi(() -> WorkbenchServices.selection().flatMap(s -> s.selected()).orElse(null));
        if (ref == null) {
            return null;
        }
        try {
            H5File file = file(ref.file());
            String path = ref.datasetPath();
            if (path == null) {
                Optional<NexusData> d = NexusData.findDefault(file);
                if (d.isEmpty()) {
                    throw new IllegalArgumentException("the Data Browser's selection is the file " + ref.file()
                            + ", which names no default NeXus data; select a dataset");
                }
                path = d.get().signalPath();
            }
            return file.dataset(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the Data Browser's selection: " + e.getMessage(), e);
        }
    }

    private synchronized H5File file(Path path) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        H5File f = files.get(key);
        if (f == null) {
            f = H5File.open(key);
            files.put(key, f);
        }
        return f;
    }

    @Override
    public PlotTarget plotTarget() {
        return new PlotTarget() {
            @Override
            public <T> T apply(Function<Plot, T> action) {
                return onUi(() -> {
                    if (revealPlot != null) {
                        revealPlot.run();
                    }
                    Object p = WorkbenchServices.plotter().map(WorkbenchServices.DataPlotter::currentPlot)
                            .orElse(null);
                    if (!(p instanceof Plot plot)) {
                        throw new IllegalStateException(NO_PLOT_VIEW);
                    }
                    return action.apply(plot);
                });
            }
        };
    }

    /** Runs {@code work} on the UI thread and returns its result; its exceptions reach the caller. */
    private <T> T onUi(Supplier<T> work) {
        if (Display.getCurrent() == display) {
            return work.get();
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            display.syncExec(() -> {
                try {
                    result.set(work.get());
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
        } catch (SWTException e) {
            throw new IllegalStateException("the workbench is closing", e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** Closes the files opened for selections. */
    @Override
    public synchronized void close() {
        for (H5File f : files.values()) {
            f.close();
        }
        files.clear();
    }
}
