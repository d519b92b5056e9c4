package org.daybreak.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.client.ClientMessage;

/**
 * Files inside a message body, one after the other, as listed by name and size in the message's header; sent and
 * received as streams (Artemis large messages), so their size is not bounded by memory.
 */
public final class Carried {
    private Carried() {
    }

    /** Lists the files as {@code [{"name", "size"}]} and streams them as the body. */
    public static List<Object> attach(ClientMessage m, List<Path> files) throws IOException {
        List<Object> list = new ArrayList<>();
        List<InputStream> streams = new ArrayList<>();
        for (Path f : files) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", f.getFileName().toString());
            e.put("size", Files.size(f));
            list.add(e);
            streams.add(Files.newInputStream(f));
        }
        if (!streams.isEmpty()) {
            m.setBodyInputStream(new SequenceInputStream(Collections.enumeration(streams)));
        }
        return list;
    }

    /** Writes the body's files into {@code dir} (names as listed, made safe); returns their paths in order. */
    public static List<Path> save(ClientMessage m, List<?> listed, Path dir) throws IOException {
        List<Path> paths = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (Object o : listed) {
            Map<?, ?> e = (Map<?, ?>) o;
            String name = String.valueOf(e.get("name")).replaceAll("[/\\\\]", "_");
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                name = "file" + paths.size();
            }
            Path p = dir.resolve(paths.size() + "-" + name);
            paths.add(p);
            sizes.add(((Number) e.get("size")).longValue());
        }
        if (paths.isEmpty()) {
            return paths;
        }
        try (SplittingStream out = new SplittingStream(paths, sizes)) {
            m.saveToOutputStream(out);
            out.check();
        } catch (ActiveMQException e) {
            throw new IOException("carried files could not be received: " + e.getMessage(), e);
        }
        return paths;
    }

    /** Writes a stream into several files of known sizes, one after the other. */
    private static final class SplittingStream extends OutputStream {
        private final List<Path> paths;
        private final List<Long> sizes;
        private int index = -1;
        private long left;
        private OutputStream current;

        SplittingStream(List<Path> paths, List<Long> sizes) throws IOException {
            this.paths = paths;
            this.sizes = sizes;
            next();
        }

        private void next() throws IOException {
            if (current != null) {
                current.close();
                current = null;
            }
            while (++index < paths.size()) {
                left = sizes.get(index);
                current = Files.newOutputStream(paths.get(index));
                if (left > 0) {
                    return;
                }
                current.close();
                current = null;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (current == null) {
                    throw new IOException("carried data is longer than its header says");
                }
                int n = (int) Math.min(len, left);
                current.write(b, off, n);
                off += n;
                len -= n;
                left -= n;
                if (left == 0) {
                    next();
                }
            }
        }

        void check() throws IOException {
            if (index < paths.size()) {
                throw new IOException("carried data is shorter than its header says");
            }
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
            }
        }
    }
}
