package org.daybreak.fit.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.json.Json;
import org.daybreak.fit.FitResult;
import org.daybreak.fit.Model;

/**
 * The text of the Fitting view's "Export…": the last fit as CSV or JSON. Widget-free, but it stays in the UI
 * bundle because it writes the view's own parameter rows (fixed, bounds, ties as typed in its table).
 */
final class FitExport {
    private FitExport() {
    }

    /**
     * CSV: a parameter table {@code name,value,stderr,fixed,min,max,tie}, a blank line, then {@code statistic,value}
     * rows. A result parameter without a matching row (same name at the same index) is written as an unset row.
     */
    static String csv(FitResult r, List<ParameterRow> rows) {
        StringBuilder b = new StringBuilder("name,value,stderr,fixed,min,max,tie\n");
        for (int k = 0; k < r.names().size(); k++) {
            ParameterRow row = k < rows.size() && rows.get(k).name.equals(r.names().get(k)) ? rows.get(k)
                    : new ParameterRow(r.names().get(k));
            b.append(r.names().get(k)).append(',').append(r.values()[k]).append(',').append(r.stderr()[k])
                    .append(',').append(row.fixed).append(',').append(ParameterRow.number(row.min)).append(',')
                    .append(ParameterRow.number(row.max))
                    .append(',').append(csvCell(row.tie)).append('\n');
        }
        b.append("\nstatistic,value\n");
        b.append("chi2,").append(r.chi2()).append('\n');
        b.append("redchi,").append(r.redchi()).append('\n');
        b.append("rsquared,").append(r.rsquared()).append('\n');
        b.append("iterations,").append(r.iterations()).append('\n');
        b.append("points,").append(r.points()).append('\n');
        b.append("success,").append(r.success()).append('\n');
        b.append("message,").append(csvCell(r.message())).append('\n');
        return b.toString();
    }

    /**
     * JSON: {@code model} (empty when none), {@code trace} (its label, empty when none), {@code settings} in the
     * fit command's --params syntax, and the fit command's result object.
     */
    static String json(FitResult r, Model model, String trace, List<ParameterRow> rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model == null ? "" : model.description());
        m.put("trace", trace == null ? "" : trace);
        m.put("settings", ParameterRow.paramsText(rows));
        m.put("result", r.toJson());
        return Json.pretty(m) + "\n";
    }

    private static String csvCell(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
