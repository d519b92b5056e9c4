package org.daybreak.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.daybreak.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daybreak module against h5py and NumPy on real files: the same quantities (shapes, types, slabs with
 * steps and negative indices, reductions along axes, broadcasting, type promotion) are computed by a Python 3
 * peer ({@code peers/checks_numpy.py}, run by /usr/bin/python3) and by Jython ({@code peers/checks_daybreak.py}),
 * each printing one JSON object; the objects must agree (floats to 1e-6 relative, the precision of float32 means).
 */
class NumpyComparisonTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = NumpyComparisonTest.class.getResourceAsStream("/peers/" + name)) {
            if (in == null) {
                fail("test resource peers/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void daybreakAgreesWithNumpyAndH5py(@TempDir Path dir) throws Exception {
        Path data = TestPaths.testdata();
        Path numpyScript = dir.resolve("checks_numpy.py");
        Path jythonScript = dir.resolve("checks_daybreak.py");
        Files.writeString(numpyScript, resource("checks_numpy.py"));
        Files.writeString(jythonScript, resource("checks_daybreak.py"));

        Process p = new ProcessBuilder(TestPaths.python().toString(), numpyScript.toString(), data.toString())
                .redirectErrorStream(true).start();
        String numpyOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "the NumPy peer failed:\n" + numpyOut);

        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        int code;
        try (ScriptSession s = ScriptSession.create(new ScriptSession.Options().out(out::append).err(err::append)
                .importDaybreak(false))) {
            code = s.runFile(jythonScript, List.of(data.toString())).get(300, TimeUnit.SECONDS);
        }
        assertEquals(0, code, "the daybreak script failed:\n" + err);

        Map<String, Object> expected = Json.parseObject(lastLine(numpyOut));
        Map<String, Object> actual = Json.parseObject(lastLine(out.toString()));
        assertEquals(expected.keySet(), actual.keySet());
        for (String key : expected.keySet()) {
            compare(key, expected.get(key), actual.get(key));
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static void compare(String where, Object e, Object a) {
        if (e instanceof List<?> le) {
            assertTrue(a instanceof List<?>, where + ": expected a list, got " + a);
            List<?> la = (List<?>) a;
            assertEquals(le.size(), la.size(), where + ": length");
            for (int i = 0; i < le.size(); i++) {
                compare(where + "[" + i + "]", le.get(i), la.get(i));
            }
        } else if (e instanceof Number ne) {
            assertTrue(a instanceof Number, where + ": expected a number, got " + a);
            double x = ne.doubleValue();
            double y = ((Number) a).doubleValue();
            assertEquals(x, y, Math.abs(x) * 1e-6 + 1e-12, where);
        } else {
            assertEquals(e, a, where);
        }
    }
}
