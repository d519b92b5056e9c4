package org.daybreak.corr.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/** Correlator: the Correlator view filling the window, the Progress view (correlation jobs) below it. */
public final class CorrelatorPerspective implements IPerspectiveFactory {
    public static final String ID = "org.daybreak.corr.ui.perspective";
    static final String PROGRESS_VIEW = "org.eclipse.ui.views.ProgressView";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(false);
        IFolderLayout bottom = layout.createFolder("corr.bottom", IPageLayout.BOTTOM, 0.82f, editors);
        bottom.addView(PROGRESS_VIEW);
        IFolderLayout centre = layout.createFolder("corr.centre", IPageLayout.TOP, 0.82f, editors);
        centre.addView(CorrelatorView.ID);
        layout.addShowViewShortcut(CorrelatorView.ID);
        layout.addShowViewShortcut(PROGRESS_VIEW);
        layout.addPerspectiveShortcut(ID);
    }
}
