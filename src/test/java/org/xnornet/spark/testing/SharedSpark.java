package org.xnornet.spark.testing;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.xnornet.spark.SparkSessions;

/**
 * JUnit Jupiter extension, in the spirit of spark-testing-base's shared context: one local SparkSession for
 * every test class of the JVM (started on first use, stopped at exit), injected as a {@link SparkSession} or
 * {@link JavaSparkContext} parameter. Runs with Kryo and {@code registrationRequired=true}, so a class missing
 * from our registrator fails the tests.
 */
public final class SharedSpark implements ParameterResolver {
    private static SparkSession session;

    /**
     * The shared session: local[2,2] (two threads, a failed task is retried once, as on a cluster), UI off; a new
     * one if a test stopped it (e.g. for a StandaloneCluster).
     */
    public static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            SparkConf conf = new SparkConf()
                    .setMaster("local[2,2]")
                    .setAppName("xnornet-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.ui.showConsoleProgress", "false")
                    .set("spark.sql.shuffle.partitions", "4")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.kryo.registrationRequired", "true");
            SparkSessions.configure(conf);
            session = SparkSession.builder().config(conf).getOrCreate();
            session.sparkContext().setLogLevel("WARN");
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == SparkSession.class || t == JavaSparkContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        SparkSession s = session();
        return p.getParameter().getType() == SparkSession.class ? s
                : JavaSparkContext.fromSparkContext(s.sparkContext());
    }
}
