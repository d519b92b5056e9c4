package org.daybreak.corr.baseband;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.daybreak.core.simd.Simd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planar decoders ({@link Unpack}: vector and scalar forms, and {@link BasebandReader#readPlanar} of every
 * reader) against the plain reference decoder ({@code VdifReader.decodeGeneric}, and the readers' reference mode),
 * bit for bit: on random bytes, on every byte value, on the real recordings, and on VDIF files written here with
 * several threads, several channels per frame and invalid frames.
 */
class UnpackTest {

    /** The reference, planar: element e of the run -> its channel's array (see Unpack's layout). */
    private static float[][] reference(byte[] in, int inOffset, int shift, int n, int channels, boolean complex,
            int bits, float[] values, int offset) {
        byte[] shifted = Arrays.copyOfRange(in, inOffset, in.length);
        int stride = channels * 2;
        float[] inter = new float[n * stride];
        VdifReader.decodeGeneric(shifted, shift, n, channels, complex, bits, values, inter, 0, stride);
        int comps = complex ? 2 : 1;
        float[][] out = new float[channels][(offset + n) * comps + 5];
        for (float[] o : out) {
            Arrays.fill(o, 7f);
        }
        for (int c = 0; c < channels; c++) {
            for (int s = 0; s < n; s++) {
                for (int k = 0; k < comps; k++) {
                    out[c][(offset + s) * comps + k] = inter[s * stride + 2 * c + k];
                }
            }
        }
        return out;
    }

    @Test
    void vectorAndScalarKernelsEqualTheReferenceOnRandomBytes() {
        Random rnd = new Random(17);
        int cases = 0;
        for (int bits : new int[] {1, 2, 4, 8}) {
            float[][] valueSets = {Levels.vdif(bits), VdifReader.codeValues(bits),
                bits <= 2 ? Levels.mark5b(bits) : Levels.vdif(bits)};
            for (float[] values : valueSets) {
                Unpack vector = new Unpack(bits, values, Simd.enabled());
                Unpack scalar = new Unpack(bits, values, false);
                for (int channels : new int[] {1, 2, 4, 8}) {
                    for (boolean complex : new boolean[] {false, true}) {
                        int per = channels * (complex ? 2 : 1);
                        for (int trial = 0; trial < 25; trial++) {
                            // long runs (the vector body) and short ones (head and tail only)
                            int n = trial % 3 == 0 ? rnd.nextInt(40) : 1 + rnd.nextInt(3000);
                            int from = rnd.nextInt(9);
                            long bit0 = (long) from * per * bits;
                            int shift = (int) (bit0 & 7);
                            int inOffset = (int) (bit0 >> 3);
                            byte[] in = new byte[(int) ((bit0 + (long) (n + 1) * per * bits) / 8) + 9];
                            rnd.nextBytes(in);
                            int offset = rnd.nextInt(5);
                            float[][] ref = reference(in, inOffset, shift, n, channels, complex, bits, values,
                                    offset);
                            for (Unpack u : new Unpack[] {vector, scalar}) {
                                float[][] out = new float[channels + 2][];
                                for (int c = 0; c < channels; c++) {
                                    out[c + 1] = new float[ref[c].length];
                                    Arrays.fill(out[c + 1], 7f);
                                }
                                u.planar(in, inOffset, shift, n, channels, complex, out, 1, offset);
                                for (int c = 0; c < channels; c++) {
                                    assertArrayEquals(ref[c], out[c + 1], u.kernel() + ": " + bits + " bits, "
                                            + channels + " channels, complex " + complex + ", " + n
                                            + " samples from " + from + ", channel " + c);
                                }
                            }
                            cases++;
                        }
                    }
                }
            }
        }
        assertEquals(4 * 3 * 4 * 2 * 25, cases);
    }

    @Test
    void theVectorKernelRunsWhereItApplies() {
        // the build's test JVMs resolve jdk.incubator.vector (pom argLine): the vector form must be what runs
        assertTrue(Simd.enabled(), "the test JVM lacks --add-modules jdk.incubator.vector: " + Simd.describe());
        assertTrue(new Unpack(2, Levels.vdif(2)).kernel().startsWith("vector"), new Unpack(2, Levels.vdif(2))
                .kernel());
        assertTrue(new Unpack(1, Levels.vdif(1)).kernel().startsWith("vector"));
        assertTrue(new Unpack(8, Levels.vdif(8)).kernel().startsWith("scalar"));
        assertTrue(new Unpack(2, Levels.vdif(2), false).kernel().startsWith("scalar"));
    }

    @Test
    void everyByteValueDecodesToItsFourLevels() {
        byte[] all = new byte[256 + 64];
        for (int k = 0; k < all.length; k++) {
            all[k] = (byte) k;
        }
        float h = (float) Levels.OPTIMAL_2BIT_HIGH;
        float[] lv = {-h, -1f, 1f, h};
        for (Unpack u : new Unpack[] {new Unpack(2, Levels.vdif(2)), new Unpack(2, Levels.vdif(2), false)}) {
            float[] out = new float[all.length * 4];
            u.dense(all, 0, 0, out.length, out, 0);
            for (int b = 0; b < all.length; b++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(lv[((b & 0xff) >> (2 * j)) & 3], out[4 * b + j], u.kernel() + " byte " + b);
                }
            }
            assertEquals(-h, out[0]);
            assertEquals(-1f, out[0x55 * 4]);
            assertEquals(1f, out[0xaa * 4 + 3]);
            assertEquals(h, out[0xff * 4 + 2]);
        }
    }

    /** readPlanar of a fast reader against its reference-mode twin and against read(), at many starts. */
    private static void comparePlanar(BasebandReader fast, BasebandReader ref, String name) throws Exception {
        BasebandInfo i = fast.info();
        int inputs = i.streams() * i.pols();
        int comps = i.complex() ? 2 : 1;
        long total = fast.samples();
        Random rnd = new Random(5);
        for (int k = 0; k < 12; k++) {
            int n = (int) Math.min(total, k == 0 ? 1 << 17 : 1 + rnd.nextInt(40000));
            long start = k == 0 ? 0 : (long) (rnd.nextDouble() * (total - n));
            int offset = rnd.nextInt(3);
            float[][] a = new float[inputs + 1][(offset + n) * comps];
            float[][] b = new float[inputs + 1][(offset + n) * comps];
            fast.readPlanar(start, n, a, 1, offset);
            ref.readPlanar(start, n, b, 1, offset);
            float[] inter = ref.read(start, n);
            int stride = i.sampleStride();
            for (int u = 0; u < inputs; u++) {
                assertArrayEquals(b[u + 1], a[u + 1], name + " input " + u + " at " + start);
                for (int s = 0; s < n; s += 1 + s % 7) {
                    for (int c = 0; c < comps; c++) {
                        assertEquals(inter[s * stride + 2 * u + c], a[u + 1][(offset + s) * comps + c],
                                name + " input " + u + " sample " + (start + s));
                    }
                }
            }
        }
    }

    @Test
    void readPlanarEqualsTheReferenceOnTheRecordings() throws Exception {
        Path dir = BasebandReadersTest.dir();
        String[] files = {"sample.vdif", "sample_vlbi.vdif", "sample_arochime.vdif", "sample_bps1.vdif",
            "sample_mwa.vdif", "sample.m5b", "sample.dada", "sample_meerkat.dada", "sample_puppi.raw"};
        for (String f : files) {
            try (BasebandReader fast = Baseband.open(dir.resolve(f), null);
                    BasebandReader ref = Baseband.open(dir.resolve(f), null)) {
                if (ref instanceof VdifReader v) {
                    v.reference = true;
                } else if (ref instanceof Mark5bReader m) {
                    m.reference = true;
                }
                assertTrue(fast.samples() > 0, f);
                comparePlanar(fast, ref, f);
            }
        }
    }

    /**
     * A VDIF file (EDV 0) of {@code sets} frame sets of {@code threads} threads, random payloads; frames listed in
     * {@code invalid} (set * threads + thread) carry the invalid-data bit.
     */
    static byte[] vdif(int threads, int channels, int bits, boolean complex, int payload, int sets, Random rnd,
            int... invalid) {
        int frame = 32 + payload;
        ByteBuffer b = ByteBuffer.allocate(frame * threads * sets).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < sets; s++) {
            for (int t = 0; t < threads; t++) {
                int f = s * threads + t;
                int at = f * frame;
                boolean bad = Arrays.stream(invalid).anyMatch(x -> x == f);
                b.putInt(at, (bad ? 1 << 31 : 0) | 1000);
                b.putInt(at + 4, (24 << 24) | s);
                b.putInt(at + 8, (Integer.numberOfTrailingZeros(channels) << 24) | (frame / 8));
                b.putInt(at + 12, (complex ? 1 << 31 : 0) | ((bits - 1) << 26) | ((t + 3) << 16) | 0x4142);
                byte[] p = new byte[payload];
                rnd.nextBytes(p);
                b.put(at + 32, p);
            }
        }
        return b.array();
    }

    @Test
    void multiThreadMultiChannelFramesAndInvalidFrames(@TempDir Path tmp) throws Exception {
        Random rnd = new Random(23);
        Object[][] shapes = { // threads, channels, bits, complex
            {8, 1, 2, false}, {4, 4, 2, false}, {2, 1, 4, true}, {3, 2, 1, false}, {2, 8, 2, true}, {2, 1, 8, false},
            {5, 1, 1, true}, {1, 16, 1, false}};
        for (Object[] sh : shapes) {
            int threads = (int) sh[0], channels = (int) sh[1], bits = (int) sh[2];
            boolean complex = (boolean) sh[3];
            int sets = 6;
            int[] invalid = {1, threads * 2 + threads - 1, threads * 4};
            String name = threads + " threads x " + channels + " channels x " + bits + " bits"
                    + (complex ? " complex" : " real");
            Path f = tmp.resolve("t" + threads + "c" + channels + "b" + bits + complex + ".vdif");
            Files.write(f, vdif(threads, channels, bits, complex, 4000, sets, rnd, invalid));
            try (BasebandReader fast = Baseband.open(f, Baseband.Options.NONE);
                    BasebandReader ref = Baseband.open(f, Baseband.Options.NONE)) {
                ((VdifReader) ref).reference = true;
                BasebandInfo i = fast.info();
                assertEquals(threads * channels, i.streams(), name);
                assertEquals(invalid.length, i.invalidFrames(), name + ": invalid frames counted");
                comparePlanar(fast, ref, name);
                // the invalid frames' samples are zeros, the others not all zero
                int spf = i.samplesPerFrame();
                int comps = complex ? 2 : 1;
                float[][] v = new float[i.streams()][(int) i.samples() * comps];
                fast.readPlanar(0, (int) i.samples(), v, 0, 0);
                for (int s = 0; s < sets; s++) {
                    for (int t = 0; t < threads; t++) {
                        int frame = s * threads + t;
                        boolean bad = Arrays.stream(invalid).anyMatch(x -> x == frame);
                        for (int c = 0; c < channels; c++) {
                            float[] a = v[t * channels + c];
                            boolean allZero = true;
                            for (int k = s * spf * comps; k < (s + 1) * spf * comps; k++) {
                                allZero &= a[k] == 0f;
                            }
                            assertEquals(bad, allZero, name + ": set " + s + " thread " + t + " channel " + c);
                        }
                    }
                }
            }
        }
    }
}
