package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.core.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Virtual datasets written by h5py: stacked sources, side by side, strided, fill value, a missing source. */
class VirtualDatasetTest {
    private static final String WRITER = """
            import h5py, numpy as np
            for i in range(3):
                with h5py.File('src%d.h5' % i, 'w') as f:
                    f.create_dataset('data', data=np.arange(20, dtype='<i4').reshape(4, 5) + 100 * i,
                                     chunks=(2, 5), compression='gzip')
            with h5py.File('vds.h5', 'w', libver='latest') as f:
                lay = h5py.VirtualLayout(shape=(3, 4, 5), dtype='<i4')
                for i in range(3):
                    lay[i] = h5py.VirtualSource('src%d.h5' % i, 'data', shape=(4, 5))
                f.create_virtual_dataset('stack', lay, fillvalue=-1)
                lay = h5py.VirtualLayout(shape=(4, 10), dtype='<i4')
                lay[:, 0:5] = h5py.VirtualSource('src0.h5', 'data', shape=(4, 5))
                lay[:, 5:10] = h5py.VirtualSource('src1.h5', 'data', shape=(4, 5))
                f.create_virtual_dataset('side', lay, fillvalue=-1)
                lay = h5py.VirtualLayout(shape=(6, 5), dtype='<i4')
                lay[0:4:2, :] = h5py.VirtualSource('src2.h5', 'data', shape=(4, 5))[1:3]
                f.create_virtual_dataset('strided', lay, fillvalue=-7)
                lay = h5py.VirtualLayout(shape=(2, 4, 5), dtype='<i4')
                lay[0] = h5py.VirtualSource('src0.h5', 'data', shape=(4, 5))
                lay[1] = h5py.VirtualSource('gone.h5', 'data', shape=(4, 5))
                f.create_virtual_dataset('partial', lay, fillvalue=0)
                f['stack'].attrs['units'] = 'counts'
            with h5py.File('vds.h5', 'r') as f:
                for n in ['stack', 'side', 'strided']:
                    np.save(n + '.npy', f[n][()])
            """;

    @Test
    void mappingsReadLikeH5py(@TempDir Path tmp) throws Exception {
        TestSupport.python(tmp, WRITER);
        try (H5File f = H5File.open(tmp.resolve("vds.h5"))) {
            for (String n : new String[] {"stack", "side", "strided"}) {
                H5Dataset d = f.dataset("/" + n);
                assertTrue(d.isVirtual());
                NDArray expected = Npy.read(tmp.resolve(n + ".npy"));
                assertTrue(d.read().contentEquals(expected), n);
                SliceSpec s = SliceSpec.parse(d.rank() == 3 ? "::-1,1:3,::2" : "::-2,3:");
                assertTrue(d.read(s).contentEquals(expected.slice(s).copy()), n + " slice");
            }
            assertEquals("counts", f.attributes("/stack").get("units"));
            H5Dataset partial = f.dataset("/partial");
            assertEquals(3.0, partial.read("0,0,3").item());
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> partial.read("1"));
            assertTrue(e.getMessage().contains("gone.h5"), e.getMessage());
        }
        TestSupport.Run run = TestSupport.h5("tree", tmp.resolve("vds.h5").toString(), "--json");
        assertTrue(run.out().contains("\"/stack\":{\"kind\":\"dataset\",\"shape\":[3,4,5],\"dtype\":\"<i4\""),
                run.out());
        Path out = tmp.resolve("x.npy");
        assertEquals(0, TestSupport.h5("get", tmp.resolve("vds.h5").toString(), "/side", "--slice", "1:3",
                "--out", out.toString()).code());
        assertTrue(Files.exists(out));
    }
}
