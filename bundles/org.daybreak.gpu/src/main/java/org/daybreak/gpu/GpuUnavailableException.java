package org.daybreak.gpu;

import org.daybreak.core.cli.InputException;

/**
 * A GPU was asked for ({@code --device gpu}, {@code device=gpu}) but none is usable. A user error in the sense of
 * the command line: one line, exit code 2.
 */
public final class GpuUnavailableException extends InputException {
    private static final long serialVersionUID = 1L;

    public GpuUnavailableException(String message) {
        super(message);
    }
}
