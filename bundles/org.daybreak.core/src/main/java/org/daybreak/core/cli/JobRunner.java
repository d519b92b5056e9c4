package org.daybreak.core.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobExecutor;
import org.daybreak.core.job.JobFailedException;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobParameter;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.JobState;
import org.daybreak.core.job.LocalJobExecutor;
import org.daybreak.core.job.RemoteExecutorFactory;
import org.daybreak.core.job.RunTarget;

/**
 * The one way a subcommand runs a job: it parses where the job runs ({@code --remote URL}, {@code --user},
 * {@code --password-file}, {@code --trust}, {@code --fingerprint}, {@code --device}, with the environment variables
 * {@code DAYBREAK_BROKER}, {@code DAYBREAK_USER}, {@code DAYBREAK_PASSWORD_FILE} as defaults), runs the job on this
 * machine's threads or on remote workers, prints progress lines to stderr, cancels the job on Ctrl-C, and turns a
 * failure into one exception the launcher prints as one line.
 *
 * <p>Error contract of {@link #run}: a job that failed on bad input (its handler threw an
 * {@link InputException}, {@link IllegalArgumentException} or an I/O error) is rethrown as {@link InputException}
 * (exit 2); a broker that cannot be reached is an {@link InputException} too; any other failure is a
 * {@link JobFailedException} with the job's one-line reason (exit 1); a cancelled job (Ctrl-C) is a
 * {@link JobCancelledException} (exit 130).
 */
public final class JobRunner {

    /** Options that take a value, accepted by every job-running command besides its own. */
    public static final Set<String> VALUED = Set.of("remote", "user", "password-file", "device", "trust", "fingerprint");

    /** How progress is shown: at most one line per {@code intervalMs}, none in the first {@code quietMs}. */
    public record ProgressStyle(long intervalMs, long quietMs, boolean percent, String doneLine) {
        /** Every new message at once, with the percentage. */
        public static final ProgressStyle EVERY_MESSAGE = new ProgressStyle(0, 0, true, null);
    }

    private final String words;
    private final PrintStream err;
    private ProgressStyle style = ProgressStyle.EVERY_MESSAGE;

    /** @param words the command's words for messages and progress lines, e.g. {@code "tomo recon"} */
    public JobRunner(String words, PrintStream err) {
        this.words = words;
        this.err = err;
    }

    public JobRunner progress(ProgressStyle s) {
        this.style = s;
        return this;
    }

    /** The command's own valued options plus {@link #VALUED}. */
    public static Set<String> withRunOptions(Set<String> own) {
        Set<String> s = new HashSet<>(own);
        s.addAll(VALUED);
        return s;
    }

    /**
     * {@code --remote} may stand without a URL (last, or followed by another option): it then means the broker in
     * {@code DAYBREAK_BROKER}, else the local broker. Returns the arguments with that value filled in.
     */
    public static List<String> normalise(List<String> args) {
        List<String> out = new ArrayList<>(args);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).equals("--")) {
                break;
            }
            if (out.get(i).equals("--remote") && (i + 1 == out.size() || out.get(i + 1).startsWith("--"))) {
                String env = System.getenv("DAYBREAK_BROKER");
                out.add(i + 1, env == null || env.isBlank() ? "local" : env);
            }
        }
        return out;
    }

    /** Where the job runs, from the parsed options and the environment. */
    public static RunTarget target(Args a, String words) {
        // without --device: the site's default (site/plugin_customization.ini, SiteDefaults), else auto
        String device = a.has("device") ? a.get("device").toLowerCase(Locale.ROOT) : siteDevice();
        if (!device.equals("cpu") && !device.equals("gpu") && !device.equals("auto")) {
            throw new UsageException(words + ": --device must be cpu, gpu or auto, not '" + a.get("device") + "'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (a.has("trust")) {
            options.put("trust", a.get("trust"));
        }
        if (a.has("fingerprint")) {
            options.put("fingerprint", a.get("fingerprint"));
        }
        if (!a.has("remote")) {
            for (String o : List.of("user", "password-file", "trust", "fingerprint")) {
                if (a.has(o)) {
                    throw new UsageException(words + ": --" + o + " goes with --remote URL");
                }
            }
            return new RunTarget(null, null, null, device, options);
        }
        return new RunTarget(a.get("remote"), a.get("user", env("DAYBREAK_USER")),
                a.get("password-file", env("DAYBREAK_PASSWORD_FILE")), device, options);
    }

    /** The site's default device; a value the site file may not hold is a usage error naming the file and key. */
    private static String siteDevice() {
        try {
            return org.daybreak.core.site.SiteDefaults.current().device();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }

    /**
     * Runs the job where {@code target} says and returns its result.
     *
     * @param localHandler the handler this process uses when the job runs here (it may hold input already read);
     *                     remote workers find theirs by the job's kind
     */
    public Map<String, Object> run(JobSpec spec, RunTarget target, JobHandler localHandler) throws Exception {
        JobSpec s = JobParameter.normalise(spec, localHandler.parameters(), w -> err.println(words + ": warning: " + w));
        if (!"auto".equals(target.device()) && !spec.params().containsKey("device")) {
            Map<String, Object> p = new LinkedHashMap<>(spec.params());
            p.put("device", target.device());
            s = new JobSpec(spec.kind(), p, spec.inputs());
        }
        Printer printer = new Printer();
        try (JobExecutor executor = open(target, localHandler, printer)) {
            return await(executor.submit(s), printer, target.isRemote());
        }
    }

    private JobExecutor open(RunTarget target, JobHandler localHandler, Printer printer) {
        if (!target.isRemote()) {
            // the handler's own reports are printed as it makes them (a listener added after submit could miss
            // the first ones)
            JobHandler reporting = new JobHandler() {
                @Override
                public String kind() {
                    return localHandler.kind();
                }

                @Override
                public Map<String, Object> run(JobSpec spec, JobContext context) throws Exception {
                    return localHandler.run(spec, new JobContext() {
                        @Override
                        public void progress(double fraction, String message) {
                            context.progress(fraction, message);
                            printer.report(fraction, message);
                        }

                        @Override
                        public boolean isCancelled() {
                            return context.isCancelled();
                        }

                        @Override
                        public int parallelism() {
                            return context.parallelism();
                        }
                    });
                }
            };
            JobRegistry registry = new JobRegistry();
            registry.register(reporting);
            return new LocalJobExecutor(registry, 1);
        }
        RemoteExecutorFactory f = RemoteExecutorFactory.find();
        if (f == null) {
            throw new InputException(words + ": --remote needs the remote-workers bundle (org.daybreak.remote), "
                    + "which this installation lacks");
        }
        try {
            return f.open(target);
        } catch (IOException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    /** Prints progress lines in the chosen style; called from the job's thread or the executor's. */
    private final class Printer {
        private final long start = System.nanoTime();
        private long last;
        private boolean printed;
        private String lastMessage = "";

        synchronized void report(double fraction, String m) {
            if (m == null || m.equals("running") || m.equals(lastMessage)) {
                return;
            }
            long now = System.nanoTime();
            if ((now - start) / 1_000_000L < style.quietMs()
                    || printed && (now - last) / 1_000_000L < style.intervalMs()) {
                return;
            }
            printed = true;
            last = now;
            lastMessage = m;
            if (style.percent()) {
                err.printf(Locale.ROOT, "%s: %3.0f%% %s%n", words, 100 * Math.max(0, Math.min(1, fraction)), m);
            } else {
                err.println(words + ": " + m);
            }
        }
    }

    private Map<String, Object> await(JobHandle h, Printer printer, boolean remote) throws Exception {
        if (remote) {
            // a remote job's reports arrive as events; "queued"/"running on W" are the executor's own words
            h.addListener(j -> {
                if (j.state() == JobState.RUNNING && !j.message().startsWith("running on ")) {
                    printer.report(j.progress(), j.message());
                }
            });
        }
        Thread hook = new Thread(() -> {
            if (!h.state().isFinal()) {
                err.println(words + ": interrupted; cancelling the job");
                h.cancel();
                try {
                    h.awaitEnd(java.time.Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // what the job said about its stop (e.g. what its partial output holds); the JVM halts after this
                String said = h.message();
                if (h.state() == JobState.CANCELLED && said != null && said.startsWith("cancelled")
                        && !said.equals("cancelled")) {
                    err.println(words + ": " + said);
                }
            }
        }, "daybreak-cancel-on-interrupt");
        boolean hooked = addHook(hook);
        try {
            Map<String, Object> r = h.await();
            if (style.doneLine() != null) {
                err.println(words + ": " + style.doneLine());
            }
            return r;
        } catch (JobFailedException e) {
            throw translate(e, h.failure());
        } finally {
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it cancels the job
                }
            }
        }
    }

    private static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException | SecurityException e) {
            return false;
        }
    }

    /** The exception the launcher reports for a failed job (see the class comment). */
    public static Exception translate(JobFailedException e, Throwable failure) {
        Throwable cause = failure != null ? failure : e.getCause();
        if (cause instanceof InputException ie) {
            return ie;
        }
        if (cause instanceof UncheckedIOException u) {
            return new InputException(u.getCause().getMessage(), u);
        }
        if (cause instanceof IllegalArgumentException || cause instanceof IOException) {
            return new InputException(cause.getMessage(), cause);
        }
        return e;
    }
}
