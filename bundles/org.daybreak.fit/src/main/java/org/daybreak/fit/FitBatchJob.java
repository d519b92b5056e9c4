package org.daybreak.fit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobParameter;
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

    static final JobParameter MODEL = JobParameter.text("model", null,
            "built-in model, components joined by + (e.g. gaussian+linear); or give expr");
    static final JobParameter EXPR = JobParameter.text("expr", null, "a formula of x (instead of model)");
    static final JobParameter PARAMS = JobParameter.text("params", "",
            "parameter settings: NAME=VALUE, NAME=VALUE:fixed, NAME=[LO,HI], NAME=expr, comma-separated");
    static final JobParameter START = JobParameter.text("start", "user",
            "stacks: start every trace from the given values (user) or from the previous trace's result (previous)");
    static final JobParameter TOLERANCE = JobParameter.number("tolerance", "1e-10 (stacks), 1e-15 (one trace)",
            null, "relative tolerance on the sum of squares and the parameters (ftol, xtol)");
    static final JobParameter OUT = JobParameter.text("out", null,
            "stacks: HDF5 file for the results (else they are returned as fits)");
    static final JobParameter X_COL = JobParameter.integer("x_col", 0, "column", "text data: column of x");
    static final JobParameter Y_COL = JobParameter.integer("y_col", 1, "column", "text data: column of y");
    static final JobParameter SIGMA_COL = JobParameter.integer("sigma_col", -1, "column",
            "text data: column of the uncertainties (-1: none)");
    static final JobParameter RANGE = JobParameter.text("range", "all", "fit only points with LO <= x <= HI: LO:HI");
    static final JobParameter SINGLE = JobParameter.flag("single", false,
            "one trace, fitted and reported as 'daybreak fit' does ({fit, table})");
    static final JobParameter MAX_NFEV = JobParameter.integer("max_nfev", "200*(free+1)", null,
            "single: largest number of model evaluations (0: default)");

    @Override
    public List<JobParameter> parameters() {
        return List.of(MODEL, EXPR, PARAMS, START, TOLERANCE, OUT, X_COL, Y_COL, SIGMA_COL, RANGE, SINGLE, MAX_NFEV);
    }

    @Override
    public Map<String, String> inputDescriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data", "traces: text columns, .npy (last axis = points), or FILE.h5:/path");
        m.put("x", "x values (.npy or FILE.h5:/path) when data holds only y");
        m.put("weights", "weights per point");
        return m;
    }

    @Override
    public String description() {
        return "fit a model to one trace or to every trace of a stack (in parallel)";
    }

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
        String model = MODEL.text(spec, null);
        String expr = EXPR.text(spec, null);
        if ((model == null) == (expr == null)) {
            throw new IllegalArgumentException("a fit needs exactly one of a model (e.g. gaussian+linear) or an expression");
        }
        Model m = model != null ? Model.parse(model) : Model.expression(expr);
        return new FitPlan(m, ParameterSpec.parseList(PARAMS.text(spec, "")));
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
            data = FitData.read(ref, spec.inputs().get("x"), X_COL.integer(spec, 0), Y_COL.integer(spec, 1),
                    SIGMA_COL.integer(spec, -1), spec.inputs().get("weights"));
        }
        if (preloaded == null && RANGE.isSet(spec)) {
            data = restrict(data, RANGE.text(spec, ""));
        }
        if (SINGLE.flag(spec, false)) {
            if (!data.single()) {
                throw new IllegalArgumentException("a single-trace fit needs one trace; the data holds " + data.traces);
            }
            double tol = TOLERANCE.isSet(spec) ? TOLERANCE.number(spec, Double.NaN) : Double.NaN;
            return fitSingle(plan, data, MAX_NFEV.integer(spec, 0), tol);
        }
        String start = START.text(spec, "user");
        if (!start.equals("user") && !start.equals("previous")) {
            throw new IllegalArgumentException("start must be 'user' or 'previous', not '" + start + "'");
        }
        context.progress(0, "fitting " + data.traces + " traces");
        double tolerance = TOLERANCE.number(spec, BatchFit.STACK_TOLERANCE);
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
        String file = OUT.text(spec, null);
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
