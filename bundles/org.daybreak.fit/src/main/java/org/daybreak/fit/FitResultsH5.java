package org.daybreak.fit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.daybreak.core.data.DType;
import org.daybreak.core.data.NDArray;
import org.daybreak.hdf5.H5File;
import org.daybreak.hdf5.H5Writer;

/**
 * Writes batch fit results to a new HDF5 file. Layout (every dataset has the shape of the traces' leading
 * axes, e.g. (rows,) for a 2-d stack or (ny, nx) for a map; float64 unless noted), all at the file's root:
 * <pre>
 *   /NAME            best-fit value of each model parameter (NaN where a fit could not run)
 *   /NAME_stderr     its standard error (NaN where unknown)
 *   /chi2 /redchi /rsquared
 *   /success         uint8, 1 where the fit converged to a usable result
 *   /iterations      int32
 *   /DERIVED         derived peak quantities (height, fwhm; e.g. /p1_height)
 * </pre>
 * Root attributes: {@code model}, {@code parameters} (names in model order), {@code source}.
 *
 * <p>Written by the {@code fit.batch} job; read back a map at a time by {@link #readMap} (the Fitting view, scripts).
 */
public final class FitResultsH5 {
    /** The fit statistics written beside the parameters that can be shown as a map. */
    public static final List<String> STATISTICS = List.of("chi2", "redchi", "rsquared", "success");

    private FitResultsH5() {
    }

    static void write(Path file, Model model, FitResult[] results, int[] shape, String source) throws IOException {
        int n = results.length;
        int[] dims = shape.length == 0 ? new int[] {n} : shape.clone();
        List<String> names = model.parameterNames();
        try (H5Writer w = H5Writer.create(file)) {
            for (int k = 0; k < names.size(); k++) {
                double[] v = new double[n];
                double[] e = new double[n];
                for (int t = 0; t < n; t++) {
                    v[t] = results[t].values()[k];
                    e[t] = results[t].stderr()[k];
                }
                w.dataset("/" + names.get(k), NDArray.of(v, dims));
                w.dataset("/" + names.get(k) + "_stderr", NDArray.of(e, dims));
            }
            double[] chi2 = new double[n];
            double[] redchi = new double[n];
            double[] rsq = new double[n];
            byte[] ok = new byte[n];
            int[] iterations = new int[n];
            Set<String> derived = new LinkedHashSet<>();
            for (int t = 0; t < n; t++) {
                chi2[t] = results[t].chi2();
                redchi[t] = results[t].redchi();
                rsq[t] = results[t].rsquared();
                ok[t] = (byte) (results[t].success() ? 1 : 0);
                iterations[t] = results[t].iterations();
                derived.addAll(results[t].derived().keySet());
            }
            w.dataset("/chi2", NDArray.of(chi2, dims));
            w.dataset("/redchi", NDArray.of(redchi, dims));
            w.dataset("/rsquared", NDArray.of(rsq, dims));
            w.dataset("/success", NDArray.wrap(DType.UINT8, ok, dims));
            w.dataset("/iterations", NDArray.of(iterations, dims));
            for (String d : derived) {
                if (names.contains(d)) {
                    continue;
                }
                double[] v = new double[n];
                for (int t = 0; t < n; t++) {
                    Double x = results[t].derived().get(d);
                    v[t] = x == null ? Double.NaN : x;
                }
                w.dataset("/" + d, NDArray.of(v, dims));
            }
            w.attribute("/", "model", model.description());
            w.attribute("/", "parameters", names.toArray(new String[0]));
            w.attribute("/", "source", source == null ? "" : source);
        }
    }

    /**
     * The names of the maps a batch fit of {@code model} writes, in the order the Fitting view offers them: the
     * parameters, the derived peak quantities, the parameters' {@code _stderr}, then {@link #STATISTICS}.
     */
    public static List<String> mapNames(Model model) {
        List<String> out = new ArrayList<>(model.parameterNames());
        for (String n : model.derived(new double[model.parameterCount()]).keySet()) {
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        for (String n : model.parameterNames()) {
            out.add(n + "_stderr");
        }
        out.addAll(STATISTICS);
        return out;
    }

    /**
     * The map of one result (a parameter, its {@code _stderr}, a derived quantity, chi2, redchi, rsquared,
     * success) as a 2-d float64 array: 1-d results become one row, and of more than two leading axes only the
     * first image (index 0 on the outer axes) is read.
     *
     * @throws IOException when the file cannot be read or has no dataset of that name
     */
    public static NDArray readMap(Path file, String name) throws IOException {
        try (H5File f = H5File.open(file)) {
            NDArray a = f.dataset("/" + name).read().astype(DType.FLOAT64).copy();
            int[] s = a.shape();
            if (s.length == 1) {
                return a.reshape(1, s[0]);
            }
            if (s.length == 2) {
                return a;
            }
            StringBuilder sel = new StringBuilder();
            for (int i = 0; i < s.length - 2; i++) {
                sel.append("0,");
            }
            sel.append(":,:");
            return a.slice(sel.toString()).copy().reshape(s[s.length - 2], s[s.length - 1]);
        }
    }
}
