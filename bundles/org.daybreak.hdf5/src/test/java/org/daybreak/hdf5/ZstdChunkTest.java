package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.luben.zstd.Zstd;

/**
 * Plain zstd (HDF5 filter 32015). Debian's hdf5plugin has no zstd encoder, so the chunks are compressed here with
 * zstd-jni (the reference zstd library) and h5py stores them with write_direct_chunk under the filter id.
 */
class ZstdChunkTest {
    @Test
    void zstdChunksDecode(@TempDir Path tmp) throws Exception {
        int rows = 10;
        int cols = 7;
        int chunkRows = 4;
        for (int c = 0; c * chunkRows < rows; c++) {
            ByteBuffer b = ByteBuffer.allocate(chunkRows * cols * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < chunkRows * cols; i++) {
                int row = c * chunkRows + i / cols;
                b.putDouble(row < rows ? row * 100.0 + i % cols : 0);
            }
            Files.write(tmp.resolve("chunk" + c + ".zst"), Zstd.compress(b.array(), 5));
        }
        String writer = """
                import h5py, numpy as np
                with h5py.File('zstd.h5', 'w') as f:
                    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                    dcpl.set_chunk((4, 7))
                    dcpl.set_filter(32015, h5py.h5z.FLAG_OPTIONAL, (5,))
                    sid = h5py.h5s.create_simple((10, 7))
                    did = h5py.h5d.create(f.id, b'data', h5py.h5t.IEEE_F64LE, sid, dcpl=dcpl)
                    d = h5py.Dataset(did)
                    for c in range(3):
                        d.id.write_direct_chunk((4 * c, 0), open('chunk%d.zst' % c, 'rb').read())
                """;
        TestSupport.python(tmp, writer);
        try (H5File f = H5File.open(tmp.resolve("zstd.h5"))) {
            H5Dataset d = f.dataset("/data");
            assertEquals(java.util.List.of("zstd"), d.filters());
            NDArray a = d.read();
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < cols; k++) {
                    assertEquals(r * 100.0 + k, a.getDouble(r, k));
                }
            }
            assertTrue(d.read("9,::-1").contentEquals(NDArray.of(new double[] {906, 905, 904, 903, 902, 901, 900})));
        }
    }
}
