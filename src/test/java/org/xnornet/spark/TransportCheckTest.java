package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.xnornet.config.ConfigException;
import org.xnornet.config.Settings;

/** transport=direct is unencrypted: refused under Spark's network encryption unless direct-unencrypted=allow. */
class TransportCheckTest {
    private static Settings settings(String transport, String unencrypted) {
        return TrainJob.settings().set("transport", transport, "test").set("direct-unencrypted", unencrypted, "test");
    }

    /** The production defaults as spark-submit --properties-file reads them. */
    static SparkConf productionDefaults() throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("conf/spark-defaults.conf"))) {
            p.load(in);
        }
        SparkConf conf = new SparkConf(false);
        p.stringPropertyNames().forEach(k -> conf.set(k, p.getProperty(k).trim()));
        return conf;
    }

    @Test
    void theProductionDefaultsRefuseDirectNamingTheKeyAndTheWayOut() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainJob.checkTransport(settings("direct", "refuse"), productionDefaults()));
        for (String part : new String[] {"key 'transport'", "'direct'", "spark.network.crypto.enabled is true",
            "direct-unencrypted=allow", "transport=spark"}) {
            assertTrue(e.getMessage().contains(part), part + " in: " + e.getMessage());
        }
    }

    @Test
    void rpcSslCountsAsEncryptionToo() {
        SparkConf conf = new SparkConf(false).set("spark.ssl.rpc.enabled", "true");
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainJob.checkTransport(settings("direct", "refuse"), conf));
        assertTrue(e.getMessage().contains("spark.ssl.rpc.enabled"), e.getMessage());
    }

    @Test
    void anExplicitOptOutTheSparkTransportOrAnUnencryptedClusterStart() throws IOException {
        assertDoesNotThrow(() -> TrainJob.checkTransport(settings("direct", "allow"), productionDefaults()));
        assertDoesNotThrow(() -> TrainJob.checkTransport(settings("spark", "refuse"), productionDefaults()));
        assertDoesNotThrow(() -> TrainJob.checkTransport(settings("direct", "refuse"),
                new SparkConf(false).set("spark.network.crypto.enabled", "false")));
    }

    @Test
    void theOptOutIsAChoiceNotAnyText() {
        assertThrows(ConfigException.class, () -> settings("direct", "yes").get(SparkKeys.DIRECT_UNENCRYPTED));
    }
}
