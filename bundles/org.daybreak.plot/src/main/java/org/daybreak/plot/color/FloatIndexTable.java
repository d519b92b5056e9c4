package org.daybreak.plot.color;

import java.util.function.DoubleToIntFunction;

/**
 * Exact table lookup of a monotone value-to-entry function ({@link ColorMapper#index}) for float values, so that
 * LOG and SQRT scaling of float32 images need no logarithm or square root per pixel.
 *
 * <p>Floats are ordered by a "sortable key" (their bits, with the magnitude bits of negative values flipped). For
 * each entry i in 1..255 the table holds T[i], the smallest key whose value maps to at least i, found by binary
 * search with the mapping itself; the entry of any non-NaN float is then the number of T[i] at or below its key,
 * which equals the mapping because the mapping never decreases (Math.log is semi-monotonic, Math.sqrt and the
 * affine steps are monotone). Keys below T[1] take entry 0 and keys from T[255] on take 255; between them a table
 * of at most 65536 equal key buckets answers directly where no threshold falls inside a bucket (almost always),
 * otherwise a binary search over T finishes. Immutable once built.
 */
final class FloatIndexTable {
    private static final int KEY_MIN = key(Float.NEGATIVE_INFINITY);
    private static final int KEY_MAX = key(Float.POSITIVE_INFINITY);

    /** T[0] = Integer.MIN_VALUE, T[1..255] thresholds (Integer.MAX_VALUE where the entry is never reached). */
    private final int[] thresholds = new int[256];
    /** Keys below {@code base} take entry 0, keys at or above {@code thresholds[255]} entry 255. */
    private final int base;
    private final int shift;
    /** Entry of every key in the bucket when >= 0; -(entry at the bucket's start + 1) when a threshold falls inside. */
    private final short[] buckets;

    FloatIndexTable(DoubleToIntFunction index) {
        thresholds[0] = Integer.MIN_VALUE;
        int top = index.applyAsInt(Float.POSITIVE_INFINITY);
        for (int i = 1; i < 256; i++) {
            if (top < i) {
                thresholds[i] = Integer.MAX_VALUE;
                continue;
            }
            long lo = Math.max(KEY_MIN, thresholds[i - 1]);
            long hi = KEY_MAX;
            while (lo < hi) {
                long mid = (lo + hi) >> 1;
                if (index.applyAsInt(valueOf((int) mid)) >= i) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            thresholds[i] = (int) lo;
        }
        // buckets cover the keys between the first and the last threshold only, at most 65536 of them
        base = thresholds[1] == Integer.MAX_VALUE ? KEY_MAX : thresholds[1];
        long last = thresholds[255] == Integer.MAX_VALUE ? KEY_MAX : thresholds[255];
        long span = Math.max(1, last - base + 1);
        shift = Math.max(0, 64 - Long.numberOfLeadingZeros(span - 1) - 16);
        buckets = new short[(int) (((span - 1) >>> shift) + 1)];
        int atStart = 0;
        int atEnd = 0;
        for (int b = 0; b < buckets.length; b++) {
            long start = base + ((long) b << shift);
            long end = start + (1L << shift) - 1;
            while (atStart < 255 && thresholds[atStart + 1] <= start) {
                atStart++;
            }
            if (atEnd < atStart) {
                atEnd = atStart;
            }
            while (atEnd < 255 && thresholds[atEnd + 1] <= end) {
                atEnd++;
            }
            buckets[b] = (short) (atStart == atEnd ? atStart : -(atStart + 1));
        }
    }

    /** Keys below this take entry 0 (for the vector form, {@link VectorColorMapping#tableRow}). */
    int base() {
        return base;
    }

    /** Keys at or above this take entry 255. */
    int lastThreshold() {
        return thresholds[255];
    }

    /** Bucket of key k in [base, lastThreshold()): (k - base) >>> shift, unsigned. */
    int shift() {
        return shift;
    }

    /** The buckets (not to be changed): entry, or -(entry at the bucket's start + 1) where a threshold falls inside. */
    short[] buckets() {
        return buckets;
    }

    static int key(float v) {
        int bits = Float.floatToRawIntBits(v);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    static float valueOf(int key) {
        return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7FFFFFFF));
    }

    /** The entry (0..255) of a non-NaN float. */
    int index(float v) {
        int k = key(v);
        if (k < base) {
            return 0;
        }
        if (k >= thresholds[255]) {
            return 255;
        }
        int e = buckets[(int) (((long) k - base) >>> shift)];
        if (e >= 0) {
            return e;
        }
        // largest i with T[i] <= k, searched in [start entry, 255]
        int lo = -e - 1;
        int hi = 255;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (thresholds[mid] <= k) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Entries of {@code n} floats from {@code start}; NaN gives {@code nanIndex}. */
    void indexRow(float[] s, int start, int[] idx, int nanIndex) {
        for (int x = 0; x < idx.length; x++) {
            float v = s[start + x];
            idx[x] = v != v ? nanIndex : index(v);
        }
    }
}
