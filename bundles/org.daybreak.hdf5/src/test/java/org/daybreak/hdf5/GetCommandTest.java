package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code h5 get} end to end: the .npy it writes for real datasets and NumPy-like slices is compared by h5py
 * (NumPy loads our file, h5py reads the same selection); bad input is one line naming the file and the reason.
 */
class GetCommandTest {

    /** file, dataset, slice ("" for all). */
    private static final String[][] CASES = {
        {"nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5", "/entry/data/frames", "0,:,10:20"},
        {"nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5", "/entry/data/frames", "::2"},
        {"nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5", "/entry/data/frames", "-5:"},
        {"nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5", "/entry/data/frames", "1:9:3,::-7,-100::5"},
        {"nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5", "/entry/data/frames", "...,3"},
        {"dawn-scisoft-core/dawnsci-hdf5-test/numeric_types.h5", "/integers_be/s16", ""},
        {"dawn-scisoft-core/dawnsci-hdf5-test/numeric_types.h5", "/floats_be/f16", ""},
        {"dawn-scisoft-core/dawnsci-hdf5-test/numeric_types.h5", "/floats_be/bf16", "3:"},
        {"dawn-scisoft-core/dawnsci-hdf5-test/numeric_types.h5", "/arrayfloats_le/f32", ""},
        {"dawn-scisoft-core/dawnsci-hdf5-test/numeric_types.h5", "/integers_be/u64", ""},
        {"nexus-exampledata/SLS/Sample_Stack_2021-03-16_128.hdf5", "/entry1/counter0/data", "1,10:40,::3"},
        {"dawn-scisoft-core/NexusDiffractionTest/i22-119583-Pilatus2M.h5", "/entry/instrument/detector/data",
            "0,0,800:900,400:600"},
        {"httomo/k11_diad/k11-18014.nxs", "/entry/imaging/data", "100:3000:250,5,:"},
        {"h5py/compound-dtype-complex.h5", "/<c8", ""},
        {"h5py/compound-dtype-complex.h5", "/>c16", ""},
        {"dawn-scisoft-core/NexusLoaderTest/strings1d.h5", "/path", ""},
        {"nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5", "/entry/end_time", ""},
        {"jhdf/test_scalar_empty_datasets_latest.hdf5", "/scalar_float_32", ""},
    };

    private static final String COMPARE = """
            import json, sys
            import h5py, numpy as np
            try:
                import hdf5plugin
            except ImportError:
                pass
            bad = []
            for f, path, sl, npy in json.load(open(sys.argv[1])):
                d = h5py.File(f, 'r')[path]
                whole = d[()]
                expect = eval('whole[%s]' % sl) if sl else whole  # NumPy slicing (h5py has no negative steps)
                got = np.load(npy)
                if expect.dtype.kind == 'O':
                    expect = np.array([x.decode() if isinstance(x, bytes) else x for x in np.ravel(expect)],
                                      dtype=str).reshape(np.shape(expect))
                if got.dtype != expect.dtype:
                    bad.append('%s %s [%s]: dtype %s vs %s' % (f, path, sl, got.dtype.str, expect.dtype.str))
                elif got.shape != np.shape(expect) or not np.array_equal(got, expect,
                                                                        equal_nan=got.dtype.kind in 'fc'):
                    bad.append('%s %s [%s]: values/shape %s vs %s' % (f, path, sl, got.shape, np.shape(expect)))
            print(json.dumps(bad))
            """;

    @Test
    void npyMatchesH5pyForRealDatasetsAndSlices(@TempDir Path tmp) throws IOException {
        List<List<String>> jobs = new ArrayList<>();
        int i = 0;
        for (String[] c : CASES) {
            Path file = TestSupport.data(c[0]);
            Path out = tmp.resolve("out" + (i++) + ".npy");
            List<String> args = new ArrayList<>(List.of("get", file.toString(), c[1], "--out", out.toString()));
            if (!c[2].isEmpty()) {
                args.add("--slice");
                args.add(c[2]);
            }
            TestSupport.Run run = TestSupport.h5(args.toArray(new String[0]));
            assertNull(run.error(), () -> c[0] + " " + c[1] + ": " + run.error());
            assertEquals(0, run.code());
            assertTrue(Files.size(out) > 0);
            jobs.add(List.of(file.toString(), c[1], c[2], out.toString()));
        }
        Path list = tmp.resolve("jobs.json");
        Files.writeString(list, org.daybreak.core.json.Json.write(jobs));
        String result = TestSupport.python(tmp, COMPARE, list.toString()).strip();
        assertEquals("[]", result);
    }

    private static RuntimeException fails(String... args) {
        TestSupport.Run run = TestSupport.h5(args);
        assertNotNull(run.error(), "expected a failure for " + String.join(" ", args));
        assertTrue(run.error() instanceof InputException || run.error() instanceof UsageException,
                run.error().getClass() + ": " + run.error().getMessage());
        String m = run.error().getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        return run.error();
    }

    @Test
    void badFilesAreOneLineNamingTheFileAndReason(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("x.npy");
        Path missing = tmp.resolve("missing.h5");
        assertTrue(fails("get", missing.toString(), "/a", "--out", out.toString()).getMessage().contains("missing.h5"));
        Path empty = Files.createFile(tmp.resolve("empty.h5"));
        assertTrue(fails("tree", empty.toString()).getMessage().contains("empty"));
        Path text = Files.writeString(tmp.resolve("notes.h5"), "this is not HDF5\n".repeat(100));
        assertTrue(fails("tree", text.toString()).getMessage().contains("not an HDF5 file"));
        byte[] real = Files.readAllBytes(TestSupport.data("nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5"));
        Path truncated = Files.write(tmp.resolve("truncated.h5"), java.util.Arrays.copyOf(real, real.length / 2));
        assertTrue(fails("tree", truncated.toString()).getMessage().contains("truncated"));
        Path tiny = Files.write(tmp.resolve("tiny.h5"), java.util.Arrays.copyOf(real, 12));
        assertTrue(fails("tree", tiny.toString()).getMessage().contains("tiny.h5"));
        byte[] corrupt = real.clone();
        for (int k = 100; k < 4000; k++) {
            corrupt[k] = (byte) (k * 31);
        }
        Path bad = Files.write(tmp.resolve("corrupt.h5"), corrupt);
        assertTrue(fails("tree", bad.toString()).getMessage().contains("corrupt.h5"));
        assertFalse(Files.exists(out));
    }

    @Test
    void badPathsAndSlicesAreOneLine(@TempDir Path tmp) {
        String f = TestSupport.data("nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5").toString();
        String out = tmp.resolve("x.npy").toString();
        assertTrue(fails("get", f, "/entry/nothing", "--out", out).getMessage().contains("/entry/nothing"));
        assertTrue(fails("get", f, "/entry/data", "--out", out).getMessage().contains("not a dataset"));
        assertTrue(fails("get", f, "/entry/data/frames", "--slice", "0,0,0,0", "--out", out).getMessage()
                .contains("4 items"));
        assertTrue(fails("get", f, "/entry/data/frames", "--slice", "10", "--out", out).getMessage()
                .contains("out of range"));
        fails("get", f, "/entry/data/frames", "--slice", "a:b", "--out", out);
        fails("get", f, "/entry/data/frames");
        fails("get", f, "/entry/data/frames", "--out", out, "--bogus");
        fails("frobnicate", f);
        String dangling = TestSupport.data("dawn-scisoft-core/NexusLoaderTest/missinglink.h5").toString();
        assertTrue(fails("get", dangling, "/ext", "--out", out).getMessage().contains("missing.h5"));
        assertFalse(Files.exists(Path.of(out)));
    }

    @Test
    void szipChunksOfPyTablesAreDecoded(@TempDir Path tmp) throws Exception {
        // PyTables' test_szip.h5: 40 x 20 int32 = 0..799, chunks of 20 x 10, szip with NN preprocessing and
        // scanlines (10 pixels) padded to two 8-pixel blocks
        String f = TestSupport.data("pytables/test_szip.h5").toString();
        Path out = tmp.resolve("x.npy");
        TestSupport.Run run = TestSupport.h5("get", f, "/dset_szip", "--out", out.toString());
        assertNull(run.error(), () -> String.valueOf(run.error()));
        assertEquals(0, run.code());
        org.daybreak.core.data.NDArray a = org.daybreak.core.io.Npy.read(out);
        assertEquals(List.of(40, 20), java.util.Arrays.stream(a.shape()).boxed().toList());
        int[] v = (int[]) a.data();
        for (int i = 0; i < v.length; i++) {
            assertEquals(i, v[i], "element " + i);
        }
    }

    @Test
    void lzoTablesOfPyTablesAreDecoded(@TempDir Path tmp) throws Exception {
        // PyTables' LZO test tables (h5py cannot read them without PyTables' filter): 100 rows (var3, var2, var1)
        // = (100 - i, i, "    "), also through byte shuffle; checked against python-lzo on the raw chunks
        for (String file : new String[] {"pytables/Tables_lzo1.h5", "pytables/Tables_lzo2_shuffle.h5"}) {
            for (String table : new String[] {"/tuple0", "/group0/tuple1", "/group0/group1/tuple2"}) {
                Path out = tmp.resolve("t.npy");
                TestSupport.Run run = TestSupport.h5("get", TestSupport.data(file).toString(), table, "--out",
                        out.toString());
                assertNull(run.error(), () -> file + table + ": " + run.error());
                assertTrue(Files.size(out) > 100 * 16);
                String[] rows;
                try (H5File h = H5File.open(TestSupport.data(file))) {
                    rows = (String[]) h.dataset(table).read().data();
                }
                assertEquals(100, rows.length);
                for (int i = 0; i < 100; i += 33) {
                    assertEquals("(" + (100.0 - i) + ", " + i + ",     )", rows[i], file + table + " row " + i);
                }
            }
        }
    }
}
