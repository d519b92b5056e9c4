package org.daybreak.fit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobSpec;

/**
 * Job kind {@code fit.batch}: fits every 1-d trace (last axis) of a dataset.
 *
 * <p>Inputs: {@code data} (a text table, .npy or {@code FILE.h5:/path}), optional {@code x} (.npy axis) and
 * {@code weights} (.npy). Params: {@code model} (e.g. {@code "gaussian+linear"}) or {@code expr}, {@code params}
 * (the {@code --params} text), {@code start} ({@code "user"}: every fit starts from the user's values and
 * automatic estimates; {@code "previous"}: from the previous trace's result), {@code tolerance} (MINPACK ftol
 * and xtol of each fit, default 1e-10), optional {@code x_col},
 * {@code y_col}, {@code sigma_col} for text tables, and {@code out} (an HDF5 file for the parameter maps).
 *
 * <p>Result: {@code {"traces", "succeeded", "fits": [RESULT...]}} without {@code out}; with it
 * {@code {"traces", "succeeded", "out"}}.
 */
public final class FitBatchJob implements JobHandler {
    public static final String KIND = "fit.batch";

    private final FitData preloaded;
    private final FitPlan preplanned;

    /** The handler found by ServiceLoader: reads everything from the spec. */
    public FitBatchJob() {
        this(null, null);
    }

    /** A handler that uses data and a plan already loaded by its caller (the command line). */
    public FitBatchJob(FitData data, FitPlan plan) {
        this.preloaded = data;
        this.preplanned = plan;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The plan described by a spec's {@code model}/{@code expr} and {@code params}. */
    public static FitPlan plan(JobSpec spec) {
        String model = spec.string("model", null);
        String expr = spec.string("expr", null);
        if ((model == null) == (expr == null)) {
            throw new IllegalArgumentException("a fit needs exactly one of a model (e.g. gaussian+linear) or an expression");
        }
        Model m = model != null ? Model.parse(model) : Model.expression(expr);
        return new FitPlan(m, ParameterSpec.parseList(spec.string("params", "")));
    }

    /** {@code LO:HI} (either side may be empty) of x values. */
    static FitData restrict(FitData data, String range) {
        String[] r = range.split(":", -1);
        try {
            if (r.length != 2) {
                throw new NumberFormatException();
            }
            double lo = r[0].isBlank() ? Double.NEGATIVE_INFINITY : Double.parseDouble(r[0]);
            double hi = r[1].isBlank() ? Double.POSITIVE_INFINITY : Double.parseDouble(r[1]);
            return data.restrict(Math.min(lo, hi), Math.max(lo, hi));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("range needs LO:HI (x values), not '" + range + "'");
        }
    }

    /**
     * One trace, as {@code daybreak fit} fits it (start values from the plan, tolerance 1e-15 unless given): returns
     * {@code {"fit": FitResult.toJson(), "table": the command line's text table}}.
     *
     * @param maxNfev   largest number of evaluations, or 0 for the default
     * @param tolerance ftol and xtol, or NaN for the default
     */
    public static Map<String, Object> fitSingle(FitPlan plan, FitData data, int maxNfev, double tolerance) {
        Fitter fitter = plan.newFitter();
        if (maxNfev > 0) {
            fitter.optimizer().maxEvaluations(maxNfev);
        }
        if (!Double.isNaN(tolerance)) {
            fitter.optimizer().ftol(tolerance).xtol(tolerance);
        }
        double[] p0 = plan.startValues(data.x, data.y, data.length, null);
        FitResult r = fitter.fit(data.x, data.y, data.weights, data.length, p0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fit", r.toJson());
        m.put("table", FitCommand.table(plan.model(), r));
        return m;
    }

    @Override
    public Map<String, Object> run(JobSpec spec, JobContext context) throws Exception {
        FitPlan plan = preplanned != null ? preplanned : plan(spec);
        FitData data = preloaded;
        if (data == null) {
            String ref = spec.inputs().get("data");
            if (ref == null) {
                throw new IllegalArgumentException("the fit job has no 'data' input");
            }
            data = FitData.read(ref, spec.inputs().get("x"), spec.integer("x_col", 0), spec.integer("y_col", 1),
                    spec.integer("sigma_col", -1), spec.inputs().get("weights"));
        }
        if (preloaded == null && spec.params().containsKey("range")) {
            data = restrict(data, spec.string("range", ""));
        }
        if (spec.flag("single", false)) {
            if (!data.single()) {
                throw new IllegalArgumentException("a single-trace fit needs one trace; the data holds " + data.traces);
            }
            double tol = spec.params().containsKey("tolerance") ? spec.number("tolerance", Double.NaN) : Double.NaN;
            return fitSingle(plan, data, spec.integer("max_nfev", 0), tol);
        }
        String start = spec.string("start", "user");
        if (!start.equals("user") && !start.equals("previous")) {
            throw new IllegalArgumentException("start must be 'user' or 'previous', not '" + start + "'");
        }
        context.progress(0, "fitting " + data.traces + " traces");
        double tolerance = spec.number("tolerance", BatchFit.STACK_TOLERANCE);
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must lie between 0 and 1, not " + tolerance);
        }
        FitResult[] results = BatchFit.run(plan, data, start.equals("previous"), tolerance, context);
        int ok = 0;
        for (FitResult r : results) {
            ok += r.success() ? 1 : 0;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("traces", results.length);
        out.put("succeeded", ok);
        String file = spec.string("out", null);
        if (file != null) {
            FitResultsH5.write(Path.of(file), plan.model(), results, data.leadingShape, data.source);
            out.put("out", file);
        } else {
            List<Object> fits = new ArrayList<>(results.length);
            for (FitResult r : results) {
                fits.add(r.toJson());
            }
            out.put("fits", fits);
        }
        return out;
    }
}
