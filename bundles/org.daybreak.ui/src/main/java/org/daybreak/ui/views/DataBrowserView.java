package org.daybreak.ui.views;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.daybreak.ui.OpenFiles;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.dnd.DropTarget;
import org.eclipse.swt.dnd.DropTargetAdapter;
import org.eclipse.swt.dnd.DropTargetEvent;
import org.eclipse.swt.dnd.FileTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.part.ViewPart;

/**
 * The Data Browser: the files open in the workbench (File > Open, drag and drop, {@code daybreak gui FILE}).
 * Their contents appear once the HDF5 bundle is part of the build.
 */
public final class DataBrowserView extends ViewPart implements OpenFiles.Listener {
    public static final String ID = "org.daybreak.ui.views.dataBrowser";
    private Tree tree;

    @Override
    public void createPartControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        c.setLayout(new GridLayout(1, false));
        tree = new Tree(c, SWT.BORDER | SWT.MULTI);
        tree.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        Label hint = new Label(c, SWT.WRAP);
        hint.setText("Open files with File > Open or drop them here. The tree of groups, datasets and attributes"
                + " of HDF5/NeXus files is not part of this build yet.");
        hint.setLayoutData(new GridData(SWT.FILL, SWT.END, true, false));
        DropTarget drop = new DropTarget(tree, DND.DROP_COPY | DND.DROP_DEFAULT | DND.DROP_MOVE);
        drop.setTransfer(new Transfer[] {FileTransfer.getInstance()});
        drop.addDropListener(new DropTargetAdapter() {
            @Override
            public void dragEnter(DropTargetEvent e) {
                e.detail = DND.DROP_COPY;
            }

            @Override
            public void drop(DropTargetEvent e) {
                if (e.data instanceof String[] files) {
                    for (String f : files) {
                        OpenFiles.get().open(Path.of(f));
                    }
                }
            }
        });
        OpenFiles.get().addListener(this);
        for (Path p : OpenFiles.get().open()) {
            opened(p);
        }
    }

    @Override
    public void opened(Path file) {
        for (TreeItem it : tree.getItems()) {
            if (file.equals(it.getData())) {
                tree.setSelection(it);
                return;
            }
        }
        TreeItem item = new TreeItem(tree, SWT.NONE);
        item.setData(file);
        String size;
        try {
            size = humanSize(Files.size(file));
        } catch (IOException e) {
            size = "unreadable";
        }
        item.setText(file.getFileName() + "  (" + size + ")");
        tree.setSelection(item);
    }

    @Override
    public void closed(Path file) {
        for (TreeItem it : tree.getItems()) {
            if (file.equals(it.getData())) {
                it.dispose();
            }
        }
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] u = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = -1;
        do {
            v /= 1024;
            i++;
        } while (v >= 1024 && i < u.length - 1);
        return String.format("%.1f %s", v, u[i]);
    }

    /** Names of the files listed, in order (for tests and scripts). */
    public java.util.List<String> listedNames() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (TreeItem it : tree.getItems()) {
            out.add(((Path) it.getData()).getFileName().toString());
        }
        return out;
    }

    @Override
    public void dispose() {
        OpenFiles.get().removeListener(this);
        super.dispose();
    }

    @Override
    public void setFocus() {
        tree.setFocus();
    }
}
