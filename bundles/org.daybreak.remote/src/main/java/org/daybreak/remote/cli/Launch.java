package org.daybreak.remote.cli;

import java.util.Arrays;
import java.util.List;

import org.daybreak.core.cli.Command;
import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;

/**
 * Runs {@code broker}, {@code worker} or {@code jobs} without the command-line bundle (tests start real worker and
 * broker processes with it on the bundle's own class path). User errors: one line, exit 2.
 */
public final class Launch {
    private Launch() {
    }

    public static void main(String[] argv) {
        List<String> args = Arrays.asList(argv);
        Command c = switch (args.isEmpty() ? "" : args.get(0)) {
            case "broker" -> new BrokerCommand();
            case "worker" -> new WorkerCommand();
            case "jobs" -> new JobsCommand();
            default -> null;
        };
        if (c == null) {
            System.err.println("usage: Launch broker|worker|jobs ARGS...");
            System.exit(2);
        }
        int code;
        try {
            code = c.run(args.subList(1, args.size()), System.out, System.err);
        } catch (UsageException | InputException e) {
            System.err.println("daybreak " + c.name() + ": " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }
}
