package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.daybreak.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Soft, hard and external links, chains with cycles, dangling links, unreadable children and SWMR re-opening. */
class LinksTest {

    @Test
    void externalChainsResolveAndCyclesAreBrokenNotFatal() throws IOException {
        try (H5File f = H5File.open(TestSupport.data("dawn-scisoft-core/NexusLoaderTest/top.h5"))) {
            List<H5Node> kids = f.children("/");
            assertTrue(kids.size() > 5);
            H5Node bll0 = kids.stream().filter(n -> n.name().equals("bll0")).findFirst().orElseThrow();
            assertEquals(H5Node.Kind.EXTERNAL_LINK, bll0.kind());
            assertEquals("middle.h5", bll0.linkFile());
            assertFalse(bll0.isBroken());
            assertTrue(f.node("/bll0").isDataset() || f.node("/bll0").isGroup());
            for (H5Node n : kids) {
                if (n.name().startsWith("loop")) {
                    assertTrue(n.isBroken(), n + " should be a broken cycle");
                }
            }
        }
    }

    @Test
    void missingExternalFileIsABrokenEntry() throws IOException {
        try (H5File f = H5File.open(TestSupport.data("dawn-scisoft-core/NexusLoaderTest/missinglink.h5"))) {
            H5Node ext = f.children("/").stream().filter(n -> n.name().equals("ext")).findFirst().orElseThrow();
            assertTrue(ext.isBroken());
            assertTrue(ext.problem().contains("missing.h5"), ext.problem());
            IOException e = assertThrows(IOException.class, () -> f.dataset("/ext"));
            assertTrue(e.getMessage().contains("missing.h5"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void softLinksAndHardLinksInTree() {
        TestSupport.Run run = TestSupport.h5("tree",
                TestSupport.data("dawn-scisoft-core/NexusLoaderTest/testlinks.nxs").toString(), "--json");
        Map<String, Object> objects = (Map<String, Object>) Json.parseObject(run.out()).get("objects");
        long soft = objects.values().stream().filter(e -> "soft-link".equals(((Map<?, ?>) e).get("kind"))).count();
        assertTrue(soft > 0);
        Map<String, Object> el = (Map<String, Object>) objects.get("/d_el");
        assertEquals("external-link", el.get("kind"));
        assertEquals(Boolean.TRUE, el.get("resolves"));
    }

    @Test
    void virtualDatasetParentStillLists() throws IOException {
        try (H5File f = H5File.open(TestSupport.data("nexus-exampledata/DLS/i03_i04_NXmx/hdf5/Therm_6_2.nxs"))) {
            List<H5Node> kids = f.children("/entry/data");
            assertTrue(kids.stream().anyMatch(n -> n.name().equals("omega")));
            assertEquals(488, f.dataset("/entry/data/omega").read().size());
        }
    }

    @Test
    void swmrFileShowsNewFramesOnReopen(@TempDir Path tmp) throws IOException {
        String writer = """
                import sys, h5py, numpy as np
                f = h5py.File('swmr.h5', 'w', libver='latest')
                d = f.create_dataset('data', shape=(0, 4, 5), maxshape=(None, 4, 5), chunks=(1, 4, 5), dtype='<u2')
                f.swmr_mode = True
                d.resize((3, 4, 5)); d[:] = np.arange(60).reshape(3, 4, 5); d.flush()
                f.close()
                """;
        TestSupport.python(tmp, writer);
        Path file = tmp.resolve("swmr.h5");
        try (H5File f = H5File.open(file)) {
            assertEquals(3, f.dataset("/data").shape()[0]);
        }
        String append = """
                import h5py, numpy as np
                f = h5py.File('swmr.h5', 'a', libver='latest')
                d = f['data']; d.resize((5, 4, 5)); d[3:] = 7; f.close()
                """;
        TestSupport.python(tmp, append);
        try (H5File f = H5File.open(file)) {
            H5Dataset d = f.dataset("/data");
            assertEquals(5, d.shape()[0]);
            assertEquals(7.0, d.read("4,3,4").item());
            assertEquals(59.0, d.read("2,3,4").item());
        }
    }
}
