package org.daybreak.plot.ui;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;

import org.daybreak.core.data.NDArray;
import org.daybreak.fits.FitsFile;
import org.junit.jupiter.api.Test;

/** The plot's data source reads FITS datasets (the MWA UVFITS file) as it reads HDF5 ones. */
class FitsSourceTest {

    @Test
    void aUvfitsColumnAndTheGroupParametersArePlottable() throws Exception {
        Path f = PlotPanelTest.file("radio/pyuvdata/1061316296.uvfits");
        try (DatasetSource s = DatasetSource.open(f, "/PRIMARY/group_parameters");
                FitsFile fits = FitsFile.open(f)) {
            assertArrayEquals(new int[] {16256, 11}, s.shape);
            assertEquals("<f8", s.dtypeText);
            NDArray image = s.read(new int[] {0, 1}, new int[] {0, 0});
            NDArray expected = fits.dataset("/PRIMARY/group_parameters").read();
            assertTrue(expected.contentEquals(image), "the image is the dataset");
            assertNull(s.axisValues(0), "FITS datasets have no NeXus axes");
        }
        try (DatasetSource s = DatasetSource.open(f, "/AIPS AN/STABXYZ")) {
            assertArrayEquals(new int[] {128, 3}, s.shape);
            NDArray column = s.read(new int[] {0}, new int[] {0, 2});
            assertEquals(128, column.size());
        }
    }

    @Test
    void aFitsFileHasNoDefaultPlotAndTextIsRefused() {
        Path f = PlotPanelTest.file("radio/pyuvdata/1061316296.uvfits");
        IOException e = assertThrows(IOException.class, () -> DatasetSource.open(f, null));
        assertTrue(e.getMessage().contains("double-click one of its datasets"), e.getMessage());
        e = assertThrows(IOException.class, () -> DatasetSource.open(f, "/AIPS AN/ANNAME"));
        assertTrue(e.getMessage().contains("not numbers"), e.getMessage());
    }
}
