package org.daybreak.ui;

import org.daybreak.core.cli.InputException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Text;

/**
 * The column of settings at the left of a task view (tomography, correlator): it scrolls vertically when the
 * view is shorter than its groups, and reads numbers from its text fields with one-sentence errors.
 */
public final class ControlColumn {
    private final ScrolledComposite scroller;
    private final Composite content;
    private final int width;

    /** A scrolling column of about {@code width} pixels in the first cell of {@code parent}'s grid. */
    public ControlColumn(Composite parent, int width) {
        this.width = width;
        scroller = new ScrolledComposite(parent, SWT.V_SCROLL);
        GridData cd = new GridData(SWT.FILL, SWT.FILL, false, true);
        cd.widthHint = width;
        scroller.setLayoutData(cd);
        content = new Composite(scroller, SWT.NONE);
        content.setLayout(new GridLayout(1, false));
        scroller.setContent(content);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
    }

    /** Where the groups go. */
    public Composite content() {
        return content;
    }

    /** Call after the groups change: the column scrolls once the view is shorter than they are. */
    public void fit() {
        scroller.setMinHeight(content.computeSize(width - 30, SWT.DEFAULT).y);
    }

    /** A titled group of {@code columns} grid columns, filling the column's width. */
    public static Group group(Composite parent, String title, int columns) {
        Group g = new Group(parent, SWT.NONE);
        g.setText(title);
        g.setLayout(new GridLayout(columns, false));
        g.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return g;
    }

    /**
     * The number in a text field.
     *
     * @throws InputException "the WHAT 'TEXT' is not a number"
     */
    public static double number(Text t, String what) {
        String s = t.getText().trim();
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InputException("the " + what + " '" + s + "' is not a number");
        }
    }
}
