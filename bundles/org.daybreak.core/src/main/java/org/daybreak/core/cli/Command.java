package org.daybreak.core.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of {@code ./daybreak} (e.g. {@code h5}, {@code fit}). Each capability bundle holds its own
 * command and declares it in {@code META-INF/services/org.daybreak.core.cli.Command}; the command-line
 * bundle finds it there.
 *
 * <p>Contract: {@link #run} returns the process exit code (0 success). A mistake of the user (unknown option,
 * missing file, bad slice) is thrown as {@link UsageException} (exit 2) or {@link InputException} (exit 2)
 * with one sentence; the launcher prints that line alone and writes the stack trace to the log.
 */
public interface Command {

    /** The subcommand word, e.g. {@code "h5"}. */
    String name();

    /** One line for {@code ./daybreak --help}. */
    String summary();

    /** Full usage text for {@code ./daybreak NAME --help}. */
    String usage();

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
