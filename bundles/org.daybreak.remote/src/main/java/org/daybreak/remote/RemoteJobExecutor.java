package org.daybreak.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.job.AbstractJobHandle;
import org.daybreak.core.job.JobExecutor;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobParameter;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.job.JobState;
import org.daybreak.core.json.Json;

/**
 * Runs jobs on remote workers through a Daybreak broker, behind the same {@link JobExecutor} interface as local
 * threads: submit, progress, message, cancel, result or failure. Jobs go to {@value Wire#QUEUE_GPU} when their
 * params ask for {@code "device": "gpu"}, else to {@value Wire#QUEUE_CPU}. Files travel by reference or are
 * carried (see {@link Transfer}). Listeners are called on the executor's event thread.
 *
 * <p>The job's record (with the job's params) is written by the broker's ledger, so any client with the rights
 * can list and show it later ({@link JobsClient}).
 */
public final class RemoteJobExecutor implements JobExecutor {
    private static final Logger LOG = Logger.getLogger(RemoteJobExecutor.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BrokerConnection connection;
    private final boolean ownsConnection;
    private final String clientId = UUID.randomUUID().toString().replace("-", "");
    private final ClientSession events;
    private final ClientSession sender;
    private final ClientProducer producer;
    private final Map<String, RemoteHandle> handles = new ConcurrentHashMap<>();
    private final JobsClient jobs;
    private final boolean brokerIsLocal;
    private volatile boolean closed;

    public RemoteJobExecutor(BrokerConnection connection, boolean ownsConnection) throws IOException {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        try {
            events = connection.listenerSession();
            String q = Wire.CLIENT_PREFIX + clientId;
            events.createQueue(QueueConfiguration.of(q).setAddress(Wire.EVENTS).setRoutingType(RoutingType.MULTICAST)
                    .setDurable(false).setTemporary(true).setFilterString(Wire.P_SUBMITTER + " = '" + clientId + "'"));
            ClientConsumer c = events.createConsumer(q);
            c.setMessageHandler(this::onEvent);
            String files = Wire.CLIENT_PREFIX + clientId + ".files";
            events.createQueue(QueueConfiguration.of(files).setAddress(files).setRoutingType(RoutingType.ANYCAST)
                    .setDurable(false).setTemporary(true));
            ClientConsumer fc = events.createConsumer(files);
            fc.setMessageHandler(this::onOutputs);
            events.start();
            sender = connection.session(true);
            producer = sender.createProducer();
        } catch (ActiveMQException e) {
            throw BrokerConnection.explain(e, connection.url(), connection.user());
        }
        this.jobs = new JobsClient(connection, false);
        this.brokerIsLocal = isLocal(connection.url());
    }

    private static boolean isLocal(String url) {
        if (url.startsWith("vm:")) {
            return true;
        }
        try {
            return InetAddress.getByName(new URI(url).getHost()).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "remote workers at " + connection.url();
    }

    public JobsClient jobs() {
        return jobs;
    }

    @Override
    public JobHandle submit(JobSpec spec) {
        return submitAll(List.of(spec)).get(0);
    }

    /** Submits several jobs in one transaction (all are queued, or none). */
    public List<JobHandle> submitAll(List<JobSpec> specs) {
        if (closed) {
            throw new IllegalStateException("the remote executor is closed");
        }
        List<JobHandle> out = new ArrayList<>();
        List<RemoteHandle> made = new ArrayList<>();
        synchronized (sender) {
            try {
                // jobs without carried files travel in bundles (one message for many small jobs; see Wire)
                Map<String, List<Map<String, Object>>> bundled = new LinkedHashMap<>();
                for (JobSpec spec : specs) {
                    RemoteHandle h = prepare(spec, bundled);
                    made.add(h);
                    out.add(h);
                }
                for (Map.Entry<String, List<Map<String, Object>>> q : bundled.entrySet()) {
                    List<Map<String, Object>> jobs = q.getValue();
                    int size = bundleSize(jobs.size());
                    for (int i = 0; i < jobs.size(); i += size) {
                        ClientMessage m = sender.createMessage(true);
                        Wire.writeJobs(m, jobs.subList(i, Math.min(jobs.size(), i + size)), clientId);
                        producer.send(q.getKey(), m);
                    }
                }
                sender.commit();
            } catch (ActiveMQException | IOException e) {
                for (RemoteHandle h : made) {
                    handles.remove(h.id());
                }
                try {
                    sender.rollback();
                } catch (ActiveMQException ignored) {
                    // the connection is gone
                }
                if (e instanceof IOException io) {
                    throw new InputException(io.getMessage(), io);
                }
                throw new InputException("cannot submit to the broker at " + connection.url() + ": "
                        + BrokerConnection.explain(e, connection.url(), connection.user()).getMessage(), e);
            } catch (RuntimeException e) {
                for (RemoteHandle h : made) {
                    handles.remove(h.id());
                }
                try {
                    sender.rollback();
                } catch (ActiveMQException ignored) {
                    // the connection is gone
                }
                throw e;
            }
        }
        return out;
    }

    /**
     * Jobs per bundle for a batch of {@code n}: none below 32 jobs (each job its own message), then about a
     * sixteenth of the batch, at most 64, so that every worker of a small farm still gets several bundles.
     */
    static int bundleSize(int n) {
        return n < 32 ? 1 : Math.min(64, n / 16);
    }

    /**
     * Makes a job's handle and header; a job with carried files is sent at once in its own message, any other is
     * added to {@code bundled} (per queue) for the caller to send.
     */
    private RemoteHandle prepare(JobSpec given, Map<String, List<Map<String, Object>>> bundled)
            throws ActiveMQException, IOException {
        // checked and renamed here when this process knows the kind (else by the worker)
        JobHandler known = JobRegistry.global().find(given.kind());
        JobSpec spec = known == null ? given : JobParameter.normalise(given, known.parameters(), LOG::warning);
        String id = newId();
        boolean carry = Transfer.shouldCarry(spec.string("transfer", "auto"), spec.inputs(), brokerIsLocal);
        Map<String, Object> params = Transfer.absoluteOutputs(spec.params());
        Map<String, String> inputs = carry ? spec.inputs() : Transfer.absoluteInputs(spec.inputs());
        JobSpec wire = new JobSpec(spec.kind(), params, inputs);
        boolean gpu = "gpu".equals(spec.string("device", "auto"));
        String queue = gpu ? Wire.QUEUE_GPU : Wire.QUEUE_CPU;
        String queuedAt = queuedNow();
        RemoteHandle h = new RemoteHandle(id, wire, queuedAt);
        handles.put(id, h);

        Map<String, Object> header = Json.parseObject(wire.toJson());
        header.put("id", id);
        header.put("queued", queuedAt);
        header.put("queue", queue);
        if (!carry) {
            bundled.computeIfAbsent(queue, k -> new ArrayList<>()).add(header);
            return h;
        }
        ClientMessage job = sender.createMessage(true);
        List<Path> files = Transfer.inputFiles(spec.inputs());
        Map<String, Object> index = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : spec.inputs().entrySet()) {
            index.put(e.getKey(), files.indexOf(Path.of(Transfer.filePart(e.getValue())).toAbsolutePath()));
        }
        header.put("carried", Carried.attach(job, files));
        header.put("input_files", index);
        boolean outputs = params.keySet().stream().anyMatch(Transfer::isOutputParam);
        header.put("return_outputs", outputs);
        if (outputs) {
            for (Map.Entry<String, Object> e : params.entrySet()) {
                if (Transfer.isOutputParam(e.getKey()) && e.getValue() instanceof String s) {
                    h.outputTargets.put(e.getKey(), Path.of(s));
                }
            }
        }
        Wire.writeJobs(job, List.of(header), clientId);
        producer.send(queue, job);
        return h;
    }

    /** A job id: {@code j-} + time in base 36 + random, sortable by submission time. */
    /** The last queued time this process gave a job (epoch milliseconds). */
    private static final java.util.concurrent.atomic.AtomicLong LAST_QUEUED = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The queued time for a job submitted now: the clock, but at least one millisecond after the previous job this
     * process submitted, so that the ledger's order by queued time (the Jobs view's "newest first", `jobs list`) is
     * the submission order even for jobs submitted within one millisecond (found by JobsPanelTest, which submits
     * twelve at once; the tie was broken by the order the worker's two threads reported them in).
     */
    static String queuedNow() {
        long now = System.currentTimeMillis();
        return Wire.time(LAST_QUEUED.accumulateAndGet(now, (previous, clock) -> Math.max(previous + 1, clock)));
    }

    static String newId() {
        long r = RANDOM.nextLong() & 0xffffffffffL;
        return "j-" + Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString(r, 36);
    }

    private void onEvent(ClientMessage m) {
        try {
            Wire.forEachEvent(m, (type, id, b) -> {
                RemoteHandle h = id == null ? null : handles.get(id);
                if (h != null) {
                    h.apply(type, b);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unreadable event " + m.getStringProperty(Wire.P_TYPE), e);
        }
    }

    private void onOutputs(ClientMessage m) {
        String id = m.getStringProperty(Wire.P_ID);
        RemoteHandle h = id == null ? null : handles.get(id);
        if (h == null) {
            return;
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        String error = null;
        try {
            Map<String, Object> which = Json.parseObject(m.getStringProperty("db_outputs"));
            List<?> params = (List<?>) which.get("params");
            List<?> workerPaths = which.get("worker_paths") instanceof List<?> l ? l : List.of();
            List<?> files = (List<?>) which.get("files");
            Path tmp = Files.createTempDirectory("daybreak-outputs-");
            List<Path> saved = Carried.save(m, files, tmp);
            for (int i = 0; i < saved.size() && i < params.size(); i++) {
                Path target = h.outputTargets.get(String.valueOf(params.get(i)));
                if (target != null) {
                    Path part = target.resolveSibling("." + target.getFileName() + ".part-" + id);
                    Files.move(saved.get(i), part, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    if (i < workerPaths.size()) {
                        renamed.put(String.valueOf(workerPaths.get(i)), target.toString());
                    }
                }
            }
            Files.deleteIfExists(tmp);
        } catch (Exception e) {
            error = "the job's outputs could not be written here: " + e.getMessage();
        }
        h.outputsArrived(renamed, error);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sender.close();
            events.close();
        } catch (ActiveMQException ignored) {
            // the connection is going
        }
        jobs.close();
        if (ownsConnection) {
            connection.close();
        }
    }

    /** A job on remote workers as its submitter sees it. */
    public final class RemoteHandle extends AbstractJobHandle {
        final Map<String, Path> outputTargets = new LinkedHashMap<>();
        private volatile JobRecord record;
        volatile String outputError;
        private boolean outputsIn;
        private Map<String, Object> doneWaitingForOutputs;
        private Map<String, String> outputPaths = Map.of();

        RemoteHandle(String id, JobSpec spec, String queued) {
            super(id, spec);
            JobRecord r = new JobRecord();
            r.id = id;
            r.kind = spec.kind();
            r.queued = queued;
            r.params = spec.params();
            this.record = r;
        }

        /** The job's record as known to this submitter (updated from its events). */
        public JobRecord record() {
            return record;
        }

        /**
         * The carried outputs are written: a "done" that came first (the two messages travel on different queues)
         * is finished now.
         */
        void outputsArrived(Map<String, String> paths, String error) {
            Map<String, Object> pending;
            synchronized (this) {
                outputsIn = true;
                outputPaths = paths;
                outputError = error;
                pending = doneWaitingForOutputs;
                doneWaitingForOutputs = null;
            }
            if (pending != null) {
                apply(Wire.TYPE_DONE, pending);
            }
        }

        @SuppressWarnings("unchecked")
        void apply(String type, Map<String, Object> b) {
            if (type.equals(Wire.TYPE_DONE) && b.get("outputs_carried") instanceof Number n && n.intValue() > 0) {
                synchronized (this) {
                    if (!outputsIn) {
                        doneWaitingForOutputs = b;
                        return;
                    }
                }
            }
            JobRecord r = record;
            int attempt = b.get("attempt") instanceof Number n ? n.intValue() : r.attempts;
            if (state.isFinal()) {
                return;
            }
            switch (type) {
                case Wire.TYPE_RUNNING -> {
                    r.state = "running";
                    r.worker = (String) b.get("worker");
                    r.started = (String) b.get("started");
                    r.attempts = Math.max(r.attempts, attempt);
                    synchronized (endLock) {
                        if (state.isFinal()) {
                            return;
                        }
                        state = JobState.RUNNING;
                    }
                    message = attempt > 1 ? "running on " + r.worker + " (attempt " + attempt + ")"
                            : "running on " + r.worker;
                    fire();
                }
                case Wire.TYPE_PROGRESS -> {
                    if (b.get("progress") instanceof Number n) {
                        progress = n.doubleValue();
                    }
                    if (b.get("message") instanceof String s) {
                        message = s;
                    }
                    fire();
                }
                case Wire.TYPE_DONE, Wire.TYPE_FAILED, Wire.TYPE_CANCELLED -> {
                    r.worker = (String) b.getOrDefault("worker", r.worker);
                    r.started = (String) b.getOrDefault("started", r.started);
                    r.finished = (String) b.get("finished");
                    r.attempts = Math.max(r.attempts, attempt);
                    r.error = (String) b.get("error");
                    r.result = b.get("result") instanceof Map<?, ?> res ? (Map<String, Object>) res : null;
                    if (r.result != null && !outputPaths.isEmpty()) {
                        Map<String, Object> mapped = new LinkedHashMap<>();
                        r.result.forEach((k, v) -> mapped.put(k, v instanceof String s && outputPaths.containsKey(s)
                                ? outputPaths.get(s) : v));
                        r.result = mapped;
                    }
                    if (type.equals(Wire.TYPE_DONE) && outputError != null) {
                        r.state = "failed";
                        r.error = outputError;
                        end(JobState.FAILED, outputError, null, new InputException(outputError));
                    } else if (type.equals(Wire.TYPE_DONE)) {
                        r.state = "done";
                        end(JobState.SUCCEEDED, "done", r.result, null);
                    } else if (type.equals(Wire.TYPE_FAILED)) {
                        r.state = "failed";
                        end(JobState.FAILED, r.error, null, "input".equals(b.get("error_type"))
                                ? new InputException(r.error) : new RemoteFailure(r.error));
                    } else {
                        r.state = "cancelled";
                        end(JobState.CANCELLED, "cancelled", null, null);
                    }
                }
                default -> {
                    // not an event of a job's life
                }
            }
        }

        @Override
        protected void ended() {
            handles.remove(id());
        }

        @Override
        public void cancel() {
            if (state.isFinal()) {
                return;
            }
            try {
                jobs.cancel(id());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cancel of " + id() + " not delivered", e);
            }
        }
    }

    /** A job that failed on a worker for a reason other than its input. */
    public static final class RemoteFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RemoteFailure(String message) {
            super(message);
        }
    }
}
