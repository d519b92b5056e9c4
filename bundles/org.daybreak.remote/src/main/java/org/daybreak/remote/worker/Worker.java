package org.daybreak.remote.worker;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.data.NDArray;
import org.daybreak.core.job.JobCancelledException;
import org.daybreak.core.job.JobContext;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobParameter;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.json.Json;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.Carried;
import org.daybreak.remote.Transfer;
import org.daybreak.remote.Wire;

/**
 * A remote worker: {@code threads} slots, each taking one job at a time from the queues this worker can serve
 * ({@value Wire#QUEUE_CPU}, and {@value Wire#QUEUE_GPU} with {@code gpu}), running it with the same
 * {@link JobHandler} as a local run, and committing the job's end (the result, or the failure and the job's copy in
 * the dead-letter queue) in the same transaction as its consumption: a worker that dies mid-job has committed
 * nothing, the broker hands the job to another worker, and the result is committed exactly once. Outputs are
 * written under a temporary name beside their final path and renamed just before that commit.
 *
 * <p>Reports: {@code running} and {@code progress} events (at most 5 a second per job) and a heartbeat every 2 s;
 * a cancel request from the ledger stops the job at its next check. {@link #stop(Duration)} (SIGTERM) takes no new
 * job, lets running jobs finish within the grace time, and returns the rest to the broker.
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Worker.class.getName());
    public static final long HEARTBEAT_MS = 2000;

    private final BrokerConnection connection;
    private final String name;
    private final int threads;
    private final boolean gpu;
    private final JobRegistry registry;
    private final PrintStream log;
    private final String host;
    private final String started = Wire.now();
    private final Map<String, Slot> running = new ConcurrentHashMap<>();
    private final List<Thread> slots = new ArrayList<>();
    private final List<ClientSession> slotSessions = new ArrayList<>();
    private final CountDownLatch stopped;
    private final ScheduledExecutorService timer;
    private ClientSession side;
    private ClientProducer sideProducer;
    private volatile boolean accepting = true;
    private volatile boolean closed;

    public Worker(BrokerConnection connection, String name, int threads, boolean gpu, JobRegistry registry,
            PrintStream log) {
        this.connection = connection;
        this.name = name;
        this.threads = Math.max(1, threads);
        this.gpu = gpu;
        this.registry = registry;
        this.log = log;
        this.stopped = new CountDownLatch(this.threads);
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "unknown";
        }
        this.host = h;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daybreak-worker-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    public String name() {
        return name;
    }

    /** Connects the slots and starts taking jobs. */
    public void start() throws ActiveMQException {
        side = connection.listenerSession();
        sideProducer = side.createProducer();
        String control = Wire.CLIENT_PREFIX + "control." + UUID.randomUUID();
        side.createQueue(QueueConfiguration.of(control).setAddress(Wire.CONTROL).setRoutingType(RoutingType.MULTICAST)
                .setDurable(false).setTemporary(true));
        ClientConsumer cc = side.createConsumer(control);
        cc.setMessageHandler(this::onControl);
        side.start();
        for (int i = 0; i < threads; i++) {
            ClientSession s = connection.session(true);
            slotSessions.add(s);
            Thread t = new Thread(() -> serve(s), "daybreak-worker-" + name + "-" + i);
            slots.add(t);
        }
        slots.forEach(Thread::start);
        heartbeat();
        timer.scheduleAtFixedRate(this::heartbeat, HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
    }

    private void onControl(ClientMessage m) {
        if (Wire.TYPE_CANCEL.equals(m.getStringProperty(Wire.P_TYPE))) {
            Slot s = running.get(String.valueOf(m.getStringProperty(Wire.P_ID)));
            if (s != null) {
                s.cancelled = true;
                log.println("worker " + name + ": cancelling " + s.id + " on request");
            }
        }
    }

    private void heartbeat() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("host", host);
        b.put("pid", ProcessHandle.current().pid());
        b.put("threads", threads);
        b.put("capabilities", gpu ? List.of("cpu", "gpu") : List.of("cpu"));
        b.put("started", started);
        b.put("jobs_done", jobsDone.get());
        List<Object> current = new ArrayList<>();
        for (Slot s : running.values()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", s.id);
            j.put("kind", s.kind);
            j.put("progress", s.progress);
            current.add(j);
        }
        b.put("current", current);
        sendSide(Wire.TYPE_HEARTBEAT, null, null, b);
    }

    private final java.util.concurrent.atomic.AtomicLong jobsDone = new java.util.concurrent.atomic.AtomicLong();

    private void sendSide(String type, String id, String submitter, Map<String, Object> body) {
        if (closed || side == null) {
            return;
        }
        synchronized (this) {
            try {
                ClientMessage m = side.createMessage(false);
                m.putStringProperty(Wire.P_TYPE, type);
                if (id != null) {
                    m.putStringProperty(Wire.P_ID, id);
                }
                if (submitter != null) {
                    m.putStringProperty(Wire.P_SUBMITTER, submitter);
                }
                m.putStringProperty(Wire.P_WORKER, name);
                Wire.writeJson(m, body);
                sideProducer.send(Wire.EVENTS, m);
            } catch (ActiveMQException e) {
                LOG.log(Level.FINE, "worker " + name + ": report not sent", e);
            }
        }
    }

    private void serve(ClientSession s) {
        try (ClientConsumer cpu = s.createConsumer(Wire.QUEUE_CPU);
                ClientConsumer gpuQueue = gpu ? s.createConsumer(Wire.QUEUE_GPU) : null;
                ClientProducer producer = s.createProducer()) {
            s.start();
            long txStart = 0;
            int inTx = 0;
            List<End> ends = new ArrayList<>();
            while (accepting && !closed) {
                ClientMessage m = null;
                if (inTx > 0) {
                    // group commit: a job that is ready at once joins the open transaction while that is young,
                    // so a stream of short jobs costs one journal sync per group; long jobs commit alone
                    if (inTx < GROUP_MAX && System.nanoTime() - txStart < GROUP_NANOS) {
                        if (gpuQueue != null) {
                            m = gpuQueue.receiveImmediate();
                        }
                        if (m == null) {
                            m = cpu.receiveImmediate();
                        }
                    }
                    if (m == null) {
                        sendEnds(s, producer, ends);
                        s.commit();
                        jobsDone.addAndGet(inTx);
                        inTx = 0;
                        continue;
                    }
                } else {
                    if (gpuQueue != null) {
                        m = gpuQueue.receiveImmediate();
                    }
                    if (m == null) {
                        m = cpu.receive(gpuQueue != null ? 200 : 1000);
                    }
                    if (m == null) {
                        continue;
                    }
                    txStart = System.nanoTime();
                }
                if (handle(s, producer, m, ends)) {
                    inTx++;
                } else {
                    inTx = 0;
                    ends.clear();
                }
            }
            if (inTx > 0 && !closed) {
                sendEnds(s, producer, ends);
                s.commit();
                jobsDone.addAndGet(inTx);
            }
        } catch (ActiveMQException e) {
            if (!closed && accepting) {
                log.println("worker " + name + ": lost the broker (" + e.getType() + "); stopping this slot");
                LOG.log(Level.WARNING, "worker slot stopped", e);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "worker slot failed", e);
            log.println("worker " + name + ": a slot failed: " + e);
        } finally {
            stopped.countDown();
        }
    }

    /** Jobs at most in one group commit, and the longest a group stays open. */
    private static final int GROUP_MAX = 64;
    private static final long GROUP_NANOS = 5_000_000L;
    /** A job that ends sooner than this is never reported as running (its end says all). */
    private static final long RUNNING_REPORT_DELAY_MS = 50;

    /**
     * One message: a job, or a bundle of small jobs ({@value Wire#TYPE_BUNDLE}, see {@link Wire}); each job's end
     * (result, or failure and dead letter) is left in the open transaction with the message's consumption. Returns
     * false when the transaction was rolled back instead (the worker is stopping).
     */
    private boolean handle(ClientSession s, ClientProducer producer, ClientMessage m, List<End> ends)
            throws ActiveMQException {
        int attempt = Math.max(1, m.getDeliveryCount()) + Wire.priorAttempts(m);
        String submitter = m.getStringProperty(Wire.P_SUBMITTER);
        String user = Wire.user(m);
        m.acknowledge();
        if (!Wire.TYPE_BUNDLE.equals(m.getStringProperty(Wire.P_TYPE))) {
            return runJob(s, producer, new Delivery(m, m.getStringProperty(Wire.P_ID), submitter,
                    m.getStringProperty(Wire.P_JOB), attempt, user), ends);
        }
        List<Map<String, Object>> jobs;
        try {
            jobs = Wire.bundleJobs(m);
        } catch (RuntimeException e) {
            String why = "malformed job bundle: " + e.getMessage();
            log.println("worker " + name + ": a message: " + why);
            deadLetter(s, producer, new Delivery(m, null, submitter, null, attempt, user), why, Wire.now(), "input",
                    ends);
            return true;
        }
        if (attempt > 1 && jobs.size() > 1) {
            // a worker died running this bundle: each of its jobs goes on alone, so that a job that kills its
            // worker ends in the dead-letter queue by itself and the others are not held back with it
            log.println("worker " + name + ": a bundle of " + jobs.size() + " jobs returned after a failed attempt; "
                    + "queueing them one by one");
            requeue(s, producer, m, jobs, 0, 1, attempt - 1, user);
            return true;
        }
        long start = System.nanoTime();
        for (int i = 0; i < jobs.size(); i++) {
            if (i > 0 && (System.nanoTime() - start > BUNDLE_SPLIT_NANOS || !accepting)) {
                // the jobs turn out not to be small (or the worker is stopping): what is left goes back to the
                // queue in smaller bundles, for every free worker to take
                int rest = jobs.size() - i;
                requeue(s, producer, m, jobs, i, Math.max(1, (rest + 3) / 4), attempt - 1, user);
                return true;
            }
            Map<String, Object> job = jobs.get(i);
            if (!runJob(s, producer, new Delivery(m, String.valueOf(job.get("id")), submitter, Json.write(job),
                    attempt, user), ends)) {
                return false;
            }
        }
        return true;
    }

    /** One job as delivered: alone in its message, or one of a bundle's jobs. */
    record Delivery(ClientMessage message, String id, String submitter, String header, int attempt, String user) {
    }

    /**
     * Sends {@code jobs[from..]} back to the queue {@code m} came from, in bundles of {@code size} (single jobs
     * when 1), keeping their submitter, user and the attempts they have had, in the open transaction.
     */
    private void requeue(ClientSession s, ClientProducer producer, ClientMessage m, List<Map<String, Object>> jobs,
            int from, int size, int prior, String user) throws ActiveMQException {
        SimpleString queue = m.getAddressSimpleString();
        for (int i = from; i < jobs.size(); i += size) {
            List<Map<String, Object>> part = jobs.subList(i, Math.min(jobs.size(), i + size));
            ClientMessage copy = s.createMessage(true);
            Wire.writeJobs(copy, part, m.getStringProperty(Wire.P_SUBMITTER));
            copy.putIntProperty(Wire.P_PRIOR_ATTEMPTS, prior);
            if (user != null) {
                copy.putStringProperty(Wire.P_USER, user);
            }
            producer.send(queue, copy);
        }
    }

    /** A bundle that has run this long sends its remaining jobs back to the queue for other workers. */
    private static final long BUNDLE_SPLIT_NANOS = 50_000_000L;

    /**
     * One job: run it and leave its end (result, or failure and dead letter) in the open transaction; returns false
     * when the transaction was rolled back instead (the worker is stopping).
     */
    @SuppressWarnings("unchecked")
    private boolean runJob(ClientSession s, ClientProducer producer, Delivery d, List<End> ends)
            throws ActiveMQException {
        ClientMessage m = d.message();
        String id = d.id();
        String submitter = d.submitter();
        String header = d.header();
        int attempt = d.attempt();
        Map<String, Object> job;
        JobSpec spec;
        try {
            if (id == null || header == null) {
                throw new IllegalArgumentException("not a Daybreak job (no id or header)");
            }
            job = Json.parseObject(header);
            spec = JobSpec.fromJson(header);
        } catch (RuntimeException e) {
            String why = "malformed job message: " + e.getMessage();
            log.println("worker " + name + ": " + (id == null ? "a message" : id) + ": " + why);
            deadLetter(s, producer, d, why, Wire.now(), "input", ends);
            return true;
        }
        Slot slot = new Slot(id, spec.kind(), submitter, attempt);
        running.put(id, slot);
        String startedAt = Wire.now();
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("worker", name);
        ev.put("attempt", attempt);
        ev.put("started", startedAt);
        // what the ledger records of the job (it learns of a job from its first event, or from its queue)
        ev.put("job", jobSummary(job, d.user()));
        timer.schedule(() -> {
            if (running.get(id) == slot) {
                sendSide(Wire.TYPE_RUNNING, id, submitter, ev);
            }
        }, RUNNING_REPORT_DELAY_MS, TimeUnit.MILLISECONDS);
        if (attempt > 1) {
            log.println("worker " + name + ": " + id + " (" + spec.kind() + "), attempt " + attempt);
        }
        Path work = null;
        Map<String, String> finals = new LinkedHashMap<>();
        try {
            JobHandler handler = registry.find(spec.kind());
            if (handler == null) {
                throw new IllegalArgumentException("worker " + name + " knows no job kind '" + spec.kind()
                        + "' (known: " + String.join(", ", registry.kinds()) + ")");
            }
            spec = JobParameter.normalise(spec, handler.parameters(),
                    w -> log.println("worker " + name + ": " + id + ": warning: " + w));
            Map<String, Object> params = new LinkedHashMap<>(spec.params());
            Map<String, String> inputs = new LinkedHashMap<>(spec.inputs());
            List<?> carried = job.get("carried") instanceof List<?> l ? l : List.of();
            boolean returnOutputs = Boolean.TRUE.equals(job.get("return_outputs"));
            if (!carried.isEmpty() || returnOutputs) {
                work = Files.createTempDirectory("daybreak-job-");
            }
            if (!carried.isEmpty()) {
                List<Path> files = Carried.save(m, carried, work);
                Map<String, Object> fileIndex = (Map<String, Object>) job.getOrDefault("input_files", Map.of());
                for (Map.Entry<String, String> e : inputs.entrySet()) {
                    Object idx = fileIndex.get(e.getKey());
                    if (idx instanceof Number n) {
                        e.setValue(files.get(n.intValue()) + Transfer.fragment(e.getValue()));
                    }
                }
            } else {
                checkReadable(inputs);
            }
            Map<String, String> outputParamOf = new LinkedHashMap<>(); // final path -> output param
            for (Map.Entry<String, Object> e : params.entrySet()) {
                if (Transfer.isOutputParam(e.getKey()) && e.getValue() instanceof String out && !out.isEmpty()) {
                    Path target = returnOutputs ? work.resolve("out-" + e.getKey() + "-" + Path.of(out).getFileName())
                            : Path.of(out);
                    Path temp = partName(target, id, attempt);
                    removeStaleParts(target, id);
                    finals.put(temp.toString(), target.toString());
                    outputParamOf.put(target.toString(), e.getKey());
                    e.setValue(temp.toString());
                }
            }
            JobSpec local = new JobSpec(spec.kind(), params, inputs);
            Map<String, Object> result = handler.run(local, slot);
            if (slot.cancelled) {
                throw new JobCancelledException();
            }
            result = replaceStrings(result == null ? Map.of() : result, finals);
            List<Path> produced = new ArrayList<>();
            for (Map.Entry<String, String> f : finals.entrySet()) {
                Path temp = Path.of(f.getKey());
                if (Files.exists(temp)) {
                    Files.move(temp, Path.of(f.getValue()), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                    produced.add(Path.of(f.getValue()));
                }
            }
            Map<String, Object> done = new LinkedHashMap<>(ev);
            done.put("finished", Wire.now());
            done.put("result", result);
            if (returnOutputs) {
                // the submitter finishes the job only once it has written these files (same transaction as "done")
                done.put("outputs_carried", produced.size());
            }
            if (returnOutputs && !produced.isEmpty()) {
                ClientMessage files = s.createMessage(true);
                files.putStringProperty(Wire.P_TYPE, "outputs");
                files.putStringProperty(Wire.P_ID, id);
                Map<String, Object> which = new LinkedHashMap<>();
                List<Object> outParams = new ArrayList<>();
                List<Object> workerPaths = new ArrayList<>();
                for (Path f : produced) {
                    outParams.add(outputParamOf.get(f.toString()));
                    workerPaths.add(f.toString());
                }
                which.put("params", outParams);
                which.put("worker_paths", workerPaths);
                which.put("files", Carried.attach(files, produced));
                files.putStringProperty("db_outputs", Json.write(which));
                producer.send(SimpleString.of(Wire.CLIENT_PREFIX + submitter + ".files"), files);
            }
            ends.add(new End(Wire.TYPE_DONE, id, submitter, done));
            return true;
        } catch (JobCancelledException e) {
            Map<String, Object> c = new LinkedHashMap<>(ev);
            c.put("finished", Wire.now());
            c.put("error", "cancelled");
            ends.add(new End(Wire.TYPE_CANCELLED, id, submitter, c));
            return true;
        } catch (ActiveMQException e) {
            throw e;
        } catch (Throwable e) {
            if (!accepting && slot.cancelled) {
                s.rollback(); // stopping: the job goes back to the queue
                return false;
            }
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (e instanceof UncheckedIOException u && u.getCause() != null) {
                why = u.getCause().getMessage();
            }
            String type = e instanceof IllegalArgumentException || e instanceof InputException
                    || e instanceof IOException || e instanceof UncheckedIOException ? "input" : "failed";
            if (type.equals("failed")) {
                LOG.log(Level.WARNING, "job " + id + " failed", e);
            }
            log.println("worker " + name + ": " + id + " (" + spec.kind() + ") failed: " + why);
            deadLetter(s, producer, d, why, startedAt, type, ends);
            return true;
        } finally {
            running.remove(id);
            for (String temp : finals.keySet()) {
                try {
                    Files.deleteIfExists(Path.of(temp));
                } catch (IOException ignored) {
                    // a leftover part file is removed by the next attempt
                }
            }
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    /** A job's end (done, failed or cancelled), sent with the transaction that commits it. */
    record End(String type, String id, String submitter, Map<String, Object> body) {
    }

    /**
     * Sends the ends of the jobs in the open transaction: one message per submitter, a plain end event for a
     * single job, else one {@value Wire#TYPE_ENDS} event listing them, so a group commit of short jobs costs the
     * broker one event instead of one per job.
     */
    private void sendEnds(ClientSession s, ClientProducer producer, List<End> ends) throws ActiveMQException {
        if (ends.isEmpty()) {
            return;
        }
        Map<String, List<End>> bySubmitter = new LinkedHashMap<>();
        for (End e : ends) {
            bySubmitter.computeIfAbsent(e.submitter() == null ? "" : e.submitter(), k -> new ArrayList<>()).add(e);
        }
        ends.clear();
        for (Map.Entry<String, List<End>> g : bySubmitter.entrySet()) {
            List<End> list = g.getValue();
            ClientMessage m = s.createMessage(true);
            if (!g.getKey().isEmpty()) {
                m.putStringProperty(Wire.P_SUBMITTER, g.getKey());
            }
            m.putStringProperty(Wire.P_WORKER, name);
            if (list.size() == 1) {
                End e = list.get(0);
                m.putStringProperty(Wire.P_TYPE, e.type());
                m.putStringProperty(Wire.P_ID, e.id());
                Wire.writeJson(m, e.body());
            } else {
                List<Object> items = new ArrayList<>(list.size());
                for (End e : list) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("type", e.type());
                    item.put("id", e.id());
                    item.putAll(e.body());
                    items.add(item);
                }
                m.putStringProperty(Wire.P_TYPE, Wire.TYPE_ENDS);
                Wire.writeJson(m, Map.of("ends", items));
            }
            producer.send(Wire.EVENTS, m);
        }
    }

    /** The job's description for its record: kind, params, inputs, queue, queued time, submitting user. */
    static Map<String, Object> jobSummary(Map<String, Object> header, String user) {
        Map<String, Object> j = new LinkedHashMap<>();
        for (String k : List.of("kind", "params", "inputs", "queue", "queued")) {
            j.put(k, header.get(k));
        }
        j.put("user", user);
        return j;
    }

    /**
     * Ends a job as failed: the failed event and the job's copy (with its reason) in the dead-letter queue, in the
     * open transaction.
     */
    private void deadLetter(ClientSession s, ClientProducer producer, Delivery d, String why, String startedAt,
            String type, List<End> ends) throws ActiveMQException {
        ClientMessage m = d.message();
        String id = d.id();
        ClientMessage copy = s.createMessage(true);
        if (id != null && d.header() != null) {
            copy.putStringProperty(Wire.P_TYPE, Wire.TYPE_JOB);
            copy.putStringProperty(Wire.P_ID, id);
            copy.putStringProperty(Wire.P_JOB, d.header());
        } else {
            // an unreadable message goes to the dead-letter queue as it came
            for (SimpleString p : m.getPropertyNames()) {
                if (!p.toString().startsWith("_AMQ")) {
                    copy.putObjectProperty(p, m.getObjectProperty(p));
                }
            }
        }
        if (d.submitter() != null) {
            copy.putStringProperty(Wire.P_SUBMITTER, d.submitter());
        }
        if (d.user() != null) {
            copy.putStringProperty(Wire.P_USER, d.user());
        }
        copy.putStringProperty(Wire.P_ERROR, why);
        copy.putStringProperty(Wire.P_WORKER, name);
        SimpleString from = m.getAddressSimpleString();
        if (from != null) {
            // where "jobs retry" sends it back
            copy.putStringProperty("_AMQ_ORIG_ADDRESS", from.toString());
            copy.putStringProperty("_AMQ_ORIG_QUEUE", from.toString());
        }
        producer.send(Wire.QUEUE_DEAD, copy);
        if (id != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            if (d.header() != null) {
                try {
                    f.put("job", jobSummary(Json.parseObject(d.header()), d.user()));
                } catch (RuntimeException unreadable) {
                    // a malformed job: its record has no description
                }
            }
            f.put("worker", name);
            f.put("attempt", d.attempt());
            f.put("started", startedAt);
            f.put("finished", Wire.now());
            f.put("error", why);
            f.put("error_type", type);
            ends.add(new End(Wire.TYPE_FAILED, id, d.submitter(), f));
        }
    }

    private void checkReadable(Map<String, String> inputs) throws IOException {
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            String f = Transfer.filePart(e.getValue());
            if (f.isEmpty() || f.contains("://")) {
                continue;
            }
            Path p = Path.of(f);
            if (!Files.exists(p)) {
                throw new IOException("worker " + name + " on " + host + " cannot read input '" + e.getKey() + "' ("
                        + f + "): no such file on this machine (send the job with transfer=carry)");
            }
            if (!Files.isReadable(p)) {
                throw new IOException("worker " + name + " on " + host + " cannot read input '" + e.getKey() + "' ("
                        + f + "): permission denied");
            }
        }
    }

    /**
     * The temporary name of an output beside its final one, keeping the extension (handlers choose the format by
     * it): {@code dir/out.h5} becomes {@code dir/.out.part-ID-ATTEMPT.h5}.
     */
    static Path partName(Path target, String id, int attempt) {
        Path dir = target.toAbsolutePath().getParent();
        String[] be = baseAndExtension(target);
        return dir.resolve("." + be[0] + ".part-" + id + "-" + attempt + be[1]);
    }

    private static String[] baseAndExtension(Path target) {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? new String[] {name.substring(0, dot), name.substring(dot)} : new String[] {name, ""};
    }

    /** Removes part files that earlier attempts of this job left when their workers died. */
    private static void removeStaleParts(Path target, String id) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        String[] be = baseAndExtension(target);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "." + be[0] + ".part-" + id + "-*" + be[1])) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> replaceStrings(Map<String, Object> m, Map<String, String> finals) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, replaceValue(v, finals)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object replaceValue(Object v, Map<String, String> finals) {
        if (v instanceof String s) {
            return finals.getOrDefault(s, s);
        }
        if (v instanceof Map<?, ?> mm) {
            return replaceStrings((Map<String, Object>) mm, finals);
        }
        if (v instanceof List<?> l) {
            List<Object> r = new ArrayList<>();
            for (Object o : l) {
                r.add(replaceValue(o, finals));
            }
            return r;
        }
        if (v instanceof NDArray a) {
            List<Object> shape = new ArrayList<>();
            for (int d : a.shape()) {
                shape.add(d);
            }
            return Map.of("dtype", a.dtype().toString(), "shape", shape);
        }
        return v;
    }

    private static void deleteTree(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // temporary files of a finished job
        }
    }

    /**
     * Stops taking jobs, waits up to {@code grace} for running ones, then returns the rest to the broker (their
     * transactions roll back) and disconnects. Returns true when every running job finished.
     */
    public boolean stop(Duration grace) {
        accepting = false;
        boolean all;
        try {
            all = stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all = false;
        }
        if (!all) {
            for (Slot s : running.values()) {
                s.cancelled = true;
                log.println("worker " + name + ": returning " + s.id + " to the broker");
            }
        }
        close();
        return all;
    }

    public int runningJobs() {
        return running.size();
    }

    /** Waits until every slot has stopped (broker lost, or {@link #stop}). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        accepting = false;
        sendSide(Wire.TYPE_BYE, null, null, Map.of("name", name));
        closed = true;
        timer.shutdownNow();
        for (ClientSession s : slotSessions) {
            try {
                s.close(); // uncommitted work rolls back: the jobs go back to their queue
            } catch (ActiveMQException ignored) {
                // the connection is going
            }
        }
        try {
            if (side != null) {
                side.close();
            }
        } catch (ActiveMQException ignored) {
            // the connection is going
        }
        connection.close();
    }

    /** One running job as its handler sees it. */
    private final class Slot implements JobContext {
        final String id;
        final String kind;
        final String submitter;
        final int attempt;
        volatile boolean cancelled;
        volatile double progress;
        private long lastReport;

        Slot(String id, String kind, String submitter, int attempt) {
            this.id = id;
            this.kind = kind;
            this.submitter = submitter;
            this.attempt = attempt;
        }

        @Override
        public void progress(double fraction, String message) {
            progress = Math.max(0, Math.min(1, fraction));
            long now = System.nanoTime();
            if (now - lastReport < 200_000_000L) {
                return;
            }
            lastReport = now;
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("progress", progress);
            b.put("message", message);
            b.put("attempt", attempt);
            sendSide(Wire.TYPE_PROGRESS, id, submitter, b);
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public int parallelism() {
            return Math.max(1, Runtime.getRuntime().availableProcessors() / threads);
        }
    }
}
