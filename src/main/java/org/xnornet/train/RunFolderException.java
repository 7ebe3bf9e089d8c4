package org.xnornet.train;

/**
 * A run folder that cannot take this run: it holds another run or files that are not a run, it is a file, or
 * {@code --resume} finds checkpoints of which none is valid. Nothing in the folder has been changed.
 */
public final class RunFolderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunFolderException(String message) {
        super(message);
    }
}
