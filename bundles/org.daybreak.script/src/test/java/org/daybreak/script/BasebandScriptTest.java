package org.daybreak.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** daybreak.corr.open on the real VDIF and GUPPI samples: info, lazy slicing, codes, spectrum. */
class BasebandScriptTest {
    private static ScriptSession session;
    private static final StringBuffer OUT = new StringBuffer();

    @BeforeAll
    static void start() {
        session = ScriptSession.create(new ScriptSession.Options().out(OUT::append).err(OUT::append));
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    private static Object eval(String e) throws Exception {
        return session.eval(e).get();
    }

    @Test
    void openSliceAndSpectrum() throws Exception {
        String dir = TestPaths.testdata().resolve("radio/baseband").toString();
        session.exec("import daybreak.corr\nv = daybreak.corr.open(r'" + dir + "/sample.vdif')").get();
        assertEquals("vdif", String.valueOf(eval("v.info['format']")));
        assertEquals(32e6, ((Number) eval("v.info['sample_rate']")).doubleValue());
        assertEquals("(40000, 8, 1, 2)", String.valueOf(eval("str(v.shape)")));
        // thread 0's first samples as the baseband package states them: -1, -1, 3, -1 (levels -1, -1, 3.3359, -1)
        assertEquals("[-1, -1, 3, -1]", String.valueOf(eval("str([int(x) for x in v[0:4, 0, 0, 0].tolist()])")));
        assertEquals("(2, 8, 1, 2)", String.valueOf(eval("str(v[19999:20001].shape)")));
        assertEquals("(8, 1, 2)", String.valueOf(eval("str(v[5].shape)")));
        assertEquals("[1, 1, 3, 1]", String.valueOf(eval("str([int(x) for x in v.codes(0, 4)[:, 0, 0, 0].tolist()])")));
        session.exec("f, p = v.spectrum(channels=64)").get();
        assertEquals("(8, 1, 64)", String.valueOf(eval("str(p.shape)")));
        assertEquals(0.25e6, ((Number) eval("float(f[1])")).doubleValue(), 1e-6); // channel k at k 32 MHz / 128
        assertTrue(((Number) eval("float(p.min())")).doubleValue() > 0);
        session.exec("g = daybreak.corr.open(r'" + dir + "/sample_puppi.raw')\nfg, pg = g.spectrum(channels=16)").get();
        assertEquals("(4, 2, 16)", String.valueOf(eval("str(pg.shape)")));
        assertEquals(-125.0, ((Number) eval("float(fg[0])")).doubleValue(), 1e-9); // (0 - 8) x 250 Hz / 16
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> session.exec("daybreak.corr.open(r'" + dir + "/sample.m4')").get());
        assertTrue(String.valueOf(e.getCause().getMessage()).contains("not a baseband file"), e.getCause().getMessage());
    }
}
