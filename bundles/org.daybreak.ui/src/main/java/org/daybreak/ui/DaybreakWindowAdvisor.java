package org.daybreak.ui;

import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/** The main window: the branding's name as title and its icons, status line with the progress indicator, menus. */
public final class DaybreakWindowAdvisor extends WorkbenchWindowAdvisor {

    public DaybreakWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        super(configurer);
    }

    @Override
    public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer configurer) {
        return new DaybreakActionBarAdvisor(configurer);
    }

    @Override
    public void preWindowOpen() {
        IWorkbenchWindowConfigurer c = getWindowConfigurer();
        c.setInitialSize(new Point(1400, 900));
        c.setShowCoolBar(true);
        c.setShowStatusLine(true);
        c.setShowProgressIndicator(true);
        c.setShowPerspectiveBar(false);
        c.setTitle(Branding.get().name());
    }

    @Override
    public void postWindowOpen() {
        org.eclipse.swt.widgets.Shell shell = getWindowConfigurer().getWindow().getShell();
        org.eclipse.swt.graphics.Image[] images = Branding.get().windowImages(shell.getDisplay());
        if (images.length > 0) {
            shell.setImages(images);
            shell.addDisposeListener(e -> {
                for (org.eclipse.swt.graphics.Image i : images) {
                    i.dispose();
                }
            });
        }
        Branding.closeSplash();
    }
}
