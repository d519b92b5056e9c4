package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.hdf5.filter.Inflate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fast decode path (libdeflate, shuffled chunks unshuffled run by run while placed) against the plain one (the
 * JDK's Inflater, each chunk unshuffled whole first) on the deflate-compressed datasets of real files in the shared
 * test data, with and without byte shuffle, 1-D to 8-D, whole and partial edge chunks: typed reads, raw-byte reads
 * (the `h5 get` path) and strided slices must be identical.
 */
class InflateRealFilesTest {
    static final String[] FILES = {
        "jhdf/test_compressed_chunked_datasets_latest.hdf5",
        "jhdf/test_byteshuffle_compressed_datasets_earliest.hdf5",
        "jhdf/test_odd_datasets_latest.hdf5",
        "jhdf/fixed_array_paged_datasets.hdf5",
        "jhdf/chunked_v4_datasets.hdf5",
        "nexpy/example.nxs",
        "nexpy/chopper.nxs",
        "nexus-exampledata/SLS/Sample_Stack_2021-03-16_128.hdf5",
        "nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5",
        "dawn-scisoft-core/NexusDiffractionTest/i22-119583-Pilatus2M.h5",
        "dawn-scisoft-core/NexusDiffractionTest/336502.nxs",
        "dawn-scisoft-core/dawnsci-hdf5-test/i05-4859.nxs",
        "dials-data-files/image_examples/dectris_eiger_master.h5",
    };

    @AfterEach
    void restore() {
        Inflate.useFast(true);
        ChunkEngine.placeShuffledRuns = true;
    }

    @Test
    void fastPathEqualsPlainPathOnRealDeflateFiles() throws Exception {
        assertTrue(Inflate.fastAvailable(), Inflate.describe());
        List<String> bad = new ArrayList<>();
        int datasets = 0;
        int shuffled = 0;
        for (String name : FILES) {
            Path p = TestSupport.data(name);
            List<String> deflated = new ArrayList<>();
            try (H5File f = H5File.open(p)) {
                collect(f, "/", deflated);
            }
            for (String path : deflated) {
                // a fresh file per mode: nothing decoded in one mode is reused by the other
                Object[] fast = readAll(p, path, true);
                Object[] plain = readAll(p, path, false);
                datasets++;
                if ((boolean) plain[3]) {
                    shuffled++;
                }
                for (int k = 0; k < 3; k++) {
                    boolean same = fast[k] instanceof NDArray a ? a.contentEquals((NDArray) plain[k])
                            : fast[k].equals(plain[k]);
                    if (!same) {
                        bad.add(name + "#" + path + " " + new String[] {"typed", "raw bytes", "slice"}[k] + " differ");
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
        assertTrue(datasets >= 40, "only " + datasets + " deflate datasets found");
        assertTrue(shuffled >= 10, "only " + shuffled + " shuffled deflate datasets found");
    }

    /** Typed read, raw bytes, a strided slice, and whether the dataset is shuffled; in one mode. */
    private static Object[] readAll(Path p, String path, boolean fast) throws Exception {
        Inflate.useFast(fast);
        ChunkEngine.placeShuffledRuns = fast;
        try (H5File f = H5File.open(p)) {
            H5Dataset d = f.dataset(path);
            NDArray whole = d.read();
            ByteBuffer raw = ByteBuffer.allocate((int) (whole.size() * (long) d.elementSize()));
            assertEquals(raw.capacity(), d.readBytes(SliceSpec.parse("..."), raw));
            StringBuilder s = new StringBuilder();
            for (int k = 0; k < d.shape().length; k++) {
                int n = d.shape()[k];
                s.append(k > 0 ? "," : "").append(n > 2 ? "1::2" : ":");
            }
            NDArray slice = d.read(SliceSpec.parse(s.toString()));
            return new Object[] {whole, raw, slice, d.filters().contains("shuffle")};
        }
    }

    private static void collect(H5File f, String group, List<String> out) throws Exception {
        for (H5Node n : f.children(group)) {
            if (n.isGroup()) {
                collect(f, n.path(), out);
            } else if (n.isDataset() && !n.isLink()) {
                H5Dataset d = f.dataset(n.path());
                if (d.filters().contains("deflate") && d.bytesReadable() && !d.isEmpty() && !d.isScalar()
                        && d.unreadableReason() == null && d.rawSize() > 0 && d.rawSize() < (64 << 20)) {
                    out.add(n.path());
                }
            }
        }
    }
}
