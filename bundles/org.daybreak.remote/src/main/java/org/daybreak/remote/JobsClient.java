package org.daybreak.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;

/**
 * Asks the broker's ledger about jobs, workers and queues, and administers them (cancel, retry, clear the
 * dead-letter queue). Every call waits at most 15 s for the answer; an error answer or no answer is an
 * {@link IOException} with one sentence. Thread-safe (calls are serialised).
 */
public final class JobsClient implements AutoCloseable {
    private static final long TIMEOUT_MS = 15_000;
    private final BrokerConnection connection;
    private final boolean ownsConnection;
    private ClientSession session;
    private ClientProducer producer;
    private ClientConsumer replies;
    private String replyQueue;

    public JobsClient(BrokerConnection connection, boolean ownsConnection) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
    }

    private void open() throws ActiveMQException {
        if (session != null) {
            return;
        }
        session = connection.listenerSession();
        replyQueue = Wire.CLIENT_PREFIX + UUID.randomUUID().toString().replace("-", "") + ".reply";
        session.createQueue(QueueConfiguration.of(replyQueue).setAddress(replyQueue)
                .setRoutingType(RoutingType.ANYCAST).setDurable(false).setTemporary(true));
        replies = session.createConsumer(replyQueue);
        producer = session.createProducer(Wire.LEDGER);
        session.start();
    }

    /** Sends one request and returns the answer (without its {@code ok}). */
    public synchronized Map<String, Object> request(Map<String, Object> req) throws IOException {
        try {
            open();
            String corr = UUID.randomUUID().toString();
            ClientMessage m = session.createMessage(false);
            m.putStringProperty(Wire.P_TYPE, Wire.TYPE_REQUEST);
            m.putStringProperty(Wire.P_REPLY_TO, replyQueue);
            m.putStringProperty(Wire.P_CORRELATION, corr);
            Wire.writeJson(m, req);
            producer.send(m);
            long end = System.currentTimeMillis() + TIMEOUT_MS;
            while (true) {
                long left = end - System.currentTimeMillis();
                ClientMessage r = left > 0 ? replies.receive(left) : null;
                if (r == null) {
                    throw new IOException("the broker at " + connection.url() + " did not answer within "
                            + TIMEOUT_MS / 1000 + " s (is it a Daybreak broker?)");
                }
                r.acknowledge();
                if (!corr.equals(r.getStringProperty(Wire.P_CORRELATION))) {
                    continue; // the late answer of an earlier request
                }
                Map<String, Object> a = Wire.readJson(r);
                if (!Boolean.TRUE.equals(a.get("ok"))) {
                    throw new IOException(String.valueOf(a.get("error")));
                }
                a.remove("ok");
                return a;
            }
        } catch (ActiveMQException e) {
            throw BrokerConnection.explain(e, connection.url(), connection.user());
        }
    }

    private static Map<String, Object> op(String op, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    /** Records, oldest first; {@code state} and {@code kind} filter when not null. */
    public List<JobRecord> list(String state, String kind, Integer limit) throws IOException {
        List<JobRecord> out = new ArrayList<>();
        for (Object o : (List<?>) request(op("list", "state", state, "kind", kind, "limit", limit)).get("jobs")) {
            out.add(JobRecord.fromJson(cast(o)));
        }
        return out;
    }

    public JobRecord show(String id) throws IOException {
        return JobRecord.fromJson(cast(request(op("show", "id", id)).get("job")));
    }

    /** Workers: name, host, pid, threads, capabilities, current jobs, started, last_heartbeat, state. */
    public List<Map<String, Object>> workers() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<?>) request(op("workers")).get("workers")) {
            out.add(cast(o));
        }
        return out;
    }

    /** Queues: name, messages, delivering, consumers. */
    public List<Map<String, Object>> queues() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<?>) request(op("queues")).get("queues")) {
            out.add(cast(o));
        }
        return out;
    }

    /** Returns the new state: {@code cancelled} (it had not started) or {@code cancelling}. */
    public String cancel(String id) throws IOException {
        return String.valueOf(request(op("cancel", "id", id)).get("state"));
    }

    public void retry(String id) throws IOException {
        request(op("retry", "id", id));
    }

    /** Empties the dead-letter queue; returns how many jobs were removed. */
    public int clearDead() throws IOException {
        return ((Number) request(op("clear_dead")).get("removed")).intValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    @Override
    public synchronized void close() {
        try {
            if (session != null) {
                session.close();
            }
        } catch (ActiveMQException ignored) {
            // the connection is going
        }
        session = null;
        if (ownsConnection) {
            connection.close();
        }
    }
}
