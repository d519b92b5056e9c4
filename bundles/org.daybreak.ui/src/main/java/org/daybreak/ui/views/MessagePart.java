package org.daybreak.ui.views;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/** A quiet centred line of text for a view area whose content is not there (yet), saying what will appear. */
public final class MessagePart {
    private MessagePart() {
    }

    public static Label create(Composite parent, String text) {
        Composite c = new Composite(parent, SWT.NONE);
        c.setLayout(new GridLayout(1, false));
        Label l = new Label(c, SWT.WRAP | SWT.CENTER);
        l.setText(text);
        l.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW));
        l.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, true));
        return l;
    }
}
