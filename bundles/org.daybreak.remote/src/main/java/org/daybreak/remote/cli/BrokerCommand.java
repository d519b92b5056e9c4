package org.daybreak.remote.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.daybreak.core.cli.Args;
import org.daybreak.core.cli.Command;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.daybreak.remote.broker.DaybreakBroker;

/** {@code daybreak broker}: a standalone broker in the foreground until SIGTERM. */
public final class BrokerCommand implements Command {
    @Override
    public String name() {
        return "broker";
    }

    @Override
    public String summary() {
        return "run a job broker (ActiveMQ Artemis) for remote workers, in the foreground";
    }

    @Override
    public String usage() {
        return """
                Usage: daybreak broker --data DIR [--host H] [--port P] [--tls] [--users FILE] [--insecure]
                                       [--max-attempts N]

                Runs a broker for remote workers until SIGTERM (or Ctrl-C) and prints 'broker ready at URL' once it
                accepts connections. Its journal (queued jobs survive a restart), accounts, TLS material and the
                job records live in DIR.
                  --host H          address to listen on (default 127.0.0.1); anything but loopback needs --tls
                                    unless --insecure is given
                  --port P          TCP port (default 61616; 0 picks a free one)
                  --tls             serve TLS; a certificate is made at first start (DIR/tls/broker.pem) and its
                                    SHA-256 fingerprint printed: clients pin it with --fingerprint or trust the PEM
                  --users FILE      accounts, one per line: NAME PASSWORD ROLE[,ROLE...] (roles submit, work,
                                    admin); without it one 'admin' account is made, its password in
                                    DIR/admin.password (mode 600)
                  --max-attempts N  deliveries before a job whose workers died goes to the dead-letter queue (3)
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Args a = new Args("broker", args, Set.of("data", "host", "port", "users", "max-attempts"),
                Set.of("tls", "insecure"));
        a.atMostPositional(0);
        Path dir = Path.of(a.require("data"));
        int port = a.getInt("port", 61616);
        if (port < 0 || port > 65535) {
            throw new UsageException("broker: --port must be 0..65535, not " + port);
        }
        int attempts = a.getInt("max-attempts", 3);
        if (attempts < 1) {
            throw new UsageException("broker: --max-attempts must be at least 1");
        }
        DaybreakBroker.Settings s = new DaybreakBroker.Settings(dir, a.get("host", "127.0.0.1"), port, a.has("tls"),
                a.has("users") ? Path.of(a.get("users")) : null, a.has("insecure"), attempts);
        DaybreakBroker broker;
        try {
            broker = DaybreakBroker.start(s, true);
        } catch (java.io.IOException e) {
            throw new InputException(e.getMessage(), e);
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "daybreak-broker-stop"));
        if (broker.accounts().note() != null) {
            err.println("broker: " + broker.accounts().note());
        }
        if (broker.fingerprint() != null) {
            out.println("broker TLS certificate SHA-256 fingerprint " + broker.fingerprint());
            out.println("broker certificate for clients' trust: " + dir.toAbsolutePath().resolve("tls/broker.pem"));
        }
        out.println("broker ready at " + broker.url());
        out.flush();
        stop.await();
        err.println("broker: stopping");
        broker.close();
        stopped.countDown();
        return 0;
    }
}
