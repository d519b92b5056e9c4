package org.daybreak.remote.ui;

import org.daybreak.ui.DaybreakUI;
import org.daybreak.ui.jobs.RunTargets;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchListener;
import org.eclipse.ui.PlatformUI;

/**
 * Starts the workbench's broker once the first window is up (the workbench calls {@link #earlyStartup()} on a
 * background thread, so the window never waits for the broker's 1.5 s), unless Preferences > Daybreak > Remote
 * workers says not to; stops it when the workbench shuts down.
 */
public final class BrokerStartup implements IStartup {

    @Override
    public void earlyStartup() {
        IWorkbench workbench = PlatformUI.getWorkbench();
        workbench.addWorkbenchListener(new IWorkbenchListener() {
            @Override
            public boolean preShutdown(IWorkbench w, boolean forced) {
                return true;
            }

            @Override
            public void postShutdown(IWorkbench w) {
                RunTargets.closeAll();
                LocalBroker.get().stop();
            }
        });
        DaybreakUI ui = DaybreakUI.getDefault();
        if (ui != null && ui.getPreferenceStore().getBoolean(RunTargets.EMBEDDED_BROKER)) {
            LocalBroker.get().start();
        }
    }
}
