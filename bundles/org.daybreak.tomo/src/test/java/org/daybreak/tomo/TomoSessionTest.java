package org.daybreak.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.job.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Tomography view's session on the tooth scan (DataExchange, 181 projections of 2 x 640), without a display. */
class TomoSessionTest {

    @Test
    void opensTheScanAndDescribesIt() {
        try (TomoSession s = TomoSession.open(TestData.file("tomopy/tooth.h5"), null)) {
            assertEquals(181, s.projections());
            assertEquals(2, s.rows());
            assertEquals(640, s.columns());
            assertTrue(s.summary().contains("181 projections"), s.summary());
            assertTrue(s.summary().contains("10 flat frame(s)"), s.summary());
            assertEquals(2 * 640, s.projection(0).length);
            assertEquals(1, s.previewStep());
            assertArrayEquals(new int[] {2, 640}, s.previewShape());
            assertEquals(181 * 640, s.sinogram(0, false).length);
            assertThrows(IllegalArgumentException.class, () -> s.sinogram(2, false));
        }
    }

    @Test
    void centreAndSliceOfOneRow() {
        try (TomoSession s = TomoSession.open(TestData.file("tomopy/tooth.h5"), null)) {
            double centre = s.findCentre(0, false);
            assertTrue(centre > 260 && centre < 340, "centre " + centre);
            TomoSession.Settings fbp = new TomoSession.Settings(centre, FbpFilter.values()[0], "FBP", 1, false);
            assertEquals("fbp", fbp.algorithm());
            assertEquals(640 * 640, s.reconstruct(0, fbp, 2).length);
            double[] c = s.candidates(300, 310, 5);
            assertArrayEquals(new double[] {300, 305, 310}, c, 1e-9);
            assertEquals(3, s.search(0, c, FbpFilter.values()[0], false, 2).centres().length);
        }
    }

    @Test
    void badInputIsOneClearSentence(@TempDir Path tmp) {
        assertThrows(InputException.class, () -> TomoSession.open(tmp, null));
        assertThrows(IllegalArgumentException.class,
                () -> new TomoSession.Settings(1, FbpFilter.values()[0], "art", 1, false));
        try (TomoSession s = TomoSession.open(TestData.file("tomopy/tooth.h5"), null)) {
            assertTrue(assertThrows(InputException.class, () -> s.checkCentre(700)).getMessage()
                    .contains("outside the detector"));
            assertThrows(InputException.class, () -> s.candidates(0, 1000, 1));
            TomoSession.Settings fbp = new TomoSession.Settings(320, FbpFilter.values()[0], "fbp", 1, false);
            assertThrows(InputException.class, () -> s.volumeJob(tmp.resolve("v.h5"), 0, 3, fbp));
            assertThrows(InputException.class, () -> s.volumeJob(tmp.resolve("v.tif"), 0, 2, fbp));
        }
    }

    @Test
    void volumeJobHasTheReconJobParameters(@TempDir Path tmp) {
        try (TomoSession s = TomoSession.open(TestData.file("tomopy/tooth.h5"), null)) {
            TomoSession.Settings sirt = new TomoSession.Settings(320.5, FbpFilter.values()[0], "sirt", 20, true);
            JobSpec spec = s.volumeJob(tmp.resolve("v.h5"), 0, 2, sirt);
            assertEquals(ReconJob.KIND, spec.kind());
            assertEquals("320.5000", spec.params().get("center"));
            assertEquals(20, spec.params().get("iterations"));
            assertEquals("0:2", spec.params().get("slices"));
            assertEquals("sorting", spec.params().get("ring_removal"));
            assertEquals(TomoSession.RING_SIZE, spec.params().get("ring_size"));
            assertEquals(s.input().toString(), spec.inputs().get("scan"));
            assertEquals(TomoSession.filterNames().size(), FbpFilter.values().length);
        }
    }
}
