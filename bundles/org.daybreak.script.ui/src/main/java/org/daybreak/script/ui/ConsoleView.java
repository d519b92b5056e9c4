package org.daybreak.script.ui;

import java.util.concurrent.atomic.AtomicInteger;

import org.daybreak.script.History;
import org.daybreak.ui.DaybreakUI;
import org.daybreak.ui.OpenFiles;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;

/**
 * The Console view: a thin wrapper over {@link ConsolePanel}. Several consoles are several instances of this
 * view (secondary ids "2", "3"...), each with its own interpreter; they share the history file. The toolbar
 * opens a new console, interrupts and clears this one.
 */
public final class ConsoleView extends ViewPart {
    public static final String ID = "org.daybreak.script.ui.console";
    /** The Plot view opened before a script plots (org.daybreak.plot.ui). */
    static final String PLOT_VIEW_ID = "org.daybreak.plot.ui.plot";
    private static final AtomicInteger CONSOLES = new AtomicInteger(1);

    private ConsolePanel panel;
    private WorkbenchScriptBridge bridge;

    @Override
    public void createPartControl(Composite parent) {
        String secondary = getViewSite().getSecondaryId();
        if (secondary != null) {
            setPartName("Console " + secondary);
        }
        bridge = new WorkbenchScriptBridge(parent.getDisplay(), this::revealPlot);
        panel = new ConsolePanel(parent, 0, new ConsolePanel.Settings(History.defaultFile(), bridge));
        IToolBarManager bar = getViewSite().getActionBars().getToolBarManager();
        bar.add(action("New Console", "icons/new_console.png", this::newConsole));
        bar.add(action("Stop (Ctrl+C)", "icons/stop.png", () -> panel.interrupt()));
        bar.add(action("Clear", "icons/clear.png", () -> panel.clearOutput()));
    }

    private Action action(String text, String icon, Runnable run) {
        Action a = new Action(text) {
            @Override
            public void run() {
                run.run();
            }
        };
        a.setToolTipText(text);
        a.setImageDescriptor(ImageDescriptor.createFromURL(getClass().getResource("/" + icon)));
        return a;
    }

    private void newConsole() {
        IWorkbenchPage page = getSite().getPage();
        try {
            String id;
            do {
                id = Integer.toString(CONSOLES.incrementAndGet());
            } while (page.findViewReference(ID, id) != null);
            page.showView(ID, id, IWorkbenchPage.VIEW_ACTIVATE);
        } catch (PartInitException e) {
            DaybreakUI.log("cannot open a new console", e);
            OpenFiles.report("New Console", "cannot open a new console: " + e.getMessage());
        }
    }

    /** Opens the Plot view (without taking the focus from the console) so that scripts have a plot to draw in. */
    private void revealPlot() {
        IWorkbenchPage page = getSite().getPage();
        if (page == null) {
            return;
        }
        IViewPart plot = page.findView(PLOT_VIEW_ID);
        try {
            if (plot == null) {
                page.showView(PLOT_VIEW_ID, null, IWorkbenchPage.VIEW_CREATE);
                page.showView(PLOT_VIEW_ID, null, IWorkbenchPage.VIEW_VISIBLE);
            } else {
                page.bringToTop(plot);
            }
        } catch (PartInitException e) {
            DaybreakUI.log("cannot open the Plot view for a script", e);
        }
    }

    public ConsolePanel panel() {
        return panel;
    }

    @Override
    public void setFocus() {
        panel.setFocus();
    }

    @Override
    public void dispose() {
        if (bridge != null) {
            bridge.close();
        }
        super.dispose();
    }
}
