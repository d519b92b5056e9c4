package org.daybreak.ui.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.JobState;
import org.daybreak.core.job.LocalJobExecutor;
import org.daybreak.ui.DataPerspective;
import org.daybreak.ui.OpenFiles;
import org.daybreak.ui.jobs.WorkbenchJobs;
import org.daybreak.hdf5.ui.DataBrowserView;
import org.daybreak.plot.Plot;
import org.daybreak.ui.services.WorkbenchServices;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

/** Starts the Daybreak application (Tycho's UI harness) and checks the first perspective, views, files and jobs. */
class WorkbenchTest {

    private static IWorkbenchWindow window() {
        IWorkbenchWindow[] windows = PlatformUI.getWorkbench().getWorkbenchWindows();
        assertTrue(windows.length > 0, "the workbench has a window");
        return windows[0];
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

    @Test
    void theDataPerspectiveOpensWithItsViews() throws Exception {
        IWorkbenchWindow w = window();
        IWorkbenchPage page = w.getActivePage();
        assertNotNull(page);
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(DataPerspective.ID));
        page.resetPerspective();
        assertEquals(DataPerspective.ID, page.getPerspective().getId());
        for (String id : new String[] {DataPerspective.DATA_BROWSER, DataPerspective.PLOT, DataPerspective.CONSOLE,
                DataPerspective.FITTING, DataPerspective.PROGRESS_VIEW}) {
            assertNotNull(page.findView(id), "view " + id + " is in the Data perspective");
        }
        assertTrue(w.getShell().getText().contains("Daybreak"), "window title: " + w.getShell().getText());
    }

    @Test
    void theTomographyAndCorrelatorPerspectivesOpenWithTheirViews() throws Exception {
        IWorkbenchPage page = window().getActivePage();
        var registry = PlatformUI.getWorkbench().getPerspectiveRegistry();
        page.setPerspective(registry.findPerspectiveWithId(DataPerspective.TOMOGRAPHY_PERSPECTIVE));
        spin(200);
        assertNotNull(page.findView("org.daybreak.tomo.ui.tomography"), "Tomography view");
        page.setPerspective(registry.findPerspectiveWithId(DataPerspective.CORRELATOR_PERSPECTIVE));
        spin(200);
        assertNotNull(page.findView("org.daybreak.corr.ui.correlator"), "Correlator view");
        page.setPerspective(registry.findPerspectiveWithId(DataPerspective.ID));
    }

    @Test
    void aRealDetectorFileOpensInTheBrowserAndItsFramePlots() throws Exception {
        IWorkbenchWindow w = window();
        IWorkbenchPage page = w.getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(DataPerspective.ID));
        DataBrowserView browser = (DataBrowserView) page.showView(DataBrowserView.ID);
        Path data = Path.of(System.getProperty("daybreak.testdata"), "nexus-exampledata", "APS", "EPICSareaDetector",
                "hdf5", "AgBehenate_228.hdf5");
        assertTrue(Files.isRegularFile(data), "test data missing: " + data);
        assertTrue(OpenFiles.get().open(data));
        assertTrue(browser.panel().files().contains(data.toAbsolutePath().normalize()), browser.panel().files().toString());
        assertEquals(data.toAbsolutePath().normalize(), OpenFiles.get().recent().get(0));

        WorkbenchServices.DataPlotter plotter = WorkbenchServices.plotter().orElseThrow(
                () -> new AssertionError("the Plot view registers the plotter"));
        plotter.plot(new WorkbenchServices.DatasetRef(data.toAbsolutePath(), "/entry/data/data"));
        Plot plot = (Plot) plotter.currentPlot();
        long end = System.currentTimeMillis() + 20_000;
        while (plot.imageTrace() == null && System.currentTimeMillis() < end) {
            spin(50);
            plot = (Plot) plotter.currentPlot();
        }
        assertNotNull(plot.imageTrace(), "the detector frame is shown as an image");
        assertArrayEquals(new int[] {195, 487}, plot.imageTrace().data().shape());
        spin(1000);
        saveScreenshot(w.getShell(), "workbench.png");

        assertFalse(OpenFiles.get().open(Path.of("/no/such/file.nxs")));
        Path notHdf5 = Files.createTempFile("daybreak-not-hdf5", ".h5");
        Files.writeString(notHdf5, "this is not an HDF5 file");
        OpenFiles.get().open(notHdf5);
        spin(1000);
        assertFalse(browser.panel().files().contains(notHdf5.toAbsolutePath().normalize()),
                "a file that fails to open is not listed");
        assertFalse(w.getShell().isDisposed(), "the workbench stays up");
    }

    @Test
    void daybreakJobsRunThroughTheEclipseJobManagerAndCanBeCancelled() throws Exception {
        JobRegistry registry = new JobRegistry();
        AtomicBoolean sawCancel = new AtomicBoolean();
        registry.register(new JobHandler() {
            @Override
            public String kind() {
                return "test.count";
            }

            @Override
            public Map<String, Object> run(JobSpec spec, JobContext ctx) throws Exception {
                int n = spec.integer("n", 10);
                for (int i = 0; i < n; i++) {
                    if (ctx.isCancelled()) {
                        sawCancel.set(true);
                        ctx.checkCancelled();
                    }
                    ctx.progress((i + 1) / (double) n, "step " + (i + 1));
                    Thread.sleep(20);
                }
                return Map.of("steps", n);
            }
        });
        try (LocalJobExecutor executor = new LocalJobExecutor(registry, 1)) {
            WorkbenchJobs.Tracker ok = WorkbenchJobs.schedule(executor, "Count", JobSpec.of("test.count", Map.of("n", 5)), null);
            while (ok.getState() != Job.NONE || ok.getResult() == null) {
                spin(20);
            }
            assertEquals(IStatus.OK, ok.getResult().getSeverity());
            assertEquals(JobState.SUCCEEDED, ok.handle().state());

            WorkbenchJobs.Tracker slow = WorkbenchJobs.schedule(executor, "Slow", JobSpec.of("test.count", Map.of("n", 100000)), null);
            spin(200);
            slow.cancel();
            while (slow.getState() != Job.NONE || slow.getResult() == null) {
                spin(20);
            }
            assertEquals(IStatus.CANCEL, slow.getResult().getSeverity());
            assertEquals(JobState.CANCELLED, slow.handle().state());
            assertTrue(sawCancel.get());
        }
    }

    @Test
    void theConsoleScriptsThePlotInsideTheWorkbench() throws Exception {
        IWorkbenchPage page = window().getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(DataPerspective.ID));
        page.showView(DataPerspective.PLOT);
        org.daybreak.script.ui.ConsoleView console = (org.daybreak.script.ui.ConsoleView) page.showView(DataPerspective.CONSOLE);
        org.daybreak.script.ui.ConsolePanel panel = console.panel();
        long end = System.currentTimeMillis() + 90_000;
        while (!panel.isReady() && System.currentTimeMillis() < end) {
            spin(100);
        }
        assertTrue(panel.isReady(), "the Python console starts inside OSGi: " + panel.outputText());
        Path data = Path.of(System.getProperty("daybreak.testdata"), "dawn-scisoft-core", "NexusDiffractionTest", "336502.nxs");
        String line = "import daybreak as db; f = db.load(r'" + data + "'); db.plot.image(f['/entry/data/data'][2]); "
                + "print('frame %s' % (f['/entry/data/data'][2].shape,))";
        panel.input().setText(line);
        panel.submit();
        end = System.currentTimeMillis() + 60_000;
        while (!panel.outputText().contains("frame (195, 487)") && System.currentTimeMillis() < end) {
            spin(100);
        }
        assertTrue(panel.outputText().contains("frame (195, 487)"), panel.outputText());
        Plot plot = (Plot) WorkbenchServices.plotter().orElseThrow().currentPlot();
        end = System.currentTimeMillis() + 10_000;
        while ((plot.imageTrace() == null || plot.imageTrace().data().shape()[0] != 195) && System.currentTimeMillis() < end) {
            spin(50);
            plot = (Plot) WorkbenchServices.plotter().orElseThrow().currentPlot();
        }
        assertNotNull(plot.imageTrace(), "db.plot.image shows the frame in the Plot view");
        assertArrayEquals(new int[] {195, 487}, plot.imageTrace().data().shape());
        panel.input().setText("1/0");
        panel.submit();
        end = System.currentTimeMillis() + 20_000;
        while (!panel.outputText().contains("ZeroDivisionError") && System.currentTimeMillis() < end) {
            spin(50);
        }
        assertTrue(panel.outputText().contains("ZeroDivisionError"), "a traceback is shown and the console goes on");
        spin(500);
        saveScreenshot(window().getShell(), "console.png");
    }

    @Test
    void theCapabilityBundlesJobKindsAreRegisteredInsideOsgi() {
        // ServiceLoader does not cross bundles: the workbench registers the handlers each bundle declares
        for (String kind : new String[] {"fit.batch", "tomo.recon", "corr.run"}) {
            assertNotNull(JobRegistry.global().find(kind), "job kind " + kind + " is registered; known: "
                    + JobRegistry.global().kinds());
        }
    }

    private static void saveScreenshot(Shell shell, String name) {
        String dir = System.getProperty("daybreak.screenshots");
        if (dir == null) {
            return;
        }
        String target = Path.of(dir, name).toString();
        Display d = shell.getDisplay();
        Image img = new Image(d, shell.getBounds().width, shell.getBounds().height);
        GC gc = new GC(shell);
        try {
            gc.copyArea(img, 0, 0);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] {img.getImageData()};
            loader.save(target, org.eclipse.swt.SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            img.dispose();
        }
    }
}
