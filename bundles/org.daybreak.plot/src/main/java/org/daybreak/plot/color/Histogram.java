package org.daybreak.plot.color;

import java.util.List;

import org.daybreak.core.data.NDArray;

/**
 * Counts of an array's values in equal bins over [lo, hi] (in value, or in ln value when {@code logBins}), for
 * the draggable low/high cuts of an image view. A value equal to {@code hi} counts in the last bin (as in
 * NumPy's {@code histogram}); values outside the range count as below or above; NaN counts apart. With log bins,
 * values at or below zero count as below. Immutable.
 */
public final class Histogram {
    private final double lo;
    private final double hi;
    private final boolean logBins;
    private final long[] counts;
    private final long below;
    private final long above;
    private final long nanCount;

    private Histogram(double lo, double hi, boolean logBins, long[] counts, long below, long above, long nanCount) {
        this.lo = lo;
        this.hi = hi;
        this.logBins = logBins;
        this.counts = counts;
        this.below = below;
        this.above = above;
        this.nanCount = nanCount;
    }

    /**
     * @param lo   lower edge, finite (positive for log bins)
     * @param hi   upper edge, finite, {@code > lo}
     * @param bins number of bins, at least 1
     * @throws IllegalArgumentException for a bad range or bin count
     */
    public static Histogram compute(NDArray data, double lo, double hi, int bins, boolean logBins) {
        if (bins < 1) {
            throw new IllegalArgumentException("a histogram needs at least one bin, not " + bins);
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(hi > lo)) {
            throw new IllegalArgumentException("histogram range [" + lo + ", " + hi + "] must be finite with low < high");
        }
        if (logBins && lo <= 0) {
            throw new IllegalArgumentException("log histogram bins need a positive lower edge, not " + lo);
        }
        double a = logBins ? Math.log(lo) : lo;
        double b = logBins ? Math.log(hi) : hi;
        double scale = bins / (b - a);
        List<long[]> parts = ValueScan.scan(data, () -> new long[bins + 3], (c, row, n) -> {
            for (int i = 0; i < n; i++) {
                double v = row[i];
                if (v != v) {
                    c[bins + 2]++;
                } else if (v < lo || (logBins && v <= 0)) {
                    c[bins]++;
                } else if (v > hi) {
                    c[bins + 1]++;
                } else {
                    int k = (int) (((logBins ? Math.log(v) : v) - a) * scale);
                    c[k >= bins ? bins - 1 : k < 0 ? 0 : k]++;
                }
            }
        });
        long[] total = new long[bins + 3];
        for (long[] p : parts) {
            for (int i = 0; i < total.length; i++) {
                total[i] += p[i];
            }
        }
        return new Histogram(lo, hi, logBins, java.util.Arrays.copyOf(total, bins), total[bins], total[bins + 1],
                total[bins + 2]);
    }

    public double low() {
        return lo;
    }

    public double high() {
        return hi;
    }

    public boolean logBins() {
        return logBins;
    }

    public int bins() {
        return counts.length;
    }

    /** A copy of the counts, bin 0 (lowest values) first. */
    public long[] counts() {
        return counts.clone();
    }

    public long count(int bin) {
        return counts[bin];
    }

    /** Edge {@code i} of the bins (0..bins): {@code edge(0) == low()}, {@code edge(bins()) == high()}. */
    public double edge(int i) {
        if (i == 0) {
            return lo;
        }
        if (i == counts.length) {
            return hi;
        }
        double t = (double) i / counts.length;
        return logBins ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo);
    }

    /** Values below {@code low()} (and, with log bins, those at or below zero). */
    public long below() {
        return below;
    }

    public long above() {
        return above;
    }

    public long nanCount() {
        return nanCount;
    }
}
