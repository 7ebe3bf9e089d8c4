package org.xnornet.registry;

/** Another run holds the registry's lock and it has not expired. */
public final class LockHeldException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public LockHeldException(String message) {
        super(message);
    }
}
