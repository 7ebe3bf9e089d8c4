package org.xnornet.registry;

/** A registry that is not ours, damaged, or asked for what it does not hold (a missing version, say). */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
