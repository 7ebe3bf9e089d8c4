package org.xnornet.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.xnornet.spark.SparkSessions;
import org.xnornet.spark.TrainJob;
import org.xnornet.spark.TrainKey;
import org.xnornet.spark.TrainSettings;

/**
 * {@code train}: distributed training on Spark (embedded {@code local[*]} unless {@code --master} or spark-submit
 * gives one). Every key of conf/xnornet-train.properties is an option {@code --<key>}; precedence: defaults, then
 * {@code --conf <file>}, then Spark properties {@code spark.xnornet.<key>}, then the command line.
 */
final class TrainCommand {
    static final String SUMMARY = "--data <parquet dataset> --model <spec> --partitions P --batch b --epochs N "
            + "--out <dir> [--resume] [--conf file] [--master url]; keys: conf/xnornet-train.properties";

    private TrainCommand() {
    }

    static int run(String[] args) throws Exception {
        Set<String> keys = new HashSet<>(Set.of("conf", "master"));
        Set<String> flags = new HashSet<>();
        for (TrainKey k : TrainKey.values()) {
            (k.defaultValue().equals("false") ? flags : keys).add(k.key());
        }
        Options o = new Options(args, 0, keys, flags);
        TrainSettings settings = new TrainSettings();
        if (o.get("conf", null) != null) {
            settings.loadFile(Path.of(o.get("conf", null)));
        }
        settings.loadSpark(new SparkConf());
        for (TrainKey k : TrainKey.values()) {
            String v = o.get(k.key(), null);
            if (v != null) {
                settings.set(k.key(), v, "--" + k.key());
            }
        }
        if (System.getProperty("spark.ui.showConsoleProgress") == null) {
            // the trainer draws its own progress line in a terminal; Spark's stage bar would overwrite it
            System.setProperty("spark.ui.showConsoleProgress", "false");
        }
        if (System.getProperty("spark.dynamicAllocation.enabled") == null) {
            // synchronous training keeps its executors for the whole job (TrainJob warns if a session has it on)
            System.setProperty("spark.dynamicAllocation.enabled", "false");
        }
        boolean joined = SparkSession.getDefaultSession().isDefined();
        SparkSession spark = SparkSessions.getOrCreate("xnornet train", o.get("master", null));
        try {
            TrainJob.Result r = TrainJob.run(spark, settings);
            System.out.println("trained " + r.spec() + " for " + r.rounds() + " iterations");
            if (r.val() != null) {
                System.out.println("validation: " + r.val());
            }
            if (!settings.get(TrainKey.OUT).isEmpty()) {
                System.out.println("model " + settings.get(TrainKey.OUT) + "/model.xnc, metrics "
                        + settings.get(TrainKey.OUT) + "/metrics*.jsonl, checkpoints " + settings.get(TrainKey.OUT)
                        + "/checkpoints");
            }
            return 0;
        } finally {
            if (!joined) {
                spark.stop();
            }
        }
    }
}
