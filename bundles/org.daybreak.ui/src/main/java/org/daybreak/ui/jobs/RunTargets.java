package org.daybreak.ui.jobs;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.daybreak.core.job.JobExecutor;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.RemoteExecutorFactory;
import org.daybreak.core.job.RunTarget;
import org.daybreak.ui.DaybreakUI;
import org.eclipse.jface.preference.IPreferenceStore;

/**
 * Where the workbench runs a job: "This machine" (the workbench's {@code LocalJobExecutor}) or "Remote workers"
 * (the workers behind the broker set in Window > Preferences > Daybreak > Remote workers). This class holds the
 * preference keys of those settings, builds the {@link RunTarget} from them, and keeps one open remote executor
 * per target for the task views (closed when the workbench stops).
 *
 * <p>Thread rule: {@link #submit} and {@link #remoteExecutor} connect to a broker and may take seconds: never call
 * them on the UI thread ({@link WorkbenchJobs#schedule(RunTarget, String, JobSpec, java.util.function.Consumer)}
 * calls them on its Eclipse job's thread).
 */
public final class RunTargets {
    /** The broker: {@code local} (the one this machine's workbench runs), {@code tcp://H:P} or {@code tls://H:P}. */
    public static final String BROKER = "remote.broker";
    /** Account on the broker; empty: the local broker's admin account. */
    public static final String USER = "remote.user";
    /** File whose first line is the account's password; empty (with no user): the local broker's admin password. */
    public static final String PASSWORD_FILE = "remote.passwordFile";
    /** TLS: a PEM certificate or trust store (PKCS12/JKS) to trust; empty: the JVM's default trust store. */
    public static final String TRUST = "remote.trust";
    /** TLS: the broker certificate's SHA-256 fingerprint, pinned; empty: not pinned. */
    public static final String FINGERPRINT = "remote.fingerprint";
    /** Start a broker inside the workbench (127.0.0.1, data in {@code ~/.daybreak/broker}) when it starts. */
    public static final String EMBEDDED_BROKER = "remote.embeddedBroker";
    /** Prefix of each task view's remembered choice ({@code local} or {@code remote}). */
    public static final String CHOICE_PREFIX = "jobs.target.";

    private static final Map<RunTarget, JobExecutor> OPEN = new LinkedHashMap<>();

    private RunTargets() {
    }

    /** The workbench's preferences, or null outside the workbench (plain SWT tests). */
    static IPreferenceStore store() {
        DaybreakUI ui = DaybreakUI.getDefault();
        return ui == null ? null : ui.getPreferenceStore();
    }

    /** The remote target the preferences describe (defaults: the local broker and its admin account). */
    public static RunTarget remote() {
        IPreferenceStore s = store();
        if (s == null) {
            return new RunTarget("local", null, null, "auto", Map.of());
        }
        return remote(s.getString(BROKER), s.getString(USER), s.getString(PASSWORD_FILE), s.getString(TRUST),
                s.getString(FINGERPRINT));
    }

    /** A remote target from the settings as typed (blank means not given; a blank broker means {@code local}). */
    public static RunTarget remote(String broker, String user, String passwordFile, String trust,
            String fingerprint) {
        Map<String, String> options = new LinkedHashMap<>();
        if (!blank(trust)) {
            options.put("trust", trust.strip());
        }
        if (!blank(fingerprint)) {
            options.put("fingerprint", fingerprint.strip());
        }
        return new RunTarget(blank(broker) ? "local" : broker.strip(), blank(user) ? null : user.strip(),
                blank(passwordFile) ? null : passwordFile.strip(), "auto", options);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * {@code spec} with the device of Window > Preferences > Daybreak as its {@code device} param, unless it names
     * one (outside the workbench: unchanged).
     */
    public static JobSpec withPreferredDevice(JobSpec spec) {
        IPreferenceStore s = store();
        if (s == null || spec.params().containsKey("device")) {
            return spec;
        }
        String d = s.getString(org.daybreak.ui.prefs.PreferenceDefaults.JOB_DEVICE);
        if (d == null || d.isBlank()) {
            return spec;
        }
        Map<String, Object> p = new LinkedHashMap<>(spec.params());
        p.put("device", d);
        return new JobSpec(spec.kind(), p, spec.inputs());
    }

    /** For people: "this machine", "the local broker", "the broker at tcp://host:61616". */
    public static String describe(RunTarget t) {
        if (!t.isRemote()) {
            return "this machine";
        }
        return t.remote().equals("local") ? "the local broker" : "the broker at " + t.remote();
    }

    /**
     * The open executor of a remote target, connecting when there is none yet. Not on the UI thread.
     *
     * @throws IOException one sentence: no remote support in this installation, or why the broker cannot be reached
     */
    public static JobExecutor remoteExecutor(RunTarget target) throws IOException {
        synchronized (OPEN) {
            JobExecutor e = OPEN.get(target);
            if (e != null) {
                return e;
            }
        }
        RemoteExecutorFactory f = RemoteExecutorFactory.find();
        if (f == null) {
            throw new IOException("remote workers are not part of this installation (the bundle org.daybreak.remote "
                    + "is missing)");
        }
        JobExecutor opened = f.open(target);
        synchronized (OPEN) {
            JobExecutor raced = OPEN.putIfAbsent(target, opened);
            if (raced == null) {
                return opened;
            }
        }
        opened.close();
        return OPEN.get(target);
    }

    /**
     * Submits {@code spec} to the remote target's workers. A connection that has gone (the broker restarted) is
     * dropped and opened again once. Not on the UI thread.
     *
     * @throws IOException one sentence when the broker cannot be reached
     */
    public static JobHandle submit(RunTarget target, JobSpec spec) throws IOException {
        JobExecutor e = remoteExecutor(target);
        try {
            return e.submit(spec);
        } catch (RuntimeException first) {
            forget(target, e);
            DaybreakUI.info("Remote job submission failed on an open connection; connecting again: "
                    + first.getMessage());
            return remoteExecutor(target).submit(spec);
        }
    }

    private static void forget(RunTarget target, JobExecutor e) {
        synchronized (OPEN) {
            OPEN.remove(target, e);
        }
        try {
            e.close();
        } catch (RuntimeException ignored) {
            // already broken
        }
    }

    /** Closes every remote executor (their running jobs go on on the workers). */
    public static void closeAll() {
        synchronized (OPEN) {
            for (JobExecutor e : OPEN.values()) {
                try {
                    e.close();
                } catch (RuntimeException ex) {
                    DaybreakUI.log("Closing the remote executor " + e.name() + " failed", ex);
                }
            }
            OPEN.clear();
        }
    }
}
