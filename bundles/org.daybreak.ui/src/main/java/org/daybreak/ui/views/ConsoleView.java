package org.daybreak.ui.views;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/** The console area. Until the scripting bundle provides the Jython console, it says what will appear here. */
public final class ConsoleView extends ViewPart {
    public static final String ID = "org.daybreak.ui.views.console";
    private Label message;

    @Override
    public void createPartControl(Composite parent) {
        message = MessagePart.create(parent,
                "The Jython console appears here: script Daybreak with `import daybreak`.\n"
                        + "(The console is not part of this build yet.)");
    }

    @Override
    public void setFocus() {
        message.getParent().setFocus();
    }
}
