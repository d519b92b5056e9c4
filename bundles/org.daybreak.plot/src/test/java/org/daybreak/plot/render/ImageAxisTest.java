package org.daybreak.plot.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.daybreak.core.data.NDArray;
import org.junit.jupiter.api.Test;

class ImageAxisTest {

    @Test
    void centreValuesGiveMidpointEdges() {
        ImageAxis a = new ImageAxis(NDArray.of(new double[] {10, 20, 30}, 3), 3);
        assertTrue(a.usesValues());
        assertEquals(3, a.pixels());
        assertEquals(5, a.start(), 1e-12);
        assertEquals(35, a.end(), 1e-12);
        assertEquals(20, a.centre(1), 1e-12);
        assertEquals(1.5, a.position(20), 1e-12);
        assertEquals(1.5, a.positionOf(20), 1e-12);
    }

    @Test
    void outsideTheAxisPositionExtrapolatesAndPositionOfIsNaN() {
        ImageAxis a = new ImageAxis(NDArray.of(new double[] {0, 1, 2, 3}, 4), 3);
        assertEquals(4, a.position(4), 1e-12);
        assertTrue(Double.isNaN(a.positionOf(4)));
        assertEquals(-1, a.position(-1), 1e-12);
        assertEquals(-1, a.value(-1), 1e-12);
    }

    @Test
    void decreasingValuesAreKept() {
        ImageAxis a = new ImageAxis(NDArray.of(new double[] {3, 2, 1}, 3), 3);
        assertTrue(a.usesValues());
        assertEquals(0.5, a.position(3), 1e-12);
        assertEquals(1, a.centre(2), 1e-12);
    }

    @Test
    void badValuesFallBackToPixelIndices() {
        for (NDArray bad : new NDArray[] {null, NDArray.of(new double[] {0, 2, 1}, 3),
                NDArray.of(new double[] {0, 1}, 2), NDArray.of(new double[] {0, 1, Double.POSITIVE_INFINITY}, 3),
                NDArray.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3)}) {
            ImageAxis a = new ImageAxis(bad, 3);
            assertFalse(a.usesValues());
            assertEquals(2, a.centre(2), 1e-12);
        }
    }

    @Test
    void ticksAreRoundAndFormatIsShort() {
        assertEquals(6, ImageAxis.ticks(0, 1, 5).size());
        assertEquals(0.0, ImageAxis.ticks(1, 0, 5).get(0));
        assertTrue(ImageAxis.ticks(1, 1, 5).isEmpty());
        assertEquals("12", ImageAxis.format(12));
        assertEquals("0.25", ImageAxis.format(0.25));
        assertEquals("1235", ImageAxis.format(1234.6));
        assertEquals("1.00e-05", ImageAxis.format(1e-5));
    }
}
