package org.daybreak.remote;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.daybreak.core.json.Json;

/**
 * What travels through the broker, in one place. Everything is JSON text or raw bytes: no Java object
 * serialization (no ObjectMessage) anywhere.
 *
 * <h2>Addresses</h2>
 * <ul>
 * <li>{@value #QUEUE_CPU}, {@value #QUEUE_GPU}: durable anycast work queues, one per capability; a job message
 * holds the job ({@link #TYPE_JOB}).</li>
 * <li>{@value #QUEUE_DEAD}: the dead-letter queue: jobs that failed (with their reason in {@value #P_ERROR}) or
 * whose workers died {@code max_attempts} times.</li>
 * <li>{@value #EVENTS}: multicast: every job's state changes ({@code running}, {@code progress},
 * {@code done}, {@code failed}, {@code cancelled}) and the workers' heartbeats. The broker's ledger reads all of it
 * from its durable queue {@value #LEDGER_EVENTS}; a submitter reads the events of its own jobs from a temporary
 * queue filtered on {@value #P_SUBMITTER}.</li>
 * <li>{@value #CONTROL}: multicast, from the ledger to the workers (cancel requests).</li>
 * <li>{@value #LEDGER}: anycast requests to the ledger (list, show, workers, queues, cancel, retry, clear); the
 * answer goes to the temporary queue named in {@value #P_REPLY_TO}.</li>
 * </ul>
 *
 * <h2>Bodies</h2>
 * An event's or request's body is UTF-8 JSON. A job's body is {@code [int32 n][n bytes of UTF-8 JSON header]}
 * followed by the bytes of the files carried with it, in the order the header lists them
 * ({@code "carried": [{"name", "size"}, ...]}); big bodies travel as Artemis large messages (streamed).
 */
public final class Wire {
    public static final String QUEUE_CPU = "daybreak.jobs.cpu";
    public static final String QUEUE_GPU = "daybreak.jobs.gpu";
    public static final String QUEUE_DEAD = "daybreak.jobs.dead";
    public static final String EVENTS = "daybreak.events";
    public static final String LEDGER_EVENTS = "daybreak.events.ledger";
    public static final String CONTROL = "daybreak.control";
    public static final String LEDGER = "daybreak.ledger";
    /** Prefix of the temporary addresses clients receive answers and events on. */
    public static final String CLIENT_PREFIX = "daybreak.client.";

    /** Message properties (all strings unless said). */
    public static final String P_TYPE = "db_type";
    public static final String P_ID = "db_id";
    public static final String P_KIND = "db_kind";
    public static final String P_SUBMITTER = "db_submitter";
    public static final String P_WORKER = "db_worker";
    public static final String P_ERROR = "db_error";
    public static final String P_REPLY_TO = "db_reply_to";
    public static final String P_CORRELATION = "db_correlation";
    /** A job's header (JSON: kind, params, inputs, id, queued, queue, ...). */
    public static final String P_JOB = "db_job";
    /** A bundle's job headers (a JSON array of them). */
    public static final String P_JOBS = "db_jobs";
    /** A bundle's job ids, {@code ",id1,id2,...,"} (so that a filter can find one: {@code db_ids LIKE '%,ID,%'}). */
    public static final String P_IDS = "db_ids";
    /** Attempts the jobs of a message had before it was sent (a bundle split by a worker), an int. */
    public static final String P_PRIOR_ATTEMPTS = "db_prior_attempts";
    /** The submitting account of jobs a worker sent back to the queue (the broker stamps the worker's own). */
    public static final String P_USER = "db_user";
    /** Set by the broker on every message: the account that sent it (populate-validated-user). */
    public static final String P_VALIDATED_USER = "_AMQ_VALIDATED_USER";

    public static final String TYPE_JOB = "job";
    /**
     * Several small jobs in one message ({@value #P_JOBS}, {@value #P_IDS}): what a submitter sends for a batch,
     * so that the broker handles one message for many jobs. A worker runs them one after another in one
     * transaction; when they turn out to take long it sends the rest back in smaller bundles.
     */
    public static final String TYPE_BUNDLE = "bundle";
    public static final String TYPE_RUNNING = "running";
    public static final String TYPE_PROGRESS = "progress";
    public static final String TYPE_DONE = "done";
    public static final String TYPE_FAILED = "failed";
    public static final String TYPE_CANCELLED = "cancelled";
    /**
     * The ends of several jobs committed together (a worker's group commit): body {@code {"ends": [{"type", "id",
     * ...the end event's body}, ...]}}; {@link #forEachEvent} unpacks it.
     */
    public static final String TYPE_ENDS = "ends";
    public static final String TYPE_HEARTBEAT = "heartbeat";
    public static final String TYPE_BYE = "bye";
    public static final String TYPE_CANCEL = "cancel";
    public static final String TYPE_REQUEST = "request";
    public static final String TYPE_REPLY = "reply";

    /** Roles an account may hold. */
    public static final String ROLE_SUBMIT = "submit";
    public static final String ROLE_WORK = "work";
    public static final String ROLE_ADMIN = "admin";

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Wire() {
    }

    /** ISO-8601 UTC with milliseconds, e.g. {@code 2026-12-06T15:40:01.123Z}. */
    public static String time(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis));
    }

    public static String now() {
        return time(System.currentTimeMillis());
    }

    /** Epoch milliseconds of a {@link #time} string, or -1 for null. */
    public static long millis(String iso) {
        return iso == null ? -1 : Instant.parse(iso).toEpochMilli();
    }

    /** Attempts a message's jobs had before this message was sent (0 unless a worker sent them back). */
    public static int priorAttempts(ClientMessage m) {
        return m.getObjectProperty(P_PRIOR_ATTEMPTS) instanceof Number n ? Math.max(0, n.intValue()) : 0;
    }

    /** The account that submitted a message's jobs: {@value #P_USER} when a worker sent them back, else the sender. */
    public static String user(ClientMessage m) {
        String u = m.getStringProperty(P_USER);
        return u != null ? u : m.getStringProperty(P_VALIDATED_USER);
    }

    /** The job headers of a bundle; an {@link IllegalArgumentException} when they are not readable. */
    @SuppressWarnings("unchecked")
    public static java.util.List<Map<String, Object>> bundleJobs(ClientMessage m) {
        return bundleJobs(m.getStringProperty(P_JOBS));
    }

    /** The job headers of a bundle's {@value #P_JOBS}; an {@link IllegalArgumentException} when not readable. */
    @SuppressWarnings("unchecked")
    public static java.util.List<Map<String, Object>> bundleJobs(String jobs) {
        if (jobs == null) {
            throw new IllegalArgumentException("a bundle without its jobs");
        }
        if (!(Json.parse(jobs) instanceof java.util.List<?> list)) {
            throw new IllegalArgumentException("a bundle's jobs are not a JSON array");
        }
        java.util.List<Map<String, Object>> out = new java.util.ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> job) || !(job.get("id") instanceof String)) {
                throw new IllegalArgumentException("a bundle holds a job without an id");
            }
            out.add((Map<String, Object>) job);
        }
        return out;
    }

    /**
     * Makes {@code m} carry {@code jobs} (headers with their ids): a plain job message for one, a
     * {@value #TYPE_BUNDLE} for more.
     */
    public static void writeJobs(ClientMessage m, java.util.List<Map<String, Object>> jobs, String submitter) {
        if (submitter != null) {
            m.putStringProperty(P_SUBMITTER, submitter);
        }
        if (jobs.size() == 1) {
            Map<String, Object> job = jobs.get(0);
            m.putStringProperty(P_TYPE, TYPE_JOB);
            m.putStringProperty(P_ID, String.valueOf(job.get("id")));
            if (job.get("kind") instanceof String k) {
                m.putStringProperty(P_KIND, k);
            }
            m.putStringProperty(P_JOB, Json.write(job));
            return;
        }
        StringBuilder ids = new StringBuilder(",");
        for (Map<String, Object> job : jobs) {
            ids.append(job.get("id")).append(',');
        }
        m.putStringProperty(P_TYPE, TYPE_BUNDLE);
        m.putStringProperty(P_IDS, ids.toString());
        m.putStringProperty(P_JOBS, Json.write(jobs));
    }

    /** A filter that matches the message holding job {@code id}, alone or in a bundle. */
    public static String jobFilter(String id) {
        String q = id.replace("'", "''");
        if (q.contains("%") || q.contains("_")) {
            return P_ID + " = '" + q + "'"; // not an id this client makes: it cannot be in a bundle
        }
        return P_ID + " = '" + q + "' OR " + P_IDS + " LIKE '%," + q + ",%'";
    }

    /** One job event: its type, job id, and body. */
    public interface EventSink {
        void accept(String type, String id, Map<String, Object> body);
    }

    /**
     * Reads an event message and hands each job event in it to {@code sink}: the message's own for a plain event,
     * each listed one for {@value #TYPE_ENDS}. An {@link IllegalArgumentException} when the body is unreadable.
     */
    @SuppressWarnings("unchecked")
    public static void forEachEvent(ClientMessage m, EventSink sink) {
        String type = m.getStringProperty(P_TYPE);
        if (type == null) {
            return;
        }
        Map<String, Object> body = readJson(m);
        if (!TYPE_ENDS.equals(type)) {
            sink.accept(type, m.getStringProperty(P_ID), body);
            return;
        }
        if (!(body.get("ends") instanceof java.util.List<?> list)) {
            throw new IllegalArgumentException("an 'ends' event without its list");
        }
        for (Object o : list) {
            if (o instanceof Map<?, ?> item && item.get("type") instanceof String t && item.get("id") instanceof String i) {
                sink.accept(t, i, (Map<String, Object>) item);
            }
        }
    }

    /** Writes a JSON body. */
    public static void writeJson(ClientMessage m, Map<String, Object> body) {
        byte[] b = Json.write(body).getBytes(StandardCharsets.UTF_8);
        m.getBodyBuffer().writeInt(b.length);
        m.getBodyBuffer().writeBytes(b);
    }

    /** Reads a JSON body written by {@link #writeJson}; an {@link IllegalArgumentException} when it is not one. */
    public static Map<String, Object> readJson(ClientMessage m) {
        ActiveMQBuffer buf = m.getBodyBuffer();
        if (buf.readableBytes() < 4) {
            throw new IllegalArgumentException("message has no Daybreak body");
        }
        int n = buf.readInt();
        if (n < 0 || n > buf.readableBytes()) {
            throw new IllegalArgumentException("message body is not a Daybreak JSON body (length " + n + ")");
        }
        byte[] b = new byte[n];
        buf.readBytes(b);
        return Json.parseObject(new String(b, StandardCharsets.UTF_8));
    }
}
