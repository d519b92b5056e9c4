package org.daybreak.ui;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

/**
 * The Daybreak workbench application. Arguments that are not Equinox options are files to open at start
 * ({@code ./daybreak gui FILE...}).
 */
public final class Application implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        List<String> files = new ArrayList<>();
        if (args != null) {
            // Files are the plain arguments; an argument that follows an option ("-name value") is its value.
            boolean afterOption = false;
            for (String a : args) {
                if (a.startsWith("-")) {
                    afterOption = true;
                } else if (afterOption) {
                    afterOption = false;
                } else {
                    files.add(a);
                }
            }
        }
        Display display = PlatformUI.createDisplay();
        Branding.openSplash(display); // closed by DaybreakWindowAdvisor.postWindowOpen
        try {
            int code = PlatformUI.createAndRunWorkbench(display, new DaybreakWorkbenchAdvisor(files));
            return code == PlatformUI.RETURN_RESTART ? IApplication.EXIT_RESTART : IApplication.EXIT_OK;
        } finally {
            Branding.closeSplash();
            display.dispose();
        }
    }

    @Override
    public void stop() {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IWorkbench workbench = PlatformUI.getWorkbench();
        Display display = workbench.getDisplay();
        display.syncExec(() -> {
            if (!display.isDisposed()) {
                workbench.close();
            }
        });
    }
}
