package org.daybreak.core.json;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesAndWritesPlainData() {
        Object v = Json.parse("{\"a\": [1, 2.5, \"x\\n\\u00e9\", true, null], \"b\": {\"c\": -3e2}, \"n\": NaN}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1L, 2.5, "x\né", true), ((List<?>) m.get("a")).subList(0, 4));
        assertEquals(-300.0, ((Map<?, ?>) m.get("b")).get("c"));
        assertTrue(Double.isNaN((Double) m.get("n")));
        assertEquals(v.toString(), Json.parse(Json.write(v)).toString());
        assertEquals(v.toString(), Json.parse(Json.pretty(v)).toString());
        assertEquals("[1,2]", Json.write(new int[] {1, 2}));
        assertEquals("3.0", Json.write(3.0));
    }

    @Test
    void reportsWhereTheTextIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": [1, }"));
        assertTrue(e.getMessage().contains("character"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
    }
}
