package org.daybreak.fit.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.daybreak.fit.ui.FittingPanel.Source;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.plot.PlotListener;
import org.daybreak.plot.Trace;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;

/**
 * The Fitting view's "Trace:" list: the current plot's lines (not the panel's own fit and residual curves) and
 * the profile sent by the plot tools. Watches the current plot and lists its lines again when they change
 * (coalesced into one refresh on the UI thread). UI thread only.
 */
final class TraceChooser {
    private final Combo combo;
    private final Supplier<Plot> currentPlot;
    private final List<Source> sources = new ArrayList<>();
    private Plot watchedPlot;
    private final PlotListener plotListener = e -> {
        if (e.trace() == null || !isOurs(e.trace())) {
            asyncRefresh();
        }
    };
    private boolean refreshPending;

    /** The combo goes into {@code parent} (a row with a 6-column grid layout), spanning 4 columns. */
    TraceChooser(Composite parent, Supplier<Plot> currentPlot) {
        this.currentPlot = currentPlot;
        combo = new Combo(parent, SWT.READ_ONLY);
        combo.setLayoutData(new org.eclipse.swt.layout.GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
    }

    /** True for the panel's own fit and residual curves. */
    static boolean isOurs(Trace t) {
        return t.name().equals(FittingPanel.FIT_TRACE) || t.name().equals(FittingPanel.RESIDUAL_TRACE);
    }

    /** Lists the current plot's lines and the profile again, keeping the selection where it can. */
    void refresh() {
        refreshPending = false;
        String selected = combo.getText();
        Plot plot = currentPlot.get();
        watch(plot);
        sources.clear();
        if (plot != null) {
            for (LineTrace t : plot.lineTraces()) {
                if (!isOurs(t) && t.size() > 1) {
                    sources.add(new Source(t.name(), plot, t, false));
                }
            }
        }
        Plot profile = ProfileSource.latest();
        if (profile != null && !profile.lineTraces().isEmpty()) {
            sources.add(new Source(FittingPanel.PROFILE_LABEL, profile, profile.lineTraces().get(0), true));
        }
        combo.removeAll();
        for (Source s : sources) {
            combo.add(s.label());
        }
        int keep = combo.indexOf(selected);
        if (keep >= 0) {
            combo.select(keep);
        } else if (!sources.isEmpty()) {
            combo.select(0);
        }
    }

    /** Selects the profile sent by the plot tools, if it is listed. */
    void selectProfile() {
        int i = combo.indexOf(FittingPanel.PROFILE_LABEL);
        if (i >= 0) {
            combo.select(i);
        }
    }

    /** Stops watching a plot (null) or starts watching another. */
    void watch(Plot plot) {
        if (watchedPlot == plot) {
            return;
        }
        if (watchedPlot != null) {
            watchedPlot.removeListener(plotListener);
        }
        watchedPlot = plot;
        if (plot != null) {
            plot.addListener(plotListener);
        }
    }

    private void asyncRefresh() {
        if (refreshPending) {
            return;
        }
        refreshPending = true;
        combo.getDisplay().asyncExec(() -> {
            if (!combo.isDisposed()) {
                refresh();
            }
        });
    }

    /** The chosen line, or null when none is listed. */
    Source selected() {
        int i = combo.getSelectionIndex();
        return i < 0 || i >= sources.size() ? null : sources.get(i);
    }

    /** See {@link FittingPanel#selectTrace}. */
    void select(String label) {
        int i = combo.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("no trace '" + label + "'; the traces are " + List.of(combo.getItems()));
        }
        combo.select(i);
    }

    List<String> labels() {
        return List.of(combo.getItems());
    }
}
