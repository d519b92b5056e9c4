package org.daybreak.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one plot model of Daybreak, used headless (PNG/SVG, the {@code plot} command, scripts) and by the
 * workbench's plot views: create a trace, set its properties, add it to the plot.
 *
 * <pre>
 * Plot plot = new Plot();
 * LineTrace t = plot.createLineTrace("I(E)");
 * t.setData(x, y).setErrors(e).setColor(Color.RED);
 * plot.addTrace(t);
 * plot.xAxis().setLabel("energy").setUnits("keV");
 * plot.yAxis().setLog(true);
 * PlotRenderer.writePng(plot, Path.of("out.png"), 800, 600);
 * </pre>
 *
 * <p>A plot holds 1-D {@link LineTrace}s, or one {@link ImageTrace} (line traces added with it are drawn over
 * the image in the image's axis units). Axis x runs left to right; axis y runs bottom to top for line plots,
 * and top (row 0) to bottom for images.
 *
 * <p><b>Threads.</b> Not synchronized: change a plot from one thread (in the workbench, the UI thread).
 * Listeners are called on that thread, in the order they were added.
 */
public final class Plot {
    /** matplotlib's "tab10" colour cycle, given to line traces in order of creation. */
    private static final Color[] CYCLE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private final Axis xAxis = new Axis(this, Axis.Direction.X);
    private final Axis yAxis = new Axis(this, Axis.Direction.Y);
    private final List<Trace> traces = new ArrayList<>();
    private final List<PlotListener> listeners = new CopyOnWriteArrayList<>();
    private String title = "";
    private boolean legendVisible = true;
    private int linesCreated;

    /** A new line trace owned by this plot, not yet shown; add it with {@link #addTrace}. */
    public LineTrace createLineTrace(String name) {
        return new LineTrace(this, name, CYCLE[linesCreated++ % CYCLE.length]);
    }

    /** A new image trace owned by this plot, not yet shown; add it with {@link #addTrace}. */
    public ImageTrace createImageTrace(String name) {
        return new ImageTrace(this, name);
    }

    /**
     * Shows a trace created by this plot. A second image trace replaces the first.
     *
     * @throws IllegalArgumentException for a trace of another plot
     */
    public void addTrace(Trace trace) {
        if (trace.plot() != this) {
            throw new IllegalArgumentException("trace '" + trace.name() + "' belongs to another plot");
        }
        if (traces.contains(trace)) {
            return;
        }
        if (trace instanceof ImageTrace) {
            ImageTrace old = imageTrace();
            if (old != null) {
                removeTrace(old);
            }
        }
        traces.add(trace);
        fire(new PlotEvent(this, PlotEvent.Kind.TRACE_ADDED, trace, null));
    }

    public void removeTrace(Trace trace) {
        if (traces.remove(trace)) {
            fire(new PlotEvent(this, PlotEvent.Kind.TRACE_REMOVED, trace, null));
        }
    }

    public void clearTraces() {
        for (Trace t : new ArrayList<>(traces)) {
            removeTrace(t);
        }
    }

    /** The traces shown, in the order added (drawing order). */
    public List<Trace> traces() {
        return Collections.unmodifiableList(traces);
    }

    /** The trace of that name, or {@code null}. */
    public Trace trace(String name) {
        for (Trace t : traces) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    public List<LineTrace> lineTraces() {
        List<LineTrace> out = new ArrayList<>();
        for (Trace t : traces) {
            if (t instanceof LineTrace l) {
                out.add(l);
            }
        }
        return out;
    }

    /** The image trace shown, or {@code null}. */
    public ImageTrace imageTrace() {
        for (Trace t : traces) {
            if (t instanceof ImageTrace i) {
                return i;
            }
        }
        return null;
    }

    public Axis xAxis() {
        return xAxis;
    }

    public Axis yAxis() {
        return yAxis;
    }

    public String title() {
        return title;
    }

    public Plot setTitle(String title) {
        this.title = title == null ? "" : title;
        fire(new PlotEvent(this, PlotEvent.Kind.PLOT_CHANGED, null, null));
        return this;
    }

    public boolean isLegendVisible() {
        return legendVisible;
    }

    public Plot setLegendVisible(boolean visible) {
        this.legendVisible = visible;
        fire(new PlotEvent(this, PlotEvent.Kind.PLOT_CHANGED, null, null));
        return this;
    }

    public void addListener(PlotListener listener) {
        listeners.add(listener);
    }

    public void removeListener(PlotListener listener) {
        listeners.remove(listener);
    }

    void fire(PlotEvent event) {
        for (PlotListener l : listeners) {
            l.plotChanged(event);
        }
    }
}
