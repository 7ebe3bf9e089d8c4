package org.xnornet.spark;

import java.util.List;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.ValueType;

/** The keys only Spark jobs have: the session's master and how the distributed trainer spreads and syncs work. */
public final class SparkKeys {
    private SparkKeys() {
    }

    public static final Key<String> MASTER = Key.operational("master", ValueType.text("URL"), "",
            "Spark master (empty: spark-submit's, else spark.master, else embedded local[*])");

    public static final Key<Integer> PARTITIONS = Key.run("partitions", ValueType.integer(0, 1 << 16), "0",
            "workers P, each one partition (0: the cluster's task slots)");
    public static final Key<Integer> AVERAGE_EVERY = Key.run("average-every", ValueType.integer(1, 1 << 20), "1",
            "local steps between averages k (1: synchronous every iteration)");
    public static final Key<String> EXCHANGE = Key.run("exchange", ValueType.choice("state", "gradients"), "state",
            "what workers return: their whole state, averaged (the design's default), or gradients and BN "
            + "statistics, averaged and applied by the driver's optimiser (half the bytes back; exact for Adam and "
            + "clipping too; needs average-every 1)");
    public static final Key<String> TRANSPORT = Key.operational("transport", ValueType.choice("spark", "direct"), "spark",
            "how vectors travel: spark (a broadcast out, a tree aggregation back: scales to many executors, uses "
            + "Spark's authentication and encryption) or direct (one TCP connection per task to the driver, summed as "
            + "they arrive: several times cheaper on small clusters, token-checked but unencrypted)");
    public static final Key<Integer> DIRECT_PORT = Key.operational("direct-port", ValueType.integer(0, 65535), "0",
            "driver port of transport=direct (0: any free port)");
    public static final Key<String> DIRECT_UNENCRYPTED = Key.operational("direct-unencrypted",
            ValueType.choice("refuse", "allow"), "refuse",
            "transport=direct under Spark network encryption (spark.network.crypto.enabled or spark.ssl.rpc.enabled): "
            + "refuse to start, or allow the vectors to travel in plain TCP (only on a network you trust)");
    public static final Key<String> SLOTS = Key.operational("slots", ValueType.choice("warn", "fail"), "warn",
            "when the cluster has fewer task slots than partitions: warn or fail");
    public static final Key<Integer> SLOTS_WAIT = Key.operational("slots-wait-seconds", ValueType.integer(0, 86400),
            "30", "how long to wait for executors to register before the slot check");

    public static final KeyGroup SESSION = new KeyGroup("spark", List.of(MASTER));
    public static final KeyGroup TRAINING = new KeyGroup("distributed training", List.of(PARTITIONS, AVERAGE_EVERY,
            EXCHANGE, TRANSPORT, DIRECT_PORT, DIRECT_UNENCRYPTED, SLOTS, SLOTS_WAIT));
}
