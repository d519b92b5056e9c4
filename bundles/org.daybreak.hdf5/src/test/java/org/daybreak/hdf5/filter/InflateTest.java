package org.daybreak.hdf5.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fast inflater (libdeflate) against the plain reference (the JDK's Inflater) on random streams of every
 * deflate block kind, and on broken streams, where both must give the same error. The real-file comparison is
 * {@code org.daybreak.hdf5.InflateRealFilesTest}.
 */
class InflateTest {

    @AfterEach
    void restore() {
        Inflate.useFast(true);
    }

    @Test
    void fastInflaterLoadsOnThisMachine() {
        // Linux x86_64 is one of jlibdeflate's platforms: its native library must load here, not silently fall back
        assertTrue(Inflate.fastAvailable(), Inflate.describe());
        assertTrue(Inflate.fast(), Inflate.describe());
        assertTrue(Inflate.describe().startsWith("libdeflate"), Inflate.describe());
    }

    static byte[] zlib(byte[] data, int level, int strategy) {
        Deflater d = new Deflater(level);
        d.setStrategy(strategy);
        d.setInput(data);
        d.finish();
        byte[] out = new byte[data.length + data.length / 10 + 1024];
        int n = 0;
        while (!d.finished()) {
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            n += d.deflate(out, n, out.length - n);
        }
        d.end();
        return Arrays.copyOf(out, n);
    }

    /** Detector-like data: a smooth image with noise (float bytes), zero runs, random bytes, or mixed. */
    static byte[] sample(Random r, int kind, int n) {
        byte[] b = new byte[n];
        switch (kind) {
            case 0 -> r.nextBytes(b);
            case 1 -> {
            }
            case 2 -> {
                java.nio.ByteBuffer f = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i + 4 <= n; i += 4) {
                    f.putFloat(i, (float) Math.round(1000 * Math.exp(-i / 4e5) + 5 * r.nextGaussian()));
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) (r.nextInt(8) == 0 ? r.nextInt(256) : i % 7);
                }
            }
        }
        return b;
    }

    @Test
    void fastEqualsPlainOnRandomStreams() throws IOException {
        Random r = new Random(17);
        int[] sizes = {1, 2, 3, 100, 4095, 65_536, 65_537, 1 << 20};
        int[] strategies = {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY};
        for (int size : sizes) {
            for (int kind = 0; kind < 4; kind++) {
                byte[] data = sample(r, kind, size);
                for (int level : new int[] {0, 1, 4, 9}) {
                    byte[] z = zlib(data, level, strategies[r.nextInt(strategies.length)]);
                    String what = "size " + size + " kind " + kind + " level " + level;
                    Inflate.useFast(true);
                    byte[] fast = Inflate.inflate(z, size);
                    Inflate.useFast(false);
                    byte[] plain = Inflate.inflate(z, size);
                    assertArrayEquals(data, plain, what);
                    assertArrayEquals(plain, fast, what);
                    // unknown size: the plain inflater grows its output
                    assertArrayEquals(data, Inflate.inflate(z, -1), what);
                }
            }
        }
    }

    @Test
    void trailingBytesAfterTheStreamAreIgnoredByBoth() throws IOException {
        byte[] data = sample(new Random(3), 2, 10_000);
        byte[] z = Arrays.copyOf(zlib(data, 6, Deflater.DEFAULT_STRATEGY), 10_000 + 64);
        Inflate.useFast(true);
        assertArrayEquals(data, Inflate.inflate(z, data.length));
        Inflate.useFast(false);
        assertArrayEquals(data, Inflate.inflate(z, data.length));
    }

    @Test
    void brokenStreamsGiveTheSameErrorOnBothPaths() {
        byte[] data = sample(new Random(5), 2, 200_000);
        byte[] z = zlib(data, 4, Deflater.DEFAULT_STRATEGY);
        byte[] truncated = Arrays.copyOf(z, z.length / 2);
        byte[] flipped = z.clone();
        flipped[z.length / 3] ^= 0x5a;
        flipped[z.length / 3 + 1] ^= 0x33;
        byte[] badHeader = z.clone();
        badHeader[0] = 0x12;
        for (byte[] bad : new byte[][] {truncated, flipped, badHeader}) {
            Inflate.useFast(true);
            String fast = messageOrDecoded(bad, data.length);
            Inflate.useFast(false);
            String plain = messageOrDecoded(bad, data.length);
            assertEquals(plain, fast);
        }
        Inflate.useFast(true);
        IOException e = assertThrows(IOException.class, () -> Inflate.inflate(truncated, data.length));
        assertTrue(e.getMessage().startsWith("deflate data is corrupt"), e.getMessage());
    }

    @Test
    void aStreamLongerThanExpectedIsReturnedWhole() throws IOException {
        // the chunk engine reports the size mismatch; the inflater must not cut the stream at the expected size
        byte[] data = sample(new Random(9), 3, 5000);
        byte[] z = zlib(data, 6, Deflater.DEFAULT_STRATEGY);
        Inflate.useFast(true);
        assertEquals(5000, Inflate.inflate(z, 4000).length);
        Inflate.useFast(false);
        assertEquals(5000, Inflate.inflate(z, 4000).length);
    }

    private static String messageOrDecoded(byte[] z, int size) {
        try {
            return "decoded " + Arrays.hashCode(Inflate.inflate(z, size));
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Test
    void unshuffleElementsMatchesTheWholeChunkUnshuffle() {
        Random r = new Random(11);
        for (int size : new int[] {2, 3, 4, 8, 16}) {
            for (int n : new int[] {1, 7, 512, 1000}) {
                byte[] shuffled = new byte[n * size];
                r.nextBytes(shuffled);
                byte[] whole = ShuffleFilter.unshuffle(shuffled, size);
                for (int t = 0; t < 20; t++) {
                    int first = r.nextInt(n);
                    int count = r.nextInt(n - first) + 1;
                    byte[] out = new byte[count * size + 5];
                    ByteShuffle.unshuffleElements(shuffled, n, size, first, count, out, 5 % (out.length - count * size + 1));
                    int pos = 5 % (out.length - count * size + 1);
                    assertArrayEquals(Arrays.copyOfRange(whole, first * size, (first + count) * size),
                            Arrays.copyOfRange(out, pos, pos + count * size), "size " + size + " n " + n);
                }
            }
        }
    }
}
