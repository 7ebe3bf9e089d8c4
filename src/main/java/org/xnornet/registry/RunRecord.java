package org.xnornet.registry;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One entry of the registry's history: a retraining run or an operator's action, what it was, how it ended and why.
 * A run writes its record when it starts ({@link Outcome#RUNNING}) and replaces it when it ends, so a run that was
 * killed stays RUNNING until the next run takes over its expired lock and marks it {@link Outcome#FAILED}.
 */
public record RunRecord(String run, String action, Instant started, Instant ended, Outcome outcome, int version,
                        int current, String reason, Map<String, String> details) {
    /** How a run ended. */
    public enum Outcome {
        RUNNING, PROMOTED, REJECTED, NOTHING_NEW, FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public RunRecord {
        details = Map.copyOf(details);
    }

    /** A record for a run that just started. */
    public static RunRecord started(String run, String action, int current) {
        return new RunRecord(run, action, Instant.now(), null, Outcome.RUNNING, 0, current, "", Map.of());
    }

    /** This record ended now with {@code outcome}, for {@code version} (0: none), because of {@code reason}. */
    public RunRecord end(Outcome outcome, int version, String reason, Map<String, String> more) {
        Map<String, String> d = new TreeMap<>(details);
        d.putAll(more);
        return new RunRecord(run, action, started, Instant.now(), outcome, version, current, reason, d);
    }

    /** The file name of this record in {@code history/}: start time first, so names sort in time order. */
    String fileName() {
        return started.toString().replace(":", "") + "-" + run + ".properties";
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("run", run);
        p.setProperty("action", action);
        p.setProperty("started", started.toString());
        if (ended != null) {
            p.setProperty("ended", ended.toString());
        }
        p.setProperty("outcome", outcome.label());
        p.setProperty("version", Integer.toString(version));
        p.setProperty("current", Integer.toString(current));
        p.setProperty("reason", reason);
        details.forEach((k, v) -> p.setProperty("detail." + k, v));
        return p;
    }

    static RunRecord of(Properties p, String source) {
        try {
            Map<String, String> d = new TreeMap<>();
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith("detail.")) {
                    d.put(k.substring("detail.".length()), p.getProperty(k));
                }
            }
            String ended = p.getProperty("ended");
            return new RunRecord(p.getProperty("run"), p.getProperty("action"), Instant.parse(p.getProperty("started")),
                    ended == null ? null : Instant.parse(ended),
                    Outcome.valueOf(p.getProperty("outcome").toUpperCase(Locale.ROOT).replace('-', '_')),
                    Integer.parseInt(p.getProperty("version")), Integer.parseInt(p.getProperty("current")),
                    p.getProperty("reason", ""), d);
        } catch (RuntimeException e) {
            throw new RegistryException(source + " is not a history record of ours (keys run, action, started, "
                    + "outcome, version, current): " + e.getMessage());
        }
    }
}
