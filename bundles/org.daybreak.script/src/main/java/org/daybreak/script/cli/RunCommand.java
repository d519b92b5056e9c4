package org.daybreak.script.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.daybreak.core.cli.InputException;
import org.daybreak.core.cli.UsageException;
import org.daybreak.core.cli.Command;
import org.daybreak.script.ScriptSession;

/**
 * {@code daybreak run SCRIPT.py [ARGS...]}: runs a Jython 2.7 script with the {@code daybreak} module and no
 * display. Exit codes: 0 when the script ends, {@code n} for {@code sys.exit(n)}, 1 when an exception escapes
 * (the Python traceback goes to stderr), 2 when the script is missing (one line).
 */
public final class RunCommand implements Command {

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run a Jython script with the daybreak scripting API, headless";
    }

    @Override
    public String usage() {
        return """
                Usage: daybreak run SCRIPT.py [ARGS...]

                Runs a Python 2.7 script in Jython with the daybreak module (arrays, HDF5/NeXus files, plots,
                fits, jobs) and no display. sys.argv is [SCRIPT.py, ARGS...]; everything after the script
                name goes to the script unchanged (options included).

                Exit code: 0 when the script ends; n for sys.exit(n); 1 when an exception escapes (its Python
                traceback is printed on stderr); 2 when the script is missing.

                Example: daybreak run examples/browse_nexus.py
                Documentation: docs/scripting.md""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        int first = 0;
        if (!args.isEmpty() && args.get(0).equals("--")) {
            first = 1;
        }
        if (args.size() <= first) {
            throw new UsageException("run: missing the script to run (daybreak run SCRIPT.py [ARGS...])");
        }
        String name = args.get(first);
        if (first == 0 && name.startsWith("-") && name.length() > 1) {
            throw new UsageException("run: unknown option " + name + " (the script comes first: daybreak run SCRIPT.py "
                    + "[ARGS...])");
        }
        Path script = Path.of(name);
        if (!Files.exists(script)) {
            throw new InputException("script " + name + " does not exist");
        }
        if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
            throw new InputException("script " + name + " is not a readable file");
        }
        ScriptSession.Options options = new ScriptSession.Options()
                .out(text -> {
                    out.print(text);
                    out.flush();
                })
                .err(text -> {
                    err.print(text);
                    err.flush();
                })
                .executor(Runnable::run)
                .importDaybreak(false);
        try (ScriptSession session = ScriptSession.create(options)) {
            return session.runFile(script, args.subList(first + 1, args.size())).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
