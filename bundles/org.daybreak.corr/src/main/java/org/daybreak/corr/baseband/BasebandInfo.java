package org.daybreak.corr.baseband;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a baseband file holds, read from its headers.
 *
 * <p>A <b>stream</b> is one VDIF thread-and-channel (thread-major: stream = thread index * channels + channel), one
 * Mark 5B channel, or one DADA/GUPPI frequency channel; each stream has {@code pols} polarisations (VDIF and Mark 5B
 * always 1). Decoded samples are laid out {@code [sample][stream][pol][re, im]} (real data: im = 0).
 *
 * @param format        vdif, mark5b, dada or guppi
 * @param sampleRate    samples per second of one stream (complex samples for complex data); NaN when the headers
 *                      do not say and none was given
 * @param start         time of the first sample (UTC), null when the headers cannot fix it (e.g. Mark 5B without a
 *                      reference date)
 * @param samples       samples per stream in the file (whole frames only)
 * @param frames        frames (VDIF: frames of all threads; GUPPI/DADA: blocks) read, invalid ones included
 * @param invalidFrames frames flagged invalid, unreadable or missing: their samples read as zeros
 * @param header        header values worth showing (the first frame's), in the format's own key names
 * @param warnings      what was wrong with the file but could be read around (truncated last frame, ...)
 */
public record BasebandInfo(String format, int streams, int pols, int bits, boolean complex, double sampleRate,
        Instant start, long samples, int samplesPerFrame, long frames, long invalidFrames,
        List<String> threads, int channelsPerThread, Map<String, Object> header, List<String> warnings) {

    /** Duration in seconds (NaN when the sample rate is unknown). */
    public double duration() {
        return samples / sampleRate;
    }

    /** Floats per sample in the decoded layout: streams * pols * 2. */
    public int sampleStride() {
        return streams * pols * 2;
    }

    /** A JSON-ready summary (snake_case keys, as {@code corr info --json} prints). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("streams", streams);
        if (threads != null && !threads.isEmpty()) {
            m.put("threads", threads);
            m.put("channels_per_thread", channelsPerThread);
        }
        m.put("pols", pols);
        m.put("bits", bits);
        m.put("complex", complex);
        m.put("sample_rate", Double.isNaN(sampleRate) ? null : sampleRate);
        m.put("start_time", start == null ? null : start.toString());
        m.put("samples", samples);
        m.put("duration", Double.isNaN(sampleRate) ? null : duration());
        m.put("samples_per_frame", samplesPerFrame);
        m.put("frames", frames);
        m.put("invalid_frames", invalidFrames);
        m.put("warnings", warnings);
        m.put("header", header);
        return m;
    }
}
