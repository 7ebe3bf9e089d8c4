package org.xnornet.infer;

/**
 * A packed model file that cannot be used: not ours, of a newer version, truncated, corrupt (its checksum) or
 * inconsistent with the model it describes. The message names the file and the fault. Unchecked, like the data
 * path's faults: no caller can repair a model file.
 */
public final class ModelFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }
}
