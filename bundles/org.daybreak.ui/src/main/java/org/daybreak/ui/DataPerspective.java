package org.daybreak.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * The first perspective, laid out for data work: the Data Browser on the left, the Plot in the middle,
 * Console and Progress below. The editor area is hidden: Daybreak shows data in views.
 */
public final class DataPerspective implements IPerspectiveFactory {
    public static final String ID = "org.daybreak.ui.perspective.data";
    public static final String PROGRESS_VIEW = "org.eclipse.ui.views.ProgressView";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(false);
        IFolderLayout left = layout.createFolder("left", IPageLayout.LEFT, 0.28f, editors);
        left.addView(org.daybreak.ui.views.DataBrowserView.ID);
        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.70f, editors);
        bottom.addView(org.daybreak.ui.views.ConsoleView.ID);
        bottom.addView(PROGRESS_VIEW);
        IFolderLayout center = layout.createFolder("center", IPageLayout.TOP, 0.70f, editors);
        center.addView(org.daybreak.ui.views.PlotView.ID);
        layout.addShowViewShortcut(org.daybreak.ui.views.DataBrowserView.ID);
        layout.addShowViewShortcut(org.daybreak.ui.views.PlotView.ID);
        layout.addShowViewShortcut(org.daybreak.ui.views.ConsoleView.ID);
        layout.addShowViewShortcut(PROGRESS_VIEW);
    }
}
