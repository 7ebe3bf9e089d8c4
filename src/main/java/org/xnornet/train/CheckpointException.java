package org.xnornet.train;

import java.io.IOException;

/** A checkpoint or model file that cannot be read: not ours, a newer version, truncated or corrupt. */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }
}
