package org.daybreak.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every half-float bit pattern survives widening and narrowing, NaN payloads (signalling ones too) included. */
class HalfTest {

    @Test
    void everyBitPatternRoundTrips() {
        int changed = 0;
        for (int h = 0; h < 65536; h++) {
            float[] stored = {Half.toFloat((short) h)}; // as an NDArray holds it
            if ((Half.fromFloat(stored[0]) & 0xffff) != h) {
                changed++;
            }
        }
        assertEquals(0, changed, "half-float bit patterns changed by a round trip");
    }

    @Test
    void valuesAgreeWithTheJdkOutsideNaN() {
        for (int h = 0; h < 65536; h++) {
            float jdk = Float.float16ToFloat((short) h);
            if (!Float.isNaN(jdk)) {
                assertEquals(Float.floatToRawIntBits(jdk), Float.floatToRawIntBits(Half.toFloat((short) h)), "0x"
                        + Integer.toHexString(h));
            }
        }
        for (float f : new float[] {0f, -0f, 1e-8f, 65504f, 65520f, 1e6f, -3.14159f, Float.MIN_VALUE}) {
            assertEquals(Float.floatToFloat16(f), Half.fromFloat(f), Float.toString(f));
        }
    }
}
