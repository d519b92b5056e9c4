package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversions that could lose information, checked bit for bit: h5py writes a file, {@code h5 get} writes each
 * dataset to .npy, and h5py/NumPy compare the .npy with their own read ({@code dtype.str} and every byte):
 * float16 NaNs with payloads (signalling ones too) in both byte orders, signed enumerations and fixed-length
 * strings of arbitrary bytes. (Opaque data written by h5py as NumPy 'V' cannot be opened by jHDF 0.13 at all;
 * NpyWriterTest checks that opaque elements go back to their bytes.)
 */
class ExactValuesTest {
    private static final String WRITE = """
            import h5py, numpy as np
            with h5py.File('exact.h5', 'w') as f:
                h = np.array([0x7c01, 0xfc05, 0x7e00, 0x7fff, 0x7d55, 0x8000, 0x0001, 0x7c00, 0x3c00], dtype='<u2')
                f['f16_le'] = h.view('<f2')
                f['f16_be'] = h.astype('>u2').view('>f2')
                e = h5py.enum_dtype({'LOW': -128, 'ZERO': 0, 'HIGH': 127}, basetype='i1')
                f.create_dataset('enum_i1', data=np.array([-128, 0, 127, 0], dtype='i1'), dtype=e)
                f['bytes'] = np.array([b'\\xc3\\x28\\xff', b'ab\\x80', b'\\xe2\\x82\\xac'], dtype='S3')
                f.create_dataset('chunked_f16', data=h.view('<f2'), chunks=(4,), compression='gzip')
            print('ok')
            """;
    private static final String COMPARE = """
            import sys, h5py, numpy as np
            a = np.load(sys.argv[2])
            b = h5py.File(sys.argv[1], 'r')[sys.argv[3]][()]
            print(a.dtype.str, b.dtype.str, a.shape == b.shape and a.tobytes() == b.tobytes())
            """;

    @Test
    void h5GetKeepsEveryBit(@TempDir Path tmp) {
        TestSupport.python(tmp, WRITE);
        Path file = tmp.resolve("exact.h5");
        for (String name : List.of("f16_le", "f16_be", "enum_i1", "bytes", "chunked_f16")) {
            Path out = tmp.resolve(name + ".npy");
            TestSupport.Run r = TestSupport.h5("get", file.toString(), "/" + name, "--out", out.toString());
            assertNull(r.error(), name + ": " + r.error());
            String[] said = TestSupport.python(tmp, COMPARE, file.toString(), out.toString(), "/" + name).strip()
                    .split(" ");
            assertEquals(said[1], said[0], name + ": dtype");
            assertEquals("True", said[2], name + ": bytes differ from h5py's");
        }
    }
}
