package org.daybreak.plot.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.daybreak.core.data.NDArray;
import org.daybreak.corr.baseband.Baseband;
import org.daybreak.corr.baseband.BasebandReader;
import org.junit.jupiter.api.Test;

/** The plot's data source reads a baseband recording's datasets (as the Data Browser lists them) lazily. */
class BasebandSourceTest {

    @Test
    void aVdifStreamIsPlottableAsALine() throws Exception {
        Path f = PlotPanelTest.file("radio/baseband/sample.vdif");
        try (DatasetSource s = DatasetSource.open(f, "/stream_1");
                BasebandReader r = Baseband.open(f, null)) {
            assertArrayEquals(new int[] {40000, 1, 2}, s.shape);
            assertEquals("<f4", s.dtypeText);
            // the real part of pol 0 along the samples: the decoded voltages of thread 1
            NDArray line = s.read(new int[] {0}, new int[] {0, 0, 0});
            assertEquals(40000, line.size());
            float[] all = r.read(0, 40000);
            int stride = r.info().sampleStride();
            for (int k = 0; k < 40000; k += 997) {
                assertEquals(all[k * stride + 2], line.getDouble(k), 0.0, "sample " + k);
            }
        }
    }

    @Test
    void aRecordingHasNoDefaultPlot() {
        Path f = PlotPanelTest.file("radio/baseband/sample.dada");
        IOException e = assertThrows(IOException.class, () -> DatasetSource.open(f, null));
        assertTrue(e.getMessage().contains("baseband recording"), e.getMessage());
        e = assertThrows(IOException.class, () -> DatasetSource.open(f, "/stream_9"));
        assertTrue(e.getMessage().contains("'/stream_9' is not one"), e.getMessage());
    }
}
