package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets whose headers claim far more elements than the file holds (10^15 on one axis; 10^10 over two; chunked
 * and never written, a few KB on disk) open, read small slabs as the fill value, and refuse whole reads with a
 * message instead of allocating.
 */
class HugeClaimsTest {

    @Test
    void hugeLogicalShapesAreRefusedNotAllocated(@TempDir Path tmp) throws Exception {
        TestSupport.python(tmp, """
                import h5py
                with h5py.File('huge.h5', 'w') as f:
                    f.create_dataset('peta', shape=(10**15,), maxshape=(None,), chunks=(1024,), dtype='<f8')
                    f.create_dataset('tera', shape=(100000, 100000), chunks=(256, 256), dtype='<u2', fillvalue=7)
                print('ok')
                """);
        try (H5File f = H5File.open(tmp.resolve("huge.h5"))) {
            H5Dataset peta = f.dataset("/peta");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, peta::read);
            assertTrue(e.getMessage().contains("1000000000000000"), e.getMessage());
            H5Dataset tera = f.dataset("/tera");
            assertArrayEquals(new int[] {100000, 100000}, tera.shape());
            IllegalArgumentException w = assertThrows(IllegalArgumentException.class, tera::read);
            assertTrue(w.getMessage().contains("too many"), w.getMessage());
            NDArray slab = tera.read("99990:,:3");
            assertArrayEquals(new int[] {10, 3}, slab.shape());
            assertEquals(7, slab.getLong(9, 2));
        }
    }
}
