package org.xnornet.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.spark.SparkConf;

/** The production conf/spark-defaults.conf as spark-submit --properties-file reads it (Java properties, trimmed). */
public final class ProductionSparkConf {
    private ProductionSparkConf() {
    }

    /** Every property of the file, by key. */
    public static Map<String, String> properties() {
        Properties p = new Properties();
        Path file = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("conf/spark-defaults.conf");
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    /** The properties as a Spark configuration (no system properties). */
    public static SparkConf sparkConf() {
        SparkConf conf = new SparkConf(false);
        properties().forEach(conf::set);
        return conf;
    }
}
