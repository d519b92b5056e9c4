package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every element type h5py writes, read back with the documented representation. */
class TypesTest {
    private static final String WRITER = """
            import h5py, numpy as np
            with h5py.File('types.h5', 'w') as f:
                for dt in ['i1', 'u1', '<i2', '>u2', '<i4', '>u4', '<i8', '>u8', '<f2', '>f4', '<f8']:
                    f[dt.replace('<', 'le').replace('>', 'be')] = np.array([0, 1, 2, 100, 127], dtype=dt)
                f['u8max'] = np.array([2**64 - 1, 2**63], dtype='<u8')
                f['i8min'] = np.array([-2**63, 2**63 - 1], dtype='>i8')
                f['bool'] = np.array([True, False, True])
                f['enum'] = np.array([0, 5, 5], dtype=h5py.enum_dtype({'RED': 0, 'GREEN': 5}, basetype='i2'))
                f['fixed'] = np.array([b'abc', b'de', b''], dtype='S4')
                f['vlen'] = np.array(['x', 'yz', 'µm'], dtype=h5py.string_dtype())
                f['scalar'] = np.float64(2.5)
                f['scalar_str'] = 'hello'
                f['empty'] = h5py.Empty('f4')
                f['zero_len'] = np.zeros((0, 3), dtype='f4')
                f['complex'] = np.array([1 + 2j, -3.5j], dtype='c16')
                ct = np.dtype([('a', '<i4'), ('b', '<f8'), ('name', 'S5')])
                f.create_dataset('compound', data=np.array([(1, 2.5, b'one'), (2, -1.0, b'two'), (3, 0.5, b'')],
                                 dtype=ct), chunks=(2,), compression='gzip')
                ad = f.create_dataset('array', shape=(3,), dtype=np.dtype(('<f4', (4,))))
                ad[...] = np.arange(12, dtype='<f4').reshape(3, 4)
                f.create_dataset('unwritten', shape=(5, 4), dtype='<i2', chunks=(2, 2), fillvalue=-9)
                d = f.create_dataset('partial', shape=(5, 4), dtype='<i2', chunks=(2, 2), fillvalue=7)
                d[0:2, 0:2] = 1
            """;

    @Test
    void representations(@TempDir Path tmp) throws Exception {
        TestSupport.python(tmp, WRITER);
        try (H5File f = H5File.open(tmp.resolve("types.h5"))) {
            assertEquals("|i1", f.dataset("/i1").numpyDtype());
            assertEquals(">u2", f.dataset("/beu2").numpyDtype());
            assertEquals("<f2", f.dataset("/lef2").numpyDtype());
            for (String n : new String[] {"i1", "u1", "lei2", "beu2", "lei4", "beu4", "lei8", "beu8", "lef2", "bef4",
                "lef8"}) {
                assertArrayEquals(new double[] {0, 1, 2, 100, 127}, f.dataset("/" + n).read().toDoubleArray(), n);
            }
            NDArray u = f.dataset("/u8max").read();
            assertEquals(DType.UINT64, u.dtype());
            assertEquals(-1L, ((long[]) u.data())[0]);
            assertEquals(Long.MIN_VALUE, ((long[]) f.dataset("/i8min").read().data())[0]);
            H5Dataset b = f.dataset("/bool");
            assertEquals("|b1", b.numpyDtype());
            assertArrayEquals(new boolean[] {true, false, true}, (boolean[]) b.read().data());
            H5Dataset e = f.dataset("/enum");
            assertEquals("<i2", e.numpyDtype());
            assertArrayEquals(new double[] {0, 5, 5}, e.read().toDoubleArray());
            H5Dataset fx = f.dataset("/fixed");
            assertEquals("|S4", fx.numpyDtype());
            assertArrayEquals(new String[] {"abc", "de", ""}, (String[]) fx.read().data());
            H5Dataset vl = f.dataset("/vlen");
            assertEquals("|O", vl.numpyDtype());
            assertArrayEquals(new String[] {"yz", "µm"}, (String[]) vl.read("1:").data());
            assertEquals(0, f.dataset("/scalar").shape().length);
            assertEquals(2.5, f.dataset("/scalar").read().item());
            assertEquals("hello", f.dataset("/scalar_str").read().getObjectFlat(0));
            assertTrue(f.dataset("/empty").isEmpty());
            assertNull(f.dataset("/empty").fileShape());
            assertEquals(0, f.dataset("/zero_len").read().size());
            H5Dataset c = f.dataset("/complex");
            assertEquals("<c16", c.numpyDtype());
            assertArrayEquals(new int[] {2, 2}, c.shape());
            assertArrayEquals(new double[] {1, 2, 0, -3.5}, c.read().toDoubleArray(), 0.0);
            H5Dataset cp = f.dataset("/compound");
            assertTrue(cp.isCompound());
            assertEquals("|V17", cp.numpyDtype());
            assertEquals("(2, -1.0, two)", cp.read().getObjectFlat(1));
            Map<String, NDArray> fields = cp.readFields(SliceSpec.parse("1:"));
            assertEquals(List.of("a", "b", "name"), List.copyOf(fields.keySet()));
            assertArrayEquals(new double[] {2, 3}, fields.get("a").toDoubleArray());
            assertArrayEquals(new double[] {-1.0, 0.5}, fields.get("b").toDoubleArray());
            H5Dataset ar = f.dataset("/array");
            assertEquals("|V16", ar.numpyDtype());
            assertArrayEquals(new int[] {3, 4}, ar.shape());
            assertEquals(11.0, ar.read("2,3").item());
            assertArrayEquals(new double[] {-9, -9, -9, -9}, f.dataset("/unwritten").read("4").toDoubleArray());
            assertArrayEquals(new double[] {1, 1, 7, 7}, f.dataset("/partial").read("1").toDoubleArray());
        }
    }
}
