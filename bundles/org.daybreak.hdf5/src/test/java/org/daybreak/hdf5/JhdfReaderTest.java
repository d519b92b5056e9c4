package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Selections read through jHDF ({@link JhdfReader}: variable-length strings, compounds): jHDF reads the bounding
 * box, then steps (also negative) and dropped axes are applied to it. Each element's text names its own indices,
 * so the expected values follow from the selection alone.
 */
class JhdfReaderTest {
    private static final String WRITER = """
            import h5py, numpy as np
            with h5py.File('jhdf.h5', 'w') as f:
                text = np.array([['r%dc%d' % (i, j) for j in range(7)] for i in range(5)], dtype=object)
                f.create_dataset('vlen', data=text, dtype=h5py.string_dtype(), chunks=(2, 3), compression='gzip')
                ct = np.dtype([('row', '<i4'), ('col', '<f8')])
                rec = np.array([[(i, j + 0.5) for j in range(7)] for i in range(5)], dtype=ct)
                f.create_dataset('compound', data=rec, chunks=(2, 3))
            """;

    /** Positive and negative steps, an axis dropped (first or last), the whole dataset. */
    private static final String[] SELECTIONS = {"::-2, 1::3", "3, ::-1", "1:4, 5", "4:0:-3, 2:6:2", ":, :"};

    @Test
    void stepsAndDroppedAxesOnTheBoundingBox(@TempDir Path tmp) throws Exception {
        TestSupport.python(tmp, WRITER);
        try (H5File f = H5File.open(tmp.resolve("jhdf.h5"))) {
            H5Dataset vlen = f.dataset("/vlen");
            H5Dataset compound = f.dataset("/compound");
            for (String s : SELECTIONS) {
                SliceSpec.Selection sel = SliceSpec.parse(s).resolve(new int[] {5, 7});
                List<int[]> picked = picked(sel);
                NDArray text = vlen.read(s);
                assertArrayEquals(sel.resultShape(), text.shape(), s);
                NDArray records = compound.read(s);
                assertArrayEquals(sel.resultShape(), records.shape(), s);
                Map<String, NDArray> fields = compound.readFields(SliceSpec.parse(s));
                for (int k = 0; k < picked.size(); k++) {
                    int i = picked.get(k)[0];
                    int j = picked.get(k)[1];
                    assertEquals("r" + i + "c" + j, text.getObjectFlat(k), s);
                    assertEquals("(" + i + ", " + (j + 0.5) + ")", records.getObjectFlat(k), s);
                    assertEquals(i, fields.get("row").toDoubleArray()[k], s);
                    assertEquals(j + 0.5, fields.get("col").toDoubleArray()[k], s);
                }
            }
        }
    }

    /** The (row, column) pairs a selection of a 2-D array picks, in row-major order of the result. */
    private static List<int[]> picked(SliceSpec.Selection sel) {
        List<int[]> out = new ArrayList<>();
        for (int a = 0; a < sel.count()[0]; a++) {
            for (int b = 0; b < sel.count()[1]; b++) {
                out.add(new int[] {sel.start()[0] + a * sel.step()[0], sel.start()[1] + b * sel.step()[1]});
            }
        }
        return out;
    }
}
