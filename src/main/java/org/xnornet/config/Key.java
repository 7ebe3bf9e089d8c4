package org.xnornet.config;

import java.util.Objects;

/**
 * One configuration key: its name (the properties-file key, the command-line option {@code --name} and the
 * Spark property {@code spark.xnornet.name}), its type, its one default and its one line of documentation.
 * Keys that {@code definesRun} are recorded in a run folder and must be equal when a run resumes; the others
 * (where output goes, how often to log, which transport) may change between sittings.
 *
 * @param <T> the value's type
 */
public final class Key<T> {
    private final String name;
    private final ValueType<T> type;
    private final String defaultText;
    private final String doc;
    private final boolean definesRun;

    private Key(String name, ValueType<T> type, String defaultText, String doc, boolean definesRun) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.defaultText = Objects.requireNonNull(defaultText);
        this.doc = Objects.requireNonNull(doc);
        this.definesRun = definesRun;
        try {
            type.parse(defaultText);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("default '" + defaultText + "' of key " + name + " is not "
                    + type.description(), e);
        }
    }

    /** A key whose value shapes the trained model (recorded in the run folder, checked on resume). */
    public static <T> Key<T> run(String name, ValueType<T> type, String defaultText, String doc) {
        return new Key<>(name, type, defaultText, doc, true);
    }

    /** A key about how a run is carried out, free to change when it resumes. */
    public static <T> Key<T> operational(String name, ValueType<T> type, String defaultText, String doc) {
        return new Key<>(name, type, defaultText, doc, false);
    }

    public String name() {
        return name;
    }

    public ValueType<T> type() {
        return type;
    }

    public String defaultText() {
        return defaultText;
    }

    public String doc() {
        return doc;
    }

    public boolean definesRun() {
        return definesRun;
    }

    public boolean isBoolean() {
        return type.placeholder().equals("true|false");
    }

    /** The value of {@code text}; a {@link ConfigException} naming this key, the value and its source otherwise. */
    T parse(String text, String source) {
        try {
            return type.parse(text);
        } catch (IllegalArgumentException e) {
            String detail = e.getMessage() == null || e instanceof NumberFormatException ? "" : " (" + e.getMessage()
                    + ")";
            throw new ConfigException("key '" + name + "' (" + source + ") must be " + type.description() + ", was '"
                    + text + "'" + detail);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
