package org.daybreak.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import org.daybreak.core.json.Json;
import org.daybreak.hdf5.nexus.DataExchange;
import org.daybreak.hdf5.nexus.NXtomo;
import org.daybreak.hdf5.nexus.NexusData;
import org.junit.jupiter.api.Test;

/** The default plot and the NXtomo paths of real NeXus files (expected values read from the files with h5py). */
class NexusTest {

    private static NexusData find(String file) throws IOException {
        try (H5File f = H5File.open(TestSupport.data(file))) {
            return NexusData.findDefault(f).orElseThrow();
        }
    }

    @Test
    void defaultChainWithAxesAndIndices() throws IOException {
        NexusData d = find("nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5");
        assertEquals("/entry/data", d.groupPath());
        assertEquals("/entry/data/frames", d.signalPath());
        assertEquals(Arrays.asList("/entry/data/sample_times", "/entry/data/vertical", "/entry/data/horizontal"),
                d.axisPaths());
    }

    @Test
    void unitsAndLongNames() throws IOException {
        try (H5File f = H5File.open(TestSupport.data("nexpy/chopper.nxs"))) {
            NexusData d = NexusData.findDefault(f).orElseThrow();
            assertEquals("/entry/data/data", d.signalPath());
            assertEquals(Arrays.asList("/entry/data/polar_angle", "/entry/data/time_of_flight"), d.axisPaths());
            assertEquals("counts", d.units(d.signalPath()));
            assertEquals("microseconds", d.units("/entry/data/time_of_flight"));
            assertEquals("Polar Angle [degrees]", d.longName("/entry/data/polar_angle"));
        }
    }

    @Test
    void oldStyleSignalAndAxisAttributes() throws IOException {
        NexusData d = find("nexus-exampledata/hdf5/writer_1_3.h5");
        assertEquals("/Scan/data/counts", d.signalPath());
        assertEquals(Arrays.asList("/Scan/data/two_theta"), d.axisPaths());
        NexusData x = find("dawn-scisoft-core/NexusLoaderTest/FeKedge_1_15.nxs");
        assertEquals("/entry1/xspress2system/data", x.signalPath());
        assertEquals("/entry1/xspress2system/Energy", x.axisPaths().get(0));
        NexusData niac = find("nexus-exampledata/hdf5/writer_1_3__niac2014.h5");
        assertEquals("/Scan/data/counts", niac.signalPath());
        assertEquals(Arrays.asList("/Scan/data/two_theta"), niac.axisPaths());
    }

    @Test
    void dotsMeanNoAxisAndBrokenSignalsKeepTheirAxes() throws IOException {
        NexusData d = find("savu/mm.nxs");
        assertEquals(4, d.axisPaths().size());
        assertNull(d.axisPaths().get(2));
        NexusData p45 = find("nexus-exampledata/DLS/p45/hdf5/p45-1168.nxs");
        // no @default: the first NXdata in h5py's (name) order, "mic" before "mic_total"
        assertEquals("/entry/mic/data", p45.signalPath());
        assertEquals("/entry/mic/stagey_value_set", p45.axisPaths().get(0));
        assertNull(p45.axisPaths().get(3));
    }

    @Test
    void nexusCommandJson() {
        TestSupport.Run run = TestSupport.h5("nexus",
                TestSupport.data("nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5").toString(), "--json");
        assertNull(run.error());
        Map<String, Object> doc = Json.parseObject(run.out());
        assertEquals("/entry/data/frames", doc.get("signal"));
        assertEquals(3, ((java.util.List<?>) doc.get("axes")).size());
        TestSupport.Run text = TestSupport.h5("nexus",
                TestSupport.data("nexus-exampledata/APS/NXsas/hdf5/nexus-example.hdf5").toString());
        assertTrue(text.out().contains("signal: /entry/data/frames"), text.out());
        assertTrue(text.out().contains("axis 2: /entry/data/horizontal"), text.out());
    }

    @Test
    void nxtomoPathsDiadAndGda() throws IOException {
        try (H5File f = H5File.open(TestSupport.data("httomo/k11_diad/k11-18014.nxs"))) {
            NXtomo t = NXtomo.find(f).orElseThrow();
            assertEquals("/entry/imaging/data", t.dataPath());
            assertTrue(t.dataResolves());
            assertEquals(3201, f.dataset(t.dataPath()).shape()[0]);
            assertEquals(3201, f.dataset(t.imageKeyPath()).shape()[0]);
            assertEquals(3201, f.dataset(t.rotationAnglePath()).shape()[0]);
            double[] keys = f.dataset(t.imageKeyPath()).read().toDoubleArray();
            long darks = java.util.Arrays.stream(keys).filter(k -> k == 2).count();
            long flats = java.util.Arrays.stream(keys).filter(k -> k == 1).count();
            assertEquals(100, darks);
            assertEquals(100, flats);
            assertEquals(3001, keys.length - darks - flats);
        }
        try (H5File f = H5File.open(TestSupport.data("savu/24888.nxs"))) {
            NXtomo t = NXtomo.find(f).orElseThrow();
            assertEquals("/entry1/tomo_entry/instrument/detector/image_key", t.imageKeyPath());
            assertEquals("/entry1/tomo_entry/sample/rotation_angle", t.rotationAnglePath());
            assertEquals("/entry1/tomo_entry/data/data", t.dataPath());
            assertFalse(t.dataResolves());
            assertEquals(111, f.dataset(t.rotationAnglePath()).shape()[0]);
        }
    }

    @Test
    void dataExchangeLayout() throws IOException {
        try (H5File f = H5File.open(TestSupport.data("tomopy/tooth.h5"))) {
            DataExchange d = DataExchange.find(f).orElseThrow();
            assertEquals("/exchange/data_white", d.flatPath());
            assertEquals("/exchange/data_dark", d.darkPath());
            assertEquals(181, f.dataset(d.thetaPath()).shape()[0]);
            assertEquals(java.util.List.of(181, 2, 640), java.util.Arrays.stream(f.dataset(d.dataPath()).shape())
                    .boxed().toList());
        }
        try (H5File f = H5File.open(TestSupport.data("savu/24888.nxs"))) {
            assertTrue(DataExchange.find(f).isEmpty());
        }
    }
}
