package org.daybreak.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What the views remember of a file they show, to notice that it changed or vanished on disk: whether it exists,
 * its size, its modification time (nanoseconds) and its identity (the inode where the platform has one, so a file
 * replaced by another under the same name is seen even with the same size and time). Widget-free, but it stays
 * here: it serves the views' watching of open files (Data Browser, Plot view), not any capability.
 */
public record FileStamp(boolean exists, long size, long modifiedNanos, Object fileKey) {
    private static final FileStamp MISSING = new FileStamp(false, -1, -1, null);

    /** The file's stamp now; a file that cannot be read is "missing". Any thread; a stat call, nothing read. */
    public static FileStamp of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(true, a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                    a.fileKey());
        } catch (IOException | RuntimeException e) {
            return MISSING;
        }
    }
}
