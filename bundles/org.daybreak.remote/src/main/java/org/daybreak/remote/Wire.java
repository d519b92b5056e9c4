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
    /** Set by the broker on every message: the account that sent it (populate-validated-user). */
    public static final String P_VALIDATED_USER = "_AMQ_VALIDATED_USER";

    public static final String TYPE_JOB = "job";
    public static final String TYPE_RUNNING = "running";
    public static final String TYPE_PROGRESS = "progress";
    public static final String TYPE_DONE = "done";
    public static final String TYPE_FAILED = "failed";
    public static final String TYPE_CANCELLED = "cancelled";
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
