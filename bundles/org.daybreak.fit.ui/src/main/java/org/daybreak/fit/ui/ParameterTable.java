package org.daybreak.fit.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import org.daybreak.fit.FitResult;
import org.daybreak.fit.Model;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.TableEditor;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

/**
 * The Fitting view's parameter table (name, value, error, fixed, min, max, tie) and the rows behind it: a click
 * on a value, min, max or tie opens an editor in the cell, a click on "fixed" toggles it. Reports what the user
 * typed wrong through {@code status} (text, is a problem). UI thread only.
 */
final class ParameterTable {
    static final String[] COLUMNS = {"name", "value", "error", "fixed", "min", "max", "tie"};

    private final Table table;
    private final TableEditor editor;
    private final BiConsumer<String, Boolean> status;
    private final List<ParameterRow> rows = new ArrayList<>();

    ParameterTable(Composite parent, BiConsumer<String, Boolean> status) {
        this.status = status;
        table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridData tg = new GridData(SWT.FILL, SWT.FILL, true, true);
        tg.heightHint = 160;
        table.setLayoutData(tg);
        int[] widths = {110, 110, 100, 50, 80, 80, 130};
        for (int c = 0; c < COLUMNS.length; c++) {
            TableColumn col = new TableColumn(table, SWT.LEFT);
            col.setText(COLUMNS[c]);
            col.setWidth(widths[c]);
        }
        table.setToolTipText("Click a value, min, max or tie to edit it (empty: automatic / unbounded); "
                + "click 'fixed' to toggle");
        editor = new TableEditor(table);
        editor.grabHorizontal = true;
        table.addListener(SWT.MouseDown, e -> editCell(new Point(e.x, e.y)));
    }

    /** The rows in model order; the panel reads them for fits, batches and exports. */
    List<ParameterRow> rows() {
        return rows;
    }

    /**
     * One row per parameter of the new model {@code m}, keeping what the user set for names both models have
     * (a single component's bare names carry over to its {@code p1_} names when a second component is added).
     */
    void modelChanged(Model old, Model m) {
        Map<String, ParameterRow> previous = new LinkedHashMap<>();
        for (ParameterRow r : rows) {
            previous.put(r.name, r);
            // a single component's bare names become p1_ names when a second component is added
            if (old != null && !old.isExpression() && old.components().size() == 1) {
                previous.putIfAbsent(Model.prefix(0) + r.name, r);
            }
        }
        rows.clear();
        for (String name : m.parameterNames()) {
            ParameterRow p = previous.get(name);
            rows.add(p == null ? new ParameterRow(name) : p.copyAs(name));
        }
        fill();
    }

    /** Takes the values and errors of a fit of the current model. */
    void fitted(FitResult r) {
        for (int k = 0; k < rows.size(); k++) {
            rows.get(k).value = r.values()[k];
            rows.get(k).error = r.stderr()[k];
        }
        fill();
    }

    /** Forgets the values of the last fit (fixed values stay) and all errors. */
    void resetValues() {
        for (ParameterRow r : rows) {
            if (!r.fixed) {
                r.value = Double.NaN;
            }
            r.error = Double.NaN;
        }
        fill();
    }

    private void fill() {
        editor.setEditor(null);
        for (Control c : table.getChildren()) {
            c.dispose();
        }
        table.removeAll();
        for (ParameterRow r : rows) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(cells(r));
        }
    }

    private static String[] cells(ParameterRow r) {
        return new String[] {r.name, Double.isNaN(r.value) ? "auto" : format(r.value),
            Double.isNaN(r.error) ? "" : format(r.error), r.fixed ? "\u2714" : "",
            r.min == Double.NEGATIVE_INFINITY ? "" : format(r.min), r.max == Double.POSITIVE_INFINITY ? "" : format(r.max),
            r.tie};
    }

    static String format(double v) {
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6)) {
            return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%.5e", v);
    }

    private void editCell(Point at) {
        TableItem item = table.getItem(at);
        if (item == null) {
            return;
        }
        int rowIndex = table.indexOf(item);
        for (int c = 1; c < COLUMNS.length; c++) {
            Rectangle r = item.getBounds(c);
            if (!r.contains(at)) {
                continue;
            }
            String column = COLUMNS[c];
            if (column.equals("error")) {
                return;
            }
            if (column.equals("fixed")) {
                ParameterRow row = rows.get(rowIndex);
                set(row.name, "fixed", row.fixed ? "false" : "true");
                return;
            }
            Text t = new Text(table, SWT.NONE);
            String current = item.getText(c);
            t.setText(current.equals("auto") ? "" : current);
            t.selectAll();
            editor.setEditor(t, item, c);
            t.setFocus();
            String name = rows.get(rowIndex).name;
            Runnable commit = () -> {
                if (!t.isDisposed()) {
                    String text = t.getText();
                    t.dispose();
                    set(name, column, text);
                }
            };
            t.addListener(SWT.DefaultSelection, e -> commit.run());
            t.addListener(SWT.FocusOut, e -> commit.run());
            t.addListener(SWT.Traverse, e -> {
                if (e.detail == SWT.TRAVERSE_ESCAPE) {
                    t.dispose();
                    e.doit = false;
                }
            });
            return;
        }
    }

    /** See {@link FittingPanel#setParameter}: bad input goes to the status line and changes nothing. */
    void set(String name, String column, String text) {
        ParameterRow row = rows.stream().filter(r -> r.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no parameter '" + name + "' in the model"));
        try {
            row.set(column, text);
            status.accept("", false);
        } catch (IllegalArgumentException e) {
            status.accept(e.getMessage(), true);
        }
        int i = rows.indexOf(row);
        if (i < table.getItemCount()) {
            table.getItem(i).setText(cells(row));
        }
    }

    /** The table as shown: one row per parameter, cells in {@link #COLUMNS} order. */
    List<String[]> shownRows() {
        List<String[]> out = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            String[] cells = new String[COLUMNS.length];
            for (int c = 0; c < cells.length; c++) {
                cells[c] = item.getText(c);
            }
            out.add(cells);
        }
        return out;
    }
}
