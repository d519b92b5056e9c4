package org.daybreak.ui;

import java.nio.file.Path;

import org.daybreak.ui.actions.AboutDialog;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.ContributionItem;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;

/** Menus: File (Open, Open Recent, Data Folders, Exit), Window (Show View, Reset Perspective, Preferences), Help (About). */
public final class DaybreakActionBarAdvisor extends ActionBarAdvisor {
    private Action openFile;
    private Action about;
    private ActionFactory.IWorkbenchAction exit;
    private ActionFactory.IWorkbenchAction preferences;
    private ActionFactory.IWorkbenchAction resetPerspective;

    public DaybreakActionBarAdvisor(IActionBarConfigurer configurer) {
        super(configurer);
    }

    @Override
    protected void makeActions(IWorkbenchWindow window) {
        openFile = new Action("&Open File...") {
            @Override
            public void run() {
                // the first of the site's (or the user's) data folders that exists, else the dialog's own choice
                openIn(window, org.daybreak.core.site.SiteDefaults.current().firstExistingDataFolder());
            }
        };
        openFile.setId("org.daybreak.ui.openFile");
        openFile.setAccelerator(SWT.MOD1 | 'O');
        register(openFile);
        exit = ActionFactory.QUIT.create(window);
        register(exit);
        preferences = ActionFactory.PREFERENCES.create(window);
        register(preferences);
        resetPerspective = ActionFactory.RESET_PERSPECTIVE.create(window);
        register(resetPerspective);
        about = new Action("&About " + Branding.get().name()) {
            @Override
            public void run() {
                new AboutDialog(window.getShell()).open();
            }
        };
        about.setId("org.daybreak.ui.about");
    }

    /** The Open dialog, in {@code folder} when it is not null; opens the chosen files in the workbench. */
    static void openIn(IWorkbenchWindow window, Path folder) {
        FileDialog d = new FileDialog(window.getShell(), SWT.OPEN | SWT.MULTI);
        d.setText("Open data file");
        if (folder != null) {
            d.setFilterPath(folder.toString());
        }
        // the Data Browser recognises files by their content; these filters only help to find them
        d.setFilterExtensions(new String[] {"*.nxs;*.h5;*.hdf5;*.hdf;*.nx5;*.npy",
            "*.vdif;*.m5b;*.dada;*.raw", "*.fits;*.fit;*.uvfits", "*.*"});
        d.setFilterNames(new String[] {"HDF5 / NeXus / NumPy files",
            "Baseband recordings (VDIF, Mark 5B, PSRDADA, GUPPI RAW)", "FITS files", "All files"});
        if (d.open() != null) {
            java.util.List<Path> chosen = new java.util.ArrayList<>();
            for (String n : d.getFileNames()) {
                chosen.add(Path.of(d.getFilterPath(), n));
            }
            OpenFiles.get().openAll(chosen); // damaged ones reported together in one problems window
        }
    }

    @Override
    protected void fillMenuBar(IMenuManager menuBar) {
        MenuManager file = new MenuManager("&File", IWorkbenchActionConstants.M_FILE);
        file.add(openFile);
        MenuManager recent = new MenuManager("Open &Recent", "org.daybreak.ui.recent");
        recent.add(new RecentFilesItem());
        file.add(recent);
        MenuManager folders = new MenuManager("&Data Folders", "org.daybreak.ui.dataFolders");
        folders.add(new DataFoldersItem(getActionBarConfigurer().getWindowConfigurer().getWindow()));
        file.add(folders);
        file.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        file.add(new Separator());
        file.add(exit);
        menuBar.add(file);
        menuBar.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        MenuManager window = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
        MenuManager showView = new MenuManager("Show &View");
        showView.add(ContributionItemFactory.VIEWS_SHORTLIST.create(getActionBarConfigurer().getWindowConfigurer()
                .getWindow()));
        MenuManager perspectives = new MenuManager("Open &Perspective");
        perspectives.add(ContributionItemFactory.PERSPECTIVES_SHORTLIST.create(getActionBarConfigurer()
                .getWindowConfigurer().getWindow()));
        window.add(perspectives);
        window.add(showView);
        window.add(resetPerspective);
        window.add(new Separator());
        window.add(preferences);
        menuBar.add(window);
        MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
        // p2's update UI (org.eclipse.equinox.p2.ui.sdk) adds Check for Updates and Install New Software here
        help.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        help.add(new Separator());
        help.add(about);
        menuBar.add(help);
    }

    /**
     * The data folders of the preferences (Window > Preferences > Daybreak; a site sets them in
     * site/plugin_customization.ini) as menu items that open the Open dialog there; rebuilt each time the menu opens.
     */
    private static final class DataFoldersItem extends ContributionItem {
        private final IWorkbenchWindow window;

        DataFoldersItem(IWorkbenchWindow window) {
            this.window = window;
        }

        @Override
        public boolean isDynamic() {
            return true;
        }

        @Override
        public void fill(Menu menu, int index) {
            int i = index;
            java.util.List<Path> folders = org.daybreak.core.site.SiteDefaults.current().dataFolders();
            if (folders.isEmpty()) {
                MenuItem none = new MenuItem(menu, SWT.PUSH, i);
                none.setText("(none: set them in Window > Preferences > Daybreak)");
                none.setEnabled(false);
                return;
            }
            for (Path p : folders) {
                MenuItem item = new MenuItem(menu, SWT.PUSH, i++);
                boolean exists = java.nio.file.Files.isDirectory(p);
                item.setText(p + (exists ? "" : "  (not found)"));
                item.setEnabled(exists);
                item.addListener(SWT.Selection, e -> openIn(window, p));
            }
        }
    }

    /** The recent files as menu items, rebuilt each time the menu opens. */
    private static final class RecentFilesItem extends ContributionItem {
        @Override
        public boolean isDynamic() {
            return true;
        }

        @Override
        public void fill(Menu menu, int index) {
            int i = index;
            java.util.List<Path> recent = OpenFiles.get().recent();
            if (recent.isEmpty()) {
                MenuItem none = new MenuItem(menu, SWT.PUSH, i);
                none.setText("(no recent files)");
                none.setEnabled(false);
                return;
            }
            int n = 1;
            for (Path p : recent) {
                MenuItem item = new MenuItem(menu, SWT.PUSH, i++);
                item.setText((n <= 9 ? "&" + n + " " : "") + p.getFileName() + "  [" + p.getParent() + "]");
                item.addListener(SWT.Selection, e -> OpenFiles.get().open(p));
                n++;
            }
            new MenuItem(menu, SWT.SEPARATOR, i++);
            MenuItem clear = new MenuItem(menu, SWT.PUSH, i);
            clear.setText("Clear recent files");
            clear.addListener(SWT.Selection, e -> OpenFiles.get().clearRecent());
        }
    }
}
