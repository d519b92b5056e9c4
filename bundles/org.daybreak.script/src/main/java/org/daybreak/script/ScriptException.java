package org.daybreak.script;

/**
 * A Python exception that escaped code run by {@link ScriptSession#exec} or {@link ScriptSession#eval}:
 * the Python type name ({@code "ValueError"}), its message, and the whole traceback as Python prints it.
 */
public final class ScriptException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String pythonType;
    private final String traceback;

    public ScriptException(String pythonType, String message, String traceback, Throwable cause) {
        super(pythonType + ": " + message, cause);
        this.pythonType = pythonType;
        this.traceback = traceback;
    }

    /** The Python exception's type name, e.g. {@code ZeroDivisionError}. */
    public String pythonType() {
        return pythonType;
    }

    /** The traceback text, as Python would print it. */
    public String traceback() {
        return traceback;
    }
}
