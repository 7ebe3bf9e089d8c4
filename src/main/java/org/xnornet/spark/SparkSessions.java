package org.xnornet.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts (or joins) the SparkSession every job uses: the master from {@code spark-submit} or
 * {@code spark.master} when given, embedded {@code local[*]} otherwise; Kryo with our registrator.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /** A session named {@code appName}; {@code master} (may be null) overrides the configured master. */
    public static SparkSession getOrCreate(String appName, String master) {
        SparkConf conf = new SparkConf();
        configure(conf);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            // Local mode runs the tasks in this JVM, and Spark's executor answers an out-of-memory error in a task by
            // exiting the JVM (code 52) while the job's failure reaches our error line: depth 0 lets the task fail
            // alone, and the launcher reports it with its own line and exit code (cli.ExitCode.OUT_OF_MEMORY).
            conf.setIfMissing("spark.executor.killOnFatalError.depth", "0");
        }
        return SparkSession.builder().appName(appName).config(conf).getOrCreate();
    }

    /** The {@code spark.xnornet.<key>} properties of a Spark configuration, by key (spark-submit --conf sets them). */
    public static java.util.Map<String, String> xnornetProperties(SparkConf conf) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (scala.Tuple2<String, String> kv : conf.getAllWithPrefix(SPARK_PREFIX)) {
            out.put(kv._1(), kv._2());
        }
        return out;
    }

    /** The prefix of our keys among Spark properties. */
    public static final String SPARK_PREFIX = "spark.xnornet.";

    /**
     * The Hadoop configuration a job will have, without starting Spark: Hadoop's own files plus every
     * {@code spark.hadoop.*} property, as Spark builds it (so run folders are checked before the session starts).
     */
    public static org.apache.hadoop.conf.Configuration hadoopConf(SparkConf conf) {
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        for (scala.Tuple2<String, String> kv : conf.getAllWithPrefix("spark.hadoop.")) {
            hadoop.set(kv._1(), kv._2());
        }
        return hadoop;
    }

    /** The settings our jobs need whatever the master: Kryo and the registrator of our wire classes. */
    public static void configure(SparkConf conf) {
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.setIfMissing("spark.kryo.registrator", KryoRegistrator.class.getName());
        conf.setIfMissing("spark.ui.showConsoleProgress", "true");
        // The training state travels as one array (94 MB for ResNet-18 with momentum): Kryo's default 64 MB buffer
        // limit and the 1 GB cap on results a job returns to the driver are too small for large models.
        conf.setIfMissing("spark.kryoserializer.buffer.max", "1g");
        conf.setIfMissing("spark.driver.maxResultSize", "4g");
        // float32 weights barely compress: LZ4 on the broadcast state costs CPU on the driver and every executor.
        conf.setIfMissing("spark.broadcast.compress", "false");
        // One OpenBLAS thread per call, as the launcher sets it for the driver: the engine then spreads GEMMs over its
        // own pool (as many threads as the executor has cores), and executors compute exactly as a local run does
        // (how a GEMM is split decides its last bits; org.xnornet.kernel.Gemm).
        conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
    }
}
