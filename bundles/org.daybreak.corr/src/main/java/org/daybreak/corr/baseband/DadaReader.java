package org.daybreak.corr.baseband;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.daybreak.core.cli.InputException;

/**
 * PSRDADA files (the DADA ASCII header described in PSRDADA's "header" documentation): an ASCII header of
 * {@code HDR_SIZE} bytes (lines {@code KEY value  # comment}, padded with NULs) and then the data. Keys used:
 * {@code NBIT} (8 or 16, two's complement), {@code NDIM} (1 real, 2 complex), {@code NPOL}, {@code NCHAN},
 * {@code TSAMP} (sample interval, microseconds), {@code HDR_SIZE}, {@code UTC_START} (yyyy-mm-dd-hh:mm:ss[.fs]),
 * {@code OBS_OFFSET} (bytes from the start of the observation to this file's first byte), {@code FILE_SIZE} (bytes
 * of data), {@code ORDER} (absent or TPF: each time sample holds pol 0's channels then pol 1's; TFP: each channel
 * holds its pols; with one channel or one pol every order is the same).
 *
 * <p>Time of the first sample: UTC_START + OBS_OFFSET / (bytes per second), bytes per second = sample rate * NCHAN *
 * NPOL * NDIM * NBIT / 8. The data end at FILE_SIZE bytes or at the end of the file, whichever comes first; a short
 * file gives a warning. A file is one block.
 */
public final class DadaReader extends BasebandReader {
    private final BasebandInfo info;
    private final int headerSize;
    private final int bytesPerValue;
    private final int nchan;
    private final int npol;
    private final int ndim;
    private final boolean channelMajorPols;
    private final long samples;

    private DadaReader(Path path, FileChannel ch, double givenRate) throws IOException {
        super(path, ch);
        int peek = (int) Math.min(size, 65536);
        String text = new String(readBytes(0, peek).array(), 0, peek, StandardCharsets.ISO_8859_1);
        Map<String, String> keys = parse(text);
        if (!keys.containsKey("HDR_SIZE")) {
            throw new InputException(path + ": not a baseband file (not VDIF, Mark 5B, DADA or GUPPI)");
        }
        headerSize = (int) integer(keys, "HDR_SIZE");
        if (headerSize < 64 || headerSize > size) {
            throw new InputException(path + ": the DADA header says HDR_SIZE " + headerSize + " but the file holds "
                    + size + " bytes");
        }
        keys = parse(text.substring(0, Math.min(headerSize, text.length())));
        int nbit = (int) integer(keys, "NBIT");
        ndim = (int) integer(keys, "NDIM");
        npol = (int) integer(keys, "NPOL");
        nchan = (int) integer(keys, "NCHAN");
        if (nbit != 8 && nbit != 16) {
            throw new InputException(path + ": DADA data of NBIT " + nbit + " are not supported (8 or 16)");
        }
        if ((ndim != 1 && ndim != 2) || npol < 1 || npol > 2 || nchan < 1) {
            throw new InputException(path + ": the DADA header's NDIM " + ndim + ", NPOL " + npol + ", NCHAN " + nchan
                    + " do not describe voltages (NDIM 1 or 2, NPOL 1 or 2, NCHAN >= 1)");
        }
        bytesPerValue = nbit / 8;
        String order = keys.getOrDefault("ORDER", "TPF").toUpperCase(Locale.ROOT);
        channelMajorPols = order.equals("TFP");
        if (!order.equals("TFP") && !order.equals("TPF") && nchan > 1 && npol > 1) {
            throw new InputException(path + ": DADA ORDER " + order + " with several channels and pols is not"
                    + " supported (TPF or TFP)");
        }
        long bytesPerSample = (long) nchan * npol * ndim * bytesPerValue;
        List<String> warnings = new ArrayList<>();
        long available = size - headerSize;
        long data = available;
        if (keys.containsKey("FILE_SIZE")) {
            long fileSize = integer(keys, "FILE_SIZE");
            if (fileSize < available) {
                data = fileSize;
            } else if (fileSize > available) {
                warnings.add("FILE_SIZE says " + fileSize + " bytes of data but the file holds " + available
                        + "; read what is there");
            }
        }
        samples = data / bytesPerSample;
        if (data % bytesPerSample != 0) {
            warnings.add("the data end with " + (data % bytesPerSample) + " bytes of a cut sample");
        }
        if (samples == 0) {
            throw new InputException(path + ": the DADA file holds no whole sample after its " + headerSize
                    + "-byte header");
        }
        double rate = givenRate;
        if (!(rate > 0)) {
            double tsamp = keys.containsKey("TSAMP") ? number(keys, "TSAMP") : Double.NaN;
            rate = tsamp > 0 ? 1e6 / tsamp : Double.NaN;
        }
        Instant start = null;
        String utc = keys.get("UTC_START");
        if (utc != null && !utc.equalsIgnoreCase("unset")) {
            try {
                String iso = utc.length() > 10 && utc.charAt(10) == '-' ? utc.substring(0, 10) + "T" + utc.substring(11)
                        : utc;
                start = LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
                long offset = keys.containsKey("OBS_OFFSET") ? integer(keys, "OBS_OFFSET") : 0;
                if (offset != 0 && rate > 0) {
                    double seconds = offset / (rate * bytesPerSample);
                    start = start.plusNanos(Math.round(seconds * 1e9));
                }
            } catch (DateTimeParseException e) {
                warnings.add("UTC_START '" + utc + "' is not yyyy-mm-dd-hh:mm:ss");
            }
        }
        Map<String, Object> header = new LinkedHashMap<>(keys);
        header.put("levels", "two's complement integers as they are");
        info = new BasebandInfo("dada", nchan, npol, nbit, ndim == 2, rate, start, samples, (int) Math.min(samples,
                Integer.MAX_VALUE), 1, 0, List.of(), nchan, header, warnings);
    }

    public static DadaReader open(Path path, FileChannel ch, double sampleRate) throws IOException {
        return new DadaReader(path, ch, sampleRate);
    }

    /** KEY value lines (comments after '#' dropped), up to the first NUL. */
    static Map<String, String> parse(String text) {
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            text = text.substring(0, nul);
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String l = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (l.isEmpty()) {
                continue;
            }
            String[] kv = l.split("\\s+", 2);
            if (kv[0].matches("[A-Z][A-Z0-9_]*")) {
                keys.put(kv[0], kv.length > 1 ? kv[1].trim() : "");
            }
        }
        return keys;
    }

    private long integer(Map<String, String> keys, String key) {
        String v = keys.get(key);
        if (v == null) {
            throw new InputException(path + ": the DADA header has no " + key);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InputException(path + ": the DADA header's " + key + " '" + v + "' is not a whole number");
        }
    }

    private double number(Map<String, String> keys, String key) {
        String v = keys.get(key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InputException(path + ": the DADA header's " + key + " '" + v + "' is not a number");
        }
    }

    @Override
    public BasebandInfo info() {
        return info;
    }

    @Override
    protected int blockSamples() {
        return (int) Math.min(samples, 1 << 20);
    }

    @Override
    protected void decode(long block, int from, int n, float[] out, int offset, boolean codes) throws IOException {
        long first = block * blockSamples() + from;
        int perSample = nchan * npol * ndim;
        ByteBuffer b = readBytes(headerSize + first * perSample * bytesPerValue, n * perSample * bytesPerValue);
        b.order(ByteOrder.LITTLE_ENDIAN);
        int stride = info.sampleStride();
        int e = 0;
        for (int s = 0; s < n; s++) {
            int o = offset + s * stride;
            for (int a = 0; a < (channelMajorPols ? nchan : npol); a++) {
                for (int c = 0; c < (channelMajorPols ? npol : nchan); c++) {
                    int chan = channelMajorPols ? a : c;
                    int pol = channelMajorPols ? c : a;
                    int q = o + (chan * npol + pol) * 2;
                    for (int d = 0; d < ndim; d++) {
                        out[q + d] = bytesPerValue == 1 ? b.get(e) : b.getShort(e);
                        e += bytesPerValue;
                    }
                    if (ndim == 1) {
                        out[q + 1] = 0f;
                    }
                }
            }
        }
    }
}
