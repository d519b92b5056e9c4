package org.daybreak.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.daybreak.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** daybreak.load / daybreak.save: the tree, lazy datasets, and files written by daybreak read back by h5py. */
class FilesTest {
    private static ScriptSession session;
    private static final StringBuffer OUT = new StringBuffer();

    @BeforeAll
    static void start() {
        session = ScriptSession.create(new ScriptSession.Options().out(OUT::append).err(OUT::append));
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Test
    void savedFilesReadBackWithH5py(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("saved.h5");
        session.exec("a = daybreak.arange(12).reshape(3, 4)\n"
                + "daybreak.save(r'" + file + "', {'counts': a.astype('uint16'), 'entry/data/signal': a * 0.5,\n"
                + "    'entry': {'flags': a > 5, 'label': 'sample A'}, 'f32': daybreak.linspace(0, 1, 3, dtype='float32')},\n"
                + "    attrs={'entry': {'NX_class': 'NXentry'}, 'entry/data/signal': {'units': 'counts', 'scale': 2}})\n").get();
        String script = "import h5py, json, sys\n"
                + "f = h5py.File(sys.argv[1], 'r')\n"
                + "r = {}\n"
                + "def visit(name, o):\n"
                + "    if isinstance(o, h5py.Dataset):\n"
                + "        v = o[()]\n"
                + "        r[name] = [str(o.dtype), list(o.shape), v.decode() if isinstance(v, bytes) else (v.tolist() if hasattr(v, 'tolist') else v)]\n"
                + "f.visititems(visit)\n"
                + "a = lambda x: x.decode() if isinstance(x, bytes) else (x.item() if hasattr(x, 'item') else x)\n"
                + "r['attrs'] = [a(f['entry'].attrs['NX_class']), a(f['entry/data/signal'].attrs['units']), a(f['entry/data/signal'].attrs['scale'])]\n"
                + "print(json.dumps(r, sort_keys=True, default=lambda b: b.decode()))\n";
        Process p = new ProcessBuilder(TestPaths.python().toString(), "-c", script, file.toString())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), text);
        Map<String, Object> r = Json.parseObject(text.strip());
        assertEquals(List.of("uint16", List.of(3L, 4L), List.of(List.of(0L, 1L, 2L, 3L), List.of(4L, 5L, 6L, 7L),
                List.of(8L, 9L, 10L, 11L))), normalize(r.get("counts")));
        assertEquals(List.of("float64", List.of(3L, 4L)), ((List<?>) normalize(r.get("entry/data/signal"))).subList(0, 2));
        assertEquals(5.5, ((Number) ((List<?>) ((List<?>) ((List<?>) r.get("entry/data/signal")).get(2)).get(2)).get(3))
                .doubleValue());
        assertEquals("float32", ((List<?>) r.get("f32")).get(0));
        assertEquals(List.of("NXentry", "counts", 2L), normalize(r.get("attrs")));
        // H5Writer stores BOOL as uint8 0/1 (HDF5 has no boolean type; h5py writes numpy bools as an enum)
        assertEquals(List.of("uint8", List.of(3L, 4L), List.of(List.of(0L, 0L, 0L, 0L), List.of(0L, 0L, 1L, 1L),
                List.of(1L, 1L, 1L, 1L))), normalize(r.get("entry/flags")));
        assertEquals(List.of("sample A"), ((List<?>) r.get("entry/label")).get(2));
    }

    private static Object normalize(Object o) {
        if (o instanceof List<?> l) {
            return l.stream().map(FilesTest::normalize).toList();
        }
        if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !(o instanceof Double)) {
            return n.longValue();
        }
        return o;
    }

    @Test
    void treeLazyDatasetsAndNexusDefault() throws Exception {
        Path data = TestPaths.testdata();
        session.exec("f = daybreak.load(r'" + data.resolve("nexus-exampledata/hdf5/simple3D.h5") + "')\n"
                + "tree = f.tree_text()\n"
                + "g = daybreak.load(r'" + data.resolve("nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5") + "')\n"
                + "d = g['entry/data/frames']\n"
                + "nx = g.default()\n").get();
        String tree = (String) session.eval("tree").get();
        assertTrue(tree.startsWith("/\n"), tree);
        assertEquals(List.of(10, 195, 487), session.eval("list(d.shape)").get());
        assertEquals("int32", session.eval("d.dtype").get());
        assertEquals("<Dataset \"/entry/data/frames\": shape (10, 195, 487), type int32>", session.eval("repr(d)").get());
        assertEquals(List.of(1, 3), session.eval("list(d[0, None, 5, 7:10].shape)").get());
        assertEquals(Boolean.TRUE, session.eval("(d[0, None, 5, 7:10][0] == d[0, 5, 7:10]).all()").get());
        assertEquals(Boolean.TRUE, session.eval("d[2, 3, 4] == d[2][3][4] == d[2][3, 4]").get());
        assertEquals("/entry/data/frames", session.eval("nx.signal.name").get());
        assertEquals(List.of("/entry/data/sample_times", "/entry/data/vertical", "/entry/data/horizontal"),
                session.eval("[a.name for a in nx.axes]").get());
        assertEquals(Boolean.TRUE, session.eval("'data' in g['entry'] and 'nothing' not in g['entry']").get());
        assertEquals(Boolean.TRUE, session.eval("g['/entry'].attrs['NX_class'] == 'NXentry'").get());
        ScriptException e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> session.exec("d[10]").get()).getCause() instanceof ScriptException se ? se : null;
        assertEquals("ValueError", e.pythonType());
        assertTrue(e.getMessage().contains("index 10 is out of range for axis 0 with size 10"), e.getMessage());
    }
}
