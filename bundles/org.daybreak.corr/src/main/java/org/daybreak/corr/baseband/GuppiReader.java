package org.daybreak.corr.baseband;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.cli.InputException;

/**
 * GUPPI/PUPPI RAW (the GUPPI RAW header description of the Green Bank and Breakthrough Listen backends): blocks, each
 * a header of 80-character FITS-like cards ({@code KEY     = value}) closed by an {@code END} card (padded to a
 * multiple of 512 bytes when {@code DIRECTIO} is 1) and then {@code BLOCSIZE} bytes of data. Data are complex,
 * {@code NBITS} (8) two's complement, ordered [channel][time][pol][re, im] within a block; {@code NPOL} counts the
 * values per time sample (4: two polarisations, complex; 2: one). Sample rate 1 / {@code TBIN}; {@code OVERLAP}
 * samples at the end of each block repeat at the start of the next and are skipped. Time of a block: STT_IMJD (MJD)
 * + STT_SMJD (s) + STT_OFFS (s) + PKTIDX x (samples per packet, from PKTSIZE bytes) x TBIN.
 *
 * <p>Every block must have the first block's shape; a block whose header is unreadable or of another shape is
 * skipped and counted, and the file is read up to its last whole block with a warning.
 */
public final class GuppiReader extends BasebandReader {
    private final BasebandInfo info;
    private final int nchan;
    private final int npol;
    private final int spb;
    private final int overlap;
    private final List<Long> dataOffsets = new ArrayList<>();

    private GuppiReader(Path path, FileChannel ch, double givenRate) throws IOException {
        super(path, ch);
        Block b0 = header(0);
        if (b0 == null) {
            throw new InputException(path + ": not a baseband file (not VDIF, Mark 5B, DADA or GUPPI)");
        }
        Map<String, String> k = b0.keys;
        long blocsize = integer(k, "BLOCSIZE");
        nchan = (int) integer(k, "OBSNCHAN");
        int values = (int) integer(k, "NPOL");
        int nbits = (int) integer(k, "NBITS");
        overlap = k.containsKey("OVERLAP") ? (int) integer(k, "OVERLAP") : 0;
        if (nbits != 8) {
            throw new InputException(path + ": GUPPI data of NBITS " + nbits + " are not supported (8)");
        }
        if (values != 2 && values != 4 || nchan < 1) {
            throw new InputException(path + ": GUPPI NPOL " + values + " / OBSNCHAN " + nchan + " do not describe"
                    + " complex voltages (NPOL 2 or 4)");
        }
        npol = values / 2;
        long bytesPerSample = (long) nchan * values * nbits / 8;
        if (blocsize <= 0 || blocsize % bytesPerSample != 0) {
            throw new InputException(path + ": GUPPI BLOCSIZE " + blocsize + " is not a whole number of samples of "
                    + nchan + " channels x " + values + " values");
        }
        spb = (int) (blocsize / bytesPerSample);
        if (overlap < 0 || overlap >= spb) {
            throw new InputException(path + ": GUPPI OVERLAP " + overlap + " is not below the " + spb
                    + " samples of a block");
        }
        List<String> warnings = new ArrayList<>();
        long pos = 0;
        long invalid = 0, frames = 0;
        Block b = b0;
        while (true) {
            if (b == null) {
                warnings.add("unreadable block header at byte " + pos + "; read up to there");
                break;
            }
            if (b.dataOffset + blocsize > size) {
                if (frames == 0) {
                    throw new InputException(path + ": the GUPPI header says BLOCSIZE " + blocsize + " but only "
                            + (size - b.dataOffset) + " bytes follow it (no whole block)");
                }
                warnings.add("the file ends inside block " + frames + " (" + (size - b.dataOffset) + " of "
                        + blocsize + " bytes); read up to the last whole block");
                break;
            }
            frames++;
            boolean same = String.valueOf(blocsize).equals(b.keys.get("BLOCSIZE").trim())
                    && b.keys.get("OBSNCHAN").trim().equals(k.get("OBSNCHAN").trim());
            if (same) {
                dataOffsets.add(b.dataOffset);
            } else {
                invalid++;
                dataOffsets.add(-1L);
            }
            pos = b.dataOffset + blocsize;
            if (pos >= size) {
                break;
            }
            b = header(pos);
        }
        double rate = givenRate > 0 ? givenRate : 1.0 / number(k, "TBIN");
        Instant start = null;
        if (k.containsKey("STT_IMJD")) {
            long mjd = integer(k, "STT_IMJD");
            double sec = k.containsKey("STT_SMJD") ? number(k, "STT_SMJD") : 0;
            double offs = k.containsKey("STT_OFFS") ? number(k, "STT_OFFS") : 0;
            double pkt = 0;
            if (k.containsKey("PKTIDX") && k.containsKey("PKTSIZE")) {
                pkt = integer(k, "PKTIDX") * (integer(k, "PKTSIZE") / (double) bytesPerSample) / rate;
            }
            start = Instant.ofEpochSecond((mjd - 40587) * 86400).plusNanos(Math.round((sec + offs + pkt) * 1e9));
        }
        Map<String, Object> header = new LinkedHashMap<>(k);
        header.put("levels", "two's complement integers as they are");
        int useful = spb - overlap;
        info = new BasebandInfo("guppi", nchan, npol, nbits, true, rate, start, (long) useful * dataOffsets.size(),
                useful, frames, invalid, List.of(), nchan, header, warnings);
    }

    public static GuppiReader open(Path path, FileChannel ch, double sampleRate) throws IOException {
        return new GuppiReader(path, ch, sampleRate);
    }

    private record Block(Map<String, String> keys, long dataOffset) {
    }

    /** The header at {@code pos}, null when there are no cards closed by END there. */
    private Block header(long pos) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        long p = pos;
        int cards = 0;
        while (p + 80 <= size && cards < 10000) {
            String card = new String(readBytes(p, 80).array(), 0, 80, StandardCharsets.ISO_8859_1);
            p += 80;
            cards++;
            if (card.startsWith("END ") || card.trim().equals("END")) {
                if ("1".equals(keys.getOrDefault("DIRECTIO", "0").replace("'", "").trim())) {
                    p = (p + 511) / 512 * 512;
                }
                return keys.containsKey("BLOCSIZE") ? new Block(keys, p) : null;
            }
            if (card.length() < 10 || card.charAt(8) != '=' || !card.substring(0, 8).trim().matches("[A-Z0-9_\\-]+")) {
                return null;
            }
            String v = card.substring(9).trim();
            if (v.startsWith("'")) {
                int end = v.indexOf('\'', 1);
                v = end > 0 ? v.substring(1, end).trim() : v.substring(1).trim();
            } else {
                int slash = v.indexOf('/');
                if (slash >= 0) {
                    v = v.substring(0, slash).trim();
                }
            }
            keys.put(card.substring(0, 8).trim(), v);
        }
        return null;
    }

    private long integer(Map<String, String> k, String key) {
        String v = k.get(key);
        if (v == null) {
            throw new InputException(path + ": the GUPPI header has no " + key);
        }
        try {
            return Math.round(Double.parseDouble(v.trim()));
        } catch (NumberFormatException e) {
            throw new InputException(path + ": the GUPPI header's " + key + " '" + v + "' is not a number");
        }
    }

    private double number(Map<String, String> k, String key) {
        String v = k.get(key);
        if (v == null) {
            throw new InputException(path + ": the GUPPI header has no " + key);
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new InputException(path + ": the GUPPI header's " + key + " '" + v + "' is not a number");
        }
    }

    @Override
    public BasebandInfo info() {
        return info;
    }

    @Override
    protected int blockSamples() {
        return spb - overlap;
    }

    @Override
    protected void decode(long block, int from, int n, float[] out, int offset, boolean codes) throws IOException {
        int stride = info.sampleStride();
        long data = dataOffsets.get((int) block);
        if (data < 0) {
            zeroStream(out, offset, n, stride, 0, stride);
            return;
        }
        int perSample = npol * 2;
        for (int c = 0; c < nchan; c++) {
            long at = data + ((long) c * spb + from) * perSample;
            ByteBuffer b = readBytes(at, n * perSample);
            byte[] a = b.array();
            for (int s = 0; s < n; s++) {
                int o = offset + s * stride + c * perSample;
                for (int v = 0; v < perSample; v++) {
                    out[o + v] = a[s * perSample + v];
                }
            }
        }
    }
}
