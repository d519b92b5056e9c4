import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.daybreak.core.json.Json;
import org.daybreak.corr.XEngine;
import org.daybreak.corr.gpu.GpuXEngine;
import org.daybreak.gpu.GpuDevice;
import org.daybreak.gpu.GpuInventory;
import org.daybreak.gpu.Gpus;
import org.daybreak.tomo.Backprojector;
import org.daybreak.tomo.ParallelBeamGeometry;
import org.daybreak.tomo.gpu.GpuTomography;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * The GPU check run by bench/gpu_check.sh on a GPU machine: the GPU unit tests (JUnit, each test's outcome with
 * its reason) and the GPU benchmarks against the CPU path in the same run and the device's dp4a peak. Writes
 * OUT/gpu_tests.json and OUT/gpu.json (the format of bench/results/gpu.json). Usage: GpuCheck OUT [quick]
 */
public final class GpuCheck {
    private static final String[] TEST_CLASSES = {"org.daybreak.gpu.GpusTest", "org.daybreak.gpu.DevicesCommandTest",
        "org.daybreak.gpu.GeometryAndSlabTest", "org.daybreak.gpu.GpuContextTest",
        "org.daybreak.tomo.gpu.GpuTomographyTest",
        "org.daybreak.corr.gpu.GpuXEngineTest", "org.daybreak.corr.gpu.XEngineKernelPortTest",
        "org.daybreak.tomo.gpu.TomoKernelPortTest"};

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        boolean quick = args.length > 1 && args[1].equals("quick");
        Files.createDirectories(out);
        GpuInventory inv = Gpus.inventory();
        System.out.println("gpu_check: " + (inv.usable() ? inv.supportedDevices().get(0).describe()
                : "no GPU: " + inv.reason()));
        Map<String, Object> tests = runTests();
        Files.writeString(out.resolve("gpu_tests.json"), Json.pretty(tests));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("date", java.time.Instant.now().toString());
        r.put("java", System.getProperty("java.version"));
        r.put("cpu", org.daybreak.gpu.DevicesCommand.cpu());
        r.put("gpu_status", inv.toJson());
        r.put("tests", Map.of("passed", tests.get("passed"), "failed", tests.get("failed"), "not_run",
                tests.get("not_run")));
        if (inv.usable()) {
            GpuDevice d = inv.supportedDevices().get(0);
            r.put("xengine", xengine(d, quick));
            r.put("backprojection", backprojection(d, quick));
        } else {
            r.put("benchmarks", "NOT RUN: no usable GPU (" + inv.reason() + ")");
        }
        Files.writeString(out.resolve("gpu.json"), Json.pretty(r));
        System.out.println(Json.pretty(r));
        System.exit(((Number) tests.get("failed")).intValue() == 0 ? 0 : 1);
    }

    private static Map<String, Object> runTests() {
        List<Map<String, Object>> results = new ArrayList<>();
        int[] counts = new int[3];
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request();
        for (String c : TEST_CLASSES) {
            b.selectors(DiscoverySelectors.selectClass(c));
        }
        // the PTX-is-current checks read the sources, which do not travel
        b.filters(org.junit.platform.launcher.MethodFilter.excludeMethodNamePatterns(".*ptxIsMadeFromTheCurrentSource.*"));
        LauncherDiscoveryRequest request = b.build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier t, String reason) {
                if (t.isTest()) {
                    add(t, "not_run", reason);
                    counts[2]++;
                }
            }

            @Override
            public void executionFinished(TestIdentifier t, TestExecutionResult result) {
                if (!t.isTest()) {
                    return;
                }
                String why = result.getThrowable().map(Throwable::getMessage).orElse(null);
                switch (result.getStatus()) {
                    case SUCCESSFUL -> {
                        add(t, "passed", null);
                        counts[0]++;
                    }
                    case ABORTED -> {
                        add(t, "not_run", why);
                        counts[2]++;
                    }
                    default -> {
                        add(t, "failed", why);
                        counts[1]++;
                    }
                }
            }

            private void add(TestIdentifier t, String status, String why) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("test", t.getLegacyReportingName() + " in " + t.getParentId().orElse(""));
                m.put("status", status);
                m.put("reason", why);
                results.add(m);
                System.out.println("gpu_check: " + status.toUpperCase(Locale.ROOT) + " " + m.get("test")
                        + (why == null ? "" : ": " + why));
            }
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", counts[0]);
        m.put("failed", counts[1]);
        m.put("not_run", counts[2]);
        m.put("results", results);
        return m;
    }

    /** dp4a per SM per clock on compute capability 6.1 to 9.0 (the INT32 pipe: 64 lanes per SM; an assumption). */
    static final int DP4A_PER_SM_PER_CLOCK = 64;

    private static Map<String, Object> xengine(GpuDevice d, boolean quick) {
        int antennas = 64, channels = 1024, spectra = quick ? 2048 : 16384, chunk = 2048;
        int nb = antennas * (antennas + 1) / 2;
        Random rnd = new Random(1);
        byte[] x = new byte[chunk * channels * antennas * 2];
        rnd.nextBytes(x);
        long[] total = null;
        long t0;
        double endToEnd;
        double kernel;
        try (GpuXEngine gpu = GpuXEngine.open(d)) {
            gpu.correlate(java.util.Arrays.copyOf(x, 64 * channels * antennas * 2), 64, channels, antennas, 64,
                    null); // JIT, warm-up
            double warm = gpu.kernelSeconds();
            t0 = System.nanoTime();
            for (int s = 0; s < spectra; s += chunk) {
                long[] v = gpu.correlate(x, chunk, channels, antennas, chunk, null);
                if (total == null) {
                    total = v;
                } else {
                    for (int i = 0; i < v.length; i++) {
                        total[i] += v[i];
                    }
                }
            }
            endToEnd = (System.nanoTime() - t0) / 1e9;
            kernel = gpu.kernelSeconds() - warm;
        }
        // the CPU engine on one chunk (all cores), bit-exact check on it
        int cpuSpectra = quick ? 256 : 1024;
        byte[] xs = java.util.Arrays.copyOf(x, cpuSpectra * channels * antennas * 2);
        long c0 = System.nanoTime();
        long[] cpu = XEngine.correlate(xs, cpuSpectra, channels, antennas, cpuSpectra,
                Runtime.getRuntime().availableProcessors(), null);
        double cpuSeconds = (System.nanoTime() - c0) / 1e9;
        boolean exact;
        try (GpuXEngine gpu = GpuXEngine.open(d)) {
            exact = java.util.Arrays.equals(cpu, gpu.correlate(xs, cpuSpectra, channels, antennas, cpuSpectra, null));
        }
        double cmacs = (double) spectra * channels * nb;
        double peakMacs = (double) d.multiprocessors() * d.clockKHz() * 1e3 * DP4A_PER_SM_PER_CLOCK * 4;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shape", antennas + " antennas x " + channels + " channels x " + spectra + " spectra, int8");
        m.put("complex_macs", cmacs);
        m.put("kernel_seconds", kernel);
        m.put("end_to_end_seconds", endToEnd);
        m.put("kernel_complex_macs_per_second", cmacs / kernel);
        m.put("int8_macs_per_second", 4 * cmacs / kernel);
        m.put("dp4a_peak_int8_macs_per_second", peakMacs);
        m.put("peak_assumed", DP4A_PER_SM_PER_CLOCK + " dp4a (4 int8 MACs each) per SM per clock x "
                + d.multiprocessors() + " SMs x " + d.clockKHz() / 1000 + " MHz");
        m.put("fraction_of_dp4a_peak", 4 * cmacs / kernel / peakMacs);
        m.put("cpu_complex_macs_per_second", (double) cpuSpectra * channels * nb / cpuSeconds);
        m.put("cpu_threads", Runtime.getRuntime().availableProcessors());
        m.put("bit_exact_against_cpu", exact);
        return m;
    }

    private static Map<String, Object> backprojection(GpuDevice d, boolean quick) {
        int size = 2048, angles = 1800;
        double[] theta = new double[angles];
        for (int a = 0; a < angles; a++) {
            theta[a] = 180.0 * a / angles;
        }
        ParallelBeamGeometry g = new ParallelBeamGeometry(theta, size, size / 2.0, size);
        int slab;
        double kernel, endToEnd;
        int slices;
        try (GpuTomography gpu = GpuTomography.open(d, g, quick ? 8 : 64, false)) {
            slab = gpu.slabSlices();
            slices = slab;
            Random rnd = new Random(2);
            float[][] padded = new float[slab][g.angleCount() * g.paddedDetectors()];
            for (float[] p : padded) {
                for (int i = 0; i < p.length; i++) {
                    p[i] = rnd.nextFloat();
                }
            }
            gpu.backproject(new float[][] {padded[0]}, 1f); // JIT, warm-up
            double warm = gpu.kernelSeconds();
            long t0 = System.nanoTime();
            float[][] got = gpu.backproject(padded, 1f);
            endToEnd = (System.nanoTime() - t0) / 1e9;
            kernel = gpu.kernelSeconds() - warm;
            // accuracy on the first slice against the CPU back-projector (all cores)
            float[] cpu = new float[size * size];
            long c0 = System.nanoTime();
            Backprojector.backproject(g, padded[0], cpu, Runtime.getRuntime().availableProcessors());
            double cpuSeconds = (System.nanoTime() - c0) / 1e9;
            double num = 0, den = 0;
            for (int i = 0; i < cpu.length; i++) {
                num += (cpu[i] - got[0][i]) * (double) (cpu[i] - got[0][i]);
                den += cpu[i] * (double) cpu[i];
            }
            double updates = (double) slices * size * size * angles;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("shape", size + "^2 slices from " + angles + " angles, slab of " + slab + " slices");
            m.put("voxel_angle_updates", updates);
            m.put("kernel_seconds", kernel);
            m.put("end_to_end_seconds_per_slab", endToEnd);
            m.put("kernel_voxel_angle_updates_per_second", updates / kernel);
            m.put("kernel_seconds_for_2048_slices", kernel * 2048.0 / slices);
            m.put("end_to_end_seconds_for_2048_slices", endToEnd * 2048.0 / slices);
            m.put("target_seconds_for_2048_cubed_on_h100", 20);
            m.put("cpu_voxel_angle_updates_per_second", (double) size * size * angles / cpuSeconds);
            m.put("cpu_threads", Runtime.getRuntime().availableProcessors());
            m.put("relative_rms_against_cpu", Math.sqrt(num / den));
            return m;
        }
    }
}
