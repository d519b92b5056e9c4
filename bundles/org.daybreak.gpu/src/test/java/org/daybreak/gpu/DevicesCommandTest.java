package org.daybreak.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.daybreak.core.json.Json;
import org.junit.jupiter.api.Test;

class DevicesCommandTest {
    @Test
    void listsTheCpuAndTheGpusOrWhyNone() throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int rc = new DevicesCommand().run(List.of(), new PrintStream(o, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, rc);
        String text = o.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("CPU: "), text);
        GpuInventory inv = Gpus.inventory();
        if (inv.usable()) {
            assertTrue(text.contains("GPU 0: "), text);
        } else {
            assertTrue(text.contains("GPU: none (" + inv.reason() + ")"), text);
        }
    }

    @Test
    void json() throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        new DevicesCommand().run(List.of("--json"), new PrintStream(o, true, StandardCharsets.UTF_8), System.err);
        Map<String, Object> m = Json.parseObject(o.toString(StandardCharsets.UTF_8));
        assertTrue(m.get("cpu") instanceof Map);
        assertTrue(m.get("gpus") instanceof List);
        assertEquals(Gpus.inventory().status().name().toLowerCase(java.util.Locale.ROOT), m.get("status"));
    }
}
