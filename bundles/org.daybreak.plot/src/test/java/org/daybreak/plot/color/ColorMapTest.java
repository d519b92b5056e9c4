package org.daybreak.plot.color;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ColorMapTest {

    @Test
    void allMapsAndTheirReversesExist() {
        List<String> names = ColorMap.names();
        for (String base : List.of("gray", "viridis", "inferno", "magma", "turbo")) {
            assertTrue(names.contains(base), base);
            assertTrue(names.contains(base + "_r"), base + "_r");
            ColorMap m = ColorMap.get(base);
            ColorMap r = ColorMap.get(base + "_r");
            for (int i = 0; i < 256; i++) {
                assertEquals(m.argb(i), r.argb(255 - i));
                assertEquals(0xFF, m.argb(i) >>> 24);
            }
            assertEquals(r, m.reversed());
            assertEquals(m, r.reversed());
        }
        assertEquals(10, names.size());
    }

    @Test
    void knownEntriesMatchMatplotlib() {
        // matplotlib 3.6 tables rounded: viridis(0) = (68, 1, 84), viridis(255) = (253, 231, 37), round(255 viridis(128)) = (33, 145, 140)
        assertEquals(0xFF440154, ColorMap.get("viridis").argb(0));
        assertEquals(0xFFFDE725, ColorMap.get("viridis").argb(255));
        assertEquals(0xFF21918C, ColorMap.get("viridis").argb(128));
        // inferno and magma start at (0, 0, 4); turbo starts dark blue (48, 18, 59)
        assertEquals(0xFF000004, ColorMap.get("inferno").argb(0));
        assertEquals(0xFF000004, ColorMap.get("magma").argb(0));
        assertEquals(0xFF30123B, ColorMap.get("turbo").argb(0));
        for (int i = 0; i < 256; i++) {
            assertEquals(0xFF000000 | i * 0x010101, ColorMap.get("gray").argb(i), "gray " + i);
        }
        assertEquals(ColorMap.get("viridis").argb(255), ColorMap.get("viridis_r").argb(0));
    }

    @Test
    void positionPicksFloorOf256T() {
        ColorMap g = ColorMap.get("gray");
        assertEquals(0xFF000000, g.argbAt(-3));
        assertEquals(0xFF000000, g.argbAt(0.5 / 256));
        assertEquals(0xFF010101, g.argbAt(1.0 / 256));
        assertEquals(0xFFFFFFFF, g.argbAt(1.0));
        assertEquals(0xFFFFFFFF, g.argbAt(7));
    }

    @Test
    void unknownNameIsOneClearSentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColorMap.get("jet"));
        assertTrue(e.getMessage().startsWith("unknown colour map 'jet'"), e.getMessage());
        assertTrue(e.getMessage().contains("viridis_r"), e.getMessage());
        assertEquals("viridis", ColorMap.get("VIRIDIS").name());
    }
}
