package org.daybreak.plot.ui;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.daybreak.plot.Plot;

/**
 * The hook through which the Plot view's "Send to fitting" hands a profile to the fitting UI without either bundle
 * depending on the other: the profile is a new {@link Plot} holding one LineTrace named {@code "profile"} (x: the
 * profile's positions in pixels or axis units, y: the values), published here.
 *
 * <p>The fitting UI reads {@link #latest()} when it opens and subscribes with {@link #addListener} for later
 * profiles (a listener may return the plot it took with {@link #take()} to mark it consumed). Listeners are
 * called on the thread that publishes (the UI thread for the Plot view). The plot is the receiver's to change.
 * Widget-free, but it stays here: it is wiring between two views, not a computation.
 */
public final class ProfileHandoff {
    /** Name of the trace in a published plot. */
    public static final String TRACE_NAME = "profile";

    private static final AtomicReference<Plot> LATEST = new AtomicReference<>();
    private static final List<Consumer<Plot>> LISTENERS = new CopyOnWriteArrayList<>();

    private ProfileHandoff() {
    }

    /** Publishes a profile plot: it becomes {@link #latest()} and every listener hears it. */
    public static void publish(Plot profile) {
        LATEST.set(profile);
        for (Consumer<Plot> l : LISTENERS) {
            l.accept(profile);
        }
    }

    /** The last profile published and not yet taken. */
    public static Optional<Plot> latest() {
        return Optional.ofNullable(LATEST.get());
    }

    /** Returns and clears the last profile. */
    public static Optional<Plot> take() {
        return Optional.ofNullable(LATEST.getAndSet(null));
    }

    public static void addListener(Consumer<Plot> listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Consumer<Plot> listener) {
        LISTENERS.remove(listener);
    }
}
