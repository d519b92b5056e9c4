package org.daybreak.tomo.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * Tomography: the Data Browser on the left, the Tomography view in the centre, the Plot view (result volumes,
 * browsed with its slicer) on the right, the Progress view (volume jobs, with cancel) at the bottom.
 */
public final class TomographyPerspective implements IPerspectiveFactory {
    public static final String ID = "org.daybreak.tomo.ui.perspective";
    static final String DATA_BROWSER = "org.daybreak.hdf5.ui.dataBrowser";
    static final String PROGRESS_VIEW = "org.eclipse.ui.views.ProgressView";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(false);
        IFolderLayout left = layout.createFolder("tomo.left", IPageLayout.LEFT, 0.18f, editors);
        left.addView(DATA_BROWSER);
        IFolderLayout bottom = layout.createFolder("tomo.bottom", IPageLayout.BOTTOM, 0.80f, editors);
        bottom.addView(PROGRESS_VIEW);
        IFolderLayout right = layout.createFolder("tomo.right", IPageLayout.RIGHT, 0.68f, editors);
        right.addView(TomographyView.PLOT_VIEW_ID);
        IFolderLayout centre = layout.createFolder("tomo.centre", IPageLayout.TOP, 0.80f, editors);
        centre.addView(TomographyView.ID);
        layout.addShowViewShortcut(TomographyView.ID);
        layout.addShowViewShortcut(DATA_BROWSER);
        layout.addShowViewShortcut(TomographyView.PLOT_VIEW_ID);
        layout.addShowViewShortcut(PROGRESS_VIEW);
        layout.addPerspectiveShortcut(ID);
    }
}
