package org.daybreak.plot.color;

/**
 * How a value between the low cut {@code lo} and the high cut {@code hi} becomes a position t in [0, 1] on a
 * colour map. Values below {@code lo} take the first colour, values above {@code hi} the last, NaN the NaN colour.
 */
public enum Scaling {
    /** t = (v - lo) / (hi - lo) (matplotlib {@code Normalize}). */
    LINEAR,
    /**
     * t = (ln v - ln lo) / (ln hi - ln lo) (matplotlib {@code LogNorm}); needs {@code lo > 0}. Unlike matplotlib,
     * which masks them, values at or below zero take the first colour.
     */
    LOG,
    /** t = sqrt((v - lo) / (hi - lo)) (matplotlib {@code PowerNorm(gamma=0.5)}). */
    SQRT;

    /** Parses {@code linear}, {@code log} or {@code sqrt} (any case). */
    public static Scaling parse(String text) {
        for (Scaling s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scaling '" + text + "'; use linear, log or sqrt");
    }
}
