package org.daybreak.fit.ui;

import java.util.function.Consumer;

import org.daybreak.plot.Plot;
import org.daybreak.plot.ui.ProfileHandoff;

/**
 * The profile the Plot view's "Send to fitting" publishes ({@link ProfileHandoff}), seen from the fitting UI.
 * Widget-free, but it stays here: it is the Fitting view's end of the wiring between two views.
 */
final class ProfileSource {
    private ProfileSource() {
    }

    /** The last profile sent, or null. */
    static Plot latest() {
        return ProfileHandoff.latest().orElse(null);
    }

    static void addListener(Consumer<Plot> l) {
        ProfileHandoff.addListener(l);
    }

    static void removeListener(Consumer<Plot> l) {
        ProfileHandoff.removeListener(l);
    }
}
