package org.daybreak.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.daybreak.fit.expr.Expression;

/**
 * A model with the user's parameter settings checked and compiled: which parameters vary, their bounds, the
 * tie expressions in evaluation order. Immutable and thread-safe; each thread fits through its own
 * {@link Fitter} from {@link #newFitter()}.
 *
 * <p>Bounds use the smooth transforms of MINUIT and lmfit (F. James, MINUIT Reference Manual, CERN D506,
 * section 1.3): the optimiser works on an unbounded internal u with p = min + (sin u + 1)(max - min)/2 for
 * two bounds, p = min - 1 + sqrt(u^2 + 1) for a lower bound only and p = max + 1 - sqrt(u^2 + 1) for an upper
 * bound only. Standard errors are computed for the external parameters at the solution.
 */
public final class FitPlan {
    private final Model model;
    private final ParameterSpec[] specs;
    /** Model indices of the free parameters. */
    final int[] free;
    /** Model indices of tied parameters in evaluation order. */
    final int[] tiedOrder;
    /** Tie expression per model index (null when not tied). */
    final Expression[] ties;
    /** For each tie: model indices of the parameters it reads, in its own parameter order. */
    final int[][] tieInputs;
    /** For each tie: derivatives by each of its inputs. */
    final Expression[][] tieDerivatives;

    /**
     * @param settings the user's settings keyed by name (full names, or unambiguous short forms: a bare name
     *                 such as {@code slope} when one component has it, {@code p1_center} for a single
     *                 component)
     * @throws IllegalArgumentException for an unknown parameter, a bad tie, a cycle of ties, no free parameter
     */
    public FitPlan(Model model, Map<String, ParameterSpec> settings) {
        this.model = model;
        List<String> names = model.parameterNames();
        int np = names.size();
        specs = new ParameterSpec[np];
        for (Map.Entry<String, ParameterSpec> e : settings.entrySet()) {
            int k = resolve(model, e.getKey());
            if (specs[k] != null) {
                throw new IllegalArgumentException("parameter '" + names.get(k) + "' is set twice");
            }
            ParameterSpec s = e.getValue();
            ParameterSpec c = new ParameterSpec(names.get(k)).value(s.value()).fixed(s.fixed()).tie(s.tie());
            if (s.min() > Double.NEGATIVE_INFINITY || s.max() < Double.POSITIVE_INFINITY) {
                c.bounds(s.min(), s.max());
            }
            specs[k] = c;
        }
        for (int k = 0; k < np; k++) {
            if (specs[k] == null) {
                specs[k] = new ParameterSpec(names.get(k));
            }
        }
        applyDefaultBounds(model);
        ties = new Expression[np];
        tieInputs = new int[np][];
        tieDerivatives = new Expression[np][];
        Set<String> allowed = new HashSet<>(names);
        List<Integer> freeList = new ArrayList<>();
        for (int k = 0; k < np; k++) {
            ParameterSpec s = specs[k];
            if (s.tie() != null) {
                Expression t;
                try {
                    t = Expression.parse(s.tie(), allowed, false);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("tie '" + names.get(k) + "=" + s.tie() + "': " + ex.getMessage()
                            + "; the model's parameters are " + String.join(", ", names));
                }
                ties[k] = t;
                tieInputs[k] = new int[t.parameters().size()];
                tieDerivatives[k] = new Expression[t.parameters().size()];
                for (int r = 0; r < tieInputs[k].length; r++) {
                    tieInputs[k][r] = names.indexOf(t.parameters().get(r));
                    tieDerivatives[k][r] = t.derivative(r);
                }
            } else if (!s.fixed()) {
                freeList.add(k);
            }
        }
        tiedOrder = orderTies(names);
        free = freeList.stream().mapToInt(Integer::intValue).toArray();
        if (free.length == 0) {
            throw new IllegalArgumentException("no free parameters: every parameter of '" + model.description()
                    + "' is fixed or tied");
        }
    }

    /** Gives unbounded parameters the component's default bounds (not fixed or tied ones). */
    private void applyDefaultBounds(Model m) {
        for (int c = 0; c < m.components().size(); c++) {
            Component comp = m.components().get(c);
            List<String> bare = comp.parameterNames();
            for (Map.Entry<String, double[]> e : comp.defaultBounds().entrySet()) {
                ParameterSpec s = specs[m.offset(c) + bare.indexOf(e.getKey())];
                if (s.tie() == null && !s.fixed() && s.min() == Double.NEGATIVE_INFINITY
                        && s.max() == Double.POSITIVE_INFINITY) {
                    s.bounds(e.getValue()[0], e.getValue()[1]);
                }
            }
        }
    }

    private int[] orderTies(List<String> names) {
        int np = names.size();
        List<Integer> order = new ArrayList<>();
        int[] state = new int[np]; // 0 new, 1 visiting, 2 done
        for (int k = 0; k < np; k++) {
            if (ties[k] != null) {
                visit(k, state, order, names);
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private void visit(int k, int[] state, List<Integer> order, List<String> names) {
        if (state[k] == 2 || ties[k] == null) {
            return;
        }
        if (state[k] == 1) {
            throw new IllegalArgumentException("ties form a cycle through parameter '" + names.get(k) + "'");
        }
        state[k] = 1;
        for (int r : tieInputs[k]) {
            visit(r, state, order, names);
        }
        state[k] = 2;
        order.add(k);
    }

    /** Index of a user's parameter name in the model; accepts unambiguous short forms. */
    static int resolve(Model model, String name) {
        List<String> names = model.parameterNames();
        int k = names.indexOf(name);
        if (k >= 0) {
            return k;
        }
        if (!model.isExpression()) {
            if (model.components().size() == 1 && name.startsWith("p1_")) {
                k = names.indexOf(name.substring(3));
                if (k >= 0) {
                    return k;
                }
            }
            if (model.components().size() > 1) {
                int found = -1;
                for (int i = 0; i < names.size(); i++) {
                    if (names.get(i).endsWith("_" + name) && names.get(i).indexOf('_') == names.get(i).length() - name.length() - 1) {
                        if (found >= 0) {
                            throw new IllegalArgumentException("parameter '" + name + "' is ambiguous in model '"
                                    + model.description() + "'; use one of " + names.get(found) + ", " + names.get(i));
                        }
                        found = i;
                    }
                }
                if (found >= 0) {
                    return found;
                }
            }
        }
        throw new IllegalArgumentException("unknown parameter '" + name + "' for model '" + model.description()
                + "'; its parameters are " + String.join(", ", names));
    }

    public Model model() {
        return model;
    }

    /** A copy of the compiled settings of parameter {@code k}. */
    public ParameterSpec spec(int k) {
        return specs[k].copy();
    }

    public int freeCount() {
        return free.length;
    }

    /** Whether the user gave a starting value for every free parameter (no automatic guess needed). */
    public boolean allStartsGiven() {
        for (int k : free) {
            if (!specs[k].hasValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starting values for all parameters: the user's where given, else {@code previous} (a prior fit's values,
     * may be null), else automatic estimates from the data (peak models) or 1 (expression models); clipped
     * into the bounds; ties evaluated.
     */
    public double[] startValues(double[] x, double[] y, int n, double[] previous) {
        int np = specs.length;
        double[] p = new double[np];
        double[] guess = null;
        for (int k = 0; k < np; k++) {
            ParameterSpec s = specs[k];
            double v;
            if (s.hasValue()) {
                v = s.value();
            } else if (previous != null && Double.isFinite(previous[k])) {
                v = previous[k];
            } else {
                if (guess == null) {
                    guess = StartingValues.guess(model, x, y, n);
                }
                v = guess[k];
            }
            if (v < s.min()) {
                v = s.min();
            }
            if (v > s.max()) {
                v = s.max();
            }
            p[k] = v;
        }
        applyTies(p);
        return p;
    }

    void applyTies(double[] p) {
        for (int k : tiedOrder) {
            int[] in = tieInputs[k];
            double[] args = new double[in.length];
            for (int r = 0; r < in.length; r++) {
                args[r] = p[in[r]];
            }
            p[k] = ties[k].evaluate(0, args);
        }
    }

    /** A fitter for this plan, with work arrays for one thread. */
    public Fitter newFitter() {
        return new Fitter(this);
    }

    ParameterSpec rawSpec(int k) {
        return specs[k];
    }

    /** Names of the parameters that vary, in order. */
    public List<String> freeNames() {
        List<String> l = new ArrayList<>();
        for (int k : free) {
            l.add(model.parameterNames().get(k));
        }
        return l;
    }

    @Override
    public String toString() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ParameterSpec s : specs) {
            m.put(s.name(), s.toString());
        }
        return model.description() + " " + m.values() + " free=" + Arrays.toString(free);
    }
}
