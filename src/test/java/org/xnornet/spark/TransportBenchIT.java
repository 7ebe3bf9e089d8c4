package org.xnornet.spark;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xnornet.spark.testing.StandaloneCluster;

/**
 * Benchmark, not a test (runs only with {@code -Dxnornet.bench=true}): what Spark itself needs to move a
 * ResNet-18-sized state (93.6 MB) on a local standalone cluster of two executors — a broadcast read by both, and
 * two such task results collected — with no training around it. Command: {@code mvn -B verify -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=TransportBenchIT -Dxnornet.bench=true}.
 */
@EnabledIfSystemProperty(named = "xnornet.bench", matches = "true")
class TransportBenchIT {
    @Test
    void stateSizedTransfers() throws Exception {
        StandaloneCluster.stopActiveSessions();
        try (StandaloneCluster cluster = StandaloneCluster.start(2, 1, "2g")) {
            var conf = cluster.driverConf("probe");
            for (String kv : System.getProperty("xnornet.bench.conf", "").split(",")) {
                if (kv.contains("=")) {
                    conf.set(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            for (int i = 0; i < 6; i++) {
                byte[] state = new byte[93_605_184];
                state[i] = 1;
                long t0 = System.nanoTime();
                Broadcast<byte[]> bc = jsc.broadcast(state);
                long t1 = System.nanoTime();
                List<String> r = jsc.parallelize(List.of(0, 1), 2).map(p -> {
                    long f0 = System.nanoTime();
                    byte[] v = bc.value();
                    long f1 = System.nanoTime();
                    return String.format("fetch %.3f s (%d)", (f1 - f0) / 1e9, v.length);
                }).collect();
                long t2 = System.nanoTime();
                List<Integer> back = jsc.parallelize(List.of(0, 1), 2).map(p -> new byte[93_605_184].length).collect();
                long t3 = System.nanoTime();
                var big = jsc.parallelize(List.of(0, 1), 2).map(p -> new byte[93_605_184]).collect();
                long t4 = System.nanoTime();
                System.out.printf("TRANSPORT broadcast %.3f s, job %.3f s %s; small-result job %.3f s; 2x94MB results %.3f s%n",
                        (t1 - t0) / 1e9, (t2 - t1) / 1e9, r, (t3 - t2) / 1e9, (t4 - t3) / 1e9);
                bc.destroy();
            }
            StandaloneCluster.stopActiveSessions();
        }
    }
}
