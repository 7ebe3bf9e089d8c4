package org.xnornet.data.parquet;

/**
 * A fault in an image dataset — schema, label, class or file — whose message names the file, row, column or
 * key at fault and what was expected. Unchecked: no caller can repair a dataset mid-run.
 */
public final class ImageDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ImageDataException(String message) {
        super(message);
    }

    public ImageDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
