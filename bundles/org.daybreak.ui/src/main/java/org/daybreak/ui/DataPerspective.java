package org.daybreak.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * The first perspective, laid out for data work: the Data Browser on the left, the Plot in the middle, the
 * Console, Fitting and Progress views below. The editor area is hidden: Daybreak shows data in views.
 */
public final class DataPerspective implements IPerspectiveFactory {
    public static final String ID = "org.daybreak.ui.perspective.data";
    public static final String DATA_BROWSER = "org.daybreak.hdf5.ui.dataBrowser";
    public static final String PLOT = "org.daybreak.plot.ui.plot";
    public static final String CONSOLE = "org.daybreak.script.ui.console";
    public static final String FITTING = "org.daybreak.fit.ui.fitting";
    public static final String PROGRESS_VIEW = "org.eclipse.ui.views.ProgressView";
    public static final String TOMOGRAPHY_PERSPECTIVE = "org.daybreak.tomo.ui.perspective";
    public static final String CORRELATOR_PERSPECTIVE = "org.daybreak.corr.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editors = layout.getEditorArea();
        layout.setEditorAreaVisible(false);
        IFolderLayout left = layout.createFolder("left", IPageLayout.LEFT, 0.26f, editors);
        left.addView(DATA_BROWSER);
        IFolderLayout bottom = layout.createFolder("bottom", IPageLayout.BOTTOM, 0.66f, editors);
        bottom.addView(CONSOLE);
        bottom.addView(FITTING);
        bottom.addView(PROGRESS_VIEW);
        IFolderLayout center = layout.createFolder("center", IPageLayout.TOP, 0.66f, editors);
        center.addView(PLOT);
        for (String view : new String[] {DATA_BROWSER, PLOT, CONSOLE, FITTING, PROGRESS_VIEW}) {
            layout.addShowViewShortcut(view);
        }
        layout.addPerspectiveShortcut(ID);
        layout.addPerspectiveShortcut(TOMOGRAPHY_PERSPECTIVE);
        layout.addPerspectiveShortcut(CORRELATOR_PERSPECTIVE);
    }
}
