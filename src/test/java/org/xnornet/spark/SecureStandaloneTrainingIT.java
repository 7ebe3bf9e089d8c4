package org.xnornet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xnornet.config.ConfigException;
import org.xnornet.spark.testing.SharedSpark;
import org.xnornet.testing.ProductionSparkConf;
import org.xnornet.spark.testing.StandaloneCluster;

/**
 * StandaloneTrainingIT's cluster training with the production security settings of conf/spark-defaults.conf on:
 * authentication (master, workers and driver share a secret made for this run; executors get it from their worker),
 * AES network encryption without SASL fallback, and IO encryption. Registering with the master at all proves the
 * daemons authenticate too; the executors report their own settings; the final state equals the local run's, bit for
 * bit. The direct transport is refused on this cluster before training starts.
 */
class SecureStandaloneTrainingIT {
    static float[] reference;
    static StandaloneCluster cluster;
    static SparkSession spark;

    /** The security lines of the production conf/spark-defaults.conf. */
    static Map<String, String> productionSecurity() {
        Map<String, String> out = new TreeMap<>(ProductionSparkConf.properties());
        out.keySet().removeIf(k -> !k.startsWith("spark.authenticate") && !k.startsWith("spark.network.")
                && !k.startsWith("spark.io.encryption"));
        return out;
    }

    @BeforeAll
    static void referenceAndSecureCluster() throws Exception {
        reference = TrainJob.run(SharedSpark.session(), StandaloneTrainingIT.settings()).state();
        StandaloneCluster.stopActiveSessions();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Map<String, String> security = productionSecurity();
        assertEquals(Map.of("spark.authenticate", "true", "spark.network.crypto.enabled", "true",
                "spark.network.crypto.saslFallback", "false", "spark.io.encryption.enabled", "true"), security);
        cluster = StandaloneCluster.start(2, 1, "1g",
                new StandaloneCluster.Security(Base64.getEncoder().encodeToString(secret), security));
        spark = SparkSession.builder().config(cluster.driverConf("secure-standalone-training-it")
                .set("spark.executor.cores", "1")
                .set("spark.executorEnv.OPENBLAS_NUM_THREADS", System.getenv().getOrDefault("OPENBLAS_NUM_THREADS",
                        Integer.toString(Runtime.getRuntime().availableProcessors())))).getOrCreate();
    }

    @AfterAll
    static void stop() {
        StandaloneCluster.stopSessionsAndClose(cluster);
    }

    @Test
    void secureClusterTrainingEqualsTheLocalRun() throws Exception {
        float[] state = TrainJob.run(spark, StandaloneTrainingIT.settings()).state();
        assertArrayEquals(reference, state, "secure standalone cluster vs local[2]");
        List<String> executors = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(List.of(0, 1), 2).map(i -> {
                    SecurityManager sm = SparkEnv.get().securityManager();
                    return sm.isAuthenticationEnabled() + " " + sm.isEncryptionEnabled() + " "
                            + sm.getIOEncryptionKey().isDefined();
                }).collect();
        assertEquals(List.of("true true true", "true true true"), executors,
                "authentication, network encryption, IO key on each executor");
    }

    @Test
    void theDirectTransportIsRefusedBeforeTraining() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainJob.run(spark, StandaloneTrainingIT.settings().set("transport", "direct", "test")));
        assertTrue(e.getMessage().contains("spark.network.crypto.enabled is true"), e.getMessage());
    }
}
