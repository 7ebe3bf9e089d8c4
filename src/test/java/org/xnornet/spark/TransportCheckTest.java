package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.xnornet.config.ConfigException;
import org.xnornet.config.Settings;
import org.xnornet.testing.ProductionSparkConf;

/** transport=direct is unencrypted: refused under Spark's network encryption unless direct-unencrypted=allow. */
class TransportCheckTest {
    private static Settings settings(String transport, String unencrypted) {
        return TrainJob.settings().set("transport", transport, "test").set("direct-unencrypted", unencrypted, "test");
    }

    @Test
    void theProductionDefaultsRefuseDirectNamingTheKeyAndTheWayOut() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainJob.checkTransport(settings("direct", "refuse"), ProductionSparkConf.sparkConf()));
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
    void anExplicitOptOutTheSparkTransportOrAnUnencryptedClusterStart() {
        assertDoesNotThrow(() -> TrainJob.checkTransport(settings("direct", "allow"), ProductionSparkConf.sparkConf()));
        assertDoesNotThrow(() -> TrainJob.checkTransport(settings("spark", "refuse"), ProductionSparkConf.sparkConf()));
        assertDoesNotThrow(() -> TrainJob.checkTransport(settings("direct", "refuse"),
                new SparkConf(false).set("spark.network.crypto.enabled", "false")));
    }

    @Test
    void theOptOutIsAChoiceNotAnyText() {
        assertThrows(ConfigException.class, () -> settings("direct", "yes").get(SparkKeys.DIRECT_UNENCRYPTED));
    }
}
