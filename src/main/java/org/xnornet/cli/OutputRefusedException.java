package org.xnornet.cli;

/** An output file the command will not write: it exists and {@code --overwrite} was not given (exit code 4). */
final class OutputRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputRefusedException(String message) {
        super(message);
    }
}
