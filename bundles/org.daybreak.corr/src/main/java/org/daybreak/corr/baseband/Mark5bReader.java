package org.daybreak.corr.baseband;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.cli.InputException;

/**
 * Mark 5B (Mark 5B system user's manual, Haystack; frame of a 16-byte header and 10000 bytes of data): header word 0
 * the sync word 0xABADDEED, word 1 bits 0-14 the frame number within the second (bit 15 test vector, bits 16-31 user),
 * word 2 the VLBA BCD time code JJJSSSSS (day = MJD mod 1000, seconds of day), word 3 bits 16-31 four BCD digits of
 * the fraction of the second. The data are 32-bit words of bit streams: with {@code channels} channels of {@code
 * bits} bits each time sample takes channels * bits consecutive bits, least significant first (two samples of
 * 8 channels x 2 bits per word). The number of channels and bits are not in the header: 8 and 2 unless given.
 *
 * <p>Levels: {@link Levels#mark5b}. Time: the day is MJD modulo 1000, so a reference date is needed (the MJD within
 * 500 days of it is taken); without one the start time is unknown and a warning says so. Sample rate: frames per
 * second = 12.5 x 2^n (data rates of 2^n Mbit/s); n is chosen from the frame number's wrap at a second or from the
 * header's fraction of a second, unless given.
 */
public final class Mark5bReader extends BasebandReader {
    static final int SYNC = 0xABADDEED;
    private static final int FRAME = 10016;
    private static final int HEADER = 16;
    private final BasebandInfo info;
    private final int channels;
    private final int bits;
    private final int spf;
    private final float[] levels;
    /** Byte -> levels and byte -> codes tables of the fast decoder (VdifReader.byteTable). */
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
    private final boolean[] valid;

    private Mark5bReader(Path path, FileChannel ch, double givenRate, int givenChannels, int givenBits,
            Integer refMjd) throws IOException {
        super(path, ch);
        channels = givenChannels > 0 ? givenChannels : 8;
        bits = givenBits > 0 ? givenBits : 2;
        levels = Levels.mark5b(bits);
        levelTable = VdifReader.byteTable(bits, levels);
        codeTable = VdifReader.byteTable(bits, VdifReader.codeValues(bits));
        unpack = new Unpack(bits, levels);
        if (channels * bits > 32 || 32 % (channels * bits) != 0) {
            throw new InputException(path + ": Mark 5B with " + channels + " channels x " + bits
                    + " bits does not fill 32-bit words");
        }
        spf = 10000 * 8 / (channels * bits);
        List<String> warnings = new ArrayList<>();
        long frames = size / FRAME;
        if (size % FRAME != 0) {
            warnings.add("the file ends with " + (size % FRAME) + " bytes of a cut frame; read up to the last whole"
                    + " frame");
        }
        if (frames == 0) {
            throw new InputException(path + ": shorter than one Mark 5B frame (" + FRAME + " bytes)");
        }
        valid = new boolean[(int) frames];
        long invalid = 0;
        int[] w0 = VdifReader.words(pad(readBytes(0, HEADER)));
        long prevSec = -1, maxNr = -1, framesPerSecond = -1;
        List<int[]> fractions = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            int[] w = VdifReader.words(pad(readBytes((long) f * FRAME, HEADER)));
            valid[f] = w[0] == SYNC;
            if (!valid[f]) {
                invalid++;
                continue;
            }
            int nr = w[1] & 0x7fff;
            long sec = bcd(w[2] & 0xfffff);
            if (prevSec >= 0 && sec == prevSec + 1 && nr == 0 && framesPerSecond < 0) {
                framesPerSecond = maxNr + 1;
            }
            maxNr = Math.max(maxNr, nr);
            prevSec = sec;
            if (fractions.size() < 64 && sec == bcd(w0[2] & 0xfffff)) {
                fractions.add(new int[] {nr, (int) bcd(w[3] >>> 16)});
            }
        }
        if (w0[0] != SYNC) {
            throw new InputException(path + ": the first Mark 5B frame has no sync word 0xABADDEED");
        }
        double rate = givenRate > 0 ? givenRate : Double.NaN;
        double fps = framesPerSecond > 0 ? framesPerSecond : fromFractions(fractions);
        if (Double.isNaN(rate) && fps > 0) {
            double n = Math.rint(Math.log(fps / 12.5) / Math.log(2));
            rate = 12.5 * Math.pow(2, n) * spf;
        }
        if (Double.isNaN(rate)) {
            warnings.add("the frames do not give the sample rate; give it");
        }
        int jday = (int) bcd(w0[2] >>> 20);
        long sec = bcd(w0[2] & 0xfffff);
        double frac = bcd(w0[3] >>> 16) / 1e4;
        Instant start = null;
        if (refMjd != null) {
            long mjd = jday + 1000L * Math.round((refMjd - jday) / 1000.0);
            start = Instant.ofEpochSecond((mjd - 40587) * 86400 + sec).plusNanos(Math.round(frac * 1e9));
        } else {
            warnings.add("Mark 5B headers hold the day modulo 1000 (" + jday + "): give a reference date to fix the"
                    + " start time");
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("sync_pattern", "0xabaddeed");
        header.put("frame_nr", w0[1] & 0x7fff);
        header.put("user", w0[1] >>> 16);
        header.put("internal_tvg", ((w0[1] >>> 15) & 1) == 1);
        header.put("jday", jday);
        header.put("seconds", sec);
        header.put("fraction", frac);
        header.put("nchan", channels);
        header.put("bits_per_sample", bits);
        header.put("levels", Levels.describeMark5b(bits));
        info = new BasebandInfo("mark5b", channels, 1, bits, false, rate, start, frames * spf, spf, frames, invalid,
                List.of(), channels, header, warnings);
    }

    public static Mark5bReader open(Path path, FileChannel ch, double sampleRate, int channels, int bits,
            Integer refMjd) throws IOException {
        return new Mark5bReader(path, ch, sampleRate, channels, bits, refMjd);
    }

    /**
     * Frames per second 12.5 x 2^n for which every frame's four-digit fraction of a second (0.1 ms, truncated or
     * rounded) equals frame number / rate; NaN when none or when no frame past the first is known.
     */
    static double fromFractions(List<int[]> fractions) {
        if (fractions.stream().noneMatch(f -> f[0] > 0)) {
            return Double.NaN;
        }
        for (int n = 0; n <= 24; n++) {
            double fps = 12.5 * Math.pow(2, n);
            boolean truncated = true, rounded = true;
            for (int[] f : fractions) {
                double t = f[0] * 1e4 / fps;
                truncated &= Math.floor(t + 1e-9) == f[1];
                rounded &= Math.rint(t) == f[1];
            }
            if (truncated || rounded) {
                return fps;
            }
        }
        return Double.NaN;
    }

    private static ByteBuffer pad(ByteBuffer b) {
        ByteBuffer p = ByteBuffer.allocate(32);
        p.put(b.duplicate());
        p.flip();
        p.limit(32);
        return p;
    }

    /** Binary-coded decimal -> value (digits 10-15 make it -1). */
    static long bcd(long v) {
        long r = 0, scale = 1;
        while (v != 0) {
            long d = v & 0xf;
            if (d > 9) {
                return -1;
            }
            r += d * scale;
            scale *= 10;
            v >>>= 4;
        }
        return r;
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
        if (!valid[(int) block]) {
            zeroStream(out, offset, n, stride, 0, stride);
            return;
        }
        long bit0 = (long) from * channels * bits;
        int byte0 = (int) (bit0 >> 3);
        int byteEnd = (int) (((long) (from + n) * channels * bits + 7) >> 3);
        if (reference) {
            byte[] payload = readBytes(block * FRAME + HEADER + byte0, byteEnd - byte0).array();
            VdifReader.decodeGeneric(payload, (int) (bit0 & 7), n, channels, false, bits, codes ? null : levels, out,
                    offset, stride);
        } else {
            int at = bulk(block * FRAME + HEADER + byte0, byteEnd - byte0);
            VdifReader.decodeFast(window, at, (int) (bit0 & 7), n, channels, false, bits,
                    codes ? codeTable : levelTable, out, offset, stride);
        }
    }

    /** Planar: channel c is input c ({@link Unpack}); the reference mode decodes interleaved and copies. */
    @Override
    protected void decodePlanar(long block, int from, int n, float[][] out, int first, int offset)
            throws IOException {
        if (reference) {
            super.decodePlanar(block, from, n, out, first, offset);
            return;
        }
        if (!valid[(int) block]) {
            Unpack.zero(out, first, channels, offset, n, false);
            return;
        }
        long bit0 = (long) from * channels * bits;
        int byte0 = (int) (bit0 >> 3);
        int byteEnd = (int) (((long) (from + n) * channels * bits + 7) >> 3);
        int at = bulk(block * FRAME + HEADER + byte0, byteEnd - byte0);
        unpack.planar(window, at, (int) (bit0 & 7), n, channels, false, out, first, offset);
    }
}
