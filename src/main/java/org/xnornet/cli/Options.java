package org.xnornet.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --key value} and {@code --flag} command-line options. Unknown keys and malformed values fail with
 * a message naming the option.
 */
final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();

    Options(String[] args, int from, Set<String> known, Set<String> flags) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "': options look like --key value");
            }
            String key = a.substring(2);
            String value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (!known.contains(key) && !flags.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: --" + String.join(", --",
                        new java.util.TreeSet<>(union(known, flags))));
            }
            if (flags.contains(key)) {
                values.put(key, value == null ? "true" : value);
            } else {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("option --" + key + " needs a value");
                    }
                    value = args[++i];
                }
                values.put(key, value);
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }

    String get(String key, String def) {
        return values.getOrDefault(key, def);
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
    }

    int getInt(String key, int def) {
        return parse(key, def, Integer::valueOf, "an integer");
    }

    long getLong(String key, long def) {
        return parse(key, def, Long::valueOf, "an integer");
    }

    double getDouble(String key, double def) {
        return parse(key, def, Double::valueOf, "a number");
    }

    float getFloat(String key, float def) {
        return parse(key, def, Float::valueOf, "a number");
    }

    private <T> T parse(String key, T def, java.util.function.Function<String, T> parser, String kind) {
        String v = values.get(key);
        try {
            return v == null ? def : parser.apply(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + key + " must be " + kind + ", was '" + v + "'");
        }
    }
}
