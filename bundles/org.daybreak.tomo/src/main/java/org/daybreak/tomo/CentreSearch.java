package org.daybreak.tomo;

/**
 * Manual centre search: one slice reconstructed by FBP at a range of candidate centres, side by side, with a
 * sharpness metric for each so that a person (or a program) can pick the best.
 *
 * <p>Metric: the entropy of the grey-level histogram (256 bins between the stack's 1st and 99th percentile,
 * pixels inside the reconstruction circle), after A. Donath et al., "Automated determination of the center of
 * rotation in tomography data", J. Opt. Soc. Am. A 23, 1048 (2006): a wrong centre smears features into arcs and
 * spreads the histogram, so lower is better.
 */
public final class CentreSearch {
    private CentreSearch() {
    }

    /**
     * @param centres  candidate centres (detector-index units)
     * @param slices   [candidate][y * x] reconstructions
     * @param metric   entropy per candidate (lower is sharper)
     * @param best     the candidate with the lowest metric
     */
    public record Result(double[] centres, float[][] slices, double[] metric, double best, int size) {
    }

    /** Centres from {@code first} to {@code last} (inclusive, within rounding) in steps of {@code step}. */
    public static double[] range(double first, double last, double step) {
        if (!(step > 0) || last < first) {
            throw new IllegalArgumentException("centre search range " + first + ":" + last + ":" + step
                    + " is empty (need FROM <= TO and STEP > 0)");
        }
        int n = (int) Math.floor((last - first) / step + 1e-9) + 1;
        if (n > 2000) {
            throw new IllegalArgumentException("centre search range " + first + ":" + last + ":" + step
                    + " has " + n + " candidates; at most 2000");
        }
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = first + i * step;
        }
        return c;
    }

    public static Result search(ParallelBeamGeometry g, float[] sinogram, double[] centres, FbpFilter filter,
            int threads) {
        float[][] out = new float[centres.length][];
        float[][] copies = new float[1][];
        copies[0] = sinogram;
        for (int i = 0; i < centres.length; i++) {
            out[i] = Fbp.reconstruct(g.withCentre(centres[i]), copies, filter, threads)[0];
        }
        int size = g.size();
        boolean[] inside = new boolean[size * size];
        int r = size / 2;
        int count = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                long dx = x - r;
                long dy = y - r;
                if (dx * dx + dy * dy <= (long) r * r) {
                    inside[y * size + x] = true;
                    count++;
                }
            }
        }
        float[] values = new float[count * centres.length];
        int k = 0;
        for (float[] s : out) {
            for (int p = 0; p < inside.length; p++) {
                if (inside[p]) {
                    values[k++] = s[p];
                }
            }
        }
        float[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double lo = sorted[(int) (0.01 * (sorted.length - 1))];
        double hi = sorted[(int) (0.99 * (sorted.length - 1))];
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double[] metric = new double[centres.length];
        int best = 0;
        for (int i = 0; i < centres.length; i++) {
            int[] hist = new int[256];
            for (int j = 0; j < count; j++) {
                double v = (values[i * count + j] - lo) / (hi - lo);
                int b = (int) Math.max(0, Math.min(255, Math.floor(v * 256)));
                hist[b]++;
            }
            double e = 0;
            for (int h : hist) {
                if (h > 0) {
                    double p = h / (double) count;
                    e -= p * Math.log(p);
                }
            }
            metric[i] = e;
            if (e < metric[best]) {
                best = i;
            }
        }
        return new Result(centres.clone(), out, metric, centres[best], size);
    }
}
