package org.daybreak.remote.broker;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.filter.impl.FilterImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.daybreak.core.json.Json;
import org.daybreak.remote.JobRecord;
import org.daybreak.remote.Wire;

/**
 * The broker's memory of jobs and workers. It reads every event of {@value Wire#EVENTS} from its durable queue
 * (so none is lost while it is busy or the broker restarts), keeps one {@link JobRecord} per job, appends each
 * change to {@code DIR/records.jsonl} (read back and compacted at start; finished jobs are kept for
 * {@link #RETENTION_MS}), follows the workers' heartbeats, notices jobs that reached the dead-letter queue, and
 * answers requests on {@value Wire#LEDGER}.
 *
 * <p>Requests ({@code op}): {@code list} ({@code state}, {@code kind}, {@code limit} optional), {@code show}
 * ({@code id}), {@code workers}, {@code queues}, {@code cancel} ({@code id}; roles submit/admin), {@code retry}
 * ({@code id}; a job in the dead-letter queue goes back to its queue; roles submit/admin), {@code clear_dead}
 * (admin). Answer: {@code {"ok": true, ...}} or {@code {"ok": false, "error": "one sentence"}}.
 *
 * <p>Thread rules: events and requests are handled on one thread each; the record map is guarded by this object.
 */
public final class Ledger implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Ledger.class.getName());
    /** Finished jobs' records are kept a week (the issue asks for at least a day). */
    public static final long RETENTION_MS = 7L * 24 * 3600 * 1000;
    /** A worker whose heartbeat is older than this is shown as lost. */
    public static final long WORKER_LOST_MS = 10_000;

    private final ActiveMQServer server;
    private final Path file;
    private final Accounts accounts;
    private final int maxAttempts;
    private final Map<String, JobRecord> records = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> workers = new ConcurrentHashMap<>();
    private final ServerLocator locator;
    private final ClientSessionFactory factory;
    private final ClientSession eventSession;
    private final ClientSession requestSession;
    private final ClientProducer requestProducer;
    private final ScheduledExecutorService timer;
    private BufferedWriter out;
    private int linesWritten;
    private volatile boolean closed;
    private long lastDeadCount = -1;

    private Ledger(ActiveMQServer server, Path dir, Accounts accounts, int maxAttempts, ServerLocator locator,
            ClientSessionFactory factory, ClientSession eventSession, ClientSession requestSession) throws IOException,
            ActiveMQException {
        this.server = server;
        this.file = dir.resolve("records.jsonl");
        this.accounts = accounts;
        this.maxAttempts = maxAttempts;
        this.locator = locator;
        this.factory = factory;
        this.eventSession = eventSession;
        this.requestSession = requestSession;
        this.requestProducer = requestSession.createProducer();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "daybreak-ledger-timer");
            t.setDaemon(true);
            return t;
        });
    }

    static Ledger start(ActiveMQServer server, String inVmUrl, String user, String password, Path dir,
            Accounts accounts, int maxAttempts) throws Exception {
        Files.createDirectories(dir);
        ServerLocator locator = ActiveMQClient.createServerLocator(inVmUrl);
        locator.setUseGlobalPools(false).setConsumerWindowSize(1024 * 1024).setThreadPoolMaxSize(4)
                .setConnectionTTL(-1).setClientFailureCheckPeriod(-1);
        ClientSessionFactory factory = locator.createSessionFactory();
        int acks = ActiveMQClient.DEFAULT_ACK_BATCH_SIZE;
        ClientSession events = factory.createSession(user, password, false, false, false, false, acks);
        ClientSession requests = factory.createSession(user, password, false, true, true, true, acks);
        Ledger l = new Ledger(server, dir, accounts, maxAttempts, locator, factory, events, requests);
        l.load();
        ClientConsumer ec = events.createConsumer(Wire.LEDGER_EVENTS);
        Thread reader = new Thread(() -> l.readEvents(ec), "daybreak-ledger-events");
        reader.setDaemon(true);
        ClientConsumer rc = requests.createConsumer(Wire.LEDGER);
        rc.setMessageHandler(l::onRequest);
        events.start();
        requests.start();
        reader.start();
        l.timer.scheduleWithFixedDelay(l::housekeeping, 1, 1, TimeUnit.SECONDS);
        return l;
    }

    // ---------------------------------------------------------------- persistence

    private synchronized void load() throws IOException {
        if (Files.isRegularFile(file)) {
            long cutoff = System.currentTimeMillis() - RETENTION_MS;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JobRecord r = JobRecord.fromJson(Json.parseObject(line));
                    if (r.id != null) {
                        records.remove(r.id);
                        records.put(r.id, r);
                    }
                } catch (RuntimeException e) {
                    LOG.warning("ledger: skipping a damaged line of " + file);
                }
            }
            records.values().removeIf(r -> r.isFinal() && r.finished != null && Wire.millis(r.finished) < cutoff);
            for (JobRecord r : records.values()) {
                if (r.state.equals("running")) {
                    // the broker stopped while it ran: its message is back in the queue
                    r.state = "queued";
                    r.message = "requeued after a broker restart";
                }
            }
        }
        compact();
    }

    private void compact() throws IOException {
        if (out != null) {
            out.close();
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (JobRecord r : records.values()) {
                w.write(Json.write(r.toJson(true)));
                w.write('\n');
            }
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        linesWritten = records.size();
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private void append(JobRecord r) throws IOException {
        out.write(Json.write(r.toJson(true)));
        out.write('\n');
        linesWritten++;
    }

    // ---------------------------------------------------------------- events

    /**
     * Takes events in batches: everything the consumer has buffered (up to 500) is applied, the records file is
     * flushed, then the batch is acknowledged in one commit, so a burst of events costs a few journal syncs.
     */
    private void readEvents(ClientConsumer consumer) {
        while (!closed) {
            try {
                ClientMessage m = consumer.receive(500);
                if (m == null) {
                    continue;
                }
                boolean persist = false;
                int n = 0;
                do {
                    persist |= apply(m);
                    m.acknowledge();
                    n++;
                } while (n < 500 && (m = consumer.receiveImmediate()) != null);
                if (persist) {
                    synchronized (this) {
                        out.flush();
                    }
                }
                eventSession.commit();
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                LOG.log(Level.WARNING, "ledger: cannot take events", e);
                try {
                    eventSession.rollback();
                    Thread.sleep(100);
                } catch (Exception again) {
                    return;
                }
            }
        }
    }

    /** Applies one event message (several job events for {@value Wire#TYPE_ENDS}); true when a record changed. */
    private boolean apply(ClientMessage m) throws IOException {
        String submitter = m.getStringProperty(Wire.P_SUBMITTER);
        boolean[] changed = {false};
        try {
            Wire.forEachEvent(m, (type, id, body) -> {
                try {
                    changed[0] |= apply(type, id, submitter, body);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            LOG.warning("ledger: an event of type " + m.getStringProperty(Wire.P_TYPE) + " has an unreadable body");
        }
        return changed[0];
    }

    /** Applies one event; true when a record changed in a way worth writing down. */
    @SuppressWarnings("unchecked")
    private boolean apply(String type, String id, String submitter, Map<String, Object> body) throws IOException {
        if (type.equals(Wire.TYPE_HEARTBEAT)) {
            body.put("last_heartbeat", Wire.now());
            body.put("state", "alive");
            workers.put(String.valueOf(body.get("name")), body);
            return false;
        }
        if (type.equals(Wire.TYPE_BYE)) {
            Map<String, Object> w = workers.get(String.valueOf(body.get("name")));
            if (w != null) {
                w.put("state", "stopped");
                w.put("current", List.of());
                w.put("last_heartbeat", Wire.now());
            }
            return false;
        }
        if (id == null) {
            return false;
        }
        synchronized (this) {
            JobRecord r = records.get(id);
            if (r == null) {
                if (!(body.get("job") instanceof Map<?, ?> job)) {
                    return false; // an event of a job whose record expired
                }
                r = new JobRecord();
                r.id = id;
                describe(r, (Map<String, Object>) job, submitter);
                records.put(id, r);
            }
            int attempt = body.get("attempt") instanceof Number n ? n.intValue() : r.attempts;
            switch (type) {
                case Wire.TYPE_RUNNING -> {
                    if (r.isFinal() && attempt <= r.attempts) {
                        return false; // a late report of an attempt that has ended
                    }
                    r.state = "running";
                    r.worker = (String) body.get("worker");
                    r.started = (String) body.get("started");
                    r.attempts = Math.max(r.attempts, attempt);
                    r.progress = 0;
                    r.message = "running";
                    r.error = null;
                    r.finished = null;
                    r.dead = false;
                    append(r);
                    return true;
                }
                case Wire.TYPE_PROGRESS -> {
                    if (!r.isFinal() && attempt >= r.attempts) {
                        r.progress = body.get("progress") instanceof Number n ? n.doubleValue() : r.progress;
                        r.message = (String) body.get("message");
                    }
                    return false;
                }
                case Wire.TYPE_DONE, Wire.TYPE_FAILED, Wire.TYPE_CANCELLED -> {
                    r.state = type.equals(Wire.TYPE_DONE) ? "done" : type.equals(Wire.TYPE_FAILED) ? "failed"
                            : "cancelled";
                    r.worker = (String) body.getOrDefault("worker", r.worker);
                    r.attempts = Math.max(r.attempts, attempt);
                    r.started = (String) body.getOrDefault("started", r.started);
                    r.finished = (String) body.get("finished");
                    r.result = body.get("result") instanceof Map<?, ?> res ? (Map<String, Object>) res : null;
                    r.error = (String) body.get("error");
                    r.progress = r.state.equals("done") ? 1 : r.progress;
                    r.message = r.state.equals("done") ? "done" : r.error != null ? r.error : r.state;
                    r.dead = type.equals(Wire.TYPE_FAILED);
                    append(r);
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }
    }

    /** Kind, params, inputs, queue, queued time and user of a job, from its header or an event's "job". */
    @SuppressWarnings("unchecked")
    private static void describe(JobRecord r, Map<String, Object> job, String submitter) {
        r.kind = (String) job.get("kind");
        r.params = job.get("params") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        r.inputs = job.get("inputs") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        r.queue = (String) job.get("queue");
        r.queued = (String) job.get("queued");
        if (job.get("user") instanceof String u) {
            r.user = u;
        }
        if (submitter != null) {
            r.submitter = submitter;
        }
    }

    /**
     * The jobs waiting in the work queues that no event has told of yet (submitters send no "queued" event: the
     * job message itself is the record of a queued job), oldest first. Read when asked, not kept.
     */
    private List<JobRecord> waiting() {
        List<JobRecord> out = new ArrayList<>();
        for (String name : List.of(Wire.QUEUE_CPU, Wire.QUEUE_GPU)) {
            Queue q = server.locateQueue(SimpleString.of(name));
            if (q == null || q.getMessageCount() == 0) {
                continue;
            }
            try (LinkedListIterator<MessageReference> it = q.browserIterator()) {
                while (it.hasNext()) {
                    out.addAll(fromMessage(it.next().getMessage(), name));
                }
            }
        }
        return out;
    }

    /** The queued jobs' records from their message (one, or a bundle's), none for a message that is not readable. */
    private static List<JobRecord> fromMessage(Message msg, String queue) {
        Object id = msg.getObjectProperty(Wire.P_ID);
        Object header = msg.getObjectProperty(Wire.P_JOB);
        Object jobs = msg.getObjectProperty(Wire.P_JOBS);
        List<Map<String, Object>> headers;
        try {
            if (id != null && header != null) {
                Map<String, Object> h = Json.parseObject(header.toString());
                h.put("id", id.toString());
                headers = List.of(h);
            } else if (jobs != null) {
                headers = Wire.bundleJobs(jobs.toString());
            } else {
                return List.of();
            }
        } catch (RuntimeException e) {
            return List.of();
        }
        Object sub = msg.getObjectProperty(Wire.P_SUBMITTER);
        Object user = msg.getObjectProperty(Wire.P_USER);
        if (user == null) {
            user = msg.getObjectProperty(Wire.P_VALIDATED_USER);
        }
        List<JobRecord> out = new ArrayList<>(headers.size());
        for (Map<String, Object> h : headers) {
            JobRecord r = new JobRecord();
            r.id = String.valueOf(h.get("id"));
            describe(r, h, null);
            r.submitter = sub == null ? null : sub.toString();
            r.user = user == null ? null : user.toString();
            r.queue = queue;
            r.state = "queued";
            r.message = "queued";
            out.add(r);
        }
        return out;
    }

    /** Every record, with the queued jobs from the queues, oldest first. */
    private List<JobRecord> allRecords() {
        List<JobRecord> all;
        synchronized (this) {
            all = new ArrayList<>(records.values());
        }
        java.util.Set<String> known = new HashSet<>();
        for (JobRecord r : all) {
            known.add(r.id);
        }
        for (JobRecord w : waiting()) {
            if (!known.contains(w.id)) {
                all.add(w);
            }
        }
        all.sort(Comparator.comparing((JobRecord r) -> r.queued == null ? "" : r.queued));
        return all;
    }

    // ---------------------------------------------------------------- housekeeping

    private void housekeeping() {
        if (closed) {
            return;
        }
        try {
            long now = System.currentTimeMillis();
            for (Map<String, Object> w : workers.values()) {
                Object hb = w.get("last_heartbeat");
                if ("alive".equals(w.get("state")) && hb instanceof String s && now - Wire.millis(s) > WORKER_LOST_MS) {
                    w.put("state", "lost");
                }
                if (!"alive".equals(w.get("state")) && hb instanceof String s && now - Wire.millis(s) > 3600_000) {
                    workers.remove(String.valueOf(w.get("name")));
                }
            }
            scanDeadLetters();
            synchronized (this) {
                long cutoff = now - RETENTION_MS;
                boolean expired = records.values().removeIf(r -> r.isFinal() && r.finished != null
                        && Wire.millis(r.finished) < cutoff);
                if (expired || linesWritten > 4 * records.size() + 1000) {
                    compact();
                }
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "ledger housekeeping failed", e);
        }
    }

    /**
     * Jobs the broker moved to the dead-letter queue after {@code maxAttempts} deliveries without a result (their
     * workers died or hung) end as failed, with that reason.
     */
    private void scanDeadLetters() throws IOException {
        Queue dead = server.locateQueue(SimpleString.of(Wire.QUEUE_DEAD));
        if (dead == null) {
            return;
        }
        long count = dead.getMessageCount();
        if (count == lastDeadCount && count == 0) {
            return;
        }
        lastDeadCount = count;
        Set<String> inDead = new HashSet<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        List<JobRecord> unknown = new ArrayList<>();
        try (LinkedListIterator<MessageReference> it = dead.browserIterator()) {
            while (it.hasNext()) {
                Message msg = it.next().getMessage();
                Object from = msg.getObjectProperty("_AMQ_ORIG_QUEUE");
                Object err = msg.getObjectProperty(Wire.P_ERROR);
                for (JobRecord job : fromMessage(msg, from == null ? Wire.QUEUE_CPU : from.toString())) {
                    synchronized (this) {
                        if (!records.containsKey(job.id)) {
                            unknown.add(job);
                        }
                    }
                    inDead.add(job.id);
                    if (err != null) {
                        reasons.put(job.id, err.toString());
                    }
                }
            }
        }
        synchronized (this) {
            for (JobRecord r : unknown) {
                records.putIfAbsent(r.id, r); // a job that died before it reported running
            }
            for (JobRecord r : records.values()) {
                boolean d = inDead.contains(r.id);
                if (d && !r.dead) {
                    r.dead = true;
                    if (!r.isFinal()) {
                        r.state = "failed";
                        r.finished = Wire.now();
                        r.error = reasons.getOrDefault(r.id, "gave up after " + Math.max(r.attempts, maxAttempts)
                                + " attempts: the worker" + (r.worker == null ? "s" : " " + r.worker)
                                + " running it stopped without a result");
                        r.message = r.error;
                    }
                    append(r);
                } else if (!d && r.dead) {
                    r.dead = false;
                    append(r);
                }
            }
            out.flush();
        }
    }

    // ---------------------------------------------------------------- requests

    private void onRequest(ClientMessage m) {
        String replyTo = m.getStringProperty(Wire.P_REPLY_TO);
        Map<String, Object> answer;
        try {
            Map<String, Object> req = Wire.readJson(m);
            String user = m.getStringProperty(Wire.P_VALIDATED_USER);
            answer = handle(req, user);
        } catch (RuntimeException | IOException e) {
            answer = error(e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "ledger request failed", e);
            answer = error("the ledger failed: " + e);
        }
        if (replyTo == null) {
            return;
        }
        try {
            ClientMessage r = requestSession.createMessage(false);
            r.putStringProperty(Wire.P_TYPE, Wire.TYPE_REPLY);
            r.putStringProperty(Wire.P_CORRELATION, m.getStringProperty(Wire.P_CORRELATION));
            Wire.writeJson(r, answer);
            requestProducer.send(SimpleString.of(replyTo), r);
        } catch (ActiveMQException e) {
            LOG.log(Level.FINE, "ledger: the asker left before the answer", e);
        }
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", false);
        m.put("error", message);
        return m;
    }

    private Map<String, Object> ok() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        return m;
    }

    private Map<String, Object> handle(Map<String, Object> req, String user) throws Exception {
        String op = String.valueOf(req.get("op"));
        Set<String> roles = accounts.roles(user);
        Map<String, Object> a = ok();
        switch (op) {
            case "list" -> {
                String state = (String) req.get("state");
                String kind = (String) req.get("kind");
                int limit = req.get("limit") instanceof Number n ? n.intValue() : Integer.MAX_VALUE;
                List<Object> l = new ArrayList<>();
                List<JobRecord> all = allRecords();
                int from = Math.max(0, all.size() - limit);
                synchronized (this) {
                    for (JobRecord r : all.subList(from, all.size())) {
                        if ((state == null || state.equals(r.state)) && (kind == null || kind.equals(r.kind))) {
                            l.add(r.toJson(true));
                        }
                    }
                }
                a.put("jobs", l);
            }
            case "show" -> {
                JobRecord r = find(String.valueOf(req.get("id")));
                if (r == null) {
                    return error("no job '" + req.get("id") + "' is known to this broker");
                }
                synchronized (this) {
                    a.put("job", r.toJson(true));
                }
            }
            case "workers" -> {
                List<Object> l = new ArrayList<>();
                workers.values().stream().sorted(Comparator.comparing(w -> String.valueOf(w.get("name"))))
                        .forEach(l::add);
                a.put("workers", l);
            }
            case "queues" -> {
                List<Object> l = new ArrayList<>();
                for (String q : List.of(Wire.QUEUE_CPU, Wire.QUEUE_GPU, Wire.QUEUE_DEAD)) {
                    Queue queue = server.locateQueue(SimpleString.of(q));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", q);
                    m.put("messages", queue == null ? 0 : queue.getMessageCount());
                    m.put("delivering", queue == null ? 0 : queue.getDeliveringCount());
                    m.put("consumers", queue == null ? 0 : queue.getConsumerCount());
                    l.add(m);
                }
                a.put("queues", l);
            }
            case "cancel" -> {
                require(roles, user, "cancel jobs", Wire.ROLE_SUBMIT, Wire.ROLE_ADMIN);
                return cancel(String.valueOf(req.get("id")));
            }
            case "retry" -> {
                require(roles, user, "retry jobs", Wire.ROLE_SUBMIT, Wire.ROLE_ADMIN);
                return retry(String.valueOf(req.get("id")));
            }
            case "clear_dead" -> {
                require(roles, user, "clear the dead-letter queue", Wire.ROLE_ADMIN);
                Queue dead = server.locateQueue(SimpleString.of(Wire.QUEUE_DEAD));
                int n = dead == null ? 0 : dead.deleteAllReferences();
                lastDeadCount = -1;
                scanDeadLetters();
                a.put("removed", n);
            }
            default -> {
                return error("unknown ledger request '" + op + "'");
            }
        }
        return a;
    }

    private static void require(Set<String> roles, String user, String what, String... any) {
        for (String r : any) {
            if (roles.contains(r)) {
                return;
            }
        }
        throw new IllegalArgumentException("user '" + user + "' may not " + what + " (needs role "
                + String.join(" or ", any) + ")");
    }

    /** The record of a job, or of a queued job from its queue; null when unknown. */
    private JobRecord find(String id) {
        synchronized (this) {
            JobRecord r = records.get(id);
            if (r != null) {
                return r;
            }
        }
        for (JobRecord w : waiting()) {
            if (w.id.equals(id)) {
                return w;
            }
        }
        return null;
    }

    private Map<String, Object> cancel(String id) throws Exception {
        JobRecord r = find(id);
        if (r == null) {
            return error("no job '" + id + "' is known to this broker");
        }
        if (r.isFinal()) {
            return error("job " + id + " has already ended (" + r.state + ")");
        }
        int removed = 0;
        if (r.queue != null) {
            Queue q = server.locateQueue(SimpleString.of(r.queue));
            if (q != null) {
                removed = removeQueued(q, id);
            }
        }
        Map<String, Object> a = ok();
        if (removed > 0) {
            // it had not started: this ends it, and the submitter hears of it like of any other end
            synchronized (this) {
                if (!records.containsKey(id)) {
                    records.put(id, r);
                }
            }
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("finished", Wire.now());
            ev.put("error", "cancelled before it started");
            ev.put("attempt", r.attempts);
            publish(Wire.TYPE_CANCELLED, id, r.submitter, ev);
            a.put("state", "cancelled");
        } else {
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("id", id);
            publishTo(Wire.CONTROL, Wire.TYPE_CANCEL, id, r.submitter, ev);
            a.put("state", "cancelling");
        }
        return a;
    }

    /**
     * Takes job {@code id} out of queue {@code q} before any worker has it: its message goes, and when that was a
     * bundle the bundle's other jobs are queued again first, in a new bundle. Returns how many messages went.
     */
    private int removeQueued(Queue q, String id) throws Exception {
        List<Map<String, Object>> others = new ArrayList<>();
        String submitter = null;
        String user = null;
        try (LinkedListIterator<MessageReference> it = q.browserIterator()) {
            while (it.hasNext()) {
                Message msg = it.next().getMessage();
                Object ids = msg.getObjectProperty(Wire.P_IDS);
                if (ids != null && ids.toString().contains("," + id + ",")) {
                    for (Map<String, Object> job : Wire.bundleJobs(String.valueOf(msg.getObjectProperty(Wire.P_JOBS)))) {
                        if (!id.equals(job.get("id"))) {
                            others.add(job);
                        }
                    }
                    Object sub = msg.getObjectProperty(Wire.P_SUBMITTER);
                    submitter = sub == null ? null : sub.toString();
                    Object u = msg.getObjectProperty(Wire.P_USER);
                    if (u == null) {
                        u = msg.getObjectProperty(Wire.P_VALIDATED_USER);
                    }
                    user = u == null ? null : u.toString();
                    break;
                }
            }
        }
        if (!others.isEmpty()) {
            // the bundle's other jobs first (a crash in between leaves them twice, never lost)
            synchronized (requestSession) {
                ClientMessage m = requestSession.createMessage(true);
                Wire.writeJobs(m, others, submitter);
                if (user != null) {
                    m.putStringProperty(Wire.P_USER, user);
                }
                requestProducer.send(q.getName(), m);
            }
        }
        return q.deleteMatchingReferences(FilterImpl.createFilter(Wire.jobFilter(id)));
    }

    private Map<String, Object> retry(String id) throws Exception {
        JobRecord r = find(id);
        if (r == null) {
            return error("no job '" + id + "' is known to this broker");
        }
        Queue dead = server.locateQueue(SimpleString.of(Wire.QUEUE_DEAD));
        int n = dead == null ? 0 : dead.retryMessages(FilterImpl.createFilter(Wire.jobFilter(id)));
        if (n == 0) {
            return error("job " + id + " is not in the dead-letter queue (state " + r.state + "); only failed jobs "
                    + "can be retried");
        }
        synchronized (this) {
            r.state = "queued";
            r.dead = false;
            r.error = null;
            r.result = null;
            r.finished = null;
            r.message = "queued again (retry)";
            append(r);
            out.flush();
        }
        Map<String, Object> a = ok();
        a.put("state", "queued");
        return a;
    }

    private void publish(String type, String id, String submitter, Map<String, Object> body) throws ActiveMQException {
        publishTo(Wire.EVENTS, type, id, submitter, body);
    }

    private void publishTo(String address, String type, String id, String submitter, Map<String, Object> body)
            throws ActiveMQException {
        synchronized (requestSession) {
            ClientMessage m = requestSession.createMessage(address.equals(Wire.EVENTS));
            m.putStringProperty(Wire.P_TYPE, type);
            m.putStringProperty(Wire.P_ID, id);
            if (submitter != null) {
                m.putStringProperty(Wire.P_SUBMITTER, submitter);
            }
            Wire.writeJson(m, body);
            requestProducer.send(SimpleString.of(address), m);
        }
    }

    /** The record of a job (a copy), or null. */
    public synchronized JobRecord record(String id) {
        JobRecord r = records.get(id);
        return r == null ? null : JobRecord.fromJson(r.toJson(true));
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            eventSession.close();
            requestSession.close();
        } catch (ActiveMQException ignored) {
            // the server is stopping
        }
        factory.close();
        locator.close();
        synchronized (this) {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "ledger: cannot close " + file, e);
            }
        }
    }
}
