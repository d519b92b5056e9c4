package org.daybreak.fit;

/**
 * Sets the start of an array to 0 or 1 by copying from constant blocks. {@link System#arraycopy} is a compiler
 * intrinsic at every JIT tier, whereas {@link java.util.Arrays#fill} is only specialised by the optimising
 * compiler; the short command-line runs stay at the first tier, where the fills of every model evaluation took
 * a tenth of a long fit.
 */
final class Fill {
    private static final int BLOCK = 512;
    private static final double[] ZEROS = new double[BLOCK];
    private static final double[] ONES = new double[BLOCK];

    static {
        java.util.Arrays.fill(ONES, 1.0);
    }

    private Fill() {
    }

    /** a[0..n) = 0. */
    static void zero(double[] a, int n) {
        copy(ZEROS, a, n);
    }

    /** a[0..n) = 1. */
    static void ones(double[] a, int n) {
        copy(ONES, a, n);
    }

    private static void copy(double[] block, double[] a, int n) {
        for (int at = 0; at < n; at += BLOCK) {
            System.arraycopy(block, 0, a, at, Math.min(BLOCK, n - at));
        }
    }
}
