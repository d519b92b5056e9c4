package org.daybreak.remote;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker's record of one job, as {@code jobs list/show --json} and the Jobs view show it. Times are ISO-8601
 * UTC with milliseconds (null until reached); {@code state} is one of {@code queued}, {@code running},
 * {@code done}, {@code failed}, {@code cancelled}; {@code attempts} counts the deliveries to workers (a worker killed
 * mid-job makes it 2).
 */
public final class JobRecord {
    public String id;
    public String kind;
    public String state = "queued";
    public String queue;
    public String submitter;
    public String user;
    public String worker;
    public int attempts;
    public Map<String, Object> result;
    public String error;
    public String queued;
    public String started;
    public String finished;
    public double progress;
    public String message;
    public Map<String, Object> params = Map.of();
    public Map<String, Object> inputs = Map.of();
    /** True while the job's message lies in the dead-letter queue. */
    public boolean dead;

    public boolean isFinal() {
        return state.equals("done") || state.equals("failed") || state.equals("cancelled");
    }

    /**
     * The record as printed by {@code jobs submit --wait --json}: {@code id, kind, state, worker, attempts,
     * result | error, queued, started, finished}; with {@code full} also {@code params}, {@code inputs},
     * {@code queue}, {@code user}, {@code progress}, {@code message} and {@code dead} (as {@code jobs list --json}).
     */
    public Map<String, Object> toJson(boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("kind", kind);
        m.put("state", state);
        m.put("worker", worker);
        m.put("attempts", attempts);
        if (error != null) {
            m.put("error", error);
        } else {
            m.put("result", result);
        }
        m.put("queued", queued);
        m.put("started", started);
        m.put("finished", finished);
        if (full) {
            m.put("params", params);
            m.put("inputs", inputs);
            m.put("queue", queue);
            m.put("user", user);
            m.put("submitter", submitter);
            m.put("progress", progress);
            m.put("message", message);
            m.put("dead", dead);
        }
        return m;
    }

    /**
     * A record from its JSON object (a ledger line, a broker's answer).
     *
     * @throws IllegalArgumentException naming the field when a field has the wrong JSON type
     */
    @SuppressWarnings("unchecked")
    public static JobRecord fromJson(Map<String, Object> m) {
        JobRecord r = new JobRecord();
        r.id = text(m, "id");
        r.kind = text(m, "kind");
        r.state = m.get("state") == null ? "queued" : text(m, "state");
        r.worker = text(m, "worker");
        r.attempts = m.get("attempts") instanceof Number n ? n.intValue() : 0;
        r.result = m.get("result") instanceof Map<?, ?> res ? (Map<String, Object>) res : null;
        r.error = text(m, "error");
        r.queued = text(m, "queued");
        r.started = text(m, "started");
        r.finished = text(m, "finished");
        r.params = m.get("params") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        r.inputs = m.get("inputs") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        r.queue = text(m, "queue");
        r.user = text(m, "user");
        r.submitter = text(m, "submitter");
        r.progress = m.get("progress") instanceof Number n ? n.doubleValue() : 0;
        r.message = text(m, "message");
        r.dead = Boolean.TRUE.equals(m.get("dead"));
        return r;
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException("job record field '" + key + "' is not text: " + v);
    }
}
