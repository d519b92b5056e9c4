package org.daybreak.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.daybreak.core.data.LazyDataset;
import org.daybreak.core.data.NDArray;
import org.daybreak.plot.ImageTrace;
import org.daybreak.plot.LineTrace;
import org.daybreak.plot.Plot;
import org.daybreak.script.internal.PythonLibrary;
import org.junit.jupiter.api.Test;

/** A session with a (fake) workbench: selection, plot calls routed through the PlotTarget, plot.current(). */
class WorkbenchBridgeTest {

    /** Counts the calls and checks they run on the thread the "UI" would use (here: recorded, run inline). */
    static final class RecordingTarget implements PlotTarget {
        final Plot plot = new Plot();
        final List<String> threads = new ArrayList<>();

        @Override
        public <T> T apply(Function<Plot, T> action) {
            threads.add(Thread.currentThread().getName());
            return action.apply(plot);
        }
    }

    @Test
    void selectionAndPlotsGoToTheWorkbench() throws Exception {
        RecordingTarget target = new RecordingTarget();
        NDArray stack = NDArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        LazyDataset[] selected = {LazyDataset.of("/entry/data/counts", stack)};
        WorkbenchBridge bridge = new WorkbenchBridge() {
            @Override
            public LazyDataset selectedDataset() {
                return selected[0];
            }

            @Override
            public PlotTarget plotTarget() {
                return target;
            }
        };
        StringBuffer out = new StringBuffer();
        StringBuffer err = new StringBuffer();
        try (ScriptSession s = ScriptSession.create(new ScriptSession.Options().workbench(bridge).out(out::append)
                .err(err::append))) {
            assertEquals(PushResult.DONE, s.push("d = daybreak.selected(); print d.name, d.shape, d[1, ::2].tolist()").get(),
                    err.toString());
            assertEquals("/entry/data/counts (2, 3) [4.0, 6.0]\n", out.toString());
            s.exec("daybreak.plot.line([1, 2, 3], d[0], name='row 0', color='red')\n"
                    + "daybreak.plot.line(d[1], name='row 1')\n"
                    + "p = daybreak.plot.current()\n").get();
            assertEquals(2, target.plot.lineTraces().size());
            LineTrace row0 = (LineTrace) target.plot.trace("row 0");
            assertEquals(List.of(1.0, 2.0, 3.0), List.of(row0.y()[0], row0.y()[1], row0.y()[2]));
            assertEquals(java.awt.Color.decode("#d62728"), row0.color());
            assertSame(target.plot, s.eval("p").get());
            assertTrue(target.threads.stream().allMatch(t -> t.startsWith("daybreak-script-")), target.threads.toString());
            s.exec("daybreak.plot.image(daybreak.arange(12).reshape(3, 4), colormap='gray', title='frame')").get();
            assertNotNull(target.plot.imageTrace());
            ImageTrace img = target.plot.imageTrace();
            assertEquals(4, img.width());
            assertEquals("frame", target.plot.title());
            assertEquals(1, target.plot.traces().size());
            assertEquals(Boolean.TRUE, s.eval("daybreak.has_workbench()").get());
            selected[0] = null;
            assertEquals(Boolean.TRUE, s.eval("daybreak.selected() is None").get());
        }
    }

    @Test
    void theModuleFileListMatchesTheResources() throws Exception {
        Path dir = Path.of("src/main/resources/Lib/daybreak");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("bundles/org.daybreak.script/src/main/resources/Lib/daybreak");
        }
        try (var s = Files.list(dir)) {
            List<String> files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".py")).sorted().toList();
            assertEquals(files, PythonLibrary.FILES.stream().sorted().toList());
        }
        Path extracted = PythonLibrary.directory().resolve("daybreak");
        for (String f : PythonLibrary.FILES) {
            assertTrue(Files.isRegularFile(extracted.resolve(f)), f);
        }
    }
}
