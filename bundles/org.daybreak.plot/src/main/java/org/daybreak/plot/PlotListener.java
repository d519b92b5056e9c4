package org.daybreak.plot;

/**
 * Hears changes of a {@link Plot}. Called synchronously on the thread that made the change (a view in a UI
 * toolkit must hand the redraw over to its display thread). A listener must not throw.
 */
@FunctionalInterface
public interface PlotListener {
    void plotChanged(PlotEvent event);
}
