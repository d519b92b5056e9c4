#!/usr/bin/python3
"""Remote job execution benchmark: Daybreak's broker + workers against RQ (on Redis) and Dask distributed.

Each system gets two worker processes on this machine and runs, one system at a time (never side by side: the
machine is small and shared):

  batch       2000 empty jobs submitted at once, then awaited until every one has finished;
  round trip  200 empty jobs one at a time: submit one, wait for its result, submit the next.

The job is "return the argument": bench/remote_peer_tasks.py:echo for the peers, `core.echo` for Daybreak.
Targets (with durable messages on Daybreak's side): batch time <= 0.5 x Dask's, round trip <= 0.5 x Dask's.

Peers (Debian packages redis-server, python3-rq, python3-distributed; the script installs nothing):
  RQ    redis-server with appendonly yes / appendfsync everysec (the nearest to "durable messages" that Redis
        offers without an fsync per write), two `rq worker` processes. Measured with RQ's default Worker (it
        forks a work horse per job, RQ's normal behaviour) and again with SimpleWorker (no fork), fresh Redis
        and workers each. Batch: Queue.enqueue_many (one pipeline), then the client polls the finished and
        failed registries every 5 ms. Round trip: Queue.enqueue, then a blocking XREAD on the job's result
        stream (no polling delay; what later RQ versions do in latest_result(timeout=...)).
  Dask  `dask scheduler` + two `dask worker --nthreads 1` processes (each under its nanny, the default).
        Batch: Client.map(pure=False) + Client.gather. Round trip: Client.submit(pure=False).result().
        The scheduler keeps everything in memory: there is no durable option.
  Peer times are taken in an already connected client (no interpreter start-up).

Daybreak (the command line; DAYBREAK_CMD overrides "./daybreak"):
  ./daybreak broker --data DIR --port P              (foreground; prints "broker ready at URL"; SIGTERM stops it;
                                                       writes DIR/admin.password for the user admin)
  ./daybreak worker --broker URL --user admin --password-file DIR/admin.password --threads T --name wN   (x2)
  ./daybreak jobs submit --broker URL --user admin --password-file DIR/admin.password --kind core.echo
             --count 2000 --wait --json               (one JSON record per finished job)
  ./daybreak jobs submit ... --count 200 --sequential --wait --json
  Batch: the submit process's wall time (JVM start-up included) and, from the records, first "queued" to last
  "finished" (the part comparable to the peers' connected-client times). Round trip: submit to result received,
  timed by the client itself (`jobs submit --sequential` prints median and mean on stderr), like the peers' times;
  the records' "finished" - "queued" (stamped before the worker's commit, ms resolution) and the submit process's
  wall time / 200 beside it.
  If the Daybreak side fails (e.g. the commands do not exist yet), "daybreak" holds {"error": ...}, the peers'
  figures are still written, and the script exits 1.

Every server listens on 127.0.0.1 on a port free at run time; all processes are started in their own process
group and stopped (SIGTERM, then SIGKILL) at the end, also on an error, Ctrl-C or SIGTERM; temp dirs are
removed. Each measure is taken REPEATS times (default 3) after a warm-up; the figure is the best run (the
machine is shared: one run is noisy). Writes bench/results/remote.json.
Environment: REPEATS; RQ_FORK_REPEATS (default 1: RQ's forking worker is a reference figure and slow);
DAYBREAK_CMD; DAYBREAK_WORKER_THREADS (--threads of each Daybreak worker, default 1, like the peers' workers);
DAYBREAK_BROKER_TIMEOUT (seconds to wait for "broker ready", default 600: the launcher may build first).

Run from the repository root:  /usr/bin/python3 bench/remote_bench.py [--skip-daybreak]
"""
import argparse
import importlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
PY = sys.executable                      # the peers' workers run on this interpreter (the one that imports rq)

BATCH = 2000
SEQUENTIAL = 200
WARMUP = 20                              # jobs run before any timing (imports, connections, JIT)
WORKERS = 2
REPEATS = int(os.environ.get("REPEATS", "3"))
# RQ's forking worker is a reference figure only (the targets are against Dask) and takes minutes per run where
# fork is slow, so it runs once unless asked otherwise
RQ_FORK_REPEATS = int(os.environ.get("RQ_FORK_REPEATS", "1"))
DAYBREAK_THREADS = int(os.environ.get("DAYBREAK_WORKER_THREADS", "1"))   # per worker, like the peers' 1
APT = "apt-get install -y redis-server python3-rq python3-distributed"

REDIS_SETTINGS = {"appendonly": "yes", "appendfsync": "everysec", "save": ""}   # AOF only, no RDB snapshots


# ---------------------------------------------------------------------------------------------------------
# processes and ports

def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now (the kernel's choice, so never a default port)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("%s exited with %d before listening" % (what, proc.returncode))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("%s not listening on port %d after %d s" % (what, port, timeout))


class Processes:
    """Servers and workers of one system. Each runs in its own session (so a Ctrl-C at the terminal reaches only
    this script, which then stops them in order) and is stopped with its whole process group: RQ's work horses,
    Dask's nanny children and a JVM under a launcher go with it. Leaving the `with` block stops all, newest first
    (workers before their server)."""

    def __init__(self, logdir):
        self.logdir = logdir
        self.procs = []                 # (name, Popen, log path)

    def start(self, name, cmd, env=None, stdout=None):
        log = os.path.join(self.logdir, name + ".log")
        with open(log, "ab") as f:
            p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                 stdout=f if stdout is None else stdout, stderr=f, start_new_session=True)
        self.procs.append((name, p, log))
        return p

    def log_tail(self, name, chars=1500):
        for n, _, log in self.procs:
            if n == name and os.path.exists(log):
                with open(log, errors="replace") as f:
                    return f.read()[-chars:]
        return ""

    def stop(self, timeout=20):
        """Stops every process; returns the names of those that needed SIGKILL."""
        killed = []
        while self.procs:
            name, p, _ = self.procs.pop()
            if not stop_group(p, timeout):
                killed.append(name)
        return killed

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def stop_group(p, timeout):
    """SIGTERM to the process group, wait for the leader and the rest of the group, SIGKILL after `timeout` s.
    True when it ended without SIGKILL."""
    pgid = p.pid                          # start_new_session: the leader's pid is the group id
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        p.wait()
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        p.poll()
        try:
            os.killpg(pgid, 0)            # anyone left in the group?
        except ProcessLookupError:
            p.wait()
            return True
        time.sleep(0.05)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    p.wait()
    return False


def peer_env():
    """The environment of the peers' workers: bench/ importable, so that remote_peer_tasks.echo resolves (without
    leaving a __pycache__ in the checkout)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env["PYTHONPATH"] = BENCH + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


# ---------------------------------------------------------------------------------------------------------
# statistics

def ms(seconds):
    return round(seconds * 1000.0, 3)


def round_trip_stats(samples_s):
    """Per-job round trips (seconds) -> figures in milliseconds."""
    s = sorted(samples_s)
    return {"median_ms": ms(statistics.median(s)), "mean_ms": ms(statistics.fmean(s)),
            "p90_ms": ms(s[int(0.9 * (len(s) - 1))]), "min_ms": ms(s[0]), "max_ms": ms(s[-1])}


def best_batch(runs):
    """runs: dicts with "seconds"; the best (shortest) run with all runs' times beside it."""
    best = dict(min(runs, key=lambda r: r["seconds"]))
    best["all_seconds"] = [r["seconds"] for r in runs]
    return best


def best_round_trip(runs):
    """runs: dicts with "median_ms"; the run with the lowest median, with all runs' medians and means."""
    best = dict(min(runs, key=lambda r: r["median_ms"]))
    best["all_median_ms"] = [r["median_ms"] for r in runs]
    best["all_mean_ms"] = [r["mean_ms"] for r in runs]
    return best


# ---------------------------------------------------------------------------------------------------------
# RQ on Redis

def bench_rq(tmp, worker_class, repeats):
    import redis
    from rq import Queue, Worker
    from rq.job import Job
    from rq.registry import FailedJobRegistry, FinishedJobRegistry
    from rq.results import Result
    from remote_peer_tasks import echo

    short = worker_class.rsplit(".", 1)[-1]
    work = os.path.join(tmp, "rq-" + short)
    os.makedirs(work)
    port = free_port()
    url = "redis://127.0.0.1:%d/0" % port
    with Processes(work) as procs:
        cmd = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", work, "--daemonize", "no",
               "--protected-mode", "yes", "--logfile", ""]
        for k, v in REDIS_SETTINGS.items():
            cmd += ["--" + k, v]
        server = procs.start("redis", cmd)
        wait_port(port, server, 20, "redis-server")
        r = redis.Redis(host="127.0.0.1", port=port)
        r.ping()
        for i in range(WORKERS):
            # RQ's worker logs a line per job at its default level (INFO); it goes to a log file, as in service
            procs.start("rq-w%d" % (i + 1), [PY, "-m", "rq.cli", "worker", "--url", url, "--name", "w%d" % (i + 1),
                                             "--worker-class", worker_class, "bench"], env=peer_env())
        deadline = time.monotonic() + 30
        while Worker.count(connection=r) < WORKERS:
            if time.monotonic() > deadline:
                raise RuntimeError("RQ workers did not register: %s" % procs.log_tail("rq-w1"))
            time.sleep(0.05)

        q = Queue("bench", connection=r)
        finished, failed = FinishedJobRegistry(queue=q), FailedJobRegistry(queue=q)

        def run_batch(n):
            """Enqueue n jobs in one pipeline, wait until the registries hold them all; verify afterwards."""
            datas = [Queue.prepare_data(echo, args=(i,), result_ttl=3600) for i in range(n)]
            done0, failed0 = r.zcard(finished.key), r.zcard(failed.key)
            t0 = time.perf_counter()
            jobs = q.enqueue_many(datas)
            while r.zcard(finished.key) + r.zcard(failed.key) < done0 + failed0 + n:
                time.sleep(0.005)
            seconds = time.perf_counter() - t0
            if r.zcard(failed.key) != failed0:
                raise RuntimeError("RQ jobs failed: %s" % procs.log_tail("rq-w1"))
            # checks and in-Redis span, outside the timing
            pipe = r.pipeline()
            for j in jobs:
                pipe.xrevrange(Result.get_key(j.id), "+", "-", count=1)
            for j, entries in zip(jobs, pipe.execute()):
                (rid, payload), = entries
                value = Result.restore(j.id, rid.decode(), payload, connection=r).return_value
                if value != j.args[0]:
                    raise RuntimeError("RQ job %s returned %r for %r" % (j.id, value, j.args[0]))
            stored = Job.fetch_many([j.id for j in jobs], connection=r)
            span = max(j.ended_at for j in stored) - min(j.enqueued_at for j in stored)
            return {"seconds": round(seconds, 4), "span_enqueued_to_ended_s": round(span.total_seconds(), 4)}

        def run_sequential(n):
            samples = []
            for i in range(n):
                t0 = time.perf_counter()
                job = q.enqueue(echo, i, result_ttl=3600)
                got = r.xread({Result.get_key(job.id): "0"}, count=1, block=60000)
                samples.append(time.perf_counter() - t0)
                if not got:
                    raise RuntimeError("RQ job %s: no result within 60 s" % job.id)
                rid, payload = got[0][1][0]
                if Result.restore(job.id, rid.decode(), payload, connection=r).return_value != i:
                    raise RuntimeError("RQ job %s: wrong result" % job.id)
            return round_trip_stats(samples)

        run_batch(WARMUP)
        run_sequential(WARMUP)
        batches = [run_batch(BATCH) for _ in range(repeats)]
        sequentials = [run_sequential(SEQUENTIAL) for _ in range(repeats)]
        per_worker = {w.name: w.successful_job_count for w in Worker.all(connection=r)}
        killed = procs.stop()
    return {
        "worker_class": worker_class,
        "repeats": repeats,
        "batch": best_batch(batches),
        "round_trip": best_round_trip(sequentials),
        "jobs_per_worker_all_runs": per_worker,
        "stopped_with_sigkill": killed,
    }


# ---------------------------------------------------------------------------------------------------------
# Dask distributed

def bench_dask(tmp):
    from distributed import Client
    from remote_peer_tasks import echo

    work = os.path.join(tmp, "dask")
    os.makedirs(work)
    port = free_port()
    address = "tcp://127.0.0.1:%d" % port
    with Processes(work) as procs:
        sched = procs.start("scheduler", [PY, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                          "--port", str(port), "--no-dashboard"], env=peer_env())
        wait_port(port, sched, 60, "dask scheduler")
        for i in range(WORKERS):
            procs.start("worker-w%d" % (i + 1),
                        [PY, "-m", "distributed.cli.dask_worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                         "--name", "w%d" % (i + 1), "--no-dashboard",
                         "--local-directory", os.path.join(work, "w%d" % (i + 1))], env=peer_env())
        client = Client(address, timeout=60)
        try:
            client.wait_for_workers(WORKERS, timeout=60)

            def run_batch(n):
                t0 = time.perf_counter()
                futures = client.map(echo, range(n), pure=False)
                results = client.gather(futures)
                seconds = time.perf_counter() - t0
                if results != list(range(n)):
                    raise RuntimeError("Dask returned wrong results")
                del futures
                return {"seconds": round(seconds, 4)}

            def run_sequential(n):
                samples = []
                for i in range(n):
                    t0 = time.perf_counter()
                    value = client.submit(echo, i, pure=False).result()
                    samples.append(time.perf_counter() - t0)
                    if value != i:
                        raise RuntimeError("Dask returned %r for %r" % (value, i))
                return round_trip_stats(samples)

            run_batch(WARMUP)
            run_sequential(WARMUP)
            batches = [run_batch(BATCH) for _ in range(REPEATS)]
            sequentials = [run_sequential(SEQUENTIAL) for _ in range(REPEATS)]
            workers = {w["name"]: w["nthreads"] for w in client.scheduler_info()["workers"].values()}
        finally:
            client.close()
        killed = procs.stop()
    return {
        "workers": workers,
        "batch": best_batch(batches),
        "round_trip": best_round_trip(sequentials),
        "stopped_with_sigkill": killed,
    }


# ---------------------------------------------------------------------------------------------------------
# Daybreak

class DaybreakError(RuntimeError):
    pass


def iso_time(text):
    """ISO-8601 UTC time of a job record ("2026-01-02T03:04:05.678Z") -> aware datetime."""
    t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def bench_daybreak(tmp):
    cmd = shlex.split(os.environ.get("DAYBREAK_CMD", "./daybreak"))
    work = os.path.join(tmp, "daybreak")
    data = os.path.join(work, "broker-data")
    os.makedirs(data)
    env = dict(os.environ)
    port = free_port()
    with Processes(work) as procs:
        # The broker's stdout comes through a pipe (its "ready" line); a thread copies it on to broker.out.
        broker = procs.start("broker", cmd + ["broker", "--data", data, "--port", str(port)], env=env,
                             stdout=subprocess.PIPE)
        ready = {}
        got_ready = threading.Event()

        def drain():
            with open(os.path.join(work, "broker.out"), "w") as out:
                for line in iter(broker.stdout.readline, b""):
                    text = line.decode(errors="replace")
                    out.write(text)
                    out.flush()
                    m = re.search(r"broker ready at (\S+)", text)
                    if m and not got_ready.is_set():
                        ready["url"] = m.group(1)
                        got_ready.set()
            got_ready.set()                   # EOF: the broker ended (before or after "ready")

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        # generous: a launcher may still build the product on its first call
        if not got_ready.wait(float(os.environ.get("DAYBREAK_BROKER_TIMEOUT", "600"))) or "url" not in ready:
            try:
                status = "exit %d" % broker.wait(2)
            except subprocess.TimeoutExpired:
                status = "still running"
            with open(os.path.join(work, "broker.out"), errors="replace") as f:
                out = f.read()[-700:]
            raise DaybreakError("`%s broker` gave no 'broker ready at URL' line (%s); stdout: %s; stderr: %s"
                                % (" ".join(cmd), status, out.strip(), procs.log_tail("broker").strip()))
        url = ready["url"]
        # From here on the launcher must not rebuild (other people may be changing sources meanwhile): a build
        # would land in a timed submit and replace the product under the running broker.
        env["DAYBREAK_NO_REBUILD"] = "1"
        password = os.path.join(data, "admin.password")
        if not os.path.isfile(password):
            raise DaybreakError("the broker is ready but wrote no %s" % password)
        auth = ["--broker", url, "--user", "admin", "--password-file", password]
        names = ["w%d" % (i + 1) for i in range(WORKERS)]
        for name in names:
            procs.start("worker-" + name, cmd + ["worker"] + auth + ["--threads", str(DAYBREAK_THREADS),
                                                                      "--name", name], env=env)

        def submit(count, sequential=False):
            """One `jobs submit` process: (wall seconds, records). Checks count, results and errors."""
            args = cmd + ["jobs", "submit"] + auth + ["--kind", "core.echo", "--count", str(count)]
            args += (["--sequential"] if sequential else []) + ["--wait", "--json"]
            t0 = time.perf_counter()
            p = subprocess.run(args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                               text=True, timeout=900)
            wall = time.perf_counter() - t0
            if p.returncode != 0:
                raise DaybreakError("`jobs submit --count %d` exited with %d: %s"
                                    % (count, p.returncode, (p.stderr or p.stdout).strip()[-1500:]))
            records = [json.loads(line) for line in p.stdout.splitlines() if line.lstrip().startswith("{")]
            bad = [r for r in records if r.get("error") is not None or r.get("kind") != "core.echo"]
            if len(records) != count or bad:
                raise DaybreakError("`jobs submit --count %d` gave %d records, %d with an error or another kind%s"
                                    % (count, len(records), len(bad), (": %s" % bad[0]) if bad else ""))
            for r in records:
                for key in ("id", "state", "worker", "attempts", "queued", "started", "finished"):
                    if key not in r:
                        raise DaybreakError("job record without %r: %s" % (key, r))
            m = re.search(r"round trip seen by this client median ([0-9.]+) ms, mean ([0-9.]+) ms", p.stderr)
            client = {"median_ms": float(m.group(1)), "mean_ms": float(m.group(2))} if m else None
            return wall, records, client

        # Warm-up, and wait until both workers take jobs (no ready signal from a worker is part of the contract).
        seen, deadline = set(), time.monotonic() + 120
        while not seen.issuperset(names):
            if time.monotonic() > deadline:
                raise DaybreakError("workers seen in the warm-up: %s, expected %s; %s"
                                    % (sorted(seen), names, procs.log_tail("worker-w1")))
            for name, p, _ in procs.procs:
                if p.poll() is not None:
                    raise DaybreakError("%s exited with %d: %s" % (name, p.returncode, procs.log_tail(name)))
            seen.update(r["worker"] for r in submit(WARMUP)[1])
        submit(WARMUP, sequential=True)

        batches, per_worker, states = [], {}, {}
        for _ in range(REPEATS):
            wall, records, _ = submit(BATCH)
            span = max(iso_time(r["finished"]) for r in records) - min(iso_time(r["queued"]) for r in records)
            batches.append({"span_s": round(span.total_seconds(), 4), "whole_process_s": round(wall, 4)})
            for r in records:
                per_worker[r["worker"]] = per_worker.get(r["worker"], 0) + 1
                states[r["state"]] = states.get(r["state"], 0) + 1
        sequentials = []
        for _ in range(REPEATS):
            wall, records, client = submit(SEQUENTIAL, sequential=True)
            rt = round_trip_stats([(iso_time(r["finished"]) - iso_time(r["queued"])).total_seconds()
                                   for r in records])
            # the records' "finished" is stamped by the worker before its commit; what a user waits for (and what
            # the peers' times are) is submit to result in the client, which `jobs submit --sequential` reports
            rt["records_median_ms"], rt["records_mean_ms"] = rt["median_ms"], rt["mean_ms"]
            if client:
                rt["median_ms"], rt["mean_ms"] = client["median_ms"], client["mean_ms"]
                rt["measured"] = "in the client: submit to result received"
            else:
                rt["measured"] = "from the records: finished - queued"
            rt["whole_process_s"] = round(wall, 4)
            rt["whole_process_per_job_ms"] = ms(wall / SEQUENTIAL)
            sequentials.append(rt)
        killed = procs.stop(timeout=30)
        reader.join(5)
    spans, walls = [b["span_s"] for b in batches], [b["whole_process_s"] for b in batches]
    batch = {"span_first_queued_to_last_finished_s": min(spans), "whole_process_s": min(walls),
             "all_span_s": spans, "all_whole_process_s": walls}
    return {
        "command": " ".join(cmd),
        "worker_threads": DAYBREAK_THREADS,
        "batch": batch,
        "round_trip": best_round_trip(sequentials),
        "jobs_per_worker_batches": per_worker,
        "record_states_batches": states,
        "stopped_with_sigkill": killed,
    }


# ---------------------------------------------------------------------------------------------------------
# the run

def check_prerequisites():
    missing = []
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    for module, package in (("rq", "python3-rq"), ("redis", "python3-rq"), ("distributed", "python3-distributed")):
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append("%s (%s)" % (package, module))
    if missing:
        print("remote_bench: missing %s; install the peers with:\n  %s" % (", ".join(missing), APT), file=sys.stderr)
        sys.exit(2)


def machine(tmp):
    info = open("/proc/cpuinfo").read()
    model = re.search(r"model name\s*:\s*(.*)", info)
    mem = re.search(r"MemTotal:\s*(\d+)", open("/proc/meminfo").read())
    fs = subprocess.run(["stat", "-f", "-c", "%T", tmp], capture_output=True, text=True).stdout.strip()
    return {"cpu": model.group(1).strip() if model else "?", "cores": os.cpu_count(),
            "memory_gib": round(int(mem.group(1)) / 2**20, 1) if mem else None,
            "kernel": os.uname().release, "python": sys.version.split()[0],
            "temp_dir_filesystem": fs}


def fork_exit_ms(times=20):
    """Cost of fork + exit of this Python process (rq and distributed imported): what RQ's default worker pays
    per job on top of the job itself. Slow page-table copies (e.g. in some VMs) make it large."""
    t0 = time.perf_counter()
    for _ in range(times):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
    return ms((time.perf_counter() - t0) / times)


def versions():
    import distributed
    import redis
    import rq
    server = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout
    m = re.search(r"v=(\S+)", server)
    return {"redis_server": m.group(1) if m else server.strip(), "redis_py": redis.__version__,
            "rq": rq.__version__, "distributed": distributed.__version__}


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def compare(daybreak, dask):
    """Daybreak / Dask for both measures. The primary batch figure is the in-broker span (the peers are timed in
    a connected client too); the whole-process one, JVM start-up included, is given beside it."""
    if "error" in daybreak:
        return None
    b, rt = daybreak["batch"], daybreak["round_trip"]
    out = {
        "batch_span_over_dask": ratio(b["span_first_queued_to_last_finished_s"], dask["batch"]["seconds"]),
        "batch_whole_process_over_dask": ratio(b["whole_process_s"], dask["batch"]["seconds"]),
        "round_trip_median_over_dask_median": ratio(rt["median_ms"], dask["round_trip"]["median_ms"]),
        "round_trip_mean_over_dask_mean": ratio(rt["mean_ms"], dask["round_trip"]["mean_ms"]),
        "round_trip_whole_process_per_job_over_dask_mean":
            ratio(rt["whole_process_per_job_ms"], dask["round_trip"]["mean_ms"]),
        "target": 0.5,
    }
    out["meets_batch_target"] = out["batch_span_over_dask"] <= 0.5
    out["meets_batch_target_whole_process"] = out["batch_whole_process_over_dask"] <= 0.5
    out["meets_round_trip_target"] = out["round_trip_median_over_dask_median"] <= 0.5
    return out


def summary(res):
    lines = ["remote jobs: %d jobs at once (best of %d) | one at a time, %d round trips (median / mean ms)"
             % (BATCH, REPEATS, SEQUENTIAL)]
    for name, key in (("RQ (forking Worker)", "rq"), ("RQ (SimpleWorker)", "rq_simple_worker"),
                      ("Dask distributed", "dask")):
        p = res["peers"][key]
        lines.append("  %-22s %8.3f s   %7.2f / %7.2f ms" % (name, p["batch"]["seconds"], p["round_trip"]["median_ms"],
                                                           p["round_trip"]["mean_ms"]))
    d = res["daybreak"]
    if "error" in d:
        lines.append("  %-22s error: %s" % ("Daybreak", d["error"][:300]))
    else:
        b, rt = d["batch"], d["round_trip"]
        lines.append("  %-22s %8.3f s   %7.2f / %7.2f ms   (whole process: %.3f s; %.2f ms per job)"
                     % ("Daybreak", b["span_first_queued_to_last_finished_s"], rt["median_ms"], rt["mean_ms"],
                        b["whole_process_s"], rt["whole_process_per_job_ms"]))
        c = res["daybreak_over_dask"]
        lines.append("  Daybreak / Dask: batch %.3f (%s; whole process %.3f), round trip %.3f (%s); target <= 0.5"
                     % (c["batch_span_over_dask"], "met" if c["meets_batch_target"] else "NOT met",
                        c["batch_whole_process_over_dask"], c["round_trip_median_over_dask_median"],
                        "met" if c["meets_round_trip_target"] else "NOT met"))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--skip-daybreak", action="store_true", help="measure the peers only")
    opts = ap.parse_args()
    check_prerequisites()
    sys.dont_write_bytecode = True       # remote_peer_tasks is imported here too: no __pycache__ in bench/
    sys.path.insert(0, BENCH)

    # SIGTERM/SIGHUP end the run like Ctrl-C: the finally blocks stop every server and remove the temp dir
    def terminate(signum, _frame):
        raise KeyboardInterrupt("signal %d" % signum)
    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)

    tmp = tempfile.mkdtemp(prefix="remote_bench_")
    try:
        host = machine(tmp)
        host["fork_exit_ms"] = fork_exit_ms()
        res = {
            "benchmark": "remote jobs, 2 worker processes each: %d empty jobs submitted at once and awaited; "
                         "%d empty jobs one at a time (submit, await result)" % (BATCH, SEQUENTIAL),
            "timing": "best of %d runs each after a warm-up of %d jobs; batch = shortest run, round trip = run "
                      "with the lowest median (RQ's forking worker: %d run(s))" % (REPEATS, WARMUP, RQ_FORK_REPEATS),
            "machine": host,
            "versions": versions(),
            "load_average_at_start": os.getloadavg(),
            "settings": {
                "host": "127.0.0.1, ports free at run time",
                "rq": {"redis": dict(REDIS_SETTINGS, note="AOF fsync once a second; Redis has no fsync-per-write "
                                                          "mode that RQ uses, this is its usual durable setting"),
                       "workers": "2 x `rq worker` (logging INFO to a file), queue 'bench'",
                       "batch": "Queue.enqueue_many (one pipeline); completion seen by polling the finished/failed "
                                "registries every 5 ms",
                       "round_trip": "Queue.enqueue + blocking XREAD on the job's result stream",
                       "span_enqueued_to_ended_s": "from the job hashes: first enqueued_at to last ended_at"},
                "dask": {"workers": "2 x `dask worker --nthreads 1` (each under a nanny, the default)",
                         "scheduler": "`dask scheduler --no-dashboard`; in memory, no durability",
                         "batch": "Client.map(pure=False) + Client.gather",
                         "round_trip": "Client.submit(pure=False).result()"},
                "daybreak": {"workers": "2 x `daybreak worker --threads %d`" % DAYBREAK_THREADS,
                             "broker": "`daybreak broker` (ActiveMQ Artemis) with its own settings: persistent "
                                       "(durable) messages by contract; journal in the temp dir",
                             "batch": "`jobs submit --kind core.echo --count %d --wait --json`: span first queued "
                                      "to last finished from the records, and whole-process wall time" % BATCH,
                             "round_trip": "`jobs submit --kind core.echo --count %d --sequential --wait --json`: the client's own submit-to-result "
                                           "times (its stderr summary); the records' finished - queued beside them; "
                                           "finished - queued per record (ms resolution), and wall time / %d"
                                           % (SEQUENTIAL, SEQUENTIAL)},
                "peer_times": "in a connected client (no interpreter start-up)",
            },
            "peers": {},
        }
        print("== RQ, default (forking) Worker", flush=True)
        res["peers"]["rq"] = bench_rq(tmp, "rq.worker.Worker", RQ_FORK_REPEATS)
        res["peers"]["rq"]["note"] = ("RQ's default worker forks a work horse for every job: see machine.fork_exit_ms; "
                                      "%d run(s) (RQ_FORK_REPEATS)" % RQ_FORK_REPEATS)
        print("== RQ, SimpleWorker", flush=True)
        res["peers"]["rq_simple_worker"] = bench_rq(tmp, "rq.worker.SimpleWorker", REPEATS)
        res["peers"]["rq_simple_worker"]["note"] = "no fork per job: jobs run in the worker process"
        print("== Dask distributed", flush=True)
        res["peers"]["dask"] = bench_dask(tmp)
        if opts.skip_daybreak:
            res["daybreak"] = {"error": "skipped (--skip-daybreak)"}
        else:
            print("== Daybreak", flush=True)
            try:
                res["daybreak"] = bench_daybreak(tmp)
            except Exception as e:         # any failure of the Daybreak side: keep the peers' figures
                res["daybreak"] = {"error": "%s: %s" % (type(e).__name__, e)}
        res["daybreak_over_dask"] = compare(res["daybreak"], res["peers"]["dask"])
        res["load_average_at_end"] = os.getloadavg()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    out = os.path.join(ROOT, "bench", "results", "remote.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(res, f, indent=2)
    print(summary(res))
    print("written: %s" % os.path.relpath(out, ROOT))
    if "error" in res["daybreak"] and not opts.skip_daybreak:
        sys.exit("remote_bench: the Daybreak side failed: %s" % res["daybreak"]["error"][:500])


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("remote_bench: interrupted; servers stopped, temp dir removed")
