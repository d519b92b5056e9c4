package org.daybreak.core.data;

/** IEEE 754 binary16 conversions (round to nearest even when narrowing). */
public final class Half {
    private Half() {
    }

    /** Widens the 16 bits of a half float to a float; exact for every value, NaN and infinities kept. */
    public static float toFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    /** Narrows a float to the nearest half float (round to nearest even); overflow gives infinity. */
    public static short fromFloat(float value) {
        return Float.floatToFloat16(value);
    }
}
