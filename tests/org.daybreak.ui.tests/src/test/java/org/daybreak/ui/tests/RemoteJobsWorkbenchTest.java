package org.daybreak.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.daybreak.core.job.EchoJob;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.RunTarget;
import org.daybreak.hdf5.H5File;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.ui.LocalBroker;
import org.daybreak.remote.ui.jobs.JobsPanel;
import org.daybreak.remote.ui.jobs.JobsView;
import org.daybreak.remote.worker.Worker;
import org.daybreak.tomo.ui.TomographyPanel;
import org.daybreak.tomo.ui.TomographyView;
import org.daybreak.ui.DataPerspective;
import org.daybreak.ui.jobs.RunTargets;
import org.daybreak.ui.jobs.WorkbenchJobs;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.IJobChangeListener;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

/**
 * Remote workers inside the real workbench (OSGi, Artemis loaded from the remote bundle's own jars): the broker the
 * workbench starts by itself, a worker in this process, a job sent to "Remote workers" through the Progress view's
 * machinery, the Jobs view showing it, and a broker that cannot be reached.
 */
class RemoteJobsWorkbenchTest {

    private static IWorkbenchWindow window() {
        return PlatformUI.getWorkbench().getWorkbenchWindows()[0];
    }

    private static void spin(long millis) {
        Display d = Display.getCurrent();
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (!d.readAndDispatch()) {
                d.sleep();
                d.wake();
            }
        }
    }

    private static void spinUntil(String what, long millis, BooleanSupplier condition) {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            spin(50);
        }
    }

    private static String[] row(Table t, String first) {
        for (int i = 0; i < t.getItemCount(); i++) {
            TableItem item = t.getItem(i);
            if (item.getText(0).equals(first)) {
                String[] cells = new String[t.getColumnCount()];
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = item.getText(c);
                }
                return cells;
            }
        }
        return null;
    }

    private static LocalBroker runningBroker() {
        LocalBroker b = LocalBroker.get();
        spinUntil("the workbench's broker (" + b.describe() + ")", 90_000,
                () -> b.state() == LocalBroker.State.RUNNING || b.state() == LocalBroker.State.FAILED);
        assertEquals(LocalBroker.State.RUNNING, b.state(), b.describe());
        return b;
    }

    @Test
    void theWorkbenchRunsItsBrokerAndARemoteJobShowsInTheProgressAndJobsViews() throws Exception {
        LocalBroker broker = runningBroker();
        assertEquals(Path.of(System.getProperty("daybreak.broker.dir")), broker.directory(),
                "the test workbench keeps its broker out of the user's home");
        JobRegistry registry = new JobRegistry();
        registry.register(new EchoJob());
        Worker worker = new Worker(BrokerConnection.open(broker.url(), "admin",
                broker.directory().resolve("admin.password").toString(), Map.of(), true), "osgi-worker", 1, false,
                registry, System.err);
        worker.start();
        try {
            IWorkbenchPage page = window().getActivePage();
            page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry()
                    .findPerspectiveWithId(DataPerspective.ID));
            JobsView view = (JobsView) page.showView(JobsView.ID);
            JobsPanel panel = view.panel();

            RunTarget target = RunTargets.remote();
            assertEquals("local", target.remote(), "the preferences' default: the workbench's own broker");
            AtomicReference<Map<String, Object>> result = new AtomicReference<>();
            WorkbenchJobs.Tracker t = WorkbenchJobs.schedule(target, "Echo",
                    JobSpec.of("core.echo", Map.of("sleep_ms", 500, "n", 7)), result::set);
            assertEquals("Echo (remote workers)", t.getName());
            spinUntil("the remote job's end", 60_000, () -> t.getState() == Job.NONE && t.getResult() != null);
            assertEquals(IStatus.OK, t.getResult().getSeverity(), t.getResult().getMessage());
            assertEquals(7, ((Number) result.get().get("n")).intValue(), "the worker's result came back");
            String id = t.handle().id();

            spinUntil("the job in the Jobs view", 30_000, () -> {
                String[] r = row(panel.jobsTable(), id);
                return r != null && r[2].equals("done") && r[4].equals("osgi-worker");
            });
            spinUntil("the worker in the Jobs view", 30_000, () -> row(panel.workersTable(), "osgi-worker") != null);
            assertEquals("alive", row(panel.workersTable(), "osgi-worker")[5]);
            assertTrue(panel.statusLine().getText().startsWith("Connected to the workbench's broker at "
                    + broker.url()), panel.statusLine().getText());
            assertTrue(panel.timeline().laneNames().contains("osgi-worker"));
            assertNotNull(panel.timeline().barBounds(id));
            panel.showTab(1);
            spin(1500);
            screenshot(window().getShell(), "workbench-jobs-view.png");
            panel.showTab(0);
        } finally {
            worker.close();
        }
    }

    @Test
    void aTomographyVolumeSentToRemoteWorkersRunsThereAndComesBackLikeALocalOne() throws Exception {
        LocalBroker broker = runningBroker();
        // the worker takes the handlers the workbench registered from the capability bundles (tomo.recon among them)
        Worker worker = new Worker(BrokerConnection.open(broker.url(), "admin",
                broker.directory().resolve("admin.password").toString(), Map.of(), true), "tomo-worker", 1, false,
                JobRegistry.global(), System.err);
        worker.start();
        List<String> progressJobs = new CopyOnWriteArrayList<>();
        IJobChangeListener listener = new JobChangeAdapter() {
            @Override
            public void scheduled(IJobChangeEvent event) {
                progressJobs.add(event.getJob().getName());
            }
        };
        Job.getJobManager().addJobChangeListener(listener);
        try {
            IWorkbenchPage page = window().getActivePage();
            page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry()
                    .findPerspectiveWithId(DataPerspective.TOMOGRAPHY_PERSPECTIVE));
            TomographyView view = (TomographyView) page.showView(TomographyView.ID);
            TomographyPanel panel = view.panel();
            Path tooth = Path.of(System.getProperty("daybreak.testdata"), "tomopy", "tooth.h5");
            CompletableFuture<?> opened = panel.open(tooth, null);
            spinUntil("the scan to open", 60_000, opened::isDone);
            assertFalse(opened.isCompletedExceptionally(), panel.statusText());
            panel.setAlgorithm("fbp", 1);
            panel.setVolumeRows(0, 2);
            panel.runTargetChooser().setRemote(true);
            Path out = Files.createTempDirectory("daybreak-remote-tomo").resolve("tooth_recon.h5");
            assertTrue(panel.reconstructVolume(out).isPresent());
            assertTrue(panel.statusText().contains("sent to the remote workers"), panel.statusText());
            spinUntil("the remote reconstruction's result in the view", 120_000,
                    () -> panel.statusText().startsWith("Wrote 2 slice(s) to " + out));
            assertTrue(progressJobs.contains("Reconstruct tooth.h5 rows 0:2 (remote workers)"),
                    "the Progress view showed it: " + progressJobs);
            try (H5File h = H5File.open(out)) {
                assertArrayEquals(new int[] {2, 640, 640}, h.dataset("/entry/reconstruction/data").shape());
            }
            JobsView jobs = (JobsView) page.showView(JobsView.ID);
            spinUntil("the job in the Jobs view", 30_000, () -> {
                Table t = jobs.panel().jobsTable();
                for (int i = 0; i < t.getItemCount(); i++) {
                    TableItem item = t.getItem(i);
                    if (item.getText(1).equals("tomo.recon") && item.getText(2).equals("done")
                            && item.getText(4).equals("tomo-worker")) {
                        return true;
                    }
                }
                return false;
            });
            panel.runTargetChooser().setRemote(false);
        } finally {
            Job.getJobManager().removeJobChangeListener(listener);
            worker.close();
        }
    }

    @Test
    void aBrokerThatCannotBeReachedIsOneErrorAndTheWorkbenchGoesOn() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Shell[] before = Display.getCurrent().getShells();
        RunTarget nowhere = RunTargets.remote("tcp://127.0.0.1:" + port, "admin",
                runningBroker().directory().resolve("admin.password").toString(), "", "");
        WorkbenchJobs.Tracker t = WorkbenchJobs.schedule(nowhere, "Echo", JobSpec.of("core.echo", Map.of()), null);
        spinUntil("the failed submission", 60_000, () -> t.getState() == Job.NONE && t.getResult() != null);
        IStatus s = t.getResult();
        assertEquals(IStatus.ERROR, s.getSeverity());
        assertTrue(s.getMessage().startsWith("Echo (remote workers): cannot connect to the broker at tcp://127.0.0.1:"
                + port + ": no broker answers there"), s.getMessage());
        assertFalse(s.getMessage().contains("\n"), "one sentence");
        spin(1000);
        // the workbench reports the error in a dialog: close it, the window stays up
        for (Shell shell : Display.getCurrent().getShells()) {
            if (!java.util.Arrays.asList(before).contains(shell) && !shell.isDisposed()) {
                shell.close();
            }
        }
        assertFalse(window().getShell().isDisposed());
    }

    @Test
    void theJobsViewIsInTheTaskPerspectives() throws Exception {
        IWorkbenchPage page = window().getActivePage();
        var registry = PlatformUI.getWorkbench().getPerspectiveRegistry();
        for (String id : new String[] {DataPerspective.ID, DataPerspective.TOMOGRAPHY_PERSPECTIVE,
                DataPerspective.CORRELATOR_PERSPECTIVE}) {
            page.setPerspective(registry.findPerspectiveWithId(id));
            page.resetPerspective();
            spin(200);
            assertNotNull(page.findViewReference(JobsView.ID), "the Jobs view is in perspective " + id);
        }
        page.setPerspective(registry.findPerspectiveWithId(DataPerspective.ID));
    }

    private static void screenshot(Shell shell, String name) {
        String dir = System.getProperty("daybreak.screenshots");
        if (dir == null) {
            return;
        }
        Image image = new Image(shell.getDisplay(), shell.getBounds().width, shell.getBounds().height);
        GC gc = new GC(shell);
        try {
            gc.copyArea(image, 0, 0);
            ImageLoader loader = new ImageLoader();
            loader.data = new org.eclipse.swt.graphics.ImageData[] {image.getImageData()};
            loader.save(Path.of(dir, name).toString(), org.eclipse.swt.SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }
}
