package org.xnornet.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.xnornet.config.CommonKeys;
import org.xnornet.config.Settings;
import org.xnornet.spark.SparkKeys;
import org.xnornet.spark.SparkSessions;
import org.xnornet.spark.TrainJob;
import org.xnornet.train.RunFolder;

/**
 * {@code train}: distributed training on Spark (embedded {@code local[*]} unless {@code --master} or spark-submit
 * gives one). Every key is an option {@code --<key>}; precedence: defaults, then {@code --conf <file>}, then Spark
 * properties {@code spark.xnornet.<key>}, then the command line. Configuration and run folder are checked before
 * Spark starts.
 */
final class TrainCommand {
    static final String SUMMARY = "--data <parquet dataset> --model <spec> --partitions P --batch b --epochs N "
            + "--out <dir> [--resume | --overwrite] [--conf file] [--master url]";

    private TrainCommand() {
    }

    static int run(String[] args) throws Exception {
        SparkConf sparkConf = new SparkConf();
        CommandOptions.Parsed p = CommandOptions.parse(TrainJob.COMMAND, "Distributed training on Spark. Keys: "
                + "conf/xnornet-train.properties.", TrainJob.KEYS, null, args,
                SparkSessions.xnornetProperties(sparkConf));
        if (p.help()) {
            return ExitCode.OK;
        }
        Settings s = p.settings();
        TrainJob.validate(s);
        TrainJob.checkTransport(s, sparkConf);
        RunFolder folder = s.get(CommonKeys.OUT).isEmpty() ? null
                : RunFolder.open(s, TrainJob.COMMAND, SparkSessions.hadoopConf(sparkConf), System.out::println);
        if (System.getProperty("spark.ui.showConsoleProgress") == null) {
            // the trainer prints its own progress lines; Spark's stage bar would overwrite them
            System.setProperty("spark.ui.showConsoleProgress", "false");
        }
        if (System.getProperty("spark.dynamicAllocation.enabled") == null) {
            // synchronous training keeps its executors for the whole job (TrainJob warns if a session has it on)
            System.setProperty("spark.dynamicAllocation.enabled", "false");
        }
        boolean joined = SparkSession.getDefaultSession().isDefined();
        String master = s.get(SparkKeys.MASTER);
        SparkSession spark = SparkSessions.getOrCreate("xnornet train", master.isEmpty() ? null : master);
        try {
            TrainJob.Result r = TrainJob.run(spark, s, folder, System.out);
            System.out.println("trained " + r.spec() + " for " + r.rounds() + " iterations");
            if (r.val() != null) {
                System.out.println("validation: " + r.val());
            }
            if (folder != null) {
                System.out.println("run " + folder.runId() + " in " + folder.path() + ": model.xnc, metrics*.jsonl, "
                        + "checkpoints/, run.properties");
            }
            return ExitCode.OK;
        } finally {
            if (!joined) {
                spark.stop();
            }
        }
    }
}
