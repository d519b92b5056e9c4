package org.daybreak.script;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The lines typed into a console, oldest first, kept in a text file (UTF-8, one entry per line) so that they
 * survive the session. Blank lines and a line equal to the one before it are not recorded; at most
 * {@code capacity} entries are kept (the oldest are dropped). Several sessions may share one file: each
 * appends its own lines.
 *
 * <p>File errors never reach the console user: they are logged and the history goes on in memory.
 * Thread-safe.
 */
public final class History {
    private static final Logger LOG = Logger.getLogger(History.class.getName());

    /** System property naming the history file; default {@code ~/.daybreak/console-history}. */
    public static final String FILE_PROPERTY = "daybreak.console.history";
    public static final int DEFAULT_CAPACITY = 1000;

    private final Path file;
    private final int capacity;
    private final List<String> entries = new ArrayList<>();
    private boolean fileUsable;

    /** A history kept in {@code file} (null: memory only), loading what the file holds already. */
    public History(Path file, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a history needs room for at least one entry");
        }
        this.file = file;
        this.capacity = capacity;
        this.fileUsable = file != null;
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        entries.add(line);
                    }
                }
                if (entries.size() > capacity) {
                    entries.subList(0, entries.size() - capacity).clear();
                    rewrite();
                }
            } catch (IOException | UncheckedIOException e) {
                LOG.log(Level.WARNING, "cannot read the console history " + file, e);
                fileUsable = false;
            }
        }
    }

    /** The default history file: the {@value #FILE_PROPERTY} property, else {@code ~/.daybreak/console-history}. */
    public static Path defaultFile() {
        String p = System.getProperty(FILE_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("user.home"), ".daybreak", "console-history");
    }

    public Path file() {
        return file;
    }

    /** Records one entry (a line break inside it is stored as a space) and appends it to the file. */
    public synchronized void add(String line) {
        if (line == null) {
            return;
        }
        String entry = line.replace('\r', ' ').replace('\n', ' ');
        if (entry.isBlank() || (!entries.isEmpty() && entries.get(entries.size() - 1).equals(entry))) {
            return;
        }
        entries.add(entry);
        boolean trimmed = false;
        if (entries.size() > capacity) {
            entries.remove(0);
            trimmed = true;
        }
        if (!fileUsable) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (trimmed && entries.size() % 64 == 0) {
                rewrite();
            } else {
                Files.writeString(file, entry + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write the console history " + file + "; keeping it in memory", e);
            fileUsable = false;
        }
    }

    private void rewrite() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, entries, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The entries, oldest first (a copy). */
    public synchronized List<String> entries() {
        return List.copyOf(entries);
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Forgets every entry and empties the file. */
    public synchronized void clear() {
        entries.clear();
        if (fileUsable) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot clear the console history " + file, e);
            }
        }
    }
}
