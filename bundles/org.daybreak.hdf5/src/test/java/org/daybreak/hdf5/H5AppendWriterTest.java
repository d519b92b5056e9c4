package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link H5AppendWriter}: files read back by jHDF (through {@link H5File}) after every flush and by libhdf5 (h5py),
 * for several element types, row shapes and chunk shapes, a chunk index of three levels, and a writer abandoned
 * in the middle of a run.
 */
class H5AppendWriterTest {

    /** Row r of a dataset of {@code type} shaped [rows][rowShape...]: element i of row r is (r * 37 + i * 5) mod m. */
    private static NDArray rows(DType type, int from, int count, int[] rowShape) {
        int per = 1;
        for (int s : rowShape) {
            per *= s;
        }
        int[] shape = new int[rowShape.length + 1];
        shape[0] = count;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        NDArray a = NDArray.zeros(type, shape);
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < per; i++) {
                long v = ((long) (from + r) * 37 + i * 5L) % 113 - (type.isUnsigned() ? 0 : 56);
                if (type.isFloat()) {
                    a.setDoubleFlat((long) r * per + i, v * 0.25);
                } else {
                    a.setLongFlat((long) r * per + i, v);
                }
            }
        }
        return a;
    }

    private static int[] shapeOf(long rows, int[] rowShape) {
        int[] s = new int[rowShape.length + 1];
        s[0] = (int) rows;
        System.arraycopy(rowShape, 0, s, 1, rowShape.length);
        return s;
    }

    @Test
    void typesShapesAndChunksRoundTripThroughJhdfAfterEveryFlush(@TempDir Path tmp) throws Exception {
        record Case(DType type, int[] rowShape, int[] chunks) {
        }
        List<Case> cases = List.of(
                new Case(DType.FLOAT64, new int[] {4, 3, 1, 2}, new int[] {3, 4, 3, 1, 2}),
                new Case(DType.FLOAT32, new int[] {5, 3}, new int[] {2, 2, 2}), // partial edge chunks
                new Case(DType.INT32, new int[0], new int[] {7}),
                new Case(DType.INT64, new int[] {6, 2}, new int[] {1, 6, 2}),
                new Case(DType.INT8, new int[] {9}, new int[] {4, 4}),
                new Case(DType.INT16, new int[] {3}, new int[] {5, 3}),
                new Case(DType.UINT16, new int[] {2, 2}, new int[] {2, 1, 2}),
                new Case(DType.UINT64, new int[] {3}, new int[] {2, 3}));
        Path file = tmp.resolve("grow.h5");
        int[] steps = {1, 2, 5, 1, 7, 3};
        try (H5AppendWriter w = H5AppendWriter.create(file)) {
            w.attribute("/", "title", "growing");
            w.dataset("/axis", NDArray.of(new double[] {0.5, 1.5, 2.5}));
            H5AppendWriter.ExtendibleDataset[] ds = new H5AppendWriter.ExtendibleDataset[cases.size()];
            for (int k = 0; k < cases.size(); k++) {
                Case c = cases.get(k);
                ds[k] = w.extendible("/data/d" + k, c.type(), c.rowShape(), c.chunks());
            }
            w.flush();
            try (H5File f = H5File.open(file)) {
                assertEquals(0, f.dataset("/data/d0").shape()[0], "no rows before the first append");
            }
            long rows = 0;
            for (int step : steps) {
                for (int k = 0; k < cases.size(); k++) {
                    ds[k].append(rows(cases.get(k).type(), (int) rows, step, cases.get(k).rowShape()));
                }
                rows += step;
                w.flush();
                try (H5File f = H5File.open(file)) {
                    for (int k = 0; k < cases.size(); k++) {
                        Case c = cases.get(k);
                        H5Dataset d = f.dataset("/data/d" + k);
                        assertArrayEquals(shapeOf(rows, c.rowShape()), d.shape(), "d" + k + " after " + rows);
                        assertEquals(c.type(), d.dtype());
                        assertArrayEquals(c.chunks(), d.chunks());
                        assertTrue(d.read().contentEquals(rows(c.type(), 0, (int) rows, c.rowShape())),
                                "d" + k + " (" + c.type() + ") after " + rows + " rows");
                    }
                    assertEquals("growing", f.attribute("/", "title"));
                }
            }
        }
        String check = """
                import json, h5py, numpy as np
                f = h5py.File('grow.h5', 'r')
                out = {}
                for k in range(8):
                    d = f['data/d%d' % k]
                    out['d%d' % k] = dict(shape=list(d.shape), maxshape=[m for m in d.maxshape],
                        chunks=list(d.chunks), dtype=d.dtype.str, sum=float(d[()].astype(np.float64).sum()))
                out['axis'] = f['axis'][()].tolist()
                out['title'] = f.attrs['title'].decode()
                print(json.dumps(out))
                """;
        Map<String, Object> r = Json.parseObject(TestSupport.python(tmp, check).strip());
        assertEquals("growing", r.get("title"));
        assertEquals(List.of(0.5, 1.5, 2.5), r.get("axis"));
        try (H5File f = H5File.open(file)) {
            for (int k = 0; k < cases.size(); k++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> d = (Map<String, Object>) r.get("d" + k);
                List<?> max = (List<?>) d.get("maxshape");
                assertEquals(null, max.get(0), "d" + k + ": unlimited along the first axis in libhdf5");
                assertEquals(f.dataset("/data/d" + k).numpyDtype(), d.get("dtype"));
                double sum = 0;
                NDArray a = f.dataset("/data/d" + k).read();
                for (int i = 0; i < a.size(); i++) {
                    sum += a.getDoubleFlat(i);
                }
                assertEquals(sum, ((Number) d.get("sum")).doubleValue(), 1e-9, "d" + k + ": h5py reads the same");
                assertEquals(19L, ((Number) ((List<?>) d.get("shape")).get(0)).longValue());
            }
        }
    }

    @Test
    void moreThanFourThousandChunksMakeAThreeLevelIndexThatBothReadersFollow(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("deep.h5");
        int n = 5000;
        H5AppendWriter.ExtendibleDataset times;
        H5AppendWriter.ExtendibleDataset vis;
        try (H5AppendWriter w = H5AppendWriter.create(file)) {
            times = w.extendible("/timestamps", DType.FLOAT64, new int[0], new int[] {1});
            vis = w.extendible("/visibilities", DType.FLOAT64, new int[] {3, 2}, new int[] {2, 2, 2});
            for (int r = 0; r < n; r++) {
                times.append(new double[] {r * 0.5});
                double[] row = new double[6];
                for (int i = 0; i < 6; i++) {
                    row[i] = r * 10 + i;
                }
                vis.append(row);
                if (r % 97 == 0) {
                    w.flush();
                }
            }
        }
        assertEquals(3, times.indexLevels(), "5000 chunks, 64 per node: leaves, one level above, a root");
        assertEquals(3, vis.indexLevels(), "2500 row blocks of 2 chunks (partial edge chunks on the second axis)");
        try (H5File f = H5File.open(file)) {
            NDArray t = f.dataset("/timestamps").read();
            assertEquals(n, t.size());
            for (int r = 0; r < n; r++) {
                assertEquals(r * 0.5, t.getDoubleFlat(r));
            }
            NDArray v = f.dataset("/visibilities").read(org.daybreak.core.data.SliceSpec.parse("4090:4100"));
            assertEquals(40961.0, v.getDouble(6, 0, 1)); // row 4096, element 1 of the row
        }
        String check = """
                import h5py, numpy as np
                f = h5py.File('deep.h5', 'r')
                t = f['timestamps']; v = f['visibilities']
                ok = (t.maxshape == (None,) and (t[()] == np.arange(5000) * 0.5).all() and t[4097] == 2048.5
                      and (v[()] == np.arange(5000)[:, None, None] * 10 + np.arange(6).reshape(3, 2)).all()
                      and v[4999, 2, 1] == 49995)
                print('OK' if ok else 'BAD')
                """;
        assertEquals("OK", TestSupport.python(tmp, check).strip());
    }

    @Test
    void aWriterAbandonedMidRunLeavesTheRowsOfItsLastFlush(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("cut.h5");
        Path copy = tmp.resolve("crashed.h5");
        H5AppendWriter w = H5AppendWriter.create(file);
        H5AppendWriter.ExtendibleDataset d = w.extendible("/v", DType.FLOAT32, new int[] {4}, new int[] {3, 4});
        d.append(rows(DType.FLOAT32, 0, 10, new int[] {4}));
        w.flush();
        w.attribute("/v", "note", "written after the first flush: the header moves"); // relocated at the next flush
        // 18 rows: chunks 3-5 complete on disk, not yet in the file's index
        d.append(rows(DType.FLOAT32, 10, 8, new int[] {4}));
        // the process dies here: what is on disk is the file of the first flush plus unreferenced bytes
        Files.copy(file, copy);
        w.close();
        try (H5File f = H5File.open(copy)) {
            assertArrayEquals(new int[] {10, 4}, f.dataset("/v").shape());
            assertTrue(f.dataset("/v").read().contentEquals(rows(DType.FLOAT32, 0, 10, new int[] {4})));
        }
        try (H5File f = H5File.open(file)) {
            assertArrayEquals(new int[] {18, 4}, f.dataset("/v").shape());
            assertTrue(f.dataset("/v").read().contentEquals(rows(DType.FLOAT32, 0, 18, new int[] {4})));
            assertEquals("written after the first flush: the header moves", f.attribute("/v", "note"));
        }
        String check = """
                import h5py
                a = h5py.File('crashed.h5', 'r')['v']; b = h5py.File('cut.h5', 'r')['v']
                print(a.shape, b.shape, b.attrs['note'].decode()[:7], float(b[17, 3]) == float(b[17][3]))
                """;
        assertEquals("(10, 4) (18, 4) written True", TestSupport.python(tmp, check).strip());
    }

    @Test
    void aReaderOpeningTheFileWhileItGrowsSeesEachFlush(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("live.h5");
        Random random = new Random(14);
        try (H5AppendWriter w = H5AppendWriter.create(file)) {
            w.group("/entry/data", "NXdata");
            H5AppendWriter.ExtendibleDataset d = w.extendible("/entry/data/counts", DType.INT32, new int[] {2},
                    new int[] {16, 2});
            long rows = 0;
            for (int k = 0; k < 40; k++) {
                int n = random.nextInt(9);
                d.append(rows(DType.INT32, (int) rows, n, new int[] {2}));
                rows += n;
                w.flush();
                String check = """
                        import h5py, sys
                        d = h5py.File('live.h5', 'r')['entry/data/counts']
                        r = d.shape[0]
                        ok = d.maxshape == (None, 2) and all(int(d[i, 1]) == (i * 37 + 5) % 113 - 56 for i in range(r))
                        print(r if ok else -1)
                        """;
                if (k % 13 == 0) {
                    assertEquals(String.valueOf(rows), TestSupport.python(tmp, check).strip(), "h5py after flush " + k);
                }
                try (H5File f = H5File.open(file)) {
                    assertTrue(f.dataset("/entry/data/counts").read()
                            .contentEquals(rows(DType.INT32, 0, (int) rows, new int[] {2})), "jHDF after flush " + k);
                    assertEquals("NXdata", f.attribute("/entry/data", "NX_class"));
                }
            }
        }
    }

    @Test
    void badUseIsRefusedWithTheReason(@TempDir Path tmp) throws Exception {
        try (H5AppendWriter w = H5AppendWriter.create(tmp.resolve("bad.h5"))) {
            H5AppendWriter.ExtendibleDataset d = w.extendible("/d", DType.FLOAT64, new int[] {3}, new int[] {2, 3});
            assertThrows(IllegalArgumentException.class, () -> d.append(NDArray.zeros(DType.FLOAT64, 2, 4)));
            assertThrows(IllegalArgumentException.class, () -> w.extendible("/d", DType.FLOAT64, new int[] {3},
                    new int[] {2, 3}));
            assertThrows(IllegalArgumentException.class, () -> w.extendible("/e", DType.STRING, new int[] {3},
                    new int[] {2, 3}));
            assertThrows(IllegalArgumentException.class, () -> w.extendible("/e", DType.FLOAT64, new int[] {3},
                    new int[] {2}));
            assertThrows(IllegalArgumentException.class, () -> w.attribute("/", "x", new Object()));
            d.append(NDArray.zeros(DType.FLOAT64, 2, 3));
        }
        assertThrows(java.io.IOException.class, () -> H5AppendWriter.create(tmp.resolve("no/such/folder/x.h5")));
    }
}
