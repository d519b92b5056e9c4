package org.daybreak.ui;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/** Workbench-wide behaviour: the first perspective, saved layout, files given on the command line. */
public final class DaybreakWorkbenchAdvisor extends WorkbenchAdvisor {
    private final List<String> filesToOpen;

    public DaybreakWorkbenchAdvisor(List<String> filesToOpen) {
        this.filesToOpen = List.copyOf(filesToOpen);
    }

    @Override
    public void initialize(IWorkbenchConfigurer configurer) {
        super.initialize(configurer);
        configurer.setSaveAndRestore(true);
        // the branding's icons for every window and dialog (the workbench keeps them for the session)
        org.eclipse.swt.graphics.Image[] images = Branding.get().windowImages(configurer.getWorkbench().getDisplay());
        if (images.length > 0) {
            org.eclipse.jface.window.Window.setDefaultImages(images);
        }
    }

    @Override
    public String getInitialWindowPerspectiveId() {
        return DataPerspective.ID;
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new DaybreakWindowAdvisor(configurer);
    }

    @Override
    public void postStartup() {
        OpenFiles.get().openAll(filesToOpen.stream().map(Path::of).toList());
    }
}
