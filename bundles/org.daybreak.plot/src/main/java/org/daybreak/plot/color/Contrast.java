package org.daybreak.plot.color;

import java.util.Arrays;
import java.util.List;

import org.daybreak.core.data.NDArray;

/**
 * Automatic contrast: percentiles of an array's finite values found with histograms instead of a full sort.
 *
 * <p>{@link #percentiles} equals NumPy's {@code numpy.percentile(values, p)} (default "linear" method) on the
 * finite values (the positive ones when {@code positiveOnly}). Usually in three passes over the array (in
 * parallel row bands, for all wanted ranks together): the extent; counts in 65536 equal bins between the smallest
 * and largest candidate; then the members of the bins holding the wanted ranks are gathered and sorted. When such
 * a bin holds more than 65536 values (heavy ties, extreme outliers) the search narrows instead: a pass counts the
 * candidates into 4096 bins, keeps the bin that holds the wanted rank (with its exact smallest and largest value),
 * and repeats inside it until few enough candidates remain to gather.
 */
public final class Contrast {
    private static final int BINS = 4096;
    private static final int GATHER = 1 << 16;

    private Contrast() {
    }

    /** Count, minimum and maximum of the candidate values (finite, and positive when asked). */
    public record Extent(long count, double min, double max) {
    }

    /** Count and extent of the finite values ({@code positiveOnly}: of the finite values above zero). */
    public static Extent extent(NDArray data, boolean positiveOnly) {
        List<double[]> parts = ValueScan.scan(data, () -> new double[] {0, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY}, (s, row, n) -> {
                long count = 0;
                double min = s[1];
                double max = s[2];
                for (int i = 0; i < n; i++) {
                    double v = row[i];
                    if (candidate(v, positiveOnly)) {
                        count++;
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
                s[0] += count;
                s[1] = min;
                s[2] = max;
            });
        long count = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] p : parts) {
            count += (long) p[0];
            min = Math.min(min, p[1]);
            max = Math.max(max, p[2]);
        }
        return new Extent(count, min, max);
    }

    private static boolean candidate(double v, boolean positiveOnly) {
        return v - v == 0 && (!positiveOnly || v > 0);
    }

    /**
     * Percentiles (each in [0, 100]) of the finite values, as {@code numpy.percentile}; all NaN when there are
     * no candidate values.
     */
    public static double[] percentiles(NDArray data, boolean positiveOnly, double... percents) {
        for (double p : percents) {
            if (!(p >= 0 && p <= 100)) {
                throw new IllegalArgumentException("a percentile must lie in [0, 100], not " + p);
            }
        }
        Extent e = extent(data, positiveOnly);
        double[] out = new double[percents.length];
        if (e.count() == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        long[] ranks = new long[2 * percents.length];
        double[] fractions = new double[percents.length];
        for (int i = 0; i < percents.length; i++) {
            double h = (e.count() - 1) * (percents[i] / 100);
            long k = (long) Math.floor(h);
            fractions[i] = h - k;
            ranks[2 * i] = k;
            ranks[2 * i + 1] = Math.min(k + 1, e.count() - 1);
        }
        double[] values = orderStatistics(data, positiveOnly, e, ranks);
        for (int i = 0; i < percents.length; i++) {
            double a = values[2 * i];
            double b = values[2 * i + 1];
            double t = fractions[i];
            // numpy's _lerp: a + t (b - a), evaluated from the nearer end for t >= 0.5
            out[i] = t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
            if (a == b) {
                out[i] = a;
            }
        }
        return out;
    }

    /**
     * The automatic low and high cuts {@code {lo, hi}} at the given percentiles. For LOG scaling only positive
     * values count. With no candidate values the range is {@code {0, 1}} ({@code {1, 1}} for LOG).
     */
    public static double[] autoRange(NDArray data, double percentLow, double percentHigh, Scaling scaling) {
        if (percentLow > percentHigh) {
            throw new IllegalArgumentException("low percentile " + percentLow + " is above the high percentile "
                    + percentHigh);
        }
        boolean positive = scaling == Scaling.LOG;
        double[] p = percentiles(data, positive, percentLow, percentHigh);
        if (Double.isNaN(p[0])) {
            return positive ? new double[] {1, 1} : new double[] {0, 1};
        }
        return p;
    }

    /** The values of the given 0-based ranks among the candidates sorted ascending; ranks must be < count. */
    static double[] orderStatistics(NDArray data, boolean positiveOnly, Extent extent, long[] ranks) {
        for (long k : ranks) {
            if (k < 0 || k >= extent.count()) {
                throw new IllegalArgumentException("rank " + k + " is outside 0.." + (extent.count() - 1));
            }
        }
        double[] fast = twoPass(data, positiveOnly, extent, ranks);
        return fast != null ? fast : narrowing(data, positiveOnly, extent, ranks);
    }

    private static final int FAST_BINS = 1 << 16;

    /**
     * The usual case in two passes: count the candidates into 65536 equal bins over [min, max], then gather the
     * members of each wanted rank's bin (membership by the same bin formula, so it is exact) and sort them.
     * Returns null when a wanted bin holds more than {@link #GATHER} values (heavy ties, extreme outliers).
     */
    private static double[] twoPass(NDArray data, boolean positiveOnly, Extent extent, long[] ranks) {
        int m = ranks.length;
        double lo = extent.min();
        double hi = extent.max();
        double[] result = new double[m];
        if (lo == hi) {
            Arrays.fill(result, lo);
            return result;
        }
        double scale = FAST_BINS / (hi - lo);
        if (!Double.isFinite(scale) || scale == 0) {
            return null;
        }
        List<int[]> parts = ValueScan.scan(data, () -> new int[FAST_BINS], (c, row, n) -> {
            for (int i = 0; i < n; i++) {
                double v = row[i];
                if (candidate(v, positiveOnly)) {
                    int b = (int) ((v - lo) * scale);
                    c[b >= FAST_BINS ? FAST_BINS - 1 : b]++;
                }
            }
        });
        long[] counts = new long[FAST_BINS];
        for (int[] p : parts) {
            for (int b = 0; b < FAST_BINS; b++) {
                counts[b] += p[b];
            }
        }
        int[] bin = new int[m];
        long[] within = new long[m];
        for (int t = 0; t < m; t++) {
            long cumulative = 0;
            int b = 0;
            while (cumulative + counts[b] <= ranks[t]) {
                cumulative += counts[b];
                b++;
            }
            if (counts[b] > GATHER) {
                return null;
            }
            bin[t] = b;
            within[t] = ranks[t] - cumulative;
        }
        int[] wanted = Arrays.stream(bin).distinct().toArray();
        int w = wanted.length;
        int[] sizes = new int[w];
        for (int k = 0; k < w; k++) {
            sizes[k] = (int) counts[wanted[k]];
        }
        List<double[][]> gathered = ValueScan.scan(data, () -> {
            double[][] g = new double[w + 1][];
            for (int k = 0; k < w; k++) {
                g[k] = new double[sizes[k]];
            }
            g[w] = new double[w];
            return g;
        }, (g, row, n) -> {
            double[] fill = g[w];
            for (int i = 0; i < n; i++) {
                double v = row[i];
                if (!candidate(v, positiveOnly)) {
                    continue;
                }
                int b = (int) ((v - lo) * scale);
                b = b >= FAST_BINS ? FAST_BINS - 1 : b;
                for (int k = 0; k < w; k++) {
                    if (b == wanted[k]) {
                        g[k][(int) fill[k]++] = v;
                    }
                }
            }
        });
        for (int k = 0; k < w; k++) {
            double[] all = new double[sizes[k]];
            int pos = 0;
            for (double[][] g : gathered) {
                int f = (int) g[w][k];
                System.arraycopy(g[k], 0, all, pos, f);
                pos += f;
            }
            Arrays.sort(all);
            for (int t = 0; t < m; t++) {
                if (bin[t] == wanted[k]) {
                    result[t] = all[(int) within[t]];
                }
            }
        }
        return result;
    }

    /** The general case: repeated narrowing with 4096 bins and exact per-bin extremes. */
    private static double[] narrowing(NDArray data, boolean positiveOnly, Extent extent, long[] ranks) {
        int m = ranks.length;
        double[] result = new double[m];
        boolean[] done = new boolean[m];
        // each unresolved target t looks for its rank[t]-th candidate among those in [lo[t], hi[t]] (count[t])
        double[] lo = new double[m];
        double[] hi = new double[m];
        long[] rank = ranks.clone();
        long[] count = new long[m];
        for (int t = 0; t < m; t++) {
            if (ranks[t] < 0 || ranks[t] >= extent.count()) {
                throw new IllegalArgumentException("rank " + ranks[t] + " is outside 0.." + (extent.count() - 1));
            }
            lo[t] = extent.min();
            hi[t] = extent.max();
            count[t] = extent.count();
        }
        while (true) {
            // targets sharing the same interval share one histogram (a group)
            int[] group = new int[m];
            double[] gLo = new double[m];
            double[] gHi = new double[m];
            long[] gCount = new long[m];
            int groups = 0;
            for (int t = 0; t < m; t++) {
                if (!done[t] && lo[t] == hi[t]) {
                    result[t] = lo[t];
                    done[t] = true;
                }
                if (done[t]) {
                    group[t] = -1;
                    continue;
                }
                int g = 0;
                while (g < groups && !(gLo[g] == lo[t] && gHi[g] == hi[t])) {
                    g++;
                }
                if (g == groups) {
                    gLo[g] = lo[t];
                    gHi[g] = hi[t];
                    gCount[g] = count[t];
                    groups++;
                }
                group[t] = g;
            }
            if (groups == 0) {
                return result;
            }
            int ng = groups;
            double[] groupLo = Arrays.copyOf(gLo, ng);
            double[] groupHi = Arrays.copyOf(gHi, ng);
            boolean[] gather = new boolean[ng];
            double[] scale = new double[ng];
            for (int g = 0; g < ng; g++) {
                gather[g] = gCount[g] <= GATHER;
                scale[g] = BINS / (groupHi[g] - groupLo[g]);
                if (!Double.isFinite(scale[g])) {
                    // an interval wider than the largest double (e.g. -1e308..1e308): compute the width halved
                    scale[g] = BINS / (groupHi[g] / 2 - groupLo[g] / 2) / 2;
                }
            }
            long[] sizes = Arrays.copyOf(gCount, ng);
            List<PassState> parts = ValueScan.scan(data, () -> new PassState(ng, gather, sizes), (s, row, n) -> {
                for (int i = 0; i < n; i++) {
                    double v = row[i];
                    if (!candidate(v, positiveOnly)) {
                        continue;
                    }
                    for (int g = 0; g < ng; g++) {
                        if (v < groupLo[g] || v > groupHi[g]) {
                            continue;
                        }
                        if (gather[g]) {
                            s.values[g][s.filled[g]++] = v;
                        } else {
                            int b = (int) ((v - groupLo[g]) * scale[g]);
                            b = b >= BINS ? BINS - 1 : b;
                            s.counts[g][b]++;
                            if (v < s.binMin[g][b]) {
                                s.binMin[g][b] = v;
                            }
                            if (v > s.binMax[g][b]) {
                                s.binMax[g][b] = v;
                            }
                        }
                    }
                }
            });
            double[][] sorted = new double[ng][];
            for (int t = 0; t < m; t++) {
                if (done[t]) {
                    continue;
                }
                int g = group[t];
                if (gather[g]) {
                    if (sorted[g] == null) {
                        double[] all = new double[(int) gCount[g]];
                        int k = 0;
                        for (PassState s : parts) {
                            System.arraycopy(s.values[g], 0, all, k, s.filled[g]);
                            k += s.filled[g];
                        }
                        Arrays.sort(all);
                        sorted[g] = all;
                    }
                    result[t] = sorted[g][(int) rank[t]];
                    done[t] = true;
                    continue;
                }
                long cumulative = 0;
                for (int b = 0; b < BINS; b++) {
                    long c = 0;
                    for (PassState s : parts) {
                        c += s.counts[g][b];
                    }
                    if (rank[t] < cumulative + c) {
                        double bMin = Double.POSITIVE_INFINITY;
                        double bMax = Double.NEGATIVE_INFINITY;
                        for (PassState s : parts) {
                            bMin = Math.min(bMin, s.binMin[g][b]);
                            bMax = Math.max(bMax, s.binMax[g][b]);
                        }
                        rank[t] -= cumulative;
                        count[t] = c;
                        lo[t] = bMin;
                        hi[t] = bMax;
                        break;
                    }
                    cumulative += c;
                }
            }
        }
    }

    private static final class PassState {
        final long[][] counts;
        final double[][] binMin;
        final double[][] binMax;
        final double[][] values;
        final int[] filled;

        PassState(int m, boolean[] gather, long[] size) {
            counts = new long[m][];
            binMin = new double[m][];
            binMax = new double[m][];
            values = new double[m][];
            filled = new int[m];
            for (int t = 0; t < m; t++) {
                if (gather[t]) {
                    values[t] = new double[(int) size[t]];
                } else {
                    counts[t] = new long[BINS];
                    binMin[t] = new double[BINS];
                    binMax[t] = new double[BINS];
                    Arrays.fill(binMin[t], Double.POSITIVE_INFINITY);
                    Arrays.fill(binMax[t], Double.NEGATIVE_INFINITY);
                }
            }
        }
    }
}
