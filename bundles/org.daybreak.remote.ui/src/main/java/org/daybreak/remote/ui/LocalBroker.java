package org.daybreak.remote.ui;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.daybreak.core.json.Json;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.broker.DaybreakBroker;

/**
 * The workbench's own broker: a {@link DaybreakBroker} bound to 127.0.0.1 on a free port with its data in
 * {@link BrokerConnection#localBrokerDir()} ({@code ~/.daybreak/broker}), which writes {@code broker.json} so that
 * {@code daybreak worker} and {@code daybreak jobs} on this machine find it as {@code local}. Started in the
 * background after the first window is up (about 1.5 s), stopped when the workbench shuts down (or the JVM ends,
 * e.g. on SIGTERM). Widget-free, but it stays here: it is the workbench's lifecycle of the headless
 * {@link DaybreakBroker} (preferences, start after the first window); the broker itself is in org.daybreak.remote.
 *
 * <p>When another process (a second workbench, or {@code daybreak broker --data ~/.daybreak/broker}) already
 * serves that directory, this one does not start and the workbench uses that broker. A broker that cannot start
 * (port or journal lock taken, directory not writable) leaves the workbench running; {@link #describe()} says why
 * in one sentence and the log holds the details.
 *
 * <p>Thread rules: {@link #start()} and {@link #stop()} block (seconds) and must not run on the UI thread;
 * {@link #startInBackground()} and the getters may be called on any thread. Listeners are called on the thread
 * that changed the state.
 */
public final class LocalBroker {
    /** What the workbench's broker is doing. */
    public enum State {
        /** Not started: the preference says no, or the workbench has not got there yet. */
        OFF,
        STARTING,
        RUNNING,
        /** Another process on this machine runs the local broker; the workbench uses it. */
        ELSEWHERE,
        FAILED,
        STOPPED
    }

    private static final LocalBroker INSTANCE = new LocalBroker(BrokerConnection.localBrokerDir());

    private final Path dir;
    private final List<Consumer<LocalBroker>> listeners = new CopyOnWriteArrayList<>();
    private volatile State state = State.OFF;
    private volatile String detail = "";
    /** Held while starting or stopping. */
    private final Object lifecycle = new Object();
    private volatile DaybreakBroker broker;
    /** Stops the broker when the JVM ends without the workbench's shut-down (SIGTERM). */
    private final Thread shutdownHook = new Thread(this::stop, "daybreak-broker-shutdown");

    LocalBroker(Path dir) {
        this.dir = dir;
    }

    /** The workbench's broker. */
    public static LocalBroker get() {
        return INSTANCE;
    }

    public Path directory() {
        return dir;
    }

    public State state() {
        return state;
    }

    /** The broker's URL while RUNNING or ELSEWHERE, else null. */
    public String url() {
        DaybreakBroker b = broker;
        if (b != null) {
            return b.url();
        }
        return state == State.ELSEWHERE ? detail : null;
    }

    /** One sentence for the Jobs view's status line and the preference page. */
    public String describe() {
        return switch (state) {
            case OFF -> "The workbench's own broker is off (Window > Preferences > Daybreak > Remote workers).";
            case STARTING -> "The workbench's broker is starting.";
            case RUNNING -> "The workbench's broker runs at " + detail + " (data in " + dir + ").";
            case ELSEWHERE -> "Another process on this machine runs the local broker at " + detail
                    + "; this workbench uses it.";
            case FAILED -> "The workbench's broker could not start: " + detail + ".";
            case STOPPED -> "The workbench's broker has stopped.";
        };
    }

    public void addListener(Consumer<LocalBroker> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<LocalBroker> l) {
        listeners.remove(l);
    }

    private void set(State s, String d) {
        state = s;
        detail = d == null ? "" : d;
        for (Consumer<LocalBroker> l : listeners) {
            try {
                l.accept(this);
            } catch (RuntimeException e) {
                RemoteUI.log("A listener of the workbench's broker failed", e);
            }
        }
    }

    /** Starts the broker on a new daemon thread; returns at once. Does nothing while it starts or runs. */
    public void startInBackground() {
        if (state == State.STARTING || state == State.RUNNING) {
            return;
        }
        Thread t = new Thread(this::start, "daybreak-broker-start");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Starts the broker unless another live process serves the directory; blocks until it accepts connections or
     * has failed (the failure is logged and shown by {@link #describe()}, never thrown).
     */
    public void start() {
        synchronized (lifecycle) {
            if (broker != null) {
                return;
            }
            set(State.STARTING, null);
            String other = otherBroker(dir);
            if (other != null) {
                set(State.ELSEWHERE, other);
                RemoteUI.info(describe());
                return;
            }
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                        : e.getClass().getSimpleName();
                set(State.FAILED, "cannot create its folder " + dir + " (" + why + ")");
                RemoteUI.log(describe(), e);
                return;
            }
            long t0 = System.nanoTime();
            try {
                broker = DaybreakBroker.start(DaybreakBroker.Settings.local(dir), true);
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                set(State.FAILED, why.endsWith(".") ? why.substring(0, why.length() - 1) : why);
                RemoteUI.log(describe(), e);
                return;
            }
            try {
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // already registered, or the JVM is shutting down
            }
            set(State.RUNNING, broker.url());
            RemoteUI.info(describe() + String.format(java.util.Locale.ROOT, " Started in %.1f s.",
                    (System.nanoTime() - t0) / 1e9));
        }
    }

    /** Stops the broker (its queued jobs stay in its journal for the next start); blocks for up to seconds. */
    public void stop() {
        DaybreakBroker b;
        synchronized (lifecycle) {
            b = broker;
            broker = null;
            if (b == null) {
                if (state == State.ELSEWHERE) {
                    set(State.OFF, null);
                }
                return;
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook
        }
        try {
            b.close();
        } catch (RuntimeException e) {
            RemoteUI.log("Stopping the workbench's broker failed", e);
        }
        set(State.STOPPED, null);
    }

    /** Records that the preference turned the broker off (after {@link #stop()}). */
    public void markOff() {
        if (broker == null) {
            set(State.OFF, null);
        }
    }

    /**
     * The URL of a broker that another live process runs for {@code dir} (its {@code broker.json} names a process
     * that is not this one, and something answers at its port), or null.
     */
    static String otherBroker(Path dir) {
        Path info = dir.resolve("broker.json");
        if (!Files.isRegularFile(info)) {
            return null;
        }
        try {
            Map<String, Object> m = Json.parseObject(Files.readString(info));
            if (!(m.get("url") instanceof String url) || !(m.get("pid") instanceof Number pid)) {
                return null;
            }
            if (pid.longValue() == ProcessHandle.current().pid()
                    || !ProcessHandle.of(pid.longValue()).map(ProcessHandle::isAlive).orElse(false)) {
                return null;
            }
            URI u = new URI(url);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 1000);
            }
            return url;
        } catch (Exception e) {
            return null; // unreadable, stale, or nothing listens: this workbench starts its own
        }
    }
}
