package org.daybreak.plot;

/**
 * Something drawn on a {@link Plot}: a {@link LineTrace} or an {@link ImageTrace}. Created by the plot
 * ({@code plot.createLineTrace(name)}), configured, then added with {@link Plot#addTrace}. Changes to a trace
 * that is on a plot are announced to the plot's listeners. Not synchronized: change it from one thread.
 */
public abstract sealed class Trace permits LineTrace, ImageTrace {
    private final Plot plot;
    private final String name;
    private boolean visible = true;

    Trace(Plot plot, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a trace needs a name");
        }
        this.plot = plot;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The plot that created this trace. */
    public Plot plot() {
        return plot;
    }

    public boolean isVisible() {
        return visible;
    }

    public void setVisible(boolean visible) {
        this.visible = visible;
        changed();
    }

    protected final void changed() {
        if (plot.traces().contains(this)) {
            plot.fire(new PlotEvent(plot, PlotEvent.Kind.TRACE_CHANGED, this, null));
        }
    }
}
