package org.daybreak.hdf5.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import org.daybreak.core.data.LazyDataset;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.data.SliceSpec;
import org.daybreak.hdf5.H5Dataset;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.layout.RowLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/**
 * The values of a dataset as a virtual table: a scalar as one cell, a 1-D dataset as one column, and for two or
 * more axes a 2-D slice (the axes shown as rows and columns are chosen, the others fixed by index spinners).
 * Rows are read in blocks of {@value #BLOCK_ROWS} only when the table asks for them (SWT.VIRTUAL), off the UI
 * thread; at most {@value #MAX_COLUMNS} columns are shown from a chosen first column.
 *
 * <p>Thread rule: all methods on the UI thread; reads run on the panel's executor and come back by asyncExec.
 * A new dataset or slice discards blocks still being read for the old one.
 */
final class ValueTable extends Composite {
    static final int BLOCK_ROWS = 128;
    static final int MAX_COLUMNS = 256;

    private final ExecutorService executor;
    private final Composite controls;
    private final Table table;
    private final Label status;
    /** An HDF5 dataset or any other lazy dataset (a FITS array or column). */
    private LazyDataset dataset;
    private int[] shape;
    private int rowAxis = -1;
    private int columnAxis = -1;
    private int firstColumn;
    private int[] fixed;
    private long generation;
    private final Map<Integer, String[][]> blocks = new HashMap<>();
    private final Set<Integer> pending = new HashSet<>();

    ValueTable(Composite parent, ExecutorService executor) {
        super(parent, SWT.NONE);
        this.executor = executor;
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        setLayout(layout);
        controls = new Composite(this, SWT.NONE);
        RowLayout rl = new RowLayout(SWT.HORIZONTAL);
        rl.center = true;
        rl.marginHeight = 1;
        controls.setLayout(rl);
        controls.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        table = new Table(this, SWT.VIRTUAL | SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.addListener(SWT.SetData, e -> fill((TableItem) e.item, e.index));
        status = new Label(this, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));
        show(null);
    }

    Table table() {
        return table;
    }

    /** Shows a dataset's values (metadata already read; nothing is read until rows are drawn); null clears. */
    void show(LazyDataset ds) {
        dataset = ds;
        shape = ds == null ? null : ds.shape();
        int rank = shape == null ? 0 : shape.length;
        rowAxis = rank >= 1 ? rank - (rank >= 2 ? 2 : 1) : -1;
        columnAxis = rank >= 2 ? rank - 1 : -1;
        fixed = new int[rank];
        firstColumn = 0;
        buildControls();
        reset();
    }

    private void buildControls() {
        for (Control c : controls.getChildren()) {
            c.dispose();
        }
        if (shape != null && shape.length >= 2) {
            int rank = shape.length;
            String[] names = new String[rank];
            for (int d = 0; d < rank; d++) {
                names[d] = "axis " + d + " (" + shape[d] + ")";
            }
            new Label(controls, SWT.NONE).setText("rows:");
            Combo rows = new Combo(controls, SWT.READ_ONLY);
            rows.setItems(names);
            rows.select(rowAxis);
            new Label(controls, SWT.NONE).setText("columns:");
            Combo cols = new Combo(controls, SWT.READ_ONLY);
            cols.setItems(names);
            cols.select(columnAxis);
            rows.addListener(SWT.Selection, e -> {
                if (rows.getSelectionIndex() == columnAxis) {
                    columnAxis = rowAxis;
                }
                rowAxis = rows.getSelectionIndex();
                firstColumn = 0;
                buildControls();
                reset();
            });
            cols.addListener(SWT.Selection, e -> {
                if (cols.getSelectionIndex() == rowAxis) {
                    rowAxis = columnAxis;
                }
                columnAxis = cols.getSelectionIndex();
                firstColumn = 0;
                buildControls();
                reset();
            });
            for (int d = 0; d < rank; d++) {
                if (d == rowAxis || d == columnAxis) {
                    continue;
                }
                int axis = d;
                new Label(controls, SWT.NONE).setText("axis " + d + ":");
                Spinner s = new Spinner(controls, SWT.BORDER);
                s.setValues(fixed[d], 0, Math.max(0, shape[d] - 1), 0, 1, 10);
                s.addListener(SWT.Selection, e -> {
                    fixed[axis] = s.getSelection();
                    reset();
                });
            }
            if (shape[columnAxis] > MAX_COLUMNS) {
                new Label(controls, SWT.NONE).setText("first column:");
                Spinner s = new Spinner(controls, SWT.BORDER);
                s.setValues(firstColumn, 0, shape[columnAxis] - 1, 0, 1, MAX_COLUMNS);
                s.addListener(SWT.Selection, e -> {
                    firstColumn = s.getSelection();
                    reset();
                });
            }
        }
        controls.setVisible(controls.getChildren().length > 0);
        ((GridData) controls.getLayoutData()).exclude = controls.getChildren().length == 0;
        layout(true, true);
    }

    private int rows() {
        if (shape == null) {
            return 0;
        }
        return shape.length == 0 ? 1 : shape[rowAxis];
    }

    private int columns() {
        if (shape == null) {
            return 0;
        }
        return shape.length < 2 ? 1 : Math.min(MAX_COLUMNS, shape[columnAxis] - firstColumn);
    }

    /** Drops cached blocks, rebuilds columns and sets the item count; rows are read when they are drawn. */
    private void reset() {
        generation++;
        blocks.clear();
        pending.clear();
        table.setRedraw(false);
        try {
            table.removeAll();
            for (TableColumn c : table.getColumns()) {
                c.dispose();
            }
            if (shape != null) {
                TableColumn index = new TableColumn(table, SWT.RIGHT);
                index.setText(shape.length == 0 ? "" : "[" + rowAxis + "]");
                index.setWidth(60);
                int n = columns();
                for (int c = 0; c < n; c++) {
                    TableColumn col = new TableColumn(table, SWT.RIGHT);
                    col.setText(shape.length < 2 ? "value" : String.valueOf(firstColumn + c));
                    col.setWidth(shape.length < 2 ? 160 : 80);
                }
            }
            table.setItemCount(rows());
        } finally {
            table.setRedraw(true);
        }
        if (shape == null) {
            status.setText("");
        } else if (isEmpty(dataset)) {
            status.setText("empty dataset (no elements)");
        } else {
            status.setText(rows() + " rows" + (shape.length >= 2 ? " \u00d7 " + shape[columnAxis] + " columns"
                    + (shape[columnAxis] > MAX_COLUMNS ? " (showing " + columns() + " from " + firstColumn + ")" : "")
                    : ""));
        }
    }

    private void fill(TableItem item, int row) {
        if (shape == null) {
            return;
        }
        int b = row / BLOCK_ROWS;
        String[][] block = blocks.get(b);
        if (block == null) {
            item.setText(0, String.valueOf(row));
            if (columns() > 0) {
                item.setText(1, "\u2026");
            }
            request(b);
            return;
        }
        String[] values = block[row - b * BLOCK_ROWS];
        String[] texts = new String[values.length + 1];
        texts[0] = shape.length == 0 ? "" : String.valueOf(row);
        System.arraycopy(values, 0, texts, 1, values.length);
        item.setText(texts);
    }

    private void request(int b) {
        if (!pending.add(b) || isEmpty(dataset)) {
            return;
        }
        long gen = generation;
        int r0 = b * BLOCK_ROWS;
        int r1 = Math.min(rows(), r0 + BLOCK_ROWS);
        int c0 = firstColumn;
        int c1 = firstColumn + columns();
        SliceSpec spec = sliceOf(r0, r1, c0, c1);
        boolean transpose = shape.length >= 2 && rowAxis > columnAxis;
        LazyDataset ds = dataset;
        executor.execute(() -> {
            String[][] texts;
            try {
                NDArray a = ds.read(spec);
                texts = texts(a, r1 - r0, c1 - c0, transpose);
            } catch (RuntimeException e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                texts = new String[r1 - r0][];
                for (int i = 0; i < texts.length; i++) {
                    texts[i] = new String[] {i == 0 ? "cannot read: " + m : ""};
                }
            }
            String[][] result = texts;
            if (!isDisposed()) {
                getDisplay().asyncExec(() -> {
                    if (isDisposed() || gen != generation) {
                        return;
                    }
                    blocks.put(b, result);
                    pending.remove(b);
                    table.clear(r0, r1 - 1);
                });
            }
        });
    }

    /** The selection of rows r0..r1 and columns c0..c1 (ends exclusive) with the other axes at their index. */
    private SliceSpec sliceOf(int r0, int r1, int c0, int c1) {
        int rank = shape.length;
        if (rank == 0) {
            return SliceSpec.all();
        }
        List<SliceSpec.Item> items = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            if (d == rowAxis) {
                items.add(SliceSpec.Item.range(r0, r1, 1));
            } else if (d == columnAxis) {
                items.add(SliceSpec.Item.range(c0, c1, 1));
            } else {
                items.add(SliceSpec.Item.index(fixed[d]));
            }
        }
        return SliceSpec.of(items.toArray(SliceSpec.Item[]::new));
    }

    /** An HDF5 null dataspace, or a dataset with a zero-length axis. */
    private static boolean isEmpty(LazyDataset ds) {
        return ds instanceof H5Dataset h ? h.isEmpty() : ds.size() == 0;
    }

    static String[][] texts(NDArray a, int rows, int cols, boolean transpose) {
        NDArray v = transpose ? a.transpose(1, 0) : a;
        String[][] out = new String[rows][cols];
        boolean bytes = a.dtype() == org.daybreak.core.data.DType.BYTES;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                Object o = v.rank() == 0 ? v.getObject() : v.rank() == 1 ? v.getObject(r) : v.getObject(r, c);
                // byte strings are shown decoded (UTF-8 where valid, else \xNN), never changed in the array
                out[r][c] = bytes && o != null ? org.daybreak.core.data.DType.displayText((String) o) : text(o);
            }
        }
        return out;
    }

    private static String text(Object o) {
        if (o instanceof Float f) {
            return Float.toString(f);
        }
        return String.valueOf(o);
    }
}
