package org.daybreak.fit;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.daybreak.core.cli.Args;
import org.daybreak.core.cli.Command;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.JobRunner;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.RunTarget;
import org.daybreak.core.json.Json;

/**
 * {@code daybreak fit}: fits a model to one trace, or to every trace of a 2-d/N-d array (last axis = spectrum).
 * Exit codes: 0 done (for a stack: whatever the individual fits' success), 1 a single fit that did not succeed
 * (the result is still printed, with {@code success: false} and the reason), 2 bad input.
 */
public final class FitCommand implements Command {

    @Override
    public String name() {
        return "fit";
    }

    @Override
    public String summary() {
        return "fit peaks, models and expressions to 1-D data, one trace or a stack";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "Usage: daybreak fit --data FILE (--model MODEL | --expr EXPR) [--params SETTINGS] [options]",
                "",
                "Data (FILE):",
                "  table.txt / .csv     columns of numbers (comma or blanks; # comments; header lines skipped;",
                "                       one column: y against the index); x in column 0 and y in column 1",
                "  y.npy                1-d: one trace; 2-d: one trace per row; N-d: last axis is the spectrum",
                "  file.h5:/path        an HDF5 dataset (x from the NeXus axis when present, else the index)",
                "",
                "Model:",
                "  --model gaussian+gaussian+linear   sum of: gaussian lorentzian pseudovoigt voigt pearson7",
                "                       linear constant exponential polynomialN|polyN step step_arctan",
                "                       step_linear step_logistic. A single function has lmfit's parameter",
                "                       names (amplitude, center, sigma...); in a sum they get p1_, p2_... prefixes.",
                "  --expr 'b1*exp(-b2*x) + b3'        a formula of x; its other identifiers are the parameters",
                "",
                "Options:",
                "  --params SETTINGS    comma-separated: p1_center=5 (start), p1_sigma=1:0.1:3 or 1[0.1,3]",
                "                       (start and bounds), p3_slope=0! (fixed), p2_sigma=p1_sigma or",
                "                       p2_center=p1_center+1.5 (tied). Unset peak parameters are estimated;",
                "                       peak widths default to >= 0 and a pseudo-Voigt fraction to [0,1].",
                "  --x-col I --y-col J  columns of x and y in a text table (from 0)",
                "  --sigma-col K        column of y uncertainties in a text table (weights 1/sigma)",
                "  --range LO:HI        fit only the points with LO <= x <= HI (either side may be empty)",
                "  --x X.npy            x axis for .npy/HDF5 data (default 0..n-1)",
                "  --weights W.npy      weights multiplying the residuals (1/sigma), per point or per value",
                "  --start user|previous  stacks: start each fit from the given values (default) or the previous fit",
                "  --out results.h5     stacks: write one dataset per parameter (+ NAME_stderr, chi2, redchi,",
                "                       success) instead of printing the fits",
                "  --max-nfev N         largest number of model evaluations per fit (default 200*(free+1))",
                "  --tolerance T        relative tolerance on the sum of squares and the parameters (MINPACK",
                "                       ftol and xtol; default 1e-15 for one trace, 1e-10 for stacks)",
                "  --json               JSON output: {\"params\": {NAME: {\"value\", \"stderr\"}}, \"chi2\", \"redchi\",",
                "                       \"iterations\", \"success\", \"message\", ...}; a stack prints {\"fits\": [...]}");
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args("fit", JobRunner.normalise(argv),
                JobRunner.withRunOptions(Set.of("data", "model", "expr", "params", "x-col", "y-col", "sigma-col", "x",
                        "weights", "out", "start", "max-nfev", "range", "tolerance")),
                Set.of("json"));
        RunTarget target = JobRunner.target(a, "fit");
        a.atMostPositional(0);
        String dataSpec = a.require("data");
        if (a.has("model") == a.has("expr")) {
            throw new UsageException("fit: give exactly one of --model (e.g. gaussian+linear) or --expr (a formula of x)");
        }
        Model model;
        try {
            model = a.has("model") ? Model.parse(a.get("model")) : Model.expression(a.get("expr"));
        } catch (IllegalArgumentException e) {
            if (a.has("expr")) {
                throw new UsageException("fit: bad expression '" + a.get("expr") + "': " + e.getMessage());
            }
            throw new UsageException("fit: " + e.getMessage());
        }
        FitPlan plan;
        try {
            plan = new FitPlan(model, ParameterSpec.parseList(a.get("params", "")));
        } catch (IllegalArgumentException e) {
            throw new UsageException("fit: " + e.getMessage());
        }
        String start = a.get("start", "user").toLowerCase(Locale.ROOT);
        if (!start.equals("user") && !start.equals("previous")) {
            throw new UsageException("fit: --start must be 'user' or 'previous', not '" + a.get("start") + "'");
        }
        int maxNfev = a.getInt("max-nfev", 0);
        double tolerance = a.getDouble("tolerance", Double.NaN);
        if (a.has("tolerance") && !(tolerance > 0 && tolerance < 1)) {
            throw new UsageException("fit: --tolerance must lie between 0 and 1, not '" + a.get("tolerance") + "'");
        }
        FitData data = FitData.read(dataSpec, a.get("x"), a.getInt("x-col", 0), a.getInt("y-col", 1),
                a.getInt("sigma-col", -1), a.get("weights"));
        if (a.has("range")) {
            String[] r = a.get("range").split(":");
            try {
                if (r.length != 2) {
                    throw new NumberFormatException();
                }
                double lo = r[0].isBlank() ? Double.NEGATIVE_INFINITY : Double.parseDouble(r[0]);
                double hi = r[1].isBlank() ? Double.POSITIVE_INFINITY : Double.parseDouble(r[1]);
                data = data.restrict(Math.min(lo, hi), Math.max(lo, hi));
            } catch (NumberFormatException e) {
                throw new UsageException("fit: --range needs LO:HI (x values), not '" + a.get("range") + "'");
            }
        }
        boolean json = a.has("json");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(a.has("model") ? "model" : "expr", a.has("model") ? a.get("model") : a.get("expr"));
        params.put("params", a.get("params", ""));
        params.put("x_col", a.getInt("x-col", 0));
        params.put("y_col", a.getInt("y-col", 1));
        params.put("sigma_col", a.getInt("sigma-col", -1));
        if (a.has("range")) {
            params.put("range", a.get("range"));
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("data", dataSpec);
        if (a.has("x")) {
            inputs.put("x", a.get("x"));
        }
        if (a.has("weights")) {
            inputs.put("weights", a.get("weights"));
        }
        if (data.single()) {
            if (a.has("out")) {
                throw new UsageException("fit: --out is for stacks of traces; " + dataSpec + " holds one trace");
            }
            checkFinite(data, dataSpec);
            Map<String, Object> fit;
            if (target.isRemote()) {
                // the same single-trace fit on a worker (fit.batch with "single": true)
                params.put("single", true);
                params.put("max_nfev", maxNfev);
                if (a.has("tolerance")) {
                    params.put("tolerance", tolerance);
                }
                fit = new JobRunner("fit", err).run(new JobSpec(FitBatchJob.KIND, params, inputs), target,
                        new FitBatchJob(data, plan));
            } else {
                fit = FitBatchJob.fitSingle(plan, data, maxNfev, a.has("tolerance") ? tolerance : Double.NaN);
            }
            out.print(json ? Json.pretty(fit.get("fit")) + "\n" : fit.get("table"));
            return Boolean.TRUE.equals(((Map<?, ?>) fit.get("fit")).get("success")) ? 0 : 1;
        }
        if (maxNfev > 0) {
            throw new UsageException("fit: --max-nfev is only available for single traces");
        }
        params.put("start", start);
        params.put("tolerance", a.has("tolerance") ? tolerance : BatchFit.STACK_TOLERANCE);
        if (a.has("out")) {
            params.put("out", a.get("out"));
        }
        JobSpec spec = new JobSpec(FitBatchJob.KIND, params, inputs);
        Map<String, Object> result = new JobRunner("fit", err)
                .progress(new JobRunner.ProgressStyle(1000, 1000, false, null))
                .run(spec, target, new FitBatchJob(data, plan));
        if (a.has("out")) {
            if (json) {
                out.println(Json.pretty(result));
            } else {
                out.println("fitted " + result.get("traces") + " traces (" + result.get("succeeded")
                        + " succeeded); results in " + result.get("out"));
            }
            return 0;
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fits", result.get("fits"));
            out.println(Json.write(m));
        } else {
            out.print(stackTable(model, result));
        }
        return 0;
    }

    private static void checkFinite(FitData data, String spec) {
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data.y[i])) {
                throw new InputException(spec + ": y value " + i + " is " + data.y[i]
                        + "; remove or replace non-finite values before fitting");
            }
            if (!Double.isFinite(data.x[i])) {
                throw new InputException(spec + ": x value " + i + " is " + data.x[i]
                        + "; remove or replace non-finite values before fitting");
            }
            if (data.weights != null && !Double.isFinite(data.weights[i])) {
                throw new InputException(spec + ": weight " + i + " is " + data.weights[i]);
            }
        }
    }

    static String table(Model model, FitResult r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "model:      %s (%d points, %d free parameters)%n", model.description(),
                r.points(), r.free()));
        b.append(String.format(Locale.ROOT, "success:    %s%n", r.success()));
        b.append(String.format(Locale.ROOT, "message:    %s%n", r.message()));
        b.append(String.format(Locale.ROOT, "iterations: %d (%d evaluations)%n%n", r.iterations(), r.evaluations()));
        b.append(String.format(Locale.ROOT, "%-16s %22s %14s%n", "parameter", "value", "stderr"));
        for (int k = 0; k < r.names().size(); k++) {
            b.append(String.format(Locale.ROOT, "%-16s %22.12g %14.4g%n", r.names().get(k), r.values()[k],
                    r.stderr()[k]));
        }
        b.append(String.format(Locale.ROOT, "%nchi2 = %.10g   redchi = %.10g   R^2 = %.8f%n", r.chi2(), r.redchi(),
                r.rsquared()));
        if (!r.derived().isEmpty()) {
            b.append("derived:");
            r.derived().forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %s = %.8g", k, v)));
            b.append('\n');
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static String stackTable(Model model, Map<String, Object> result) {
        StringBuilder b = new StringBuilder();
        List<Object> fits = (List<Object>) result.get("fits");
        b.append(String.format(Locale.ROOT, "%-7s %-7s", "trace", "success"));
        for (String n : model.parameterNames()) {
            b.append(String.format(Locale.ROOT, " %16s", n));
        }
        b.append(String.format(Locale.ROOT, " %14s%n", "redchi"));
        for (int t = 0; t < fits.size(); t++) {
            Map<String, Object> f = (Map<String, Object>) fits.get(t);
            Map<String, Object> ps = (Map<String, Object>) f.get("params");
            b.append(String.format(Locale.ROOT, "%-7d %-7s", t, f.get("success")));
            for (String n : model.parameterNames()) {
                Object v = ((Map<String, Object>) ps.get(n)).get("value");
                b.append(String.format(Locale.ROOT, " %16.8g", v instanceof Number num ? num.doubleValue() : Double.NaN));
            }
            Object rc = f.get("redchi");
            b.append(String.format(Locale.ROOT, " %14.6g%n", rc instanceof Number num ? num.doubleValue() : Double.NaN));
        }
        b.append(String.format(Locale.ROOT, "%s of %s fits succeeded%n", result.get("succeeded"), result.get("traces")));
        return b.toString();
    }
}
