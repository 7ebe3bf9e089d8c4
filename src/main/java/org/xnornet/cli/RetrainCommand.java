package org.xnornet.cli;

import org.apache.spark.SparkConf;
import org.xnornet.config.Settings;
import org.xnornet.spark.RetrainJob;
import org.xnornet.spark.TrainJob;
import org.xnornet.spark.SparkSessions;

/**
 * {@code retrain}: one scheduled retraining run against a model registry ({@link RetrainJob}), on Spark like
 * {@code train}. Its exit code tells a scheduler what happened: 0 promoted, 10 not promoted, 11 nothing new, 12 lock
 * held, 2 bad configuration, 3 bad data or registry, 5 training failed, 6 I/O.
 */
final class RetrainCommand {
    static final String SUMMARY = "--registry <dir> --data <parquet dataset> --model <spec> [--holdout-split val] "
            + "[--tolerance 0.005] [--epochs N | --max-iterations N] [--conf file] [--master url]";

    private RetrainCommand() {
    }

    static int run(String[] args) throws Exception {
        SparkConf sparkConf = new SparkConf();
        CommandOptions.Parsed p = CommandOptions.parse(RetrainJob.COMMAND, "Retrains the registry's model on the data "
                + "added since CURRENT was trained, and promotes the candidate only if it is not worse on the holdout."
                + " Exit codes: 0 promoted, 10 not promoted, 11 nothing new, 12 lock held.", RetrainJob.KEYS, null,
                args, SparkSessions.xnornetProperties(sparkConf));
        if (p.help()) {
            return ExitCode.OK;
        }
        Settings s = p.settings();
        RetrainJob.validate(s);
        TrainJob.checkTransport(s, sparkConf);
        return TrainingSession.run("xnornet retrain", s, spark -> {
            RetrainJob.Result r = RetrainJob.run(spark, s, System.out);
            return switch (r.outcome()) {
                case PROMOTED -> ExitCode.OK;
                case REJECTED -> ExitCode.NOT_PROMOTED;
                case NOTHING_NEW -> ExitCode.NOTHING_NEW;
                default -> ExitCode.INTERNAL;
            };
        });
    }
}
