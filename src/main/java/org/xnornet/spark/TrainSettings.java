package org.xnornet.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Properties;

/**
 * The {@code train} job's settings, resolved once at start-up from (lowest first) the defaults, a properties
 * file ({@code --conf}, e.g. conf/xnornet-train.properties), Spark properties {@code spark.xnornet.<key>}, and
 * the command line {@code --<key> value}. Every value is checked as it arrives; errors name the key and where the
 * value came from.
 */
public final class TrainSettings implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public static final String SPARK_PREFIX = "spark.xnornet.";

    private final EnumMap<TrainKey, String> values = new EnumMap<>(TrainKey.class);
    private final EnumMap<TrainKey, String> sources = new EnumMap<>(TrainKey.class);

    public TrainSettings() {
        for (TrainKey k : TrainKey.values()) {
            values.put(k, k.defaultValue());
            sources.put(k, "default");
        }
    }

    /** Sets a key from a named source (e.g. "--batch", "spark.xnornet.batch", "conf/x.properties"). */
    public TrainSettings set(String key, String value, String source) {
        TrainKey k = TrainKey.of(key, source);
        values.put(k, k.check(value.trim(), source));
        sources.put(k, source);
        return this;
    }

    /** Applies a properties file: every key must be known. */
    public TrainSettings loadFile(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        for (String name : p.stringPropertyNames()) {
            set(name, p.getProperty(name), file.toString());
        }
        return this;
    }

    /** Applies the {@code spark.xnornet.*} properties of a Spark configuration. */
    public TrainSettings loadSpark(org.apache.spark.SparkConf conf) {
        for (scala.Tuple2<String, String> kv : conf.getAllWithPrefix(SPARK_PREFIX)) {
            set(kv._1(), kv._2(), SPARK_PREFIX + kv._1());
        }
        return this;
    }

    public String get(TrainKey k) {
        return values.get(k);
    }

    public int getInt(TrainKey k) {
        return Integer.parseInt(values.get(k).trim());
    }

    public long getLong(TrainKey k) {
        return Long.parseLong(values.get(k).trim());
    }

    public double getDouble(TrainKey k) {
        return Double.parseDouble(values.get(k).trim());
    }

    public boolean getBoolean(TrainKey k) {
        return Boolean.parseBoolean(values.get(k).trim());
    }

    public String lower(TrainKey k) {
        return values.get(k).trim().toLowerCase(Locale.ROOT);
    }

    public String source(TrainKey k) {
        return sources.get(k);
    }

    /** Fails naming the key when a required or cross-key condition does not hold. */
    public void require(boolean ok, TrainKey k, String what) {
        if (!ok) {
            throw new IllegalArgumentException("key '" + k.key() + "' (" + source(k) + ", value '" + get(k) + "') "
                    + what);
        }
    }
}
