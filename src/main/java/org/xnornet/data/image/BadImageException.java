package org.xnornet.data.image;

/**
 * The bytes are not a usable image: empty, of an unknown format, truncated or corrupt. Checked, so a data
 * pipeline decides per file whether to skip and count or to stop; the message reads
 * {@code "<source>: <reason>"}, e.g. {@code "n01440764/x.JPEG: truncated JPEG (premature end of data)"}.
 */
public final class BadImageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String reason;

    public BadImageException(String source, String reason) {
        this(source, reason, null);
    }

    public BadImageException(String source, String reason, Throwable cause) {
        super(source + ": " + reason, cause);
        this.source = source;
        this.reason = reason;
    }

    /** Where the bytes came from (a file name or a row key), as given to the decoder. */
    public String source() {
        return source;
    }

    /** Why the bytes were rejected, without the source. */
    public String reason() {
        return reason;
    }
}
