package org.daybreak.corr.baseband;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.cli.InputException;

/**
 * VDIF (VLBI Data Interchange Format, specification release 1.1.1, vlbi.org): frames of a 32-byte header (16 bytes
 * for legacy frames) and a payload of 32-bit little-endian words holding samples least significant bits first, time
 * by time, each time sample holding every channel in order, each complex sample I then Q. EDV 0 (no extended data),
 * 1 and 3 (sample rate in word 4: bits 0-22 the rate, bit 23 its unit, 0 kHz or 1 MHz; it is the bandwidth, so real
 * data are sampled at twice it) and any other EDV (words 4-7 ignored). 1, 2, 4 and 8 bits per sample; real or
 * complex; any number of threads (thread ids from the first frame set) and channels (a power of two).
 *
 * <p>Frames are grouped into frame sets (one frame per thread for the same time): a new set starts when the frame
 * number or second changes or a thread repeats. Frames with the invalid-data bit set, frames whose header does not
 * match the first (length, bits, channels, complex flag, version) and threads missing from a set are skipped and
 * counted; their samples read as zeros. After a corrupt header the reader looks for the next header that matches
 * within two frame lengths. A last frame cut short is left out with a warning.
 *
 * <p>Time: reference epoch e (half-years since 2000-01-01: 2000 + e/2, January or July) + seconds (elapsed, leap
 * seconds included) + frame number / frames per second. Sample rate: from the EDV 1/3 field, else from the frame number's wrap at a second boundary,
 * else as given by the caller (NaN otherwise).
 */
public final class VdifReader extends BasebandReader {
    private final BasebandInfo info;
    private final int headerBytes;
    private final int frameBytes;
    private final int bits;
    private final int channels;
    private final boolean complex;
    private final int threads;
    private final int spf;
    private final float[] levels;
    /** Byte -> levels and byte -> codes tables of the fast decoder ({@link #byteTable}). */
    private final float[] levelTable;
    private final float[] codeTable;
    /** The planar decoder of {@link #readPlanar}. */
    private final Unpack unpack;

    @Override
    public String decodeKernel() {
        return reference ? "reference, interleaved and copied" : unpack.kernel();
    }
    /** True: decode with the plain reference decoder and per-frame reads (for tests comparing the two). */
    boolean reference;
    /** Window offsets of the threads' bytes in {@link #decodeThreads2bit} (reused). */
    private int[] threadStarts = new int[0];
    /** [frame set][thread] byte offset of the frame, -1 when invalid or missing. */
    private final long[] offsets;
    private final long sets;

    private VdifReader(Path path, FileChannel ch, double givenRate) throws IOException {
        super(path, ch);
        if (size < 32) {
            throw new InputException(path + ": not a VDIF file (" + size + " bytes, shorter than a header)");
        }
        int[] w0 = words(readBytes(0, 32));
        Header h0 = new Header(w0);
        if (!h0.plausible()) {
            throw new InputException(path + ": not a baseband file (not VDIF, Mark 5B, DADA or GUPPI)");
        }
        headerBytes = h0.legacy ? 16 : 32;
        frameBytes = h0.frameBytes;
        bits = h0.bits;
        channels = h0.channels;
        complex = h0.complex;
        if (bits != 1 && bits != 2 && bits != 4 && bits != 8) {
            throw new InputException(path + ": VDIF frames of " + bits + " bits per sample are not supported (1, 2,"
                    + " 4 or 8); the header may be mislabelled");
        }
        levels = Levels.vdif(bits);
        levelTable = byteTable(bits, levels);
        codeTable = byteTable(bits, codeValues(bits));
        unpack = new Unpack(bits, levels);
        long payloadBits = (long) (frameBytes - headerBytes) * 8;
        long bitsPerSample = (long) bits * channels * (complex ? 2 : 1);
        if (payloadBits % bitsPerSample != 0 || frameBytes <= headerBytes) {
            throw new InputException(path + ": VDIF frame length " + frameBytes + " does not hold whole samples of "
                    + channels + " channels x " + bits + " bits");
        }
        spf = (int) (payloadBits / bitsPerSample);
        List<String> warnings = new ArrayList<>();
        long whole = size / frameBytes;
        if (size % frameBytes != 0) {
            warnings.add("the file ends with " + (size % frameBytes) + " bytes of a cut frame (" + frameBytes
                    + " bytes per frame); read up to the last whole frame");
        }
        // Thread ids: the first frame set.
        List<Integer> ids = new ArrayList<>();
        for (long f = 0; f < whole; f++) {
            Header h = new Header(words(readBytes(f * frameBytes, 32)));
            if (!h0.sameShape(h) || h.frameNr != h0.frameNr || ids.contains(h.thread)) {
                break;
            }
            ids.add(h.thread);
        }
        List<Integer> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        threads = sorted.size();
        int[] slot = new int[1024];
        Arrays.fill(slot, -1);
        for (int i = 0; i < threads; i++) {
            slot[sorted.get(i)] = i;
        }
        // Index all frames.
        long[] idx = new long[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(threads, whole) + threads)];
        Arrays.fill(idx, -1);
        long set = -1;
        boolean[] filled = new boolean[threads];
        long curSec = -1, curNr = -1;
        long invalid = 0, frames = 0, bad = 0;
        long maxNr = -1, framesPerSecond = -1;
        long pos = 0;
        ByteBuffer hb;
        while (pos + frameBytes <= size) {
            hb = readBytes(pos, 32);
            Header h = new Header(words(hb));
            frames++;
            if (!h0.sameShape(h) || slot[h.thread] < 0) {
                invalid++;
                bad++;
                long next = resync(pos, h0);
                pos = next;
                continue;
            }
            // seconds are not compared: some recorders write wrong seconds in some threads (sample_vlbi.vdif)
            if (set < 0 || h.frameNr != curNr || filled[slot[h.thread]]) {
                if (set >= 0 && h.frameNr == 0 && maxNr > 0 && framesPerSecond < 0) {
                    framesPerSecond = maxNr + 1;
                }
                set++;
                Arrays.fill(filled, false);
                curNr = h.frameNr;
                curSec = h.seconds;
                maxNr = Math.max(maxNr, h.frameNr);
                if ((set + 1) * threads > idx.length) {
                    long[] grown = Arrays.copyOf(idx, (int) Math.min(Integer.MAX_VALUE - 8, idx.length * 2L));
                    Arrays.fill(grown, idx.length, grown.length, -1);
                    idx = grown;
                }
            }
            int t = slot[h.thread];
            filled[t] = true;
            if (h.invalid) {
                invalid++;
            } else {
                idx[(int) (set * threads + t)] = pos;
            }
            pos += frameBytes;
        }
        sets = set + 1;
        if (sets <= 0) {
            throw new InputException(path + ": no readable VDIF frame");
        }
        offsets = Arrays.copyOf(idx, (int) (sets * threads));
        long missing = 0;
        for (long o : offsets) {
            if (o < 0) {
                missing++;
            }
        }
        // frames flagged invalid and corrupt ones leave their slot missing
        invalid = missing;
        if (bad > 0) {
            warnings.add(bad + " corrupt frame header" + (bad == 1 ? "" : "s") + " skipped");
        }
        double rate = givenRate > 0 ? givenRate : Double.NaN;
        if (Double.isNaN(rate) && (h0.edv == 1 || h0.edv == 3) && h0.rateField > 0) {
            rate = h0.rateField * (h0.rateMHz ? 1e6 : 1e3) * (complex ? 1 : 2);
        }
        if (Double.isNaN(rate) && framesPerSecond > 0) {
            rate = (double) framesPerSecond * spf;
        }
        Instant start = null;
        ZonedDateTime epoch = ZonedDateTime.of(2000 + h0.epoch / 2, h0.epoch % 2 == 0 ? 1 : 7, 1, 0, 0, 0, 0,
                ZoneOffset.UTC);
        Instant whole0 = utc(epoch.toInstant(), h0.seconds);
        if (h0.frameNr == 0) {
            start = whole0;
        } else if (!Double.isNaN(rate)) {
            start = whole0.plusNanos(Math.round(h0.frameNr * (double) spf / rate * 1e9));
        } else {
            warnings.add("the start time needs the sample rate (frame " + h0.frameNr + " of its second): give it");
        }
        if (Double.isNaN(rate)) {
            warnings.add("the headers do not give the sample rate (EDV " + h0.edv + "); give it to get times and"
                    + " frequencies");
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("edv", h0.edv);
        header.put("vdif_version", h0.version);
        header.put("legacy", h0.legacy);
        header.put("station", h0.station());
        header.put("ref_epoch", h0.epoch);
        header.put("seconds", (int) h0.seconds);
        header.put("frame_nr", (int) h0.frameNr);
        header.put("frame_length", frameBytes);
        header.put("nchan", channels);
        header.put("bits_per_sample", bits);
        header.put("complex_data", complex);
        header.put("thread_id", h0.thread);
        if (h0.edv == 1 || h0.edv == 3) {
            header.put("sampling_rate", h0.rateField);
            header.put("sampling_unit", h0.rateMHz ? "MHz" : "kHz");
        }
        header.put("levels", Levels.describeVdif(bits));
        List<String> threadNames = new ArrayList<>();
        for (int id : sorted) {
            threadNames.add(String.valueOf(id));
        }
        info = new BasebandInfo("vdif", threads * channels, 1, bits, complex, rate, start, sets * spf, spf, frames,
                invalid, threadNames, channels, header, warnings);
    }

    /** Opens a VDIF file; {@code sampleRate} (Hz, 0 for none) overrides the headers'. */
    public static VdifReader open(Path path, FileChannel ch, double sampleRate) throws IOException {
        return new VdifReader(path, ch, sampleRate);
    }

    /** UTC midnights that followed a leap second (23:59:60), from 2000 on (IERS Bulletin C). */
    private static final Instant[] LEAPS = {Instant.parse("2006-01-01T00:00:00Z"),
        Instant.parse("2009-01-01T00:00:00Z"), Instant.parse("2012-07-01T00:00:00Z"),
        Instant.parse("2015-07-01T00:00:00Z"), Instant.parse("2017-01-01T00:00:00Z")};

    /**
     * The UTC time {@code seconds} elapsed (SI seconds, leap seconds included, as VDIF counts them) after
     * {@code epoch}; java.time ignores leap seconds, so each one passed is taken off.
     */
    static Instant utc(Instant epoch, long seconds) {
        Instant t = epoch.plusSeconds(seconds);
        for (int pass = 0; pass < 2; pass++) {
            int leaps = 0;
            for (Instant l : LEAPS) {
                if (l.isAfter(epoch) && !l.isAfter(t)) {
                    leaps++;
                }
            }
            t = epoch.plusSeconds(seconds - leaps);
        }
        return t;
    }

    /** Position of the next frame after a corrupt header at {@code pos}: a matching header within two frames. */
    private long resync(long pos, Header h0) throws IOException {
        for (long q = pos + 8; q <= pos + 2L * frameBytes && q + frameBytes <= size; q += 8) {
            Header h = new Header(words(readBytes(q, 32)));
            if (h0.sameShape(h) && h.station == h0.station) {
                return q;
            }
        }
        return pos + frameBytes;
    }

    @Override
    public BasebandInfo info() {
        return info;
    }

    @Override
    protected int blockSamples() {
        return spf;
    }

    @Override
    protected void decode(long block, int from, int n, float[] out, int offset, boolean codes) throws IOException {
        int stride = info.sampleStride();
        int perSample = channels * (complex ? 2 : 1);
        int width = channels * 2;
        if (!reference && bits == 2 && channels == 1 && !complex && threads > 1 && (from & 3) == 0
                && decodeThreads2bit(block, from, n, out, offset, codes ? codeTable : levelTable)) {
            return;
        }
        for (int t = 0; t < threads; t++) {
            long o = offsets[(int) (block * threads + t)];
            int streamOffset = t * width;
            if (o < 0) {
                zeroStream(out, offset, n, stride, streamOffset, width);
                continue;
            }
            long bit0 = (long) from * perSample * bits;
            long bitEnd = (long) (from + n) * perSample * bits;
            int byte0 = (int) (bit0 >> 3);
            int byteEnd = (int) ((bitEnd + 7) >> 3);
            int shift = (int) (bit0 & 7);
            if (reference) {
                ByteBuffer b = readBytes(o + headerBytes + byte0, byteEnd - byte0);
                decodeGeneric(b.array(), shift, n, channels, complex, bits, codes ? null : levels, out,
                        offset + streamOffset, stride);
            } else {
                int at = bulk(o + headerBytes + byte0, byteEnd - byte0);
                decodeFast(window, at, shift, n, channels, complex, bits, codes ? codeTable : levelTable, out,
                        offset + streamOffset, stride);
            }
        }
    }

    /**
     * Planar: thread t's channel c is input t * channels + c; one-channel threads decode densely ({@link Unpack}).
     * The reference mode decodes interleaved with the reference decoder and copies.
     */
    @Override
    protected void decodePlanar(long block, int from, int n, float[][] out, int first, int offset)
            throws IOException {
        if (reference) {
            super.decodePlanar(block, from, n, out, first, offset);
            return;
        }
        int perSample = channels * (complex ? 2 : 1);
        long bit0 = (long) from * perSample * bits;
        long bitEnd = (long) (from + n) * perSample * bits;
        int byte0 = (int) (bit0 >> 3);
        int bytes = (int) ((bitEnd + 7) >> 3) - byte0;
        int shift = (int) (bit0 & 7);
        for (int t = 0; t < threads; t++) {
            long o = offsets[(int) (block * threads + t)];
            if (o < 0) {
                Unpack.zero(out, first + t * channels, channels, offset, n, complex);
                continue;
            }
            int at = bulk(o + headerBytes + byte0, bytes);
            unpack.planar(window, at, shift, n, channels, complex, out, first + t * channels, offset);
        }
    }

    /**
     * Real 2-bit one-channel threads, all present in this frame set and within one read-ahead window: decoded
     * together, byte i of every thread in turn, so that the destination ([sample][thread][re, im]) is written
     * front to back instead of once per thread. False when it does not apply (the caller then decodes per thread).
     */
    private boolean decodeThreads2bit(long block, int from, int n, float[] out, int offset, float[] table)
            throws IOException {
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (int t = 0; t < threads; t++) {
            long o = offsets[(int) (block * threads + t)];
            if (o < 0) {
                return false;
            }
            lo = Math.min(lo, o);
            hi = Math.max(hi, o);
        }
        int byte0 = from >> 2;
        int bytes = n >> 2;
        long span = hi - lo + headerBytes + ((from + n + 3) >> 2);
        if (span > WINDOW) {
            return false;
        }
        int base = bulk(lo, (int) span);
        int[] at = threadStarts.length == threads ? threadStarts : (threadStarts = new int[threads]);
        for (int t = 0; t < threads; t++) {
            at[t] = base + (int) (offsets[(int) (block * threads + t)] - lo) + headerBytes + byte0;
        }
        int stride = 2 * threads;
        byte[] in = window;
        int s2 = 2 * stride, s3 = 3 * stride;
        for (int i = 0; i < bytes; i++) {
            int o = offset + 4 * i * stride;
            for (int t = 0; t < threads; t++) {
                int k = (in[at[t] + i] & 0xff) << 2;
                int q = o + 2 * t;
                out[q] = table[k];
                out[q + 1] = 0f;
                out[q + stride] = table[k + 1];
                out[q + stride + 1] = 0f;
                out[q + s2] = table[k + 2];
                out[q + s2 + 1] = 0f;
                out[q + s3] = table[k + 3];
                out[q + s3 + 1] = 0f;
            }
        }
        int rest = n - 4 * bytes;
        if (rest > 0) {
            for (int t = 0; t < threads; t++) {
                decodeFast(in, at[t] + bytes, 0, rest, 1, false, 2, table, out, offset + 4 * bytes * stride + 2 * t,
                        stride);
            }
        }
        return true;
    }

    /**
     * Byte -> the values of its 8 / bits elements, least significant bits first: entry [b * (8 / bits) + j] is
     * {@code values[(b >> (j bits)) & (2^bits - 1)]} (for 2 bits: 256 x 4 floats).
     */
    static float[] byteTable(int bits, float[] values) {
        int epb = 8 / bits;
        int mask = (1 << bits) - 1;
        float[] t = new float[256 * epb];
        for (int b = 0; b < 256; b++) {
            for (int j = 0; j < epb; j++) {
                t[b * epb + j] = values[(b >> (j * bits)) & mask];
            }
        }
        return t;
    }

    /** The codes 0 .. 2^bits - 1 as floats (what {@link #readCodes} returns). */
    static float[] codeValues(int bits) {
        float[] c = new float[1 << bits];
        for (int k = 0; k < c.length; k++) {
            c[k] = k;
        }
        return c;
    }

    /**
     * The fast decoder, same result as {@link #decodeGeneric} bit for bit: whole bytes through a byte -> values table
     * ({@link #byteTable}), written straight into the destination layout (sample stride {@code stride}, channel c at
     * 2c, real data with im = 0). 1, 2, 4 or 8 bits; {@code shift} (a multiple of bits) is where the first element
     * starts in in[inOffset]. No allocation, no per-sample calls in the loops over whole bytes.
     */
    static void decodeFast(byte[] in, int inOffset, int shift, int n, int channels, boolean complex, int bits,
            float[] table, float[] out, int offset, int stride) {
        int epb = 8 / bits;
        int per = complex ? 2 * channels : channels;
        int total = n * per;
        int e = 0;
        int p = inOffset;
        if (shift != 0) {
            int k = (in[p++] & 0xff) * epb;
            for (int j = shift / bits; j < epb && e < total; j++, e++) {
                element(out, offset, stride, channels, complex, e, table[k + j]);
            }
        }
        int bytes = (total - e) / epb;
        if (!complex && channels == 1) {
            // one real channel: each byte holds epb consecutive samples
            int o = offset + e * stride;
            if (bits == 2) {
                int s2 = 2 * stride, s3 = 3 * stride, s4 = 4 * stride;
                for (int i = 0; i < bytes; i++) {
                    int k = (in[p + i] & 0xff) << 2;
                    out[o] = table[k];
                    out[o + 1] = 0f;
                    out[o + stride] = table[k + 1];
                    out[o + stride + 1] = 0f;
                    out[o + s2] = table[k + 2];
                    out[o + s2 + 1] = 0f;
                    out[o + s3] = table[k + 3];
                    out[o + s3 + 1] = 0f;
                    o += s4;
                }
            } else {
                for (int i = 0; i < bytes; i++) {
                    int k = (in[p + i] & 0xff) * epb;
                    for (int j = 0; j < epb; j++) {
                        out[o] = table[k + j];
                        out[o + 1] = 0f;
                        o += stride;
                    }
                }
            }
        } else if (complex && stride == per) {
            // one complex stream: the destination is dense, element e at offset + e
            int o = offset + e;
            for (int i = 0; i < bytes; i++) {
                System.arraycopy(table, (in[p + i] & 0xff) * epb, out, o, epb);
                o += epb;
            }
        } else {
            int r = e % per;
            int base = offset + (e / per) * stride;
            int step = complex ? 1 : 2;
            int rEnd = per * step;
            r *= step;
            for (int i = 0; i < bytes; i++) {
                int k = (in[p + i] & 0xff) * epb;
                for (int j = 0; j < epb; j++) {
                    out[base + r] = table[k + j];
                    if (!complex) {
                        out[base + r + 1] = 0f;
                    }
                    r += step;
                    if (r == rEnd) {
                        r = 0;
                        base += stride;
                    }
                }
            }
        }
        e += bytes * epb;
        p += bytes;
        if (e < total) {
            int k = (in[p] & 0xff) * epb;
            for (int j = 0; e < total; j++, e++) {
                element(out, offset, stride, channels, complex, e, table[k + j]);
            }
        }
    }

    /** Writes element e (time-major, then channel, then I/Q) of a range; real data also get im = 0. */
    private static void element(float[] out, int offset, int stride, int channels, boolean complex, int e, float v) {
        if (complex) {
            out[offset + (e / (2 * channels)) * stride + e % (2 * channels)] = v;
        } else {
            int o = offset + (e / channels) * stride + 2 * (e % channels);
            out[o] = v;
            out[o + 1] = 0f;
        }
    }

    /**
     * The reference decoder: element e of the payload (time-major, then channel, then I/Q) is bits [shift + e bits,
     * shift + (e+1) bits) counted from the least significant bit of byte 0.
     *
     * @param levels null: write the raw codes
     */
    static void decodeGeneric(byte[] in, int shift, int n, int channels, boolean complex, int bits, float[] levels,
            float[] out, int offset, int stride) {
        int mask = (1 << bits) - 1;
        int comps = complex ? 2 : 1;
        long bit = shift;
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < channels; c++) {
                int o = offset + s * stride + c * 2;
                for (int k = 0; k < comps; k++) {
                    int code = ((in[(int) (bit >> 3)] & 0xff) >> (int) (bit & 7)) & mask;
                    out[o + k] = levels == null ? code : levels[code];
                    bit += bits;
                }
                if (!complex) {
                    out[o + 1] = 0f;
                }
            }
        }
    }

    static int[] words(ByteBuffer b) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = b.getInt(i * 4);
        }
        return w;
    }

    /** The fields of a VDIF header (specification 1.1.1, table 1). */
    static final class Header {
        final boolean invalid;
        final boolean legacy;
        final long seconds;
        final int epoch;
        final long frameNr;
        final int version;
        final int channels;
        final int frameBytes;
        final boolean complex;
        final int bits;
        final int thread;
        final int station;
        final int edv;
        final int rateField;
        final boolean rateMHz;

        Header(int[] w) {
            invalid = (w[0] >>> 31) != 0;
            legacy = ((w[0] >>> 30) & 1) != 0;
            seconds = w[0] & 0x3fffffffL;
            epoch = (w[1] >>> 24) & 0x3f;
            frameNr = w[1] & 0xffffff;
            version = w[2] >>> 29;
            int log2 = (w[2] >>> 24) & 0x1f;
            channels = log2 < 31 ? 1 << log2 : -1;
            frameBytes = (w[2] & 0xffffff) * 8;
            complex = (w[3] >>> 31) != 0;
            bits = ((w[3] >>> 26) & 0x1f) + 1;
            thread = (w[3] >>> 16) & 0x3ff;
            station = w[3] & 0xffff;
            edv = legacy ? -1 : w[4] >>> 24;
            rateField = w[4] & 0x7fffff;
            rateMHz = ((w[4] >>> 23) & 1) != 0;
        }

        boolean plausible() {
            return version <= 1 && frameBytes >= (legacy ? 24 : 40) && channels > 0 && channels <= 1 << 16
                    && epoch < 64;
        }

        boolean sameShape(Header h) {
            return h.frameBytes == frameBytes && h.bits == bits && h.channels == channels && h.complex == complex
                    && h.version == version && h.legacy == legacy && h.edv == edv;
        }

        /** Two ASCII letters when both are printable (the usual station code), else the number. */
        Object station() {
            int a = station >>> 8, b = station & 0xff;
            if (a >= 0x20 && a < 0x7f && b >= 0x20 && b < 0x7f) {
                return "" + (char) a + (char) b;
            }
            return station;
        }
    }
}
