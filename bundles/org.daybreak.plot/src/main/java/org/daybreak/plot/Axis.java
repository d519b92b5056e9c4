package org.daybreak.plot;

/**
 * One axis of a {@link Plot}: label, units, log or linear, automatic or fixed range. Setters return the axis so
 * that calls chain ({@code plot.xAxis().setLabel("energy").setUnits("keV")}) and tell the plot's listeners.
 * Not synchronized: change it from one thread (the UI thread in the workbench).
 */
public final class Axis {
    /** Which axis: x runs left to right, y bottom to top (for images: top row is row 0). */
    public enum Direction {
        X, Y
    }

    private final Plot plot;
    private final Direction direction;
    private String label = "";
    private String units = "";
    private boolean log;
    private boolean autoRange = true;
    private double lower = 0;
    private double upper = 1;

    Axis(Plot plot, Direction direction) {
        this.plot = plot;
        this.direction = direction;
    }

    public Direction direction() {
        return direction;
    }

    public String label() {
        return label;
    }

    public Axis setLabel(String label) {
        this.label = label == null ? "" : label;
        changed();
        return this;
    }

    public String units() {
        return units;
    }

    public Axis setUnits(String units) {
        this.units = units == null ? "" : units;
        changed();
        return this;
    }

    /** The text drawn beside the axis: {@code "label (units)"}, the label alone, or the units alone in brackets. */
    public String title() {
        if (units.isEmpty()) {
            return label;
        }
        return label.isEmpty() ? "(" + units + ")" : label + " (" + units + ")";
    }

    public boolean isLog() {
        return log;
    }

    /** Base-10 logarithmic axis; values at or below zero are not drawn on it. */
    public Axis setLog(boolean log) {
        this.log = log;
        changed();
        return this;
    }

    public boolean isAutoRange() {
        return autoRange;
    }

    /** Range fitted to the data on each render (the default). */
    public Axis setAutoRange() {
        this.autoRange = true;
        changed();
        return this;
    }

    /**
     * A fixed range in axis units.
     *
     * @throws IllegalArgumentException unless both ends are finite with lower &lt; upper (and positive on a log axis
     *                                  when drawn)
     */
    public Axis setRange(double lower, double upper) {
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower < upper)) {
            throw new IllegalArgumentException(direction + " axis range [" + lower + ", " + upper
                    + "] must be finite with lower < upper");
        }
        this.lower = lower;
        this.upper = upper;
        this.autoRange = false;
        changed();
        return this;
    }

    /** The fixed lower end (meaningful when not {@link #isAutoRange()}). */
    public double lower() {
        return lower;
    }

    public double upper() {
        return upper;
    }

    private void changed() {
        plot.fire(new PlotEvent(plot, PlotEvent.Kind.AXIS_CHANGED, null, this));
    }
}
