package org.daybreak.plot;

/** A change of a {@link Plot}: which kind, and the trace or axis concerned ({@code null} for plot-wide changes). */
public record PlotEvent(Plot plot, Kind kind, Trace trace, Axis axis) {

    public enum Kind {
        TRACE_ADDED, TRACE_REMOVED, TRACE_CHANGED, AXIS_CHANGED, PLOT_CHANGED
    }
}
