package org.xnornet.config;

/**
 * A configuration the user gave that cannot run: an unknown key, a value of the wrong type or range, or keys that
 * contradict each other. The message names the key, the value and where it came from.
 */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
