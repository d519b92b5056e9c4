package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;

import org.daybreak.core.data.NDArray;
import org.daybreak.hdf5.filter.BitShuffle;
import org.junit.jupiter.api.Test;

/**
 * The fast bit transpose against a plain bit-by-bit reference, on random and edge inputs; and the bitshuffle
 * regression files of the bitshuffle project (compressed with bitshuffle+LZ4 and bitshuffle+zstd by the real
 * bitshuffle, with the originals alongside), plus jHDF's bitshuffle coverage file.
 */
class BitShuffleTest {

    /** Reference: bit b of byte j of element i is bit (i % 8) of byte ((j*8+b)*(n/8) + i/8) of the input. */
    static byte[] referenceUnshuffle(byte[] in, int n, int size) {
        byte[] out = new byte[n * size];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < size; j++) {
                int v = 0;
                for (int b = 0; b < 8; b++) {
                    int bit = (in[(j * 8 + b) * (n / 8) + i / 8] >> (i % 8)) & 1;
                    v |= bit << b;
                }
                out[i * size + j] = (byte) v;
            }
        }
        return out;
    }

    @Test
    void fastMatchesReference() {
        Random rnd = new Random(42);
        for (int size : new int[] {1, 2, 3, 4, 8, 10, 16}) {
            for (int n : new int[] {8, 16, 24, 128, 2048, 4096}) {
                for (int trial = 0; trial < 3; trial++) {
                    byte[] in = new byte[n * size];
                    if (trial == 0) {
                        rnd.nextBytes(in);
                    } else if (trial == 1) {
                        java.util.Arrays.fill(in, (byte) 0xff);
                    } else {
                        in[rnd.nextInt(in.length)] = 1;
                    }
                    byte[] fast = new byte[n * size + 5];
                    BitShuffle.unshuffle(in, 0, fast, 5, n, size);
                    byte[] ref = referenceUnshuffle(in, n, size);
                    assertArrayEquals(ref, java.util.Arrays.copyOfRange(fast, 5, fast.length),
                            "n=" + n + " size=" + size + " trial=" + trial);
                }
            }
        }
    }

    @Test
    void regressionFilesOfTheBitshuffleProject() throws IOException {
        for (String name : new String[] {"bitshuffle/regression_0.1.3.h5", "bitshuffle/regression_0.4.0.h5"}) {
            try (H5File f = H5File.open(TestSupport.data(name))) {
                int compared = 0;
                for (H5Node orig : f.children("/original")) {
                    NDArray expected = f.dataset(orig.path()).read();
                    for (String group : new String[] {"/compressed", "/compressed_zstd"}) {
                        String p = group + "/" + orig.name();
                        if (!f.exists(p)) {
                            continue;
                        }
                        NDArray got = f.dataset(p).read();
                        assertEquals(expected.size(), got.size(), p);
                        for (int i = 0; i < got.size(); i++) {
                            assertEquals(expected.getObjectFlat(i), got.getObjectFlat(i), p + " element " + i);
                        }
                        compared++;
                    }
                }
                assertTrue(compared >= 20, name + ": compared " + compared);
            }
        }
    }

    @Test
    void jhdfCoverageFile() throws IOException {
        try (H5File f = H5File.open(TestSupport.data("jhdf/bitshuffle_datasets.hdf5"))) {
            for (H5Node n : f.children("/")) {
                double[] v = f.dataset(n.path()).read().toDoubleArray();
                assertEquals(20, v.length);
                for (int i = 0; i < v.length; i++) {
                    assertEquals(i, v[i], 1e-6, n.path());
                }
            }
        }
    }
}
