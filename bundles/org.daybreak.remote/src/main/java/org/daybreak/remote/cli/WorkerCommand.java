package org.daybreak.remote.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.daybreak.core.cli.Args;
import org.daybreak.core.cli.Command;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.job.JobRegistry;
import org.daybreak.remote.BrokerConnection;
import org.daybreak.remote.worker.Worker;

/** {@code daybreak worker}: serves jobs from a broker until SIGTERM. */
public final class WorkerCommand implements Command {
    static final Set<String> CONNECTION = Set.of("broker", "remote", "user", "password-file", "trust", "fingerprint");

    @Override
    public String name() {
        return "worker";
    }

    @Override
    public String summary() {
        return "serve as a remote worker for tomography, correlation and fitting jobs";
    }

    @Override
    public String usage() {
        return """
                Usage: daybreak worker [--broker URL] [--user U --password-file F] [--threads N] [--name NAME]
                                       [--gpu] [--grace SECONDS] [--trust FILE | --fingerprint SHA256]

                Takes jobs from the broker (one at a time per thread), runs them with the same code as a local run,
                reports progress and a heartbeat, and honours cancel. On SIGTERM it takes no new job, lets running
                jobs finish within --grace seconds (default 30) and returns the rest to the broker.
                  --broker URL   tcp://HOST:PORT or tls://HOST:PORT (default: DAYBREAK_BROKER, else the local
                                 broker of the workbench); account from --user/--password-file, or DAYBREAK_USER and
                                 DAYBREAK_PASSWORD_FILE
                  --threads N    jobs at a time (default: the number of cores)
                  --name NAME    shown in 'jobs workers' and the timeline (default HOST-PID)
                  --gpu          also serve the GPU queue; its jobs (device gpu) run on the first GPU of
                                 ./daybreak devices; refused when this machine has no usable GPU
                """;
    }

    /** The connection settings shared by worker and jobs. */
    static BrokerConnection connect(Args a, boolean worker) throws IOException {
        String url = a.get("broker", a.get("remote", System.getenv("DAYBREAK_BROKER")));
        if (url != null && url.isBlank()) {
            url = null;
        }
        String user = a.get("user", System.getenv("DAYBREAK_USER"));
        String pw = a.get("password-file", System.getenv("DAYBREAK_PASSWORD_FILE"));
        Map<String, String> options = new LinkedHashMap<>();
        if (a.has("trust")) {
            options.put("trust", a.get("trust"));
        }
        if (a.has("fingerprint")) {
            options.put("fingerprint", a.get("fingerprint"));
        }
        return BrokerConnection.open(url, user, pw, options, worker);
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Set<String> valued = new java.util.HashSet<>(CONNECTION);
        valued.addAll(Set.of("threads", "name", "grace"));
        Args a = new Args("worker", args, valued, Set.of("gpu"));
        a.atMostPositional(0);
        int threads = a.getInt("threads", Runtime.getRuntime().availableProcessors());
        if (threads < 1 || threads > 1024) {
            throw new UsageException("worker: --threads must be 1..1024, not " + threads);
        }
        int grace = a.getInt("grace", 30);
        String gpuName = null;
        if (a.has("gpu")) {
            // a worker on the GPU queue must be able to run GPU jobs: refuse to start rather than fail every job
            org.daybreak.gpu.GpuInventory inv = org.daybreak.gpu.Gpus.inventory();
            if (!inv.usable()) {
                throw new InputException("worker: --gpu needs a usable GPU, and this machine has none: "
                        + inv.reason());
            }
            gpuName = inv.supportedDevices().get(0).name();
        }
        String name = a.get("name", InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid());
        BrokerConnection c;
        try {
            c = connect(a, true);
        } catch (IOException e) {
            throw new InputException(e.getMessage(), e);
        }
        JobRegistry registry = JobRegistry.global();
        registry.find("core.echo"); // loads the handlers of the class path
        Worker w = new Worker(c, name, threads, a.has("gpu"), registry, err);
        AtomicBoolean signalled = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            signalled.set(true);
            err.println("worker " + name + ": stopping (finishing running jobs for up to " + grace + " s)");
            boolean all = w.stop(Duration.ofSeconds(grace));
            err.println("worker " + name + ": stopped" + (all ? "" : "; unfinished jobs went back to the broker"));
            err.flush();
        }, "daybreak-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        w.start();
        err.println("worker " + name + ": serving " + (gpuName != null ? "CPU and GPU (" + gpuName + ")" : "CPU")
                + " jobs from "
                + c.url() + " with " + threads + " thread(s); kinds: " + String.join(", ", registry.kinds()));
        w.awaitStopped();
        if (!signalled.get()) {
            err.println("worker " + name + ": lost the connection to the broker at " + c.url());
            w.close();
            return 1;
        }
        return 0;
    }
}
