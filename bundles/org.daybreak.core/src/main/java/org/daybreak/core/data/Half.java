package org.daybreak.core.data;

/**
 * IEEE 754 binary16 conversions (round to nearest even when narrowing). NaNs keep their sign and payload both ways,
 * signalling ones included (the JDK's conversions quiet them: 0x7c01 came back as 0x7e01), so a float16 dataset
 * read and written again is bit for bit the same.
 */
public final class Half {
    private Half() {
    }

    /** Widens the 16 bits of a half float to a float; exact for every value, NaN payloads and infinities kept. */
    public static float toFloat(short bits) {
        if ((bits & 0x7c00) == 0x7c00 && (bits & 0x03ff) != 0) {
            int sign = (bits & 0x8000) << 16;
            return Float.intBitsToFloat(sign | 0x7f800000 | (bits & 0x03ff) << 13);
        }
        return Float.float16ToFloat(bits);
    }

    /**
     * Narrows a float to the nearest half float (round to nearest even); overflow gives infinity. A NaN keeps its
     * sign and the top 10 bits of its payload (a payload that would become zero gives the quiet NaN bit).
     */
    public static short fromFloat(float value) {
        if (Float.isNaN(value)) {
            int bits = Float.floatToRawIntBits(value);
            int payload = (bits >>> 13) & 0x03ff;
            if (payload == 0) {
                payload = 0x0200;
            }
            return (short) ((bits >>> 16 & 0x8000) | 0x7c00 | payload);
        }
        return Float.floatToFloat16(value);
    }
}
