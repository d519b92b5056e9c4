package org.daybreak.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.daybreak.core.cli.Command;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;

/**
 * Entry point of the headless command line: {@code ./daybreak SUBCOMMAND ...}. It runs on a plain class path
 * (no OSGi framework) so that it starts in well under two seconds; the subcommands come from the capability
 * bundles through {@link ServiceLoader}.
 *
 * <p>Exit codes: 0 success; 1 the work failed (a failed job, a script's error); 130 the job was cancelled (Ctrl-C);
 * 2 a usage or input error, reported
 * as one line on stderr while the stack trace goes to {@code ~/.daybreak/logs/cli.log}.
 */
public final class Main {
    /** Created on the first error only: setting up java.util.logging costs start-up time. */
    private static final class Log {
        static final Logger LOG = Logger.getLogger("org.daybreak");
    }

    /** Every planned subcommand, in the order of {@code --help}, with its one-line purpose. */
    static final Map<String, String> PLANNED = new LinkedHashMap<>();

    static {
        PLANNED.put("gui", "start the workbench, optionally with files open: daybreak gui FILE...");
        PLANNED.put("h5", "browse HDF5/NeXus files: tree, get (to .npy), nexus default plot");
        PLANNED.put("plot", "render a dataset or slice to PNG without a display");
        PLANNED.put("fit", "fit peaks, models and expressions to 1-D data, one trace or a stack");
        PLANNED.put("tomo", "tomography: find the centre of rotation, reconstruct slices and volumes");
        PLANNED.put("corr", "FX correlation: simulate voltages, channelise, correlate, qualify");
        PLANNED.put("run", "run a Jython script with the daybreak scripting API, headless");
        PLANNED.put("worker", "serve as a remote worker for tomography, correlation and fitting jobs");
        PLANNED.put("broker", "run a job broker (ActiveMQ Artemis) for remote workers, in the foreground");
        PLANNED.put("jobs", "submit jobs to remote workers; list, show, cancel and retry them; workers, timeline");
        PLANNED.put("version", "print the versions of Daybreak, Java and the libraries");
    }

    private Main() {
    }

    public static void main(String[] argv) {
        StartupStderr.restore();
        int code = run(Arrays.asList(argv), System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; never calls {@code System.exit}. */
    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("-h") || argv.get(0).equals("help")) {
            Map<String, Command> commands = discover();
            if (argv.size() > 1 && commands.containsKey(argv.get(1))) {
                out.println(commands.get(argv.get(1)).usage());
                return 0;
            }
            out.print(help(commands));
            return 0;
        }
        String name = argv.get(0);
        List<String> rest = new ArrayList<>(argv.subList(1, argv.size()));
        if (name.equals("version") || name.equals("--version")) {
            if (!rest.isEmpty()) {
                err.println("daybreak version: unexpected argument '" + rest.get(0) + "'");
                return 2;
            }
            out.print(Versions.report());
            return 0;
        }
        if (name.startsWith("-")) {
            err.println("daybreak: unknown option " + name + " (try daybreak --help)");
            return 2;
        }
        Command c = find(name);
        if (c == null) {
            if (PLANNED.containsKey(name) && !name.equals("gui")) {
                err.println("daybreak: subcommand '" + name + "' is planned but not available in this build");
            } else {
                err.println("daybreak: unknown subcommand '" + name + "' (try daybreak --help)");
            }
            return 2;
        }
        if (rest.size() == 1 && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
            out.println(c.usage());
            return 0;
        }
        try {
            return c.run(rest, out, err);
        } catch (org.daybreak.core.job.JobCancelledException e) {
            err.println("daybreak " + name + ": cancelled");
            return 130;
        } catch (UsageException | InputException e) {
            log(Level.INFO, name, e);
            err.println("daybreak " + name + ": " + stripPrefix(e.getMessage(), name));
            return 2;
        } catch (UncheckedIOException e) {
            log(Level.WARNING, name, e);
            err.println("daybreak " + name + ": " + e.getCause().getMessage());
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            log(Level.WARNING, name, e);
            err.println("daybreak " + name + ": " + e.getMessage());
            return 2;
        } catch (OutOfMemoryError e) {
            err.println("daybreak " + name + ": out of memory; give Java more with DAYBREAK_JAVA_OPTS=-Xmx…");
            return 1;
        } catch (Exception | Error e) {
            log(Level.SEVERE, name, e);
            err.println("daybreak " + name + ": failed: " + (e.getMessage() == null ? e.toString() : e.getMessage())
                    + " (details in " + logFile() + ")");
            return 1;
        }
    }

    private static String stripPrefix(String message, String name) {
        String m = message == null ? "" : message;
        return m.startsWith(name + " ") || m.startsWith(name + ":") ? m.substring(name.length()).replaceFirst("^:?\\s*", "")
                : m;
    }

    static String help(Map<String, Command> commands) {
        StringBuilder b = new StringBuilder();
        b.append("Daybreak: data analysis for synchrotron beamlines and radio telescopes.\n\n");
        b.append("Usage: daybreak                      start the workbench\n");
        b.append("       daybreak SUBCOMMAND [ARGS...]  run headless\n");
        b.append("       daybreak SUBCOMMAND --help     usage of one subcommand\n\n");
        b.append("Subcommands:\n");
        for (Map.Entry<String, String> e : PLANNED.entrySet()) {
            String n = e.getKey();
            boolean available = n.equals("gui") || n.equals("version") || commands.containsKey(n);
            String summary = commands.containsKey(n) ? commands.get(n).summary() : e.getValue();
            b.append(String.format("  %-8s %s%s%n", n, summary, available ? "" : "  [not yet available]"));
        }
        for (Command c : commands.values()) {
            if (!PLANNED.containsKey(c.name())) {
                b.append(String.format("  %-8s %s%n", c.name(), c.summary()));
            }
        }
        b.append("\nErrors in your input are reported in one line (exit code 2); details go to ")
                .append(logFile()).append('\n');
        return b.toString();
    }

    /**
     * The subcommand of that name, or null. The class path is searched in order and only as far as needed: a
     * command found early spares opening the remaining jars (the Jython jar alone holds some 10,000 entries).
     */
    static Command find(String name) {
        for (Command c : ServiceLoader.load(Command.class, Main.class.getClassLoader())) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    static Map<String, Command> discover() {
        Map<String, Command> m = new LinkedHashMap<>();
        for (Command c : ServiceLoader.load(Command.class, Main.class.getClassLoader())) {
            m.put(c.name(), c);
        }
        return m;
    }

    static Path logFile() {
        return Path.of(System.getProperty("user.home"), ".daybreak", "logs", "cli.log");
    }

    private static void log(Level level, String command, Throwable e) {
        try {
            Path f = logFile();
            Files.createDirectories(f.getParent());
            Logger log = Log.LOG;
            if (log.getHandlers().length == 0) {
                FileHandler h = new FileHandler(f.toString(), 1 << 20, 1, true);
                h.setFormatter(new SimpleFormatter());
                log.addHandler(h);
                log.setUseParentHandlers(false);
            }
            log.log(level, "daybreak " + command + " failed", e);
        } catch (IOException | RuntimeException ignored) {
            // the log is a convenience; the one-line message has been printed already
        }
    }
}
