package org.daybreak.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.daybreak.ui.prefs.PreferenceDefaults;
import org.eclipse.jface.preference.IPreferenceStore;

/**
 * The files open in the workbench and the recent-files list (kept in the preferences, so it survives
 * restarts). Thread rule: call from the UI thread; listeners are called on the UI thread.
 */
public final class OpenFiles {
    private static final OpenFiles INSTANCE = new OpenFiles();
    private final List<Path> open = new ArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public interface Listener {
        void opened(Path file);

        default void closed(Path file) {
        }
    }

    public static OpenFiles get() {
        return INSTANCE;
    }

    public List<Path> open() {
        return List.copyOf(open);
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /**
     * Opens a file: checks that it exists and can be read, remembers it in the recent files and tells the
     * views. A file that cannot be opened is reported ({@link #report}); the workbench goes on.
     *
     * @return true when the file is now open
     */
    public boolean open(Path file) {
        Path p = file.toAbsolutePath().normalize();
        String problem = null;
        if (!Files.exists(p)) {
            problem = p + ": no such file";
        } else if (Files.isDirectory(p)) {
            problem = p + " is a folder, not a file";
        } else if (!Files.isReadable(p)) {
            problem = p + ": permission denied";
        }
        if (problem != null) {
            report("Cannot open file", problem);
            removeRecent(p);
            return false;
        }
        addRecent(p);
        if (!open.contains(p)) {
            open.add(p);
        }
        for (Listener l : listeners) {
            try {
                l.opened(p);
            } catch (RuntimeException e) {
                DaybreakUI.log("A view failed to show " + p, e);
                report("Cannot open file", p + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return true;
    }

    /**
     * Opens several files at once (File &gt; Open with several selected, files given on the command line): each as
     * {@link #open(Path)}; files that cannot be opened are each reported once, in the one problems window, and do
     * not stop the others.
     *
     * @return the files that are now open
     */
    public List<Path> openAll(List<Path> files) {
        List<Path> opened = new ArrayList<>();
        for (Path f : files) {
            if (open(f)) {
                opened.add(f.toAbsolutePath().normalize());
            }
        }
        return opened;
    }

    /**
     * A view found that the file cannot be opened (after it said why): it is closed and dropped from the recent
     * files, so a batch of damaged files leaves no list full of them.
     */
    public void failed(Path file) {
        Path p = file.toAbsolutePath().normalize();
        close(p);
        removeRecent(p);
    }

    public void close(Path file) {
        if (open.remove(file)) {
            for (Listener l : listeners) {
                l.closed(file);
            }
        }
    }

    /** Recent files, newest first. */
    public List<Path> recent() {
        List<Path> out = new ArrayList<>();
        IPreferenceStore store = store();
        if (store == null) {
            return out;
        }
        for (String s : store.getString(PreferenceDefaults.RECENT_FILES).split("\n")) {
            if (!s.isBlank()) {
                out.add(Path.of(s));
            }
        }
        return out;
    }

    private void addRecent(Path p) {
        List<Path> r = recent();
        r.remove(p);
        r.add(0, p);
        saveRecent(r);
    }

    private void removeRecent(Path p) {
        List<Path> r = recent();
        if (r.remove(p)) {
            saveRecent(r);
        }
    }

    public void clearRecent() {
        saveRecent(List.of());
    }

    private void saveRecent(List<Path> r) {
        IPreferenceStore store = store();
        if (store == null) {
            return;
        }
        int max = Math.max(1, store.getInt(PreferenceDefaults.RECENT_FILES_MAX));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(max, r.size()); i++) {
            b.append(r.get(i)).append('\n');
        }
        store.setValue(PreferenceDefaults.RECENT_FILES, b.toString());
    }

    private static IPreferenceStore store() {
        DaybreakUI ui = DaybreakUI.getDefault();
        return ui == null ? null : ui.getPreferenceStore();
    }

    /**
     * Shows a problem to the user as one line in the workbench's problems window ({@link ProblemsPopup}: modeless,
     * one window for all problems however many arrive) and logs it. Any thread.
     */
    public static void report(String title, String message) {
        DaybreakUI.info(title + ": " + message);
        ProblemsPopup.add(title, message);
    }
}
