package org.daybreak.remote.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;

import org.daybreak.core.cli.Args;
import org.daybreak.core.cli.Command;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.job.JobHandle;
import org.daybreak.core.job.JobHandler;
import org.daybreak.core.job.JobParameter;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.core.job.JobSpec;
import org.daybreak.core.json.Json;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.JobRecord;
import org.daybreak.remote.JobsClient;
import org.daybreak.remote.RemoteJobExecutor;
import org.daybreak.remote.Timeline;
import org.daybreak.remote.Wire;

/** {@code daybreak jobs}: submit jobs to remote workers and look at what the broker knows. */
public final class JobsCommand implements Command {
    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public String summary() {
        return "submit jobs to remote workers; list, show, cancel and retry them; workers, queues, timeline";
    }

    @Override
    public String usage() {
        return """
                Usage: daybreak jobs submit --kind KIND [--params JSON] [--inputs JSON] [--count N] [--sequential]
                                            [--wait] [--json]
                       daybreak jobs list [--state S] [--kind K] [--limit N] [--json]
                       daybreak jobs show ID
                       daybreak jobs cancel ID | retry ID
                       daybreak jobs workers [--json] | queues [--json]
                       daybreak jobs timeline [--json | --html FILE]
                       daybreak jobs clear-dead
                       daybreak jobs kinds [--json]
                Connection (every subcommand): [--broker URL] [--user U --password-file F]
                       [--trust FILE | --fingerprint SHA256]; defaults DAYBREAK_BROKER, DAYBREAK_USER,
                       DAYBREAK_PASSWORD_FILE, else the local broker of the workbench.

                submit     queues COUNT jobs (default 1) of KIND with params (a JSON object) and inputs (a JSON
                           object of name -> path or path#/dataset); --sequential submits one, waits for it, then the
                           next; --wait waits for all and exits 1 if any did not end 'done'. With --json each finished
                           job prints one line {"id","kind","state","worker","attempts","result"|"error","queued",
                           "started","finished"} (times ISO-8601 UTC); without --wait the ids are printed.
                           A job's params may say "device": "gpu" (GPU queue) and "transfer": "reference", "carry"
                           or "auto" (how its files reach the worker).
                list       the broker's job records (kept a week), one JSON line each with --json (with params).
                workers    name, host, capabilities, current jobs, last heartbeat.
                timeline   queued/started/finished per worker: a summary, --json, or a self-contained HTML page.
                clear-dead empties the dead-letter queue (role admin).
                kinds      every job kind with its inputs and parameters (type, unit, default), from the code that
                           reads them; no broker needed.
                Diagnostic kind core.echo returns its params after sleep_ms; "fail": true makes it fail.
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (args.isEmpty()) {
            throw new UsageException("jobs: missing subcommand (submit, list, show, cancel, retry, workers, queues, "
                    + "timeline, clear-dead)");
        }
        String sub = args.get(0);
        List<String> rest = args.subList(1, args.size());
        Set<String> valued = new HashSet<>(WorkerCommand.CONNECTION);
        return switch (sub) {
            case "submit" -> {
                valued.addAll(Set.of("kind", "params", "inputs", "count"));
                yield submit(new Args("jobs submit", rest, valued, Set.of("sequential", "wait", "json")), out, err);
            }
            case "list" -> {
                valued.addAll(Set.of("state", "kind", "limit"));
                Args a = new Args("jobs list", rest, valued, Set.of("json"));
                a.atMostPositional(0);
                yield withClient(a, c -> list(a, c, out));
            }
            case "show" -> {
                Args a = new Args("jobs show", rest, valued, Set.of("json"));
                String id = a.positional(0, "job id");
                a.atMostPositional(1);
                yield withClient(a, c -> {
                    out.println(Json.pretty(c.show(id).toJson(true)));
                    return 0;
                });
            }
            case "cancel" -> {
                Args a = new Args("jobs cancel", rest, valued, Set.of());
                String id = a.positional(0, "job id");
                a.atMostPositional(1);
                yield withClient(a, c -> {
                    out.println(id + " " + c.cancel(id));
                    return 0;
                });
            }
            case "retry" -> {
                Args a = new Args("jobs retry", rest, valued, Set.of());
                String id = a.positional(0, "job id");
                a.atMostPositional(1);
                yield withClient(a, c -> {
                    c.retry(id);
                    out.println(id + " queued");
                    return 0;
                });
            }
            case "clear-dead" -> {
                Args a = new Args("jobs clear-dead", rest, valued, Set.of());
                a.atMostPositional(0);
                yield withClient(a, c -> {
                    out.println("removed " + c.clearDead() + " job(s) from the dead-letter queue");
                    return 0;
                });
            }
            case "workers" -> {
                Args a = new Args("jobs workers", rest, valued, Set.of("json"));
                a.atMostPositional(0);
                yield withClient(a, c -> workers(a, c, out));
            }
            case "queues" -> {
                Args a = new Args("jobs queues", rest, valued, Set.of("json"));
                a.atMostPositional(0);
                yield withClient(a, c -> {
                    for (Map<String, Object> q : c.queues()) {
                        out.println(a.has("json") ? Json.write(q) : String.format(Locale.ROOT,
                                "%-20s %6s queued %4s running %3s consumers", q.get("name"), q.get("messages"),
                                q.get("delivering"), q.get("consumers")));
                    }
                    return 0;
                });
            }
            case "kinds" -> {
                Args a = new Args("jobs kinds", rest, Set.of(), Set.of("json"));
                a.atMostPositional(0);
                yield kinds(a.has("json"), out);
            }
            case "timeline" -> {
                valued.add("html");
                Args a = new Args("jobs timeline", rest, valued, Set.of("json"));
                a.atMostPositional(0);
                yield withClient(a, c -> timeline(a, c, out));
            }
            default -> throw new UsageException("jobs: unknown subcommand '" + sub + "' (submit, list, show, cancel, kinds, "
                    + "retry, workers, queues, timeline, clear-dead)");
        };
    }

    interface ClientWork {
        int run(JobsClient c) throws Exception;
    }

    private static int withClient(Args a, ClientWork work) throws Exception {
        BrokerConnection conn = connect(a);
        try (JobsClient c = new JobsClient(conn, true)) {
            return work.run(c);
        } catch (IOException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    private static BrokerConnection connect(Args a) {
        try {
            return WorkerCommand.connect(a, false);
        } catch (IOException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    private static int list(Args a, JobsClient c, PrintStream out) throws IOException {
        Integer limit = a.has("limit") ? a.getInt("limit", 0) : null;
        List<JobRecord> l = c.list(a.get("state"), a.get("kind"), limit);
        if (!a.has("json")) {
            out.println(String.format(Locale.ROOT, "%-22s %-12s %-9s %-16s %3s %-24s %s", "ID", "KIND", "STATE",
                    "WORKER", "TRY", "QUEUED", "ERROR"));
        }
        for (JobRecord r : l) {
            out.println(a.has("json") ? Json.write(r.toJson(true)) : String.format(Locale.ROOT,
                    "%-22s %-12s %-9s %-16s %3d %-24s %s", r.id, r.kind, r.state + (r.dead ? "*" : ""),
                    r.worker == null ? "-" : r.worker, r.attempts, r.queued, r.error == null ? "" : r.error));
        }
        return 0;
    }

    private static int workers(Args a, JobsClient c, PrintStream out) throws IOException {
        List<Map<String, Object>> ws = c.workers();
        if (!a.has("json") && ws.isEmpty()) {
            out.println("no worker has reported to this broker");
        }
        for (Map<String, Object> w : ws) {
            out.println(a.has("json") ? Json.write(w) : String.format(Locale.ROOT,
                    "%-20s %-7s %-16s %-9s threads %-3s jobs done %-6s current %s  last heartbeat %s",
                    w.get("name"), w.get("state"), w.get("host"), w.get("capabilities"), w.get("threads"),
                    w.get("jobs_done"), w.get("current"), w.get("last_heartbeat")));
        }
        return 0;
    }

    private static int timeline(Args a, JobsClient c, PrintStream out) throws IOException {
        List<JobRecord> l = c.list(null, null, null);
        Timeline t = new Timeline(l);
        if (a.has("html")) {
            Path f = Path.of(a.get("html"));
            Files.writeString(f, t.html());
            out.println("wrote " + f + " (" + l.size() + " jobs on " + t.lanes().size() + " workers)");
        } else if (a.has("json")) {
            out.println(Json.write(t.toJson()));
        } else {
            out.print(t.summary());
        }
        return 0;
    }

    /** Every job kind of this installation with its parameters, from the handlers' own declarations. */
    private static int kinds(boolean json, PrintStream out) {
        JobRegistry registry = JobRegistry.global();
        registry.find("core.echo"); // loads the handlers of the class path
        List<Object> all = new ArrayList<>();
        for (String k : registry.kinds()) {
            JobHandler h = registry.find(k);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", k);
            m.put("description", h.description());
            m.put("inputs", h.inputDescriptions());
            List<JobParameter> ps = h.parameters();
            List<Object> params = new ArrayList<>();
            if (ps != null) {
                for (JobParameter p : ps) {
                    params.add(p.toJson());
                }
            }
            m.put("parameters", ps == null ? "any" : params);
            List<Object> common = new ArrayList<>();
            for (JobParameter p : JobParameter.COMMON) {
                common.add(p.toJson());
            }
            m.put("common_parameters", common);
            all.add(m);
            if (!json) {
                out.println(k + " - " + h.description());
                h.inputDescriptions().forEach((n, d) -> out.println(String.format(Locale.ROOT, "    input %-14s %s",
                        n, d)));
                if (ps == null) {
                    out.println("    parameters: any (returned as the result)");
                } else {
                    for (JobParameter p : ps) {
                        out.println(String.format(Locale.ROOT, "    %-18s %-8s %-12s default %-10s %s%s", p.name(),
                                p.type(), p.unit() == null ? "" : p.unit(), p.defaultValue() == null ? "-" : String.valueOf(p.defaultValue()),
                                p.description(), p.aliases().isEmpty() ? ""
                                        : " (old spelling " + String.join(", ", p.aliases()) + ")"));
                    }
                }
            }
        }
        if (json) {
            out.println(Json.pretty(all));
        } else {
            out.println("every kind also takes: device (cpu, gpu, auto) and transfer (reference, carry, auto)");
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static int submit(Args a, PrintStream out, PrintStream err) throws Exception {
        a.atMostPositional(0);
        String kind = a.require("kind");
        Map<String, Object> params;
        Map<String, String> inputs = new LinkedHashMap<>();
        try {
            params = a.has("params") ? Json.parseObject(a.get("params")) : Map.of();
            if (a.has("inputs")) {
                Json.parseObject(a.get("inputs")).forEach((k, v) -> inputs.put(k, String.valueOf(v)));
            }
        } catch (RuntimeException e) {
            throw new UsageException("jobs submit: --params and --inputs need a JSON object: " + e.getMessage());
        }
        int count = a.getInt("count", 1);
        if (count < 1) {
            throw new UsageException("jobs submit: --count must be at least 1, not " + count);
        }
        boolean json = a.has("json");
        boolean wait = a.has("wait") || a.has("sequential");
        JobSpec spec;
        try {
            spec = new JobSpec(kind, params, inputs);
        } catch (IllegalArgumentException e) {
            throw new UsageException("jobs submit: " + e.getMessage());
        }
        BrokerConnection conn = connect(a);
        try (RemoteJobExecutor ex = new RemoteJobExecutor(conn, true)) {
            LinkedBlockingQueue<RemoteJobExecutor.RemoteHandle> finished = new LinkedBlockingQueue<>();
            int failed = 0;
            if (a.has("sequential")) {
                // round trips as this client sees them: from submit to the result's arrival here
                double[] ms = new double[count];
                for (int i = 0; i < count; i++) {
                    long t0 = System.nanoTime();
                    RemoteJobExecutor.RemoteHandle h = (RemoteJobExecutor.RemoteHandle) ex.submit(spec);
                    h.awaitEnd(java.time.Duration.ofDays(365));
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    failed += report(h, json, out) ? 0 : 1;
                }
                double[] sorted = ms.clone();
                java.util.Arrays.sort(sorted);
                double median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
                err.println(String.format(Locale.ROOT, "jobs submit: %d job(s) one at a time: round trip seen by this "
                        + "client median %.2f ms, mean %.2f ms", count, median,
                        java.util.Arrays.stream(ms).average().orElse(0)));
                return failed == 0 ? 0 : 1;
            }
            List<JobSpec> specs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                specs.add(spec);
            }
            List<JobHandle> handles = new ArrayList<>();
            for (int from = 0; from < count; from += 500) {
                List<JobHandle> part = ex.submitAll(specs.subList(from, Math.min(count, from + 500)));
                if (wait) {
                    for (JobHandle h : part) {
                        h.addListener(j -> {
                            if (j.state().isFinal()) {
                                finished.add((RemoteJobExecutor.RemoteHandle) j);
                            }
                        });
                    }
                }
                handles.addAll(part);
            }
            if (!wait) {
                for (JobHandle h : handles) {
                    out.println(json ? Json.write(((RemoteJobExecutor.RemoteHandle) h).record().toJson(false))
                            : h.id());
                }
                return 0;
            }
            Set<String> seen = new HashSet<>();
            while (seen.size() < handles.size()) {
                RemoteJobExecutor.RemoteHandle h = finished.take();
                if (seen.add(h.id())) {
                    failed += report(h, json, out) ? 0 : 1;
                }
            }
            if (failed > 0 && !json) {
                err.println("jobs submit: " + failed + " of " + count + " job(s) did not end 'done'");
            }
            return failed == 0 ? 0 : 1;
        }
    }

    private static boolean report(RemoteJobExecutor.RemoteHandle h, boolean json, PrintStream out) {
        JobRecord r = h.record();
        if (json) {
            out.println(Json.write(r.toJson(false)));
        } else {
            long ms = r.finished != null && r.queued != null ? Wire.millis(r.finished) - Wire.millis(r.queued) : -1;
            out.println(r.id + " " + r.state + " on " + r.worker + " (attempts " + r.attempts + ", " + ms + " ms)"
                    + (r.error != null ? ": " + r.error : ""));
        }
        return "done".equals(r.state);
    }
}
