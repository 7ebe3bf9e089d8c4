package org.xnornet.spark.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.xnornet.config.ConfigException;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;

/**
 * Spark ML {@link Param}s made from option-layer keys, so a Param is its key: named in camelCase
 * ({@code image-size} → {@code imageSize}), typed by the key's value (IntParam, LongParam, DoubleParam, BooleanParam,
 * Param&lt;String&gt;), documented by the key's doc line, defaulting to the key's default, and validated by the key's
 * own parser, so a bad value fails with the key's message naming the param and the value.
 */
final class KeyParams implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, Param<?>> byKey = new LinkedHashMap<>();
    private final Map<String, Object> defaults = new LinkedHashMap<>();

    /** Params owned by {@code uid}, one per key. */
    KeyParams(String uid, List<Key<?>> keys) {
        Settings at = new Settings("spark ml", List.of(new KeyGroup("params", keys)));
        for (Key<?> k : keys) {
            Object value = at.get(k);
            byKey.put(k.name(), param(uid, k, value));
            defaults.put(k.name(), value);
        }
    }

    /** Every key of {@code groups} but those named in {@code except}. */
    static List<Key<?>> keys(List<KeyGroup> groups, Key<?>... except) {
        List<Key<?>> out = new ArrayList<>();
        groups.forEach(g -> out.addAll(g.keys()));
        out.removeAll(List.of(except));
        return out;
    }

    /** Sets each Param's default (the key's) on {@code owner}. */
    @SuppressWarnings("unchecked")
    void setDefaults(Params owner) {
        byKey.forEach((name, p) -> owner.setDefault((Param<Object>) p, defaults.get(name)));
    }

    Param<?>[] params() {
        return byKey.values().toArray(Param<?>[]::new);
    }

    @SuppressWarnings("unchecked")
    <T> Param<T> of(Key<T> k) {
        Param<?> p = byKey.get(k.name());
        if (p == null) {
            throw new IllegalArgumentException("key " + k.name() + " is not a param here");
        }
        return (Param<T>) p;
    }

    /**
     * Copies {@code owner}'s params into {@code s} as key texts (those of its keys {@code s} has): the explicitly set
     * ones, or with {@code explicitOnly} false every one, defaults included.
     */
    void copyInto(Params owner, Settings s, boolean explicitOnly) {
        for (Map.Entry<String, Param<?>> e : byKey.entrySet()) {
            Param<?> p = e.getValue();
            boolean wanted = explicitOnly ? owner.isSet(p) : owner.isDefined(p);
            if (wanted && s.source(e.getKey()) != null) {
                s.set(e.getKey(), text(owner.getOrDefault(p)), "param " + p.name());
            }
        }
    }

    static String paramName(String keyName) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : keyName.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    static String text(Object value) {
        return value instanceof Double d ? java.math.BigDecimal.valueOf(d).toString() : String.valueOf(value);
    }

    private static Param<?> param(String uid, Key<?> k, Object value) {
        String name = paramName(k.name());
        String doc = k.doc() + " (key '" + k.name() + "': " + k.type().description() + ")";
        KeyValidator valid = new KeyValidator(k, name);
        if (value instanceof Integer) {
            return new IntParam(uid, name, doc, valid);
        }
        if (value instanceof Long) {
            return new LongParam(uid, name, doc, valid);
        }
        if (value instanceof Double) {
            return new DoubleParam(uid, name, doc, valid);
        }
        if (value instanceof Boolean) {
            return new BooleanParam(uid, name, doc);
        }
        if (value instanceof String) {
            return new Param<String>(uid, name, doc, valid.forText());
        }
        throw new IllegalStateException("key " + k.name() + " has a value of type " + value.getClass()
                .getSimpleName().toLowerCase(Locale.ROOT) + ", which no Spark Param holds");
    }

    /** A Param validator that parses the value as its key does; a bad value fails with the key's message. */
    static final class KeyValidator extends scala.runtime.AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final transient Key<?> key;
        private final String keyName;
        private final String param;

        KeyValidator(Key<?> key, String param) {
            this.key = key;
            this.keyName = key.name();
            this.param = param;
        }

        @Override
        public Object apply(Object value) {
            if (key == null) {
                return true; // deserialized on an executor: the value was checked when it was set
            }
            try {
                new Settings("spark ml", List.of(new KeyGroup(keyName, List.of(key)))).set(keyName, text(value),
                        "param " + param);
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return true;
        }

        @SuppressWarnings("unchecked")
        scala.Function1<String, Object> forText() {
            return (scala.Function1<String, Object>) (scala.Function1<?, Object>) this;
        }
    }
}
