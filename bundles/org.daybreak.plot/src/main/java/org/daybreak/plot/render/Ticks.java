package org.daybreak.plot.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tick positions and labels for the image axes and the colour bar (steps of 1, 2 or 5 times a power of ten). */
final class Ticks {
    private Ticks() {
    }

    /** About {@code target} evenly stepped "nice" values within [min(a, b), max(a, b)]. */
    static double[] linear(double a, double b, int target) {
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        if (!(hi > lo) || !Double.isFinite(hi - lo)) {
            return Double.isFinite(lo) ? new double[] {lo} : new double[0];
        }
        double step = niceStep((hi - lo) / Math.max(1, target));
        double first = Math.ceil(lo / step - 1e-9) * step;
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            double v = first + i * step;
            if (v > hi + step * 1e-9) {
                break;
            }
            out.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Powers of ten within [lo, hi] (both positive); a linear set when the range spans less than one decade. */
    static double[] decades(double lo, double hi, int target) {
        int e0 = (int) Math.ceil(Math.log10(lo) - 1e-9);
        int e1 = (int) Math.floor(Math.log10(hi) + 1e-9);
        if (e1 - e0 < 1) {
            return linear(lo, hi, target);
        }
        int every = Math.max(1, (e1 - e0 + target - 1) / target);
        List<Double> out = new ArrayList<>();
        for (int e = e0; e <= e1; e += every) {
            out.add(Math.pow(10, e));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /** Labels with as few digits as the spacing of the ticks needs; scientific for very large or small values. */
    static String[] labels(double[] ticks) {
        String[] out = new String[ticks.length];
        double maxAbs = 0;
        double minStep = Double.POSITIVE_INFINITY;
        for (int i = 0; i < ticks.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(ticks[i]));
            if (i > 0) {
                minStep = Math.min(minStep, Math.abs(ticks[i] - ticks[i - 1]));
            }
        }
        boolean scientific = maxAbs >= 1e6 || (maxAbs > 0 && maxAbs < 1e-3);
        int decimals = Double.isFinite(minStep) && minStep > 0
                ? Math.max(0, (int) Math.ceil(-Math.log10(minStep) - 1e-9)) : 2;
        if (Double.isFinite(minStep) && minStep > 0) {
            // steps like 0.25 or 2.5 need one more digit than their power of ten
            double scaled = minStep * Math.pow(10, decimals);
            if (Math.abs(scaled - Math.rint(scaled)) > 1e-6) {
                decimals++;
            }
        }
        for (int i = 0; i < ticks.length; i++) {
            out[i] = scientific ? String.format(Locale.ROOT, "%.3g", ticks[i])
                    : String.format(Locale.ROOT, "%." + Math.min(decimals, 10) + "f", ticks[i]);
        }
        return out;
    }
}
