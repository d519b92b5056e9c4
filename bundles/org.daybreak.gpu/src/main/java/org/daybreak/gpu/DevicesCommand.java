package org.daybreak.gpu;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.daybreak.core.cli.Args;
import org.daybreak.core.cli.Command;
import org.daybreak.core.json.Json;

/** {@code daybreak devices [--json]}: the CPU and every GPU, or why there is no GPU. */
public final class DevicesCommand implements Command {

    @Override
    public String name() {
        return "devices";
    }

    @Override
    public String summary() {
        return "list the CPU and the GPUs jobs can run on (or why there is no GPU)";
    }

    @Override
    public String usage() {
        return """
                usage: daybreak devices [--json]
                  Lists this machine's CPU and every CUDA GPU (name, memory, compute capability); without a usable
                  GPU it says why (no driver, no device, switched off with DAYBREAK_GPU=off). --device gpu|auto on
                  tomo recon, corr run and corr xengine use the first supported GPU listed here.
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.contains("--help") || args.contains("-h")) {
            out.println(usage());
            return 0;
        }
        Args a = new Args("devices", args, Set.of(), Set.of("json"));
        a.atMostPositional(0);
        GpuInventory inv = Gpus.inventory();
        if (a.has("json")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cpu", cpu());
            m.putAll(inv.toJson());
            out.println(Json.write(m));
            return 0;
        }
        Map<String, Object> c = cpu();
        out.println("CPU: " + c.get("name") + ", " + c.get("cores") + " cores");
        if (inv.devices().isEmpty()) {
            out.println("GPU: none (" + inv.reason() + ")");
        }
        for (GpuDevice d : inv.devices()) {
            out.println(d.describe() + (d.supported() ? "" : " (not supported: Daybreak needs compute capability 7.0)"));
        }
        if (inv.driverVersion() != null) {
            out.println("CUDA driver " + inv.driverVersion());
        }
        return 0;
    }

    /** The CPU's model name (from /proc/cpuinfo where there is one) and the cores Java sees. */
    public static Map<String, Object> cpu() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", cpuName());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("arch", System.getProperty("os.arch"));
        return m;
    }

    static String cpuName() {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try {
                for (String line : Files.readAllLines(info)) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException ignored) {
                // fall through to the architecture
            }
        }
        return System.getProperty("os.arch");
    }
}
