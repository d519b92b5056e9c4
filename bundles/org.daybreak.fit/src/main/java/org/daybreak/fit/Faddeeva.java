package org.daybreak.fit;

/**
 * The Faddeeva function w(z) = exp(-z^2) erfc(-iz) for Im z >= 0, which gives the Voigt profile
 * (Re w) and its derivatives (w'(z) = -2 z w(z) + 2i/sqrt(pi)).
 *
 * <p>Method: J. A. C. Weideman, "Computation of the complex error function", SIAM J. Numer. Anal. 31 (1994)
 * 1497-1518: w(z) = 2 p(Z)/(L - iz)^2 + (1/sqrt(pi))/(L - iz) with Z = (L + iz)/(L - iz), L = sqrt(N/sqrt 2) and
 * p a polynomial of degree N-1 whose coefficients come from a discrete cosine transform of
 * exp(-t^2)(L^2 + t^2) at t = L tan(theta/2); here N = 40 (relative error about 1e-14 near the origin). For
 * |z| >= 8 the Laplace continued fraction w(z) = (i/sqrt(pi)) / (z - (1/2)/(z - 1/(z - (3/2)/(z - ...)))) is used
 * (W. Gautschi, SIAM J. Numer. Anal. 7 (1970) 187-198), truncated after 24 terms. On the real axis the real
 * part is exp(-x^2) exactly. Thread-safe (the coefficients are computed once).
 */
public final class Faddeeva {
    private static final int N = 40;
    private static final double L = Math.sqrt(N / Math.sqrt(2));
    private static final double[] A = coefficients();
    private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

    private Faddeeva() {
    }

    private static double[] coefficients() {
        int m = 2 * N;
        int m2 = 2 * m;
        // f at k = -M..M-1 (k = -M is theta = -pi where f = 0)
        double[] fk = new double[2 * m];
        for (int k = -m + 1; k <= m - 1; k++) {
            double theta = k * Math.PI / m;
            double t = L * Math.tan(theta / 2);
            fk[k + m] = Math.exp(-t * t) * (L * L + t * t);
        }
        double[] a = new double[N + 1];
        for (int j = 1; j <= N; j++) {
            double s = 0;
            for (int k = -m; k <= m - 1; k++) {
                s += fk[k + m] * Math.cos(2 * Math.PI * j * (double) k / m2);
            }
            a[j] = s / m2;
        }
        return a;
    }

    /**
     * Computes w(x + iy) for y >= 0 into {@code out[0]} (real part) and {@code out[1]} (imaginary part).
     * For y < 0 the result is that of |y| (callers in this bundle never pass y < 0).
     */
    public static void w(double x, double y, double[] out) {
        y = Math.abs(y);
        double r2 = x * x + y * y;
        if (r2 >= 64) {
            continuedFraction(x, y, out);
        } else {
            weideman(x, y, out);
        }
        if (y == 0) {
            out[0] = Math.exp(-x * x);
        }
    }

    private static void weideman(double x, double y, double[] out) {
        // iz = -y + ix; L - iz = (L + y) - ix; L + iz = (L - y) + ix
        double dr = L + y;
        double di = -x;
        double nr = L - y;
        double ni = x;
        double den = dr * dr + di * di;
        // Z = (L+iz)/(L-iz)
        double zr = (nr * dr + ni * di) / den;
        double zi = (ni * dr - nr * di) / den;
        // Horner: p(Z) = sum_{j=1..N} a_j Z^(j-1)
        double pr = A[N];
        double pi = 0;
        for (int j = N - 1; j >= 1; j--) {
            double tr = pr * zr - pi * zi + A[j];
            pi = pr * zi + pi * zr;
            pr = tr;
        }
        // 1/(L - iz)
        double ir = dr / den;
        double ii = -di / den;
        // 1/(L - iz)^2
        double i2r = ir * ir - ii * ii;
        double i2i = 2 * ir * ii;
        out[0] = 2 * (pr * i2r - pi * i2i) + INV_SQRT_PI * ir;
        out[1] = 2 * (pr * i2i + pi * i2r) + INV_SQRT_PI * ii;
    }

    private static void continuedFraction(double x, double y, double[] out) {
        // bottom-up evaluation of z - (k/2)/(z - ((k+1)/2)/(...))
        double tr = x;
        double ti = y;
        for (int k = 24; k >= 1; k--) {
            double den = tr * tr + ti * ti;
            double c = k * 0.5;
            // z - c / t
            double qr = x - c * tr / den;
            double qi = y + c * ti / den;
            tr = qr;
            ti = qi;
        }
        // (i/sqrt(pi)) / t
        double den = tr * tr + ti * ti;
        out[0] = INV_SQRT_PI * ti / den;
        out[1] = INV_SQRT_PI * tr / den;
    }
}
