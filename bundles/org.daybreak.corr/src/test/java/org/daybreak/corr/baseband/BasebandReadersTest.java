package org.daybreak.corr.baseband;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

import org.daybreak.core.cli.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readers on the real recordings of ../shared/testdata/radio/baseband (the Python baseband package's samples).
 * Expected values are the facts stated by that package's tests and docs for these files (header values, shapes,
 * first decoded samples), and by the m5access dumps quoted there.
 */
class BasebandReadersTest {
    static Path dir() {
        String p = System.getProperty("daybreak.testdata");
        Path d = (p != null ? Path.of(p) : Path.of("../../../shared/testdata")).resolve("radio/baseband");
        if (!Files.isDirectory(d)) {
            throw new AssertionError("baseband test data not found at " + d.toAbsolutePath()
                    + " (set -Ddaybreak.testdata to the shared testdata folder)");
        }
        return d;
    }

    /** Values rounded towards zero as numpy's astype(int) does (so +-3.3359 -> +-3). */
    static int[] ints(float[] v, int from, int count, int step) {
        int[] r = new int[count];
        for (int i = 0; i < count; i++) {
            r[i] = (int) v[from + i * step];
        }
        return r;
    }

    @Test
    void vdifEdv3EightThreads() throws Exception {
        try (BasebandReader r = Baseband.open(dir().resolve("sample.vdif"), null)) {
            BasebandInfo i = r.info();
            assertEquals("vdif", i.format());
            assertEquals(8, i.streams());
            assertEquals(2, i.bits());
            assertEquals(false, i.complex());
            assertEquals(32e6, i.sampleRate());
            assertEquals(40000, i.samples());
            assertEquals(20000, i.samplesPerFrame());
            assertEquals(16, i.frames());
            assertEquals(0, i.invalidFrames());
            assertEquals(3, i.header().get("edv"));
            // MJD 56824 + 21367 s
            assertEquals(Instant.ofEpochSecond((56824 - 40587) * 86400L + 21367), i.start());
            assertEquals(40000 / 32e6, i.duration(), 1e-12);
            float[] v = r.read(0, 12);
            int stride = i.sampleStride();
            assertArrayEquals(new int[] {-1, -1, 3, -1, 1, -1, 3, -1, 1, 3, -1, 1}, ints(v, 0, 12, stride));
            assertArrayEquals(new int[] {1, 1, 1, -3, 1, 1, -3, -3, -3, 3, 3, -1}, ints(v, 2, 12, stride));
            assertArrayEquals(new int[] {-1, 1, -1, 1, -3, -1, 3, -1, 3, -3, 1, 3}, ints(v, 3 * 2, 12, stride));
            assertEquals(-3.3359f, v[stride * 3 + 2], 1e-6f); // thread 1, sample 3: code 0 = -H
            for (int s = 0; s < 12; s++) {
                assertEquals(0f, v[s * stride + 1]); // real data: im = 0
            }
            float[] codes = r.readCodes(0, 4);
            assertArrayEquals(new int[] {2, 2, 2, 0}, ints(codes, 2, 4, stride)); // 2a: 10 10 10 00 (lsb first)
        }
    }

    @Test
    void vdifUncorrectedTimestampsGiveTheSameData() throws Exception {
        try (BasebandReader a = Baseband.open(dir().resolve("sample.vdif"), null);
                BasebandReader b = Baseband.open(dir().resolve("sample_vlbi.vdif"), null)) {
            assertEquals(a.info().start(), b.info().start());
            assertEquals(40000, b.samples());
            assertArrayEquals(a.read(0, 40000), b.read(0, 40000));
        }
    }

    @Test
    void vdifReadsAcrossFrameSetsAndAtAnyOffset() throws Exception {
        try (BasebandReader r = Baseband.open(dir().resolve("sample.vdif"), null)) {
            float[] all = r.read(0, 40000);
            int stride = r.info().sampleStride();
            float[] part = r.read(19997, 7);
            for (int k = 0; k < part.length; k++) {
                assertEquals(all[19997 * stride + k], part[k]);
            }
        }
    }

    @Test
    void vdifMwaEdv0EightBitComplexNeedsTheRate() throws Exception {
        try (BasebandReader r = Baseband.open(dir().resolve("sample_mwa.vdif"), null)) {
            BasebandInfo i = r.info();
            assertEquals(0, i.header().get("edv"));
            assertEquals(128, i.samplesPerFrame());
            assertEquals(8, i.bits());
            assertTrue(i.complex());
            assertTrue(Double.isNaN(i.sampleRate()));
            assertEquals(Instant.parse("2015-10-03T20:49:45Z"), i.start()); // frame 0: whole second
        }
        try (BasebandReader r = Baseband.open(dir().resolve("sample_mwa.vdif"),
                new Baseband.Options(1.28e6, null, 0, 0))) {
            assertEquals(1.28e6, r.info().sampleRate());
            assertEquals(Instant.parse("2015-10-03T20:49:45Z"), r.info().start());
            float[] v = r.read(0, 1);
            for (float x : v) {
                // 8-bit levels are (code - 127.5) / 35.5: never an integer
                assertEquals(0.5f, Math.abs((x * 35.5f) % 1f), 1e-4f);
            }
        }
    }

    @Test
    void vdifAroChimeFourBitComplexOneSamplePerFrame() throws Exception {
        double rate = 800e6 / 1024 / 2;
        try (BasebandReader r = Baseband.open(dir().resolve("sample_arochime.vdif"),
                new Baseband.Options(rate, null, 0, 0))) {
            BasebandInfo i = r.info();
            assertEquals(1, i.samplesPerFrame());
            assertEquals(308109, i.header().get("frame_nr"));
            assertEquals(5, i.samples());
            assertEquals(2 * 1024, i.streams()); // 2 threads x 1024 channels
            assertTrue(i.complex());
            assertEquals(4, i.bits());
            // 2016-04-22T08:45:31.788759040 to the nanosecond
            assertEquals(Instant.parse("2016-04-22T08:45:31.788759040Z"), i.start());
        }
    }

    @Test
    void vdifOneBitSixteenChannels() throws Exception {
        try (BasebandReader r = Baseband.open(dir().resolve("sample_bps1.vdif"),
                new Baseband.Options(8e6, null, 0, 0))) {
            BasebandInfo i = r.info();
            assertEquals(16, i.streams());
            assertEquals(1, i.bits());
            assertEquals(4000, i.samplesPerFrame());
            assertEquals(8000, i.samples());
            float[] v = r.read(0, 4);
            int[][] expected = {
                {+1, -1, -1, -1, +1, -1, -1, +1, -1, +1, -1, +1, -1, -1, -1, +1},
                {-1, -1, +1, -1, +1, +1, -1, +1, -1, -1, +1, -1, +1, +1, -1, +1},
                {+1, +1, -1, -1, +1, +1, +1, +1, +1, -1, +1, +1, -1, +1, +1, +1},
                {+1, -1, +1, -1, +1, +1, +1, -1, +1, -1, +1, +1, +1, -1, -1, -1}};
            for (int s = 0; s < 4; s++) {
                assertArrayEquals(expected[s], ints(v, s * 32, 16, 2));
            }
        }
    }

    @Test
    void vdifMislabelledDraoHeadersAreRefusedInOneSentence() {
        InputException e = assertThrows(InputException.class,
                () -> Baseband.open(dir().resolve("sample_drao_corrupted.vdif"), null));
        assertTrue(e.getMessage().contains("5 bits per sample"), e.getMessage());
    }

    @Test
    void vdifCorruptAndInvalidFramesAreSkippedAndCounted(@TempDir Path tmp) throws Exception {
        byte[] b = Files.readAllBytes(dir().resolve("sample.vdif"));
        // frame 4 (thread 0 of set 0): invalid-data bit; frame 9 (thread 3 of set 1): clobbered header
        b[4 * 5032 + 3] |= (byte) 0x80;
        for (int k = 0; k < 16; k++) {
            b[9 * 5032 + k] = (byte) 0xff;
        }
        Path f = tmp.resolve("bad.vdif");
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 1000)); // and cut the last frame short
        try (BasebandReader r = Baseband.open(f, null); BasebandReader good = Baseband.open(dir().resolve(
                "sample.vdif"), null)) {
            BasebandInfo i = r.info();
            assertEquals(3, i.invalidFrames()); // invalid flag, corrupt header, cut last frame (missing)
            assertEquals(40000, i.samples());
            assertTrue(i.warnings().stream().anyMatch(w -> w.contains("cut frame")), i.warnings().toString());
            float[] v = r.read(0, 40000), ref = good.read(0, 40000);
            int stride = i.sampleStride();
            for (int s = 0; s < 40000; s += 997) {
                int set = s / 20000;
                for (int t = 0; t < 8; t++) {
                    boolean zero = (set == 0 && t == 0) || (set == 1 && t == 3) || (set == 1 && t == 6);
                    assertEquals(zero ? 0f : ref[s * stride + 2 * t], v[s * stride + 2 * t], "sample " + s + " thread " + t);
                }
            }
        }
    }

    @Test
    void mark5bEightChannelsTwoBit() throws Exception {
        try (BasebandReader r = Baseband.open(dir().resolve("sample.m5b"),
                new Baseband.Options(0, Baseband.Options.mjd("2014-06-13"), 0, 0))) {
            BasebandInfo i = r.info();
            assertEquals("mark5b", i.format());
            assertEquals(8, i.streams());
            assertEquals(5000, i.samplesPerFrame());
            assertEquals(20000, i.samples());
            assertEquals(4, i.frames());
            assertEquals(32e6, i.sampleRate());
            assertEquals(821, i.header().get("jday"));
            assertEquals(Instant.parse("2014-06-13T05:30:01Z"), i.start());
            float[] v = r.read(0, 3);
            assertArrayEquals(new int[] {-3, -1, +1, -1, +3, -3, -3, +3}, ints(v, 0, 8, 2));
            assertArrayEquals(new int[] {-3, +3, -1, +3, -1, -1, -1, +1}, ints(v, 16, 8, 2));
            assertArrayEquals(new int[] {+3, -1, +3, +3, +1, -1, +3, -1}, ints(v, 32, 8, 2));
        }
        try (BasebandReader r = Baseband.open(dir().resolve("sample.m5b"), null)) {
            assertNull(r.info().start());
            assertTrue(r.info().warnings().stream().anyMatch(w -> w.contains("reference date")));
        }
    }

    @Test
    void dadaEffelsbergComplexTwoPols() throws Exception {
        try (BasebandReader r = Baseband.open(dir().resolve("sample.dada"), null)) {
            BasebandInfo i = r.info();
            assertEquals("dada", i.format());
            assertEquals(1, i.streams());
            assertEquals(2, i.pols());
            assertTrue(i.complex());
            assertEquals(16000, i.samples());
            assertEquals(16e6, i.sampleRate());
            assertEquals("2013-07-02-01:37:40", i.header().get("UTC_START"));
            // UTC_START + OBS_OFFSET 6400000000 bytes = 100 s
            assertEquals(Instant.parse("2013-07-02T01:39:20Z"), i.start());
            float[] v = r.read(0, 3);
            assertArrayEquals(new float[] {-38, -38, -38, -38, -38, -38, -40, 0, -105, 60, 85, -15}, v);
        }
    }

    @Test
    void dadaMeerkatRealAndHeaderThatOverstatesItsSize() throws Exception {
        try (BasebandReader r = Baseband.open(dir().resolve("sample_meerkat.dada"), null)) {
            BasebandInfo i = r.info();
            assertEquals(false, i.complex());
            assertEquals(2, i.pols());
            assertEquals(800e6, i.sampleRate(), 1e-3);
            assertEquals((32768 - 4096) / 2, i.samples());
        }
        try (BasebandReader r = Baseband.open(dir().resolve("sample_mkbf.dada"), null)) {
            BasebandInfo i = r.info();
            assertEquals(1024, i.streams());
            assertEquals(256, i.samples()); // 1 MiB of 1024 ch x 2 pol x complex int8
            assertTrue(i.warnings().stream().anyMatch(w -> w.contains("FILE_SIZE")), i.warnings().toString());
        }
    }

    @Test
    void guppiPuppiFourChannelsTwoPolsWithOverlap() throws Exception {
        try (BasebandReader r = Baseband.open(dir().resolve("sample_puppi.raw"), null)) {
            BasebandInfo i = r.info();
            assertEquals("guppi", i.format());
            assertEquals(4, i.streams());
            assertEquals(2, i.pols());
            assertEquals(3840, i.samples()); // 4 blocks x (1024 - 64 overlap)
            assertEquals(960, i.samplesPerFrame());
            assertEquals(250.0, i.sampleRate(), 1e-9);
            assertEquals(Instant.parse("2018-01-14T14:11:33Z"), i.start());
            float[] v = r.read(0, 3);
            // sample 0, pol 0, channels 0..3: -7+12j, -32-10j, -17+25j, 16-5j; pol 1: 14+21j, -5-7j, 19-8j, 7+7j
            float[][] pol0 = {{-7, 12}, {-32, -10}, {-17, 25}, {16, -5}};
            float[][] pol1 = {{14, 21}, {-5, -7}, {19, -8}, {7, 7}};
            for (int c = 0; c < 4; c++) {
                assertArrayEquals(pol0[c], new float[] {v[c * 4], v[c * 4 + 1]});
                assertArrayEquals(pol1[c], new float[] {v[c * 4 + 2], v[c * 4 + 3]});
            }
            // samples 337..339, pol 0, channel 0: 2-25j, 11+10j, 22-7j
            float[] w = r.read(337, 3);
            assertArrayEquals(new float[] {2, -25}, new float[] {w[0], w[1]});
            assertArrayEquals(new float[] {11, 10}, new float[] {w[16], w[17]});
            assertArrayEquals(new float[] {22, -7}, new float[] {w[32], w[33]});
        }
    }

    @Test
    void guppiReadAcrossBlocksSkipsTheOverlap() throws Exception {
        try (BasebandReader r = Baseband.open(dir().resolve("sample_puppi.raw"), null)) {
            float[] all = r.read(0, 3840);
            float[] across = r.read(955, 10);
            for (int k = 0; k < across.length; k++) {
                assertEquals(all[955 * 16 + k], across[k]);
            }
        }
    }

    @Test
    void guppiHeaderOnlySamplesAreRefused() {
        for (String f : new String[] {"sample_blc.raw", "sample_vegas.raw"}) {
            InputException e = assertThrows(InputException.class, () -> Baseband.open(dir().resolve(f), null));
            assertTrue(e.getMessage().contains("BLOCSIZE"), e.getMessage());
        }
    }

    @Test
    void nonBasebandFilesAreRefused(@TempDir Path tmp) throws Exception {
        Path txt = tmp.resolve("notes.txt");
        Files.writeString(txt, "just some text, long enough to look at its first 32 bytes\n".repeat(10));
        InputException e = assertThrows(InputException.class, () -> Baseband.open(txt, null));
        assertTrue(e.getMessage().contains("not a baseband file"), e.getMessage());
        Path rnd = tmp.resolve("random.bin");
        byte[] b = new byte[100000];
        new Random(3).nextBytes(b);
        Files.write(rnd, b);
        assertThrows(InputException.class, () -> Baseband.open(rnd, null));
        Path m4 = dir().resolve("sample.m4");
        assertThrows(InputException.class, () -> Baseband.open(m4, null));
    }

    @Test
    void fastDecoderEqualsTheReferenceDecoderOnRandomBytes() {
        Random rnd = new Random(11);
        int cases = 0;
        for (int bits : new int[] {1, 2, 4, 8}) {
            for (int channels : new int[] {1, 2, 4, 8}) {
                for (boolean complex : new boolean[] {false, true}) {
                    float[] levels = Levels.vdif(bits);
                    float[] table = VdifReader.byteTable(bits, levels);
                    float[] codeTable = VdifReader.byteTable(bits, VdifReader.codeValues(bits));
                    int per = channels * (complex ? 2 : 1);
                    for (int trial = 0; trial < 40; trial++) {
                        int n = rnd.nextInt(200);
                        int from = rnd.nextInt(9);
                        long bit0 = (long) from * per * bits;
                        int shift = (int) (bit0 & 7);
                        byte[] in = new byte[(int) ((bit0 + (long) (n + 1) * per * bits) / 8) + 2];
                        rnd.nextBytes(in);
                        int inOffset = (int) (bit0 >> 3);
                        // one of several streams: stride over all of them, this one at an offset
                        int streams = 1 + rnd.nextInt(3);
                        int stride = streams * channels * 2;
                        int offset = 3 + 2 * channels * rnd.nextInt(streams);
                        float[] fast = new float[n * stride + 8];
                        float[] ref = new float[n * stride + 8];
                        java.util.Arrays.fill(fast, 7f);
                        java.util.Arrays.fill(ref, 7f);
                        byte[] shifted = java.util.Arrays.copyOfRange(in, inOffset, in.length);
                        VdifReader.decodeFast(in, inOffset, shift, n, channels, complex, bits, table, fast, offset,
                                stride);
                        VdifReader.decodeGeneric(shifted, shift, n, channels, complex, bits, levels, ref, offset,
                                stride);
                        assertArrayEquals(ref, fast, bits + " bits, " + channels + " channels, complex " + complex);
                        VdifReader.decodeFast(in, inOffset, shift, n, channels, complex, bits, codeTable, fast,
                                offset, stride);
                        VdifReader.decodeGeneric(shifted, shift, n, channels, complex, bits, null, ref, offset,
                                stride);
                        assertArrayEquals(ref, fast, "codes: " + bits + " bits, " + channels + " channels");
                        cases++;
                    }
                }
            }
        }
        assertEquals(4 * 4 * 2 * 40, cases);
        // the planar (dense) decoder and every byte value: UnpackTest
    }

    @Test
    void fastDecoderEqualsTheReferenceDecoderOnTheRecordings() throws Exception {
        String[] files = {"sample.vdif", "sample_vlbi.vdif", "sample_arochime.vdif", "sample_bps1.vdif",
            "sample_mwa.vdif", "sample.m5b"};
        for (String f : files) {
            try (BasebandReader fast = Baseband.open(dir().resolve(f), null);
                    BasebandReader ref = Baseband.open(dir().resolve(f), null)) {
                if (ref instanceof VdifReader v) {
                    v.reference = true;
                } else {
                    ((Mark5bReader) ref).reference = true;
                }
                long total = fast.samples();
                assertTrue(total > 0, f);
                int count = (int) Math.min(total, 1 << 18);
                assertArrayEquals(ref.read(0, count), fast.read(0, count), f);
                assertArrayEquals(ref.readCodes(0, count), fast.readCodes(0, count), f + " codes");
                // odd starts: ranges beginning inside a byte and crossing frames
                Random rnd = new Random(5);
                for (int k = 0; k < 20; k++) {
                    int n = (int) Math.min(total, 1 + rnd.nextInt(50000));
                    long start = (long) (rnd.nextDouble() * (total - n));
                    assertArrayEquals(ref.read(start, n), fast.read(start, n), f + " at " + start);
                    assertArrayEquals(ref.readCodes(start, n), fast.readCodes(start, n), f + " codes at " + start);
                }
            }
        }
    }
}
