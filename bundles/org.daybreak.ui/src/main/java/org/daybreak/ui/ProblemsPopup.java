package org.daybreak.ui;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

/**
 * The workbench's one place for problems a user caused or met (a file that cannot be opened, a plot that cannot
 * be drawn): a modeless window listing them, one line each, newest last. Problems that arrive while it is open are
 * added to it, so opening fifty damaged files gives one window with fifty lines, not fifty dialogs one after the
 * other, and the workbench stays usable meanwhile. Closing it clears its list; the next problem opens it again.
 * Every problem also goes to the log ({@link DaybreakUI#info}) and to {@link #history()}.
 *
 * <p>Thread rule: call {@link #add} from any thread (it moves to the UI thread); the rest on the UI thread.
 */
public final class ProblemsPopup {
    /** {@link Shell#getData(String)} key that marks the window (for tests and for finding it again). */
    public static final String SHELL_KEY = "org.daybreak.ui.problems";
    private static final int HISTORY = 1000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final List<String> history = new ArrayList<>();
    /** Lines waiting for the UI thread, and whether a flush of them is scheduled; guarded by {@code pending}. */
    private static final List<String> pending = new ArrayList<>();
    private static boolean flushScheduled;

    private static Shell shell;
    private static org.eclipse.swt.widgets.List list;
    private static Label heading;

    private ProblemsPopup() {
    }

    /** Records a problem as one line "title: message" and shows it in the window (opening it when closed). */
    public static void add(String title, String message) {
        String line = title + ": " + message;
        synchronized (history) {
            history.add(line);
            if (history.size() > HISTORY) {
                history.remove(0);
            }
        }
        Display d = PlatformUI.isWorkbenchRunning() ? PlatformUI.getWorkbench().getDisplay() : null;
        if (d == null || d.isDisposed()) {
            return;
        }
        boolean schedule;
        synchronized (pending) {
            pending.add(LocalTime.now().format(TIME) + "  " + line);
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (schedule) {
            // problems that arrive together (a batch of files failing) are shown with one update of the window
            d.asyncExec(ProblemsPopup::flush);
        }
    }

    /** Every problem reported since the workbench started (the last {@value #HISTORY}), oldest first. */
    public static List<String> history() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** The lines the window shows now (empty when it is closed); UI thread. */
    public static List<String> shown() {
        return shell == null || shell.isDisposed() ? List.of() : List.of(list.getItems());
    }

    /** The window, or null when it is closed; UI thread. */
    public static Shell shell() {
        return shell == null || shell.isDisposed() ? null : shell;
    }

    private static void flush() {
        List<String> lines;
        synchronized (pending) {
            lines = new ArrayList<>(pending);
            pending.clear();
            flushScheduled = false;
        }
        if (lines.isEmpty()) {
            return;
        }
        if (shell == null || shell.isDisposed()) {
            if (!create()) {
                return;
            }
        }
        for (String l : lines) {
            list.add(l);
        }
        list.setTopIndex(list.getItemCount() - 1);
        int n = list.getItemCount();
        heading.setText(n == 1 ? "1 problem (details in the log)" : n + " problems (details in the log)");
        heading.getParent().layout(true, true);
        if (!shell.isVisible()) {
            shell.setVisible(true); // shown without taking the focus from the view the user works in
        }
    }

    private static boolean create() {
        IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (w == null && PlatformUI.getWorkbench().getWorkbenchWindowCount() > 0) {
            w = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
        }
        if (w == null || w.getShell() == null || w.getShell().isDisposed()) {
            return false;
        }
        Shell parent = w.getShell();
        shell = new Shell(parent, SWT.DIALOG_TRIM | SWT.RESIZE | SWT.MODELESS);
        shell.setText("Daybreak: problems");
        shell.setData(SHELL_KEY, Boolean.TRUE);
        shell.setLayout(new GridLayout(3, false));
        heading = new Label(shell, SWT.NONE);
        heading.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        list = new org.eclipse.swt.widgets.List(shell, SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL | SWT.MULTI);
        GridData ld = new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1);
        ld.widthHint = 640;
        ld.heightHint = 180;
        list.setLayoutData(ld);
        Button copy = new Button(shell, SWT.PUSH);
        copy.setText("Copy");
        copy.addListener(SWT.Selection, e -> {
            Clipboard c = new Clipboard(shell.getDisplay());
            try {
                c.setContents(new Object[] {String.join(System.lineSeparator(), list.getItems())},
                        new Transfer[] {TextTransfer.getInstance()});
            } finally {
                c.dispose();
            }
        });
        Label space = new Label(shell, SWT.NONE);
        space.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Button close = new Button(shell, SWT.PUSH);
        close.setText("Close");
        close.addListener(SWT.Selection, e -> shell.dispose());
        shell.pack();
        var pb = parent.getBounds();
        var sb = shell.getSize();
        shell.setLocation(pb.x + Math.max(0, pb.width - sb.x - 40), pb.y + Math.max(0, pb.height - sb.y - 60));
        return true;
    }
}
