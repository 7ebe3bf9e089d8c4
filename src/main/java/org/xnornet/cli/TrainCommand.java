package org.xnornet.cli;

import org.apache.spark.SparkConf;
import org.xnornet.config.CommonKeys;
import org.xnornet.config.Settings;
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
        return TrainingSession.run("xnornet train", s, spark -> {
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
        });
    }
}
