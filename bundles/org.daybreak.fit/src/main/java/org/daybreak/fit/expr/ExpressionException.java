package org.daybreak.fit.expr;

/**
 * A model or tie expression that cannot be parsed. {@link #column()} is the 1-based character position of the
 * problem in the expression text; the message names it ("unexpected ')' at column 14").
 */
public class ExpressionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int column;

    public ExpressionException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** 1-based column of the offending character (one past the end for a premature end). */
    public int column() {
        return column;
    }
}
