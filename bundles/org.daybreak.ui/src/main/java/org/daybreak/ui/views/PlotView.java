package org.daybreak.ui.views;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/** The plot area. Until the plotting bundle provides its canvas, it says what will appear here. */
public final class PlotView extends ViewPart {
    public static final String ID = "org.daybreak.ui.views.plot";
    private Label message;

    @Override
    public void createPartControl(Composite parent) {
        message = MessagePart.create(parent,
                "Plots appear here: 1-D traces and 2-D detector images of the datasets you open in the Data Browser.\n"
                        + "(Plotting is not part of this build yet.)");
    }

    @Override
    public void setFocus() {
        message.getParent().setFocus();
    }
}
