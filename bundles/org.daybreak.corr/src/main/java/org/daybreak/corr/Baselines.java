package org.daybreak.corr;

/**
 * The baseline order used everywhere in this bundle: all pairs (i, j) with i &lt;= j, autocorrelations included,
 * row by row: (0,0), (0,1), ..., (0,N-1), (1,1), (1,2), ..., (N-1,N-1). There are N(N+1)/2 of them.
 * The visibility of baseline (i, j) is V_ij = sum x_i conj(x_j).
 */
public final class Baselines {
    private Baselines() {
    }

    /** Number of baselines for {@code n} inputs, autocorrelations included. */
    public static int count(int n) {
        return n * (n + 1) / 2;
    }

    /** Index of baseline (i, j) for i &lt;= j &lt; n. */
    public static int index(int n, int i, int j) {
        if (i > j || i < 0 || j >= n) {
            throw new IllegalArgumentException("baseline (" + i + ", " + j + ") is not i <= j < " + n);
        }
        return rowStart(n, i) + (j - i);
    }

    /** Index of baseline (i, i), the first of row i. */
    public static int rowStart(int n, int i) {
        return i * n - i * (i - 1) / 2;
    }

    /** The table [baseline][2] = (i, j), in baseline order. */
    public static int[][] table(int n) {
        int[][] t = new int[count(n)][];
        int b = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                t[b++] = new int[] {i, j};
            }
        }
        return t;
    }
}
