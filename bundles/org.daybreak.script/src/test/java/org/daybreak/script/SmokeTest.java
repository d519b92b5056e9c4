package org.daybreak.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void arrays() throws Exception {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        try (ScriptSession s = ScriptSession.create(new ScriptSession.Options().out(out::append).err(err::append))) {
            s.exec("a = daybreak.arange(12).reshape(3, 4)\nprint a\nprint repr(a[1:, ::2] * 2.5)\nprint a.sum(axis=0), a.mean()\n"
                + "b = daybreak.array([[1.5, 2], [3, 4]], dtype='float32')\nprint repr(b), b.dtype, b.shape\nprint repr(b > 2)\n").get();
            System.out.println(out);
            System.out.println(err);
        }
    }
}
