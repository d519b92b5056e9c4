package org.daybreak.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch fit results written to HDF5 and read back a map at a time. */
class FitResultsH5Test {
    @TempDir
    Path dir;

    private static FitResult result(double slope, double intercept, boolean ok) {
        return new FitResult(List.of("slope", "intercept"), new double[] {slope, intercept},
                new double[] {0.1, 0.2}, slope * 2, slope, 0.9, 5, 6, 10, 2, ok, "done", Map.of());
    }

    @Test
    void writtenMapsReadBackAsImages() throws IOException {
        Model linear = Model.parse("linear");
        FitResult[] results = new FitResult[6];
        for (int t = 0; t < 6; t++) {
            results[t] = result(t, 10 + t, t != 4);
        }
        Path file = dir.resolve("maps.h5");
        FitResultsH5.write(file, linear, results, new int[] {2, 3}, "test");
        NDArray slope = FitResultsH5.readMap(file, "slope");
        assertArrayEquals(new int[] {2, 3}, slope.shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, slope.toDoubleArray(), 0);
        assertArrayEquals(new double[] {1, 1, 1, 1, 0, 1}, FitResultsH5.readMap(file, "success").toDoubleArray(), 0);
        assertEquals(0.2, FitResultsH5.readMap(file, "intercept_stderr").toDoubleArray()[5], 0);
        assertThrows(IOException.class, () -> FitResultsH5.readMap(dir.resolve("missing.h5"), "slope"));
    }

    @Test
    void oneDimensionalResultsAreOneRowAndHigherOnesTheFirstImage() throws IOException {
        Model linear = Model.parse("linear");
        FitResult[] results = new FitResult[8];
        for (int t = 0; t < 8; t++) {
            results[t] = result(t, 0, true);
        }
        Path row = dir.resolve("row.h5");
        FitResultsH5.write(row, linear, results, new int[] {8}, "test");
        assertArrayEquals(new int[] {1, 8}, FitResultsH5.readMap(row, "slope").shape());
        Path cube = dir.resolve("cube.h5");
        FitResultsH5.write(cube, linear, results, new int[] {2, 2, 2}, "test");
        NDArray first = FitResultsH5.readMap(cube, "slope");
        assertArrayEquals(new int[] {2, 2}, first.shape());
        assertArrayEquals(new double[] {0, 1, 2, 3}, first.toDoubleArray(), 0);
    }

    @Test
    void mapNamesListParametersDerivedErrorsAndStatistics() {
        List<String> names = FitResultsH5.mapNames(Model.parse("gaussian+linear"));
        assertTrue(names.indexOf("p1_center") >= 0 && names.indexOf("p1_center") < names.indexOf("p1_center_stderr"));
        assertTrue(names.contains("p1_fwhm"), names.toString());
        assertTrue(names.containsAll(FitResultsH5.STATISTICS));
        assertEquals("success", names.get(names.size() - 1));
        assertEquals(names.size(), names.stream().distinct().count());
    }
}
