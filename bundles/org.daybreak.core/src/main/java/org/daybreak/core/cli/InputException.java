package org.daybreak.core.cli;

/**
 * Input the program cannot use: a missing, corrupt or wrong-shaped file, a bad path inside it. Exit code 2.
 * The message is one sentence naming the thing and the reason.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
