package org.xnornet.cli;

import org.apache.spark.sql.SparkSession;
import org.xnornet.config.Settings;
import org.xnornet.spark.SparkKeys;
import org.xnornet.spark.SparkSessions;

/**
 * The Spark session of the training commands ({@code train}, {@code retrain}): the master of key 'master', or the
 * session spark-submit or a caller already made, which is then left running; its console progress bar off (the
 * trainer prints its own lines) and dynamic allocation off (synchronous training keeps its executors for the whole
 * job; TrainJob warns if a session has it on), unless the user set them.
 */
final class TrainingSession {
    /** What runs in the session. */
    interface Body {
        int run(SparkSession spark) throws Exception;
    }

    private TrainingSession() {
    }

    static int run(String appName, Settings s, Body body) throws Exception {
        if (System.getProperty("spark.ui.showConsoleProgress") == null) {
            System.setProperty("spark.ui.showConsoleProgress", "false");
        }
        if (System.getProperty("spark.dynamicAllocation.enabled") == null) {
            System.setProperty("spark.dynamicAllocation.enabled", "false");
        }
        boolean joined = SparkSession.getDefaultSession().isDefined();
        String master = s.get(SparkKeys.MASTER);
        SparkSession spark = SparkSessions.getOrCreate(appName, master.isEmpty() ? null : master);
        try {
            return body.run(spark);
        } finally {
            if (!joined) {
                spark.stop();
            }
        }
    }
}
