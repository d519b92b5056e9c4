package org.daybreak.script.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.job.JobExecutor;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.LocalJobExecutor;
import org.daybreak.core.job.RunTarget;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.JobRecord;
import org.daybreak.remote.JobsClient;
import org.daybreak.remote.RemoteJobExecutor;
import org.daybreak.remote.Transfer;
import org.daybreak.script.HeadlessPlotTarget;
import org.daybreak.script.PlotTarget;
import org.daybreak.script.WorkbenchBridge;

/**
 * What the {@code daybreak} Python module of one session reaches in Java: the workbench (or none), the plot
 * target, and the executors that run the session's jobs: one on this process's threads and one per broker the
 * session has sent jobs to. One per session; the Python module finds it as {@code _daybreak_java.context}.
 *
 * <p>Remote executors are opened on first use of a target and reused for every later job, list or question to
 * the same broker with the same account and connection options ({@link RunTarget#device()} is a per-job request,
 * not part of the connection); {@link #close()} closes them. An executor whose connection has dropped is opened
 * again on its next use. Thread rule: every method may be called from any thread.
 */
public final class SessionContext implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SessionContext.class.getName());
    /** The message of every call that needs the workbench in a headless session. */
    public static final String NO_WORKBENCH = "no workbench: this script runs headless";

    private volatile WorkbenchBridge workbench;
    private final HeadlessPlotTarget headlessPlot = new HeadlessPlotTarget();
    private JobExecutor jobs;
    private final Map<RunTarget, Remote> remotes = new LinkedHashMap<>();
    private boolean closed;

    /** A broker connection and the executor on it; the executor owns (and closes) the connection. */
    private record Remote(BrokerConnection connection, RemoteJobExecutor executor) {
    }

    public void setWorkbench(WorkbenchBridge workbench) {
        this.workbench = workbench;
    }

    public boolean hasWorkbench() {
        return workbench != null;
    }

    /**
     * The workbench.
     *
     * @throws IllegalStateException with {@link #NO_WORKBENCH} in a headless session
     */
    public WorkbenchBridge workbench() {
        WorkbenchBridge w = workbench;
        if (w == null) {
            throw new IllegalStateException(NO_WORKBENCH);
        }
        return w;
    }

    /** Where {@code daybreak.plot} draws: the workbench's plot view, or the session's in-memory plot. */
    public PlotTarget plotTarget() {
        WorkbenchBridge w = workbench;
        return w != null ? w.plotTarget() : headlessPlot;
    }

    /** The in-memory plot of a headless session (also kept, unused, when a workbench is attached). */
    public HeadlessPlotTarget headlessPlot() {
        return headlessPlot;
    }

    /**
     * Submits a job to this session's local executor (created on first use: the process's job kinds, one at a
     * time). The kinds declared as services visible to this bundle (the Daybreak bundles it requires) are added to
     * the registry first, which matters where the core bundle's own class loader cannot see them (OSGi).
     */
    public JobHandle submit(JobSpec spec) {
        return local().submit(place(spec, null));
    }

    /**
     * Submits a job where {@code target} says: this session's threads ({@link RunTarget#LOCAL}, or any target
     * without {@code remote}) or the workers behind a broker. The target's device, when not {@code auto}, becomes
     * the job's {@code device} param (as {@code --device} does on the command line), unless the job names one.
     *
     * @throws IOException one sentence when the broker cannot be reached or refuses the account
     */
    public JobHandle submit(JobSpec spec, RunTarget target) throws IOException {
        return submitAll(List.of(spec), target).get(0);
    }

    /**
     * Submits several jobs at once: to a broker in one transaction (all are queued, or none is); locally in order.
     *
     * @throws IOException one sentence when the broker cannot be reached, refuses the account or the jobs
     */
    public List<JobHandle> submitAll(List<JobSpec> specs, RunTarget target) throws IOException {
        List<JobSpec> placed = new ArrayList<>(specs.size());
        for (JobSpec s : specs) {
            placed.add(place(s, target));
        }
        if (target == null || !target.isRemote()) {
            JobExecutor executor = local();
            List<JobHandle> out = new ArrayList<>(placed.size());
            for (JobSpec s : placed) {
                out.add(executor.submit(s));
            }
            return out;
        }
        RunTarget key = connectionOf(target);
        RemoteJobExecutor executor = remote(key);
        try {
            return executor.submitAll(placed);
        } catch (InputException e) {
            if (!(e.getCause() instanceof IOException)) {
                // not an input found wanting before sending: the broker may have gone, so the next call connects
                // afresh (this one is not repeated: a commit that failed on a dropped connection may still have
                // queued the jobs)
                forget(key);
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Workers the broker knows (name, host, pid, threads, capabilities, current, last_heartbeat, state ...). */
    public List<Map<String, Object>> workers(RunTarget target) throws IOException {
        return ask(target, JobsClient::workers);
    }

    /**
     * Job records on the broker, oldest first, as {@code daybreak jobs list --json} prints them; {@code state},
     * {@code kind} and {@code limit} filter when not null.
     */
    public List<Map<String, Object>> list(RunTarget target, String state, String kind, Integer limit)
            throws IOException {
        return ask(target, c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (JobRecord r : c.list(state, kind, limit)) {
                out.add(r.toJson(true));
            }
            return out;
        });
    }

    /** One job's record on the broker, as {@code daybreak jobs show --json} prints it. */
    public Map<String, Object> show(RunTarget target, String id) throws IOException {
        return ask(target, c -> c.show(id).toJson(true));
    }

    private interface Question<T> {
        T ask(JobsClient client) throws IOException;
    }

    /** Asks the broker's ledger; a connection that failed is forgotten (the next call connects afresh). */
    private <T> T ask(RunTarget target, Question<T> question) throws IOException {
        if (target == null || !target.isRemote()) {
            throw new IllegalArgumentException("job records and workers live on a broker: give remote=URL, "
                    + "remote='local' or remote=True");
        }
        RunTarget key = connectionOf(target);
        JobsClient client = remote(key).jobs();
        try {
            return question.ask(client);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("cannot connect") || m.startsWith("the broker at")) {
                forget(key); // not an answer of the ledger (those are about jobs): the connection failed
            }
            throw e;
        }
    }

    /** The name of the worker that ran (or runs) a remote job, or null for local jobs and jobs not yet started. */
    public static String workerOf(JobHandle handle) {
        return handle instanceof RemoteJobExecutor.RemoteHandle r ? r.record().worker : null;
    }

    /** True for a job sent to a broker. */
    public static boolean isRemote(JobHandle handle) {
        return handle instanceof RemoteJobExecutor.RemoteHandle;
    }

    /** The number of broker connections this session holds open now. */
    public synchronized int openConnections() {
        return remotes.size();
    }

    private synchronized JobExecutor local() {
        if (closed) {
            throw new IllegalStateException("the script session is closed");
        }
        if (jobs == null) {
            JobRegistry.global().loadServices(SessionContext.class.getClassLoader());
            jobs = new LocalJobExecutor(JobRegistry.global(), 1);
        }
        return jobs;
    }

    private synchronized RemoteJobExecutor remote(RunTarget key) throws IOException {
        if (closed) {
            throw new IllegalStateException("the script session is closed");
        }
        Remote r = remotes.get(key);
        if (r != null && r.connection().isClosed()) {
            forget(key);
            r = null;
        }
        if (r == null) {
            BrokerConnection c = BrokerConnection.open(key, false);
            try {
                r = new Remote(c, new RemoteJobExecutor(c, true));
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
            remotes.put(key, r);
        }
        return r.executor();
    }

    private synchronized void forget(RunTarget key) {
        Remote r = remotes.remove(key);
        if (r != null) {
            try {
                r.executor().close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing a broken broker connection", e);
            }
        }
    }

    /** The target without its device: what identifies a connection. */
    private static RunTarget connectionOf(RunTarget t) {
        return "auto".equals(t.device()) ? t : t.withDevice("auto");
    }

    /**
     * The spec as it is sent: input files and output paths absolute (against this process's working directory, so
     * that results name the same files wherever the job ran), and the target's device as the job's
     * {@code device} param when not {@code auto} and the job names none.
     */
    private static JobSpec place(JobSpec spec, RunTarget target) {
        Map<String, Object> p = Transfer.absoluteOutputs(spec.params());
        if (target != null && !"auto".equals(target.device()) && !p.containsKey("device")) {
            p.put("device", target.device());
        }
        return new JobSpec(spec.kind(), p, Transfer.absoluteInputs(spec.inputs()));
    }

    /**
     * Cancels the session's local jobs and closes its broker connections. Jobs already queued on a broker stay
     * there and run (their records can be listed later, e.g. with {@code daybreak jobs list}).
     */
    @Override
    public void close() {
        List<Remote> toClose;
        synchronized (this) {
            closed = true;
            if (jobs != null) {
                jobs.close();
                jobs = null;
            }
            toClose = new ArrayList<>(remotes.values());
            remotes.clear();
        }
        for (Remote r : toClose) {
            try {
                r.executor().close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing a broker connection", e);
            }
        }
    }
}
