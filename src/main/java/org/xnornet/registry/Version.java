package org.xnornet.registry;

import java.time.Instant;
import java.util.Properties;

/**
 * One immutable version of the registry, as its {@code version.properties} describes it: its number, the version it
 * was trained from (0: from scratch), the run that made it, when, the data it was trained on, and its accuracy on the
 * holdout when it was made. The folder also holds {@link ModelRegistry#MODEL} (the trainer's model.xnc),
 * {@link ModelRegistry#PACKED} (the packed model), {@link ModelRegistry#SETTINGS} (the run's keys) and the data and
 * holdout snapshots.
 */
public record Version(int number, String path, int parent, String run, Instant created, String data,
                      String holdoutSplit, double holdoutAccuracy, long holdoutImages) {

    /** The folder name of version {@code n}. */
    public static String folderName(int n) {
        return String.format(java.util.Locale.ROOT, "v%06d", n);
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("version", Integer.toString(number));
        p.setProperty("parent", Integer.toString(parent));
        p.setProperty("run", run);
        p.setProperty("created", created.toString());
        p.setProperty("data", data);
        p.setProperty("holdout.split", holdoutSplit);
        p.setProperty("holdout.accuracy", Double.toString(holdoutAccuracy));
        p.setProperty("holdout.images", Long.toString(holdoutImages));
        return p;
    }

    static Version of(Properties p, String path, String source) {
        try {
            return new Version(Integer.parseInt(p.getProperty("version")), path,
                    Integer.parseInt(p.getProperty("parent")), p.getProperty("run"),
                    Instant.parse(p.getProperty("created")), p.getProperty("data"), p.getProperty("holdout.split"),
                    Double.parseDouble(p.getProperty("holdout.accuracy")),
                    Long.parseLong(p.getProperty("holdout.images")));
        } catch (RuntimeException e) {
            throw new RegistryException(source + " is not a version description of ours (keys version, parent, run, "
                    + "created, data, holdout.*): " + e.getMessage());
        }
    }
}
