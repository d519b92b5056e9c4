package org.daybreak.core.cli;

/** A command line the program cannot understand: unknown option, missing value. Exit code 2. */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
