package org.daybreak.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;

/**
 * The built-in model components, parametrised as lmfit's models (lmfit documentation, "Built-in Fitting Models
 * in the models module"): peak {@code amplitude} is the area, {@code center} the position, {@code sigma} the
 * width parameter of each shape. All Jacobians are analytic.
 *
 * <p>Names on the command line: gaussian, lorentzian, pseudovoigt (pseudo_voigt), voigt, pearson7, linear,
 * constant, exponential, polynomialN / polyN (N = 0..10, parameters c0..cN), step (erf form), step_arctan
 * (step_atan), step_linear, step_logistic.
 */
public final class LineShapes {
    static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    static final double SQRT_PI = Math.sqrt(Math.PI);
    static final double SQRT2 = Math.sqrt(2);
    /** FWHM of a Gaussian in units of sigma: 2 sqrt(2 ln 2). */
    static final double GAUSS_FWHM = 2 * Math.sqrt(2 * Math.log(2));
    /** Smallest positive width used in place of zero or negative values (as lmfit's {@code tiny}). */
    static final double TINY = 1e-15;
    /** Points per block of the Gaussian's recurrence on evenly spaced x (see {@link Gaussian}). */
    static final int GRID_BLOCK = 32;

    private LineShapes() {
    }

    /** Names accepted by {@link #create}, for messages. */
    public static final String KNOWN = "gaussian, lorentzian, pseudovoigt, voigt, pearson7, linear, constant, "
            + "exponential, polynomialN (e.g. polynomial3 or poly3), step, step_arctan, step_linear, step_logistic";

    /** The component for a name (case-insensitive); null when the name is unknown. */
    public static Component create(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "gaussian":
            case "gauss":
                return new Gaussian();
            case "lorentzian":
            case "lorentz":
            case "cauchy":
                return new Lorentzian();
            case "pseudovoigt":
            case "pseudo_voigt":
            case "pvoigt":
                return new PseudoVoigt();
            case "voigt":
                return new Voigt();
            case "pearson7":
            case "pearson_vii":
                return new Pearson7();
            case "linear":
            case "line":
                return new Polynomial("linear", 1, List.of("slope", "intercept"));
            case "constant":
            case "const":
                return new Polynomial("constant", 0, List.of("c"));
            case "quadratic":
                return polynomial(n, 2);
            case "exponential":
            case "exp":
                return new Exponential();
            case "step":
            case "step_erf":
                return new Step("step", 0);
            case "step_arctan":
            case "step_atan":
                return new Step("step_arctan", 1);
            case "step_linear":
                return new Step("step_linear", 2);
            case "step_logistic":
                return new Step("step_logistic", 3);
            default:
                break;
        }
        String digits = null;
        if (n.startsWith("polynomial")) {
            digits = n.substring("polynomial".length());
        } else if (n.startsWith("poly")) {
            digits = n.substring("poly".length());
        }
        if (digits != null && !digits.isEmpty() && digits.chars().allMatch(Character::isDigit) && digits.length() <= 2) {
            int order = Integer.parseInt(digits);
            if (order <= 10) {
                return polynomial(n, order);
            }
            throw new IllegalArgumentException("polynomial order " + order + " is too high (at most 10)");
        }
        return null;
    }

    static Component polynomial(String name, int order) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k <= order; k++) {
            names.add("c" + k);
        }
        return new Polynomial(name, order, names);
    }

    private static double width(double s) {
        return Math.max(TINY, s);
    }

    private static Map<String, Double> peak(double height, double fwhm) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("height", height);
        m.put("fwhm", fwhm);
        return m;
    }

    /** amplitude/(sigma sqrt(2 pi)) exp(-(x-center)^2/(2 sigma^2)). */
    static final class Gaussian implements Component {
        @Override
        public Map<String, double[]> defaultBounds() {
            return Map.of("sigma", new double[] {0, Double.POSITIVE_INFINITY});
        }

        @Override
        public String name() {
            return "gaussian";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("amplitude", "center", "sigma");
        }

        @Override
        public Role role() {
            return Role.PEAK;
        }

        @Override
        public void evaluate(double[] x, int n, double[] p, int o, double[] y, double[][] jac, int col) {
            evaluate(x, n, null, p, o, y, jac, col);
        }

        /**
         * On an evenly spaced grid with at least one point per sigma, exp(-t^2/2) follows from its neighbour:
         * with d = step/sigma, e(t + d) = e(t) r(t) and r(t + d) = r(t) q, where r(t) = exp(-(t d + d^2/2)) and
         * q = exp(-d^2). Two multiplications replace each exponential; every block of {@link #GRID_BLOCK} points
         * restarts from exact exponentials, which bounds the rounding to about GRID_BLOCK^2/2 ulps (1e-13
         * relative). Blocks whose first value is below 1e-200 (far tails, where the ratios could overflow) are
         * computed directly. {@link #plain} is the reference the tests compare with.
         */
        @Override
        public void evaluate(double[] x, int n, Grid grid, double[] p, int o, double[] y, double[][] jac, int col) {
            double a = p[o];
            double c = p[o + 1];
            double s = width(p[o + 2]);
            double norm = 1 / (s * SQRT_2PI);
            double inv = 1 / s;
            double d = grid == null ? Double.NaN : grid.step() * inv;
            if (!(Math.abs(d) <= 1)) {
                plain(x, 0, n, a, c, s, y, jac, col);
                return;
            }
            double q = Math.exp(-d * d);
            double halfD2 = 0.5 * d * d;
            double[] ja = jac == null ? null : jac[col];
            double[] jc = jac == null ? null : jac[col + 1];
            double[] js = jac == null ? null : jac[col + 2];
            double an = a * norm;
            for (int from = 0; from < n; from += GRID_BLOCK) {
                int to = Math.min(n, from + GRID_BLOCK);
                double t0 = (x[from] - c) * inv;
                double e = Math.exp(-0.5 * t0 * t0);
                if (e < 1e-200) {
                    plain(x, from, to, a, c, s, y, jac, col);
                    continue;
                }
                double r = Math.exp(-(t0 * d + halfD2));
                if (jac == null) {
                    for (int i = from; i < to; i++) {
                        y[i] += an * e;
                        e *= r;
                        r *= q;
                    }
                    continue;
                }
                for (int i = from; i < to; i++) {
                    double t = (x[i] - c) * inv;
                    double g = norm * e;
                    double f = a * g;
                    y[i] += f;
                    ja[i] = g;
                    jc[i] = f * t * inv;
                    js[i] = f * (t * t - 1) * inv;
                    e *= r;
                    r *= q;
                }
            }
        }

        /** The direct evaluation over [from, to): one exponential per point. */
        static void plain(double[] x, int from, int to, double a, double c, double s, double[] y, double[][] jac,
                int col) {
            double norm = 1 / (s * SQRT_2PI);
            double inv = 1 / s;
            if (jac == null) {
                double an = a * norm;
                for (int i = from; i < to; i++) {
                    double t = (x[i] - c) * inv;
                    y[i] += an * Math.exp(-0.5 * t * t);
                }
                return;
            }
            double[] ja = jac[col];
            double[] jc = jac[col + 1];
            double[] js = jac[col + 2];
            for (int i = from; i < to; i++) {
                double t = (x[i] - c) * inv;
                double g = norm * Math.exp(-0.5 * t * t);
                double f = a * g;
                y[i] += f;
                ja[i] = g;
                jc[i] = f * t * inv;
                js[i] = f * (t * t - 1) * inv;
            }
        }

        @Override
        public Map<String, Double> derived(double[] p, int o) {
            double s = width(p[o + 2]);
            return peak(p[o] / (s * SQRT_2PI), GAUSS_FWHM * s);
        }
    }

    /** amplitude/pi * sigma/((x-center)^2 + sigma^2). */
    static final class Lorentzian implements Component {
        @Override
        public Map<String, double[]> defaultBounds() {
            return Map.of("sigma", new double[] {0, Double.POSITIVE_INFINITY});
        }

        @Override
        public String name() {
            return "lorentzian";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("amplitude", "center", "sigma");
        }

        @Override
        public Role role() {
            return Role.PEAK;
        }

        @Override
        public void evaluate(double[] x, int n, double[] p, int o, double[] y, double[][] jac, int col) {
            double a = p[o];
            double c = p[o + 1];
            double s = width(p[o + 2]);
            double inv = 1 / s;
            double norm = inv / Math.PI;
            for (int i = 0; i < n; i++) {
                double t = (x[i] - c) * inv;
                double q = 1 / (1 + t * t);
                double l = norm * q;
                double f = a * l;
                y[i] += f;
                if (jac != null) {
                    jac[col][i] = l;
                    jac[col + 1][i] = f * 2 * t * q * inv;
                    jac[col + 2][i] = f * inv * (t * t - 1) * q;
                }
            }
        }

        @Override
        public Map<String, Double> derived(double[] p, int o) {
            double s = width(p[o + 2]);
            return peak(p[o] / (Math.PI * s), 2 * s);
        }
    }

    /**
     * (1-fraction) amplitude/(sigma_g sqrt(2 pi)) exp(-(x-center)^2/(2 sigma_g^2))
     * + fraction amplitude/pi sigma/((x-center)^2 + sigma^2), with sigma_g = sigma/sqrt(2 ln 2) so that both
     * parts have FWHM 2 sigma (lmfit's PseudoVoigtModel).
     */
    static final class PseudoVoigt implements Component {
        @Override
        public Map<String, double[]> defaultBounds() {
            return Map.of("sigma", new double[] {0, Double.POSITIVE_INFINITY}, "fraction", new double[] {0, 1});
        }

        private static final double G_SCALE = 1 / Math.sqrt(2 * Math.log(2));

        @Override
        public String name() {
            return "pseudovoigt";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("amplitude", "center", "sigma", "fraction");
        }

        @Override
        public Role role() {
            return Role.PEAK;
        }

        @Override
        public void evaluate(double[] x, int n, double[] p, int o, double[] y, double[][] jac, int col) {
            double a = p[o];
            double c = p[o + 1];
            double s = width(p[o + 2]);
            double eta = p[o + 3];
            double sg = s * G_SCALE;
            double invG = 1 / sg;
            double normG = invG / SQRT_2PI;
            double inv = 1 / s;
            double normL = inv / Math.PI;
            for (int i = 0; i < n; i++) {
                double d = x[i] - c;
                double tg = d * invG;
                double g = normG * Math.exp(-0.5 * tg * tg);
                double t = d * inv;
                double q = 1 / (1 + t * t);
                double l = normL * q;
                y[i] += a * ((1 - eta) * g + eta * l);
                if (jac != null) {
                    jac[col][i] = (1 - eta) * g + eta * l;
                    double dgc = a * g * tg * invG;
                    double dlc = a * l * 2 * t * q * inv;
                    jac[col + 1][i] = (1 - eta) * dgc + eta * dlc;
                    double dgs = a * g * (tg * tg - 1) * invG * G_SCALE;
                    double dls = a * l * inv * (t * t - 1) * q;
                    jac[col + 2][i] = (1 - eta) * dgs + eta * dls;
                    jac[col + 3][i] = a * (l - g);
                }
            }
        }

        @Override
        public Map<String, Double> derived(double[] p, int o) {
            double s = width(p[o + 2]);
            double eta = p[o + 3];
            double sg = s * G_SCALE;
            double h = (1 - eta) * p[o] / (sg * SQRT_2PI) + eta * p[o] / (Math.PI * s);
            return peak(h, 2 * s);
        }
    }

    /**
     * amplitude Re[w(z)]/(sigma sqrt(2 pi)), z = (x - center + i gamma)/(sigma sqrt 2), w the Faddeeva function
     * (lmfit's VoigtModel; here gamma is a free parameter whose default start is sigma).
     */
    static final class Voigt implements Component {
        @Override
        public Map<String, double[]> defaultBounds() {
            return Map.of("sigma", new double[] {0, Double.POSITIVE_INFINITY}, "gamma",
                    new double[] {0, Double.POSITIVE_INFINITY});
        }

        @Override
        public String name() {
            return "voigt";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("amplitude", "center", "sigma", "gamma");
        }

        @Override
        public Role role() {
            return Role.PEAK;
        }

        @Override
        public void evaluate(double[] x, int n, double[] p, int o, double[] y, double[][] jac, int col) {
            double a = p[o];
            double c = p[o + 1];
            double s = width(p[o + 2]);
            double gamma = Math.max(0, p[o + 3]);
            double inv = 1 / (s * SQRT2);
            double norm = 1 / (s * SQRT_2PI);
            double zi = gamma * inv;
            double[] w = new double[2];
            for (int i = 0; i < n; i++) {
                double zr = (x[i] - c) * inv;
                Faddeeva.w(zr, zi, w);
                double v = norm * w[0];
                double f = a * v;
                y[i] += f;
                if (jac != null) {
                    // w' = -2 z w + 2i/sqrt(pi)
                    double dr = -2 * (zr * w[0] - zi * w[1]);
                    double di = -2 * (zr * w[1] + zi * w[0]) + 2 / SQRT_PI;
                    double an = a * norm;
                    jac[col][i] = v;
                    jac[col + 1][i] = an * dr * -inv;
                    // dz/dsigma = -z/sigma: Re(w' * -z)/sigma
                    double re = -(dr * zr - di * zi);
                    jac[col + 2][i] = -f / s + an * re / s;
                    // dz/dgamma = i inv: Re(w' i) inv = -Im(w') inv
                    jac[col + 3][i] = an * -di * inv;
                }
            }
        }

        @Override
        public Map<String, Double> derived(double[] p, int o) {
            double s = width(p[o + 2]);
            double gamma = Math.max(0, p[o + 3]);
            double[] w = new double[2];
            Faddeeva.w(0, gamma / (s * SQRT2), w);
            double fwhm = 1.0692 * gamma + Math.sqrt(0.8664 * gamma * gamma + GAUSS_FWHM * GAUSS_FWHM * s * s);
            return peak(p[o] * w[0] / (s * SQRT_2PI), fwhm);
        }
    }

    /**
     * amplitude/(sigma B(m - 1/2, 1/2)) (1 + ((x-center)/sigma)^2)^(-m), B the beta function (lmfit's
     * Pearson7Model, whose exponent lmfit calls {@code expon}; here {@code m}). Normalised for m > 1/2.
     */
    static final class Pearson7 implements Component {
        @Override
        public Map<String, double[]> defaultBounds() {
            return Map.of("sigma", new double[] {0, Double.POSITIVE_INFINITY}, "m",
                    new double[] {0.5, Double.POSITIVE_INFINITY});
        }

        @Override
        public String name() {
            return "pearson7";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("amplitude", "center", "sigma", "m");
        }

        @Override
        public Role role() {
            return Role.PEAK;
        }

        static double logBeta(double m) {
            return Gamma.logGamma(m - 0.5) + Gamma.logGamma(0.5) - Gamma.logGamma(m);
        }

        @Override
        public void evaluate(double[] x, int n, double[] p, int o, double[] y, double[][] jac, int col) {
            double a = p[o];
            double c = p[o + 1];
            double s = width(p[o + 2]);
            double m = Math.max(0.5 + 1e-9, p[o + 3]);
            double inv = 1 / s;
            double norm = Math.exp(-logBeta(m)) * inv;
            double dLogB = jac == null ? 0 : Gamma.digamma(m - 0.5) - Gamma.digamma(m);
            for (int i = 0; i < n; i++) {
                double t = (x[i] - c) * inv;
                double u = 1 + t * t;
                double shape = Math.exp(-m * Math.log(u));
                double v = norm * shape;
                double f = a * v;
                y[i] += f;
                if (jac != null) {
                    jac[col][i] = v;
                    jac[col + 1][i] = f * 2 * m * t / u * inv;
                    jac[col + 2][i] = f * inv * (2 * m * t * t / u - 1);
                    jac[col + 3][i] = f * (-Math.log(u) - dLogB);
                }
            }
        }

        @Override
        public Map<String, Double> derived(double[] p, int o) {
            double s = width(p[o + 2]);
            double m = Math.max(0.5 + 1e-9, p[o + 3]);
            return peak(p[o] * Math.exp(-logBeta(m)) / s, 2 * s * Math.sqrt(Math.pow(2, 1 / m) - 1));
        }
    }

    /** sum_k c_k x^k (linear: slope x + intercept, lmfit's LinearModel; constant: c, lmfit's ConstantModel). */
    static final class Polynomial implements Component {
        private final String name;
        private final int order;
        private final List<String> names;

        Polynomial(String name, int order, List<String> names) {
            this.name = name;
            this.order = order;
            this.names = names;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> parameterNames() {
            return names;
        }

        @Override
        public Role role() {
            return Role.BACKGROUND;
        }

        int order() {
            return order;
        }

        /** Position of the coefficient of x^k in {@link #parameterNames()} (linear lists slope first). */
        int coefficientIndex(int k) {
            if (name.equals("linear")) {
                return k == 0 ? 1 : 0;
            }
            return k;
        }

        @Override
        public void evaluate(double[] x, int n, double[] p, int o, double[] y, double[][] jac, int col) {
            if (name.equals("linear")) {
                double slope = p[o];
                double b = p[o + 1];
                for (int i = 0; i < n; i++) {
                    y[i] += b + slope * x[i];
                }
                if (jac != null) {
                    System.arraycopy(x, 0, jac[col], 0, n);
                    Fill.ones(jac[col + 1], n);
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                double xi = x[i];
                double v = p[o + order];
                for (int k = order - 1; k >= 0; k--) {
                    v = v * xi + p[o + k];
                }
                y[i] += v;
                if (jac != null) {
                    double pw = 1;
                    for (int k = 0; k <= order; k++) {
                        jac[col + k][i] = pw;
                        pw *= xi;
                    }
                }
            }
        }
    }

    /** amplitude exp(-x/decay) (lmfit's ExponentialModel). */
    static final class Exponential implements Component {
        @Override
        public String name() {
            return "exponential";
        }

        @Override
        public List<String> parameterNames() {
            return List.of("amplitude", "decay");
        }

        @Override
        public Role role() {
            return Role.BACKGROUND;
        }

        @Override
        public void evaluate(double[] x, int n, double[] p, int o, double[] y, double[][] jac, int col) {
            double a = p[o];
            double tau = p[o + 1];
            double inv = 1 / tau;
            for (int i = 0; i < n; i++) {
                double e = Math.exp(-x[i] * inv);
                y[i] += a * e;
                if (jac != null) {
                    jac[col][i] = e;
                    jac[col + 1][i] = a * e * x[i] * inv * inv;
                }
            }
        }
    }

    /**
     * Steps from 0 to amplitude around center with width sigma (lmfit's StepModel): erf form
     * amplitude (1 + erf(t))/2, arctan form amplitude (1/2 + arctan(t)/pi), linear form amplitude clip(t, 0, 1),
     * logistic form amplitude (1 - 1/(1 + exp(t))), with t = (x - center)/sigma.
     */
    static final class Step implements Component {
        private final String name;
        private final int form;

        Step(String name, int form) {
            this.name = name;
            this.form = form;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<String> parameterNames() {
            return List.of("amplitude", "center", "sigma");
        }

        @Override
        public Role role() {
            return Role.STEP;
        }

        @Override
        public void evaluate(double[] x, int n, double[] p, int o, double[] y, double[][] jac, int col) {
            double a = p[o];
            double c = p[o + 1];
            double s = width(p[o + 2]);
            double inv = 1 / s;
            for (int i = 0; i < n; i++) {
                double t = (x[i] - c) * inv;
                double v;
                double dv; // d v / d t
                switch (form) {
                    case 0:
                        v = 0.5 * (1 + Erf.erf(t));
                        dv = Math.exp(-t * t) / SQRT_PI;
                        break;
                    case 1:
                        v = 0.5 + Math.atan(t) / Math.PI;
                        dv = 1 / (Math.PI * (1 + t * t));
                        break;
                    case 2:
                        v = Math.min(1, Math.max(0, t));
                        dv = t > 0 && t < 1 ? 1 : 0;
                        break;
                    default:
                        double e = Math.exp(-Math.abs(t));
                        v = t >= 0 ? 1 / (1 + e) : e / (1 + e);
                        dv = e / ((1 + e) * (1 + e));
                        break;
                }
                y[i] += a * v;
                if (jac != null) {
                    jac[col][i] = v;
                    jac[col + 1][i] = -a * dv * inv;
                    jac[col + 2][i] = -a * dv * t * inv;
                }
            }
        }
    }
}
