package org.daybreak.corr.baseband;

/**
 * Sample levels of the quantised formats: code (the unsigned integer read from the bits) -> voltage, in units of the
 * quantiser's threshold (VDIF, Mark 5B) or of the integer itself (DADA, GUPPI).
 *
 * <ul>
 * <li>VDIF, offset binary (VDIF specification 1.1.1, section "data encoding"): 1 bit: 0 -> -1, 1 -> +1. 2 bits:
 * 0, 1, 2, 3 -> -H, -1, +1, +H with H = {@link #OPTIMAL_2BIT_HIGH} = 3.3359, the high level that minimises the
 * quantisation loss for thresholds at +-1 sigma (Thompson, Moran &amp; Swenson, Interferometry and Synthesis in Radio
 * Astronomy, 3rd ed., section 8.3; the levels of mark5access and of the Python baseband package). 4 bits: (code -
 * 8) / 2.95. 8 bits: (code - 127.5) / 35.5.</li>
 * <li>Mark 5B (Mark 5B user's manual, bit-stream order sign then magnitude): 2 bits: 0, 1, 2, 3 -> -H, +1, -1, +H;
 * 1 bit: 0 -> +1, 1 -> -1 (a set bit is negative, as in mark5access).</li>
 * <li>DADA and GUPPI: two's-complement integers taken as they are (8-bit: -128..127; DADA 16-bit: -32768..32767).</li>
 * </ul>
 */
public final class Levels {
    /** High level of the optimal 4-level quantiser with thresholds at 0 and +-1 sigma. */
    public static final double OPTIMAL_2BIT_HIGH = 3.3359;

    private Levels() {
    }

    /** VDIF levels for {@code bits} = 1, 2, 4 or 8, indexed by code. */
    public static float[] vdif(int bits) {
        float h = (float) OPTIMAL_2BIT_HIGH;
        return switch (bits) {
            case 1 -> new float[] {-1f, 1f};
            case 2 -> new float[] {-h, -1f, 1f, h};
            case 4 -> table(16, c -> (c - 8) / 2.95);
            case 8 -> table(256, c -> (c - 127.5) / 35.5);
            default -> throw new IllegalArgumentException("VDIF with " + bits + " bits per sample is not supported"
                    + " (1, 2, 4 or 8)");
        };
    }

    /** Mark 5B levels for {@code bits} = 1 or 2, indexed by code. */
    public static float[] mark5b(int bits) {
        float h = (float) OPTIMAL_2BIT_HIGH;
        return switch (bits) {
            case 1 -> new float[] {1f, -1f};
            case 2 -> new float[] {-h, 1f, -1f, h};
            default -> throw new IllegalArgumentException("Mark 5B with " + bits + " bits per sample is not supported"
                    + " (1 or 2)");
        };
    }

    private static float[] table(int n, java.util.function.IntToDoubleFunction f) {
        float[] t = new float[n];
        for (int c = 0; c < n; c++) {
            t[c] = (float) f.applyAsDouble(c);
        }
        return t;
    }

    /** The VDIF code -> level rule in words, e.g. "0,1,2,3 -> -3.3359,-1,1,3.3359". */
    public static String describeVdif(int bits) {
        return switch (bits) {
            case 1 -> "0,1 -> -1,1";
            case 2 -> "0,1,2,3 -> -3.3359,-1,1,3.3359";
            case 4 -> "(code - 8) / 2.95";
            default -> "(code - 127.5) / 35.5";
        };
    }

    /** The Mark 5B code -> level rule in words. */
    public static String describeMark5b(int bits) {
        return bits == 1 ? "0,1 -> 1,-1" : "0,1,2,3 -> -3.3359,1,-1,3.3359";
    }
}
