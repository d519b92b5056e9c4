package org.daybreak.plot.ui;

import java.util.Arrays;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.Spinner;

/**
 * The N-D slicer: which dimensions are shown (one for a line, rows and columns for an image) and an index for each
 * other dimension (slider and spinner), with play/pause through one dimension at a chosen rate. Every change is
 * handed to a callback as a {@link Selection}; the reader decides what to read (only the shown slice).
 * Thread rule: UI thread only.
 */
public final class SlicerBar extends Composite {
    /** Shown dimensions ({@code shown.length} 1 or 2, image rows first) and the index of every dimension. */
    public record Selection(int[] shown, int[] index) {
        @Override
        public String toString() {
            return "shown " + Arrays.toString(shown) + " at " + Arrays.toString(index);
        }
    }

    private int[] shape = new int[0];
    private String[] names = new String[0];
    private boolean image = true;
    private int rows;
    private int columns;
    private int[] index = new int[0];
    private int playDim = -1;
    private boolean playing;
    private int fps = 5;
    /** True while a frame asked for is being read: play waits for it instead of queueing frames. */
    private boolean frameInFlight;
    private Consumer<Selection> onChange = s -> {
    };
    private Button playButton;
    private Spinner rateSpinner;

    public SlicerBar(Composite parent, int style) {
        super(parent, style);
        GridLayout l = new GridLayout(8, false);
        l.marginHeight = 2;
        setLayout(l);
    }

    public void onChange(Consumer<Selection> callback) {
        onChange = callback;
    }

    /**
     * Sets up the slicer for a dataset shape and starts with the given selection (no callback).
     *
     * @param axisNames a name per dimension (NeXus axis label or "axis d")
     */
    public void setDataset(int[] shape, String[] axisNames, Selection start) {
        stop();
        this.shape = shape.clone();
        this.names = axisNames.clone();
        this.index = start.index().clone();
        this.image = start.shown().length == 2;
        this.rows = start.shown()[0];
        this.columns = start.shown()[image ? 1 : 0];
        playDim = firstFree();
        rebuild();
    }

    public Selection selection() {
        return new Selection(image ? new int[] {rows, columns} : new int[] {columns}, index.clone());
    }

    /** Shows dimension {@code dim} as a line (the others at their index) and asks for it. */
    public void showLine(int dim) {
        checkDim(dim);
        image = false;
        columns = dim;
        playDim = firstFree();
        rebuild();
        fire();
    }

    /** Shows dimensions {@code rowDim} x {@code columnDim} as an image and asks for it. */
    public void showImage(int rowDim, int columnDim) {
        checkDim(rowDim);
        checkDim(columnDim);
        if (rowDim == columnDim) {
            throw new IllegalArgumentException("an image needs two different dimensions, not " + rowDim + " twice");
        }
        image = true;
        rows = rowDim;
        columns = columnDim;
        playDim = firstFree();
        rebuild();
        fire();
    }

    private void checkDim(int d) {
        if (d < 0 || d >= shape.length) {
            throw new IllegalArgumentException("dimension " + d + " is outside the dataset's " + shape.length
                    + " dimensions");
        }
    }

    public boolean isPlaying() {
        return playing;
    }

    /** Tells the bar that the frame it asked for has been shown (play then moves on). */
    public void frameShown() {
        frameInFlight = false;
    }

    private int firstFree() {
        for (int d = 0; d < shape.length; d++) {
            if (!isShown(d) && shape[d] > 1) {
                return d;
            }
        }
        return -1;
    }

    private boolean isShown(int d) {
        return d == columns || (image && d == rows);
    }

    private String dimName(int d) {
        return d + ": " + names[d] + " (" + shape[d] + ")";
    }

    private void rebuild() {
        for (Control c : getChildren()) {
            c.dispose();
        }
        String[] items = new String[shape.length];
        for (int d = 0; d < shape.length; d++) {
            items[d] = dimName(d);
        }
        new Label(this, SWT.NONE).setText("Show");
        Combo mode = new Combo(this, SWT.READ_ONLY);
        mode.setItems("image", "line");
        mode.select(image ? 0 : 1);
        mode.setEnabled(shape.length >= 2);
        mode.addListener(SWT.Selection, e -> {
            boolean want = mode.getSelectionIndex() == 0;
            if (want != image) {
                image = want;
                if (image && rows == columns) {
                    rows = otherThan(columns);
                }
                playDim = firstFree();
                rebuild();
                fire();
            }
        });
        new Label(this, SWT.NONE).setText(image ? "rows" : "");
        Combo rowsCombo = new Combo(this, SWT.READ_ONLY);
        rowsCombo.setItems(items);
        rowsCombo.select(Math.max(0, rows));
        rowsCombo.setVisible(image);
        rowsCombo.addListener(SWT.Selection, e -> {
            int d = rowsCombo.getSelectionIndex();
            if (d == columns) {
                columns = rows;
            }
            rows = d;
            playDim = firstFree();
            rebuild();
            fire();
        });
        new Label(this, SWT.NONE).setText(image ? "columns" : "x");
        Combo colsCombo = new Combo(this, SWT.READ_ONLY);
        colsCombo.setItems(items);
        colsCombo.select(Math.max(0, columns));
        colsCombo.addListener(SWT.Selection, e -> {
            int d = colsCombo.getSelectionIndex();
            if (image && d == rows) {
                rows = columns;
            }
            columns = d;
            playDim = firstFree();
            rebuild();
            fire();
        });
        Button play = new Button(this, SWT.PUSH);
        play.setText(playing ? "Pause" : "Play");
        play.setEnabled(playDim >= 0);
        play.setToolTipText("Play through dimension " + (playDim >= 0 ? dimName(playDim) : "-"));
        Spinner rate = new Spinner(this, SWT.BORDER);
        rate.setValues(fps, 1, 60, 0, 1, 5);
        rate.setToolTipText("frames per second");
        rate.addListener(SWT.Selection, e -> fps = rate.getSelection());
        play.addListener(SWT.Selection, e -> setPlaying(!playing));
        playButton = play;
        rateSpinner = rate;
        for (int d = 0; d < shape.length; d++) {
            if (isShown(d)) {
                continue;
            }
            int dim = d;
            Label name = new Label(this, SWT.NONE);
            name.setText(dimName(d));
            name.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false, 2, 1));
            Scale scale = new Scale(this, SWT.HORIZONTAL);
            scale.setMinimum(0);
            scale.setMaximum(Math.max(1, shape[d] - 1));
            scale.setSelection(index[d]);
            scale.setEnabled(shape[d] > 1);
            scale.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 5, 1));
            Spinner spin = new Spinner(this, SWT.BORDER);
            spin.setValues(index[d], 0, Math.max(0, shape[d] - 1), 0, 1, 10);
            scale.addListener(SWT.Selection, e -> {
                if (index[dim] != scale.getSelection()) {
                    index[dim] = scale.getSelection();
                    spin.setSelection(index[dim]);
                    fire();
                }
            });
            spin.addListener(SWT.Selection, e -> {
                if (index[dim] != spin.getSelection()) {
                    index[dim] = spin.getSelection();
                    scale.setSelection(index[dim]);
                    fire();
                }
            });
            scale.setData("dim", dim);
            spin.setData("dim", dim);
        }
        layout(true, true);
        getParent().layout(true, true);
    }

    private int otherThan(int d) {
        for (int i = shape.length - 1; i >= 0; i--) {
            if (i != d && shape[i] > 1) {
                return i;
            }
        }
        return d == 0 ? Math.min(1, shape.length - 1) : 0;
    }

    private void fire() {
        frameInFlight = true;
        onChange.accept(selection());
    }

    /** Moves the play dimension's index by one (wrapping) and updates its controls. */
    public void step() {
        if (playDim < 0) {
            return;
        }
        index[playDim] = (index[playDim] + 1) % shape[playDim];
        for (Control c : getChildren()) {
            if (Integer.valueOf(playDim).equals(c.getData("dim"))) {
                if (c instanceof Scale s) {
                    s.setSelection(index[playDim]);
                } else if (c instanceof Spinner s) {
                    s.setSelection(index[playDim]);
                }
            }
        }
        fire();
    }

    private void tick() {
        if (!playing || isDisposed()) {
            return;
        }
        if (!frameInFlight) {
            step();
        }
        getDisplay().timerExec(Math.max(1, 1000 / fps), this::tick);
    }

    public void stop() {
        setPlaying(false);
    }

    /** Starts or pauses playing through the first free dimension (no effect without one). */
    public void setPlaying(boolean on) {
        boolean start = on && !playing && playDim >= 0;
        playing = on && playDim >= 0;
        if (playButton != null && !playButton.isDisposed()) {
            playButton.setText(playing ? "Pause" : "Play");
        }
        if (start) {
            tick();
        }
    }

    /** Frames per second while playing (1 to 60). */
    public void setFramesPerSecond(int f) {
        fps = Math.max(1, Math.min(60, f));
        if (rateSpinner != null && !rateSpinner.isDisposed()) {
            rateSpinner.setSelection(fps);
        }
    }
}
