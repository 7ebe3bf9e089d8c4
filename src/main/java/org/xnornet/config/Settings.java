package org.xnornet.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A command's resolved configuration: every key of its groups, each with its value, its text and where it came from.
 * Sources apply lowest first — defaults, a properties file, Spark properties, the command line — and every value is
 * parsed and range-checked as it arrives, so a bad one fails before anything runs. Serializable by value (key names,
 * texts and parsed values), so it can travel to Spark executors.
 */
public final class Settings implements Serializable {
    private static final long serialVersionUID = 2L;

    private final String command;
    private final transient Map<String, Key<?>> keys = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    /** Defaults of every key of {@code groups}; {@code command} names the command in messages. */
    public Settings(String command, List<KeyGroup> groups) {
        this.command = command;
        for (KeyGroup g : groups) {
            for (Key<?> k : g.keys()) {
                if (keys.put(k.name(), k) != null) {
                    throw new IllegalStateException("key " + k.name() + " is declared twice for " + command);
                }
                values.put(k.name(), k.parse(k.defaultText(), "default"));
                texts.put(k.name(), k.defaultText());
                sources.put(k.name(), "default");
            }
        }
    }

    public String command() {
        return command;
    }

    /** Sets key {@code name} to {@code text} from {@code source} (e.g. "--batch", "conf/x.properties"). */
    public Settings set(String name, String text, String source) {
        Key<?> k = keys.get(name);
        if (k == null) {
            throw new ConfigException("unknown key '" + name + "' (" + source + ") for " + command + suggestion(name)
                    + "; known keys: " + String.join(", ", new TreeSet<>(keys.keySet())));
        }
        values.put(name, k.parse(text, source));
        texts.put(name, text.trim());
        sources.put(name, source);
        return this;
    }

    /** Applies a properties file; every key in it must be one of this command's. */
    public Settings loadFile(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        List<String> names = new ArrayList<>(p.stringPropertyNames());
        Collections.sort(names);
        for (String name : names) {
            set(name, p.getProperty(name), file.toString());
        }
        return this;
    }

    /** Applies every entry of {@code entries}, each from source {@code sourcePrefix + name}. */
    public Settings loadAll(Map<String, String> entries, String sourcePrefix) {
        new TreeSet<>(entries.keySet()).forEach(name -> set(name, entries.get(name), sourcePrefix + name));
        return this;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> k) {
        Object v = values.get(k.name());
        if (v == null && !values.containsKey(k.name())) {
            throw new IllegalStateException("key " + k.name() + " is not a setting of " + command);
        }
        return (T) v;
    }

    /** The value as text, trimmed, as given. */
    public String text(Key<?> k) {
        get(k);
        return texts.get(k.name());
    }

    public String source(Key<?> k) {
        get(k);
        return sources.get(k.name());
    }

    /** Where key {@code name}'s value came from ("default", a file, "--name", a Spark property). */
    public String source(String name) {
        return sources.get(name);
    }

    public boolean has(Key<?> k) {
        return values.containsKey(k.name());
    }

    /** Fails naming the key, its source and its value when a condition across keys does not hold. */
    public void require(boolean ok, Key<?> k, String what) {
        if (!ok) {
            throw new ConfigException("key '" + k.name() + "' (" + source(k) + ", value '" + text(k) + "') " + what);
        }
    }

    /** The text of every key that defines the run, in declaration order (what a run folder records). */
    public Map<String, String> runDefining() {
        Map<String, String> out = new LinkedHashMap<>();
        keys.values().stream().filter(Key::definesRun).forEach(k -> out.put(k.name(), texts.get(k.name())));
        return out;
    }

    private String suggestion(String name) {
        String best = null;
        int bestDistance = 3;
        for (String k : keys.keySet()) {
            int d = editDistance(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
