package org.daybreak.example.facility;

import java.util.Map;

import org.daybreak.core.job.JobSpec;
import org.daybreak.ui.jobs.WorkbenchJobs;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

/** Facility > Data Inventory...: asks for a folder, runs {@code facility.inventory} as a job, shows the counts. */
public final class InventoryMenuHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) {
        Shell shell = HandlerUtil.getActiveShell(event);
        DirectoryDialog d = new DirectoryDialog(shell);
        d.setText("Data Inventory");
        d.setMessage("The data folder to count");
        String folder = d.open();
        if (folder == null) {
            return null;
        }
        WorkbenchJobs.schedule("Facility data inventory", JobSpec.of(InventoryJob.KIND, Map.of("folder", folder)),
                result -> Display.getDefault().asyncExec(() -> MessageDialog.openInformation(shell, "Data Inventory",
                        result.get("files") + " files, " + result.get("bytes") + " bytes, " + result.get("hdf5_files")
                                + " HDF5/NeXus files under " + result.get("folder"))));
        return null;
    }
}
