package org.daybreak.script;

/** What became of one line pushed into a {@link ScriptSession} console. */
public enum PushResult {
    /** The line completed a statement, which ran without error. */
    DONE,
    /** The line opened or continued a block ({@code for ...:}, an open bracket): push more lines. */
    NEEDS_MORE_INPUT,
    /** The statement raised an exception (its traceback went to the error stream) or did not compile. */
    FAILED,
    /** The statement was stopped by {@link ScriptSession#interrupt()}. */
    INTERRUPTED
}
