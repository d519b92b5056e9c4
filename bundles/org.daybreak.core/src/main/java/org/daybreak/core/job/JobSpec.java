package org.daybreak.core.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.daybreak.core.json.Json;

/**
 * A plain-data description of heavy work: what to do ({@code kind}, e.g. {@code "tomo.recon"}), with which
 * settings ({@code params}: JSON values only) and on which inputs ({@code inputs}: name to a reference such as
 * {@code /data/scan.nxs#/entry/data/data} or {@code /tmp/sino.npy}). It holds no Java objects, so it crosses
 * process and machine boundaries as JSON ({@link #toJson()}/{@link #fromJson(String)}); Java object
 * serialization is never used.
 */
public record JobSpec(String kind, Map<String, Object> params, Map<String, String> inputs) {

    public JobSpec {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("a job needs a kind");
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs == null ? Map.of() : inputs));
        for (Map.Entry<String, Object> e : params.entrySet()) {
            requireJsonValue(e.getKey(), e.getValue());
        }
    }

    public static JobSpec of(String kind, Map<String, Object> params) {
        return new JobSpec(kind, params, Map.of());
    }

    private static void requireJsonValue(String name, Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return;
        }
        if (v instanceof List<?> l) {
            for (Object o : l) {
                requireJsonValue(name, o);
            }
            return;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("job parameter '" + name + "' has a non-text key");
                }
                requireJsonValue(name, e.getValue());
            }
            return;
        }
        throw new IllegalArgumentException("job parameter '" + name + "' is a " + v.getClass().getSimpleName()
                + "; only JSON values (text, numbers, booleans, lists, maps) may describe a job");
    }

    public String string(String name, String fallback) {
        Object v = params.get(name);
        return v == null ? fallback : v.toString();
    }

    public double number(String name, double fallback) {
        Object v = params.get(name);
        return v instanceof Number n ? n.doubleValue() : v == null ? fallback : Double.parseDouble(v.toString());
    }

    public int integer(String name, int fallback) {
        Object v = params.get(name);
        return v instanceof Number n ? n.intValue() : v == null ? fallback : Integer.parseInt(v.toString());
    }

    public boolean flag(String name, boolean fallback) {
        Object v = params.get(name);
        return v instanceof Boolean b ? b : v == null ? fallback : Boolean.parseBoolean(v.toString());
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("params", params);
        m.put("inputs", inputs);
        return Json.write(m);
    }

    @SuppressWarnings("unchecked")
    public static JobSpec fromJson(String json) {
        Map<String, Object> m = Json.parseObject(json);
        Object kind = m.get("kind");
        if (!(kind instanceof String)) {
            throw new IllegalArgumentException("job description has no 'kind'");
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        Object in = m.get("inputs");
        if (in instanceof Map<?, ?> im) {
            im.forEach((k, v) -> inputs.put(String.valueOf(k), String.valueOf(v)));
        }
        Object params = m.get("params");
        return new JobSpec((String) kind, params instanceof Map ? (Map<String, Object>) params : Map.of(), inputs);
    }
}
