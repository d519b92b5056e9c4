package org.daybreak.corr.baseband;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.daybreak.core.data.LazyDataset;

/**
 * A recording seen as a tree of attributes and lazy datasets, the way the Data Browser and the Plot view show files:
 * the summary ({@code corr info}'s fields) and the first frame's header values are the attributes of {@code /};
 * {@code /voltages} is {@code [sample][stream][pol][re, im]} float32 and {@code /stream_N} is stream N's
 * {@code [sample][pol][re, im]} (views of {@code /voltages}; listed for up to {@value #MAX_STREAM_DATASETS} streams).
 * Nothing is decoded until a dataset is read, and then only the frames the selection touches.
 */
public final class BasebandRecording implements AutoCloseable {
    public static final int MAX_STREAM_DATASETS = 64;

    private final BasebandReader reader;
    private final Map<String, LazyDataset> datasets = new LinkedHashMap<>();

    private BasebandRecording(BasebandReader reader) {
        this.reader = reader;
        BasebandDataset voltages = new BasebandDataset(reader, "/voltages");
        datasets.put("voltages", voltages);
        int streams = reader.info().streams();
        if (streams > 1 && streams <= MAX_STREAM_DATASETS) {
            for (int s = 0; s < streams; s++) {
                datasets.put("stream_" + s, voltages.sliceView(":," + s));
            }
        }
    }

    /** True when the file's first bytes are those of a baseband format (never by its name). */
    public static boolean isRecording(Path file) {
        return Baseband.isBaseband(file);
    }

    /** Opens a recording with what its headers say (no sample rate or reference date given). */
    public static BasebandRecording open(Path file) throws IOException {
        return new BasebandRecording(Baseband.open(file, Baseband.Options.NONE));
    }

    public BasebandReader reader() {
        return reader;
    }

    public BasebandInfo info() {
        return reader.info();
    }

    /** The attributes of {@code /}: the summary, then the header values under their own names. */
    public Map<String, Object> attributes() {
        Map<String, Object> m = new LinkedHashMap<>(reader.info().toMap());
        Object header = m.remove("header");
        Object warnings = m.remove("warnings");
        if (warnings instanceof java.util.List<?> w && !w.isEmpty()) {
            m.put("warnings", String.join("; ", w.stream().map(String::valueOf).toList()));
        }
        if (header instanceof Map<?, ?> h) {
            h.forEach((k, v) -> m.putIfAbsent(String.valueOf(k), v));
        }
        return m;
    }

    /** The datasets by name (without the leading slash), in listing order. */
    public Map<String, LazyDataset> datasets() {
        return datasets;
    }

    /** A dataset by its path ({@code /voltages}, {@code /stream_3}); null when there is none. */
    public LazyDataset dataset(String path) {
        return datasets.get(path.startsWith("/") ? path.substring(1) : path);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
