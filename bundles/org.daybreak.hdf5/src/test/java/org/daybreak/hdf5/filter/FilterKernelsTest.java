package org.daybreak.hdf5.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Random;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

/** The specialised byte-unshuffle loops and the Fletcher-32 sum against plain reference implementations. */
class FilterKernelsTest {

    /** Reference: byte j of element i is byte i of the j-th plane; trailing bytes stay where they are. */
    static byte[] referenceUnshuffle(byte[] in, int size) {
        int n = in.length / size;
        byte[] out = in.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < size; j++) {
                out[i * size + j] = in[j * n + i];
            }
        }
        return out;
    }

    /** Reference Fletcher-32 as HDF5 defines it, without the 360-word folding shortcut (sums kept modulo 65535). */
    static int referenceFletcher(byte[] d, int len) {
        long s1 = 0;
        long s2 = 0;
        for (int p = 0; p + 1 < len; p += 2) {
            s1 = (s1 + (((d[p] & 0xff) << 8) | (d[p + 1] & 0xff))) % 65535;
            s2 = (s2 + s1) % 65535;
        }
        if ((len & 1) != 0) {
            s1 = (s1 + ((d[len - 1] & 0xff) << 8)) % 65535;
            s2 = (s2 + s1) % 65535;
        }
        return (int) ((s2 << 16) | s1);
    }

    @Test
    void unshuffleMatchesReference() {
        Random r = new Random(3);
        for (int size : new int[] {1, 2, 3, 4, 5, 8, 16}) {
            for (int len : new int[] {0, 1, 7, 64, 1001, 4096, 65537}) {
                byte[] in = new byte[len];
                r.nextBytes(in);
                byte[] fast = ShuffleFilter.unshuffle(in, size);
                assertArrayEquals(referenceUnshuffle(in, size), fast, "size " + size + " length " + len);
            }
        }
    }

    @Test
    void fletcherMatchesReferenceModuloFolding() {
        Random r = new Random(5);
        for (int len : new int[] {1, 2, 3, 719, 720, 721, 5000, 100001}) {
            byte[] d = new byte[len];
            r.nextBytes(d);
            int fast = Fletcher32Filter.checksum(d, len);
            int ref = referenceFletcher(d, len);
            // HDF5's folded sums are in 1..65535 where the modulo form is in 0..65534: 0xffff and 0 are the same
            assertEquals(ref & 0xffff, (fast & 0xffff) % 65535, "sum1, length " + len);
            assertEquals(ref >>> 16, (fast >>> 16) % 65535, "sum2, length " + len);
        }
    }

    @Test
    void deflateFailsLoudlyOnTruncatedStreams() throws IOException {
        byte[] data = new byte[10000];
        new Random(1).nextBytes(data);
        Deflater def = new Deflater();
        def.setInput(data);
        def.finish();
        byte[] buf = new byte[20000];
        int n = def.deflate(buf);
        byte[] ok = new DeflateFilter().decode(java.util.Arrays.copyOf(buf, n), new int[0], data.length);
        assertArrayEquals(data, ok);
        assertThrows(IOException.class,
                () -> new DeflateFilter().decode(java.util.Arrays.copyOf(buf, n / 2), new int[0], data.length));
    }
}
