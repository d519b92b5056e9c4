package org.daybreak.script.ui;

import org.daybreak.script.ScriptSession;
import org.eclipse.ui.IStartup;

/**
 * Warms Jython up when the workbench starts ({@code org.eclipse.ui.startup}, called on a background thread), so
 * that the first console is ready in a moment instead of several seconds.
 */
public final class ConsoleStartup implements IStartup {
    @Override
    public void earlyStartup() {
        ScriptSession.prestart();
    }
}
