package org.xnornet.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.xnornet.config.CommonKeys;
import org.xnornet.config.Settings;
import org.xnornet.spark.SparkKeys;
import org.xnornet.spark.SparkSessions;
import org.xnornet.spark.ml.ScoreJob;
import org.xnornet.train.RunFolderException;

/**
 * {@code score}: batch scoring as a Spark job (embedded {@code local[*]} unless {@code --master} or spark-submit gives
 * one): a Parquet image dataset through a trained model into a Parquet folder of predictions. Keys and the output
 * folder are checked before Spark starts; an existing {@code --out} is refused unless {@code --overwrite}.
 */
final class ScoreCommand {
    static final String SUMMARY = "--model-path <model.xnc | saved Spark ML model> --data <parquet dataset> "
            + "[--split val] --out <dir> [--top-k 5] [--overwrite] [--master url]";

    private ScoreCommand() {
    }

    static int run(String[] args) throws Exception {
        SparkConf sparkConf = new SparkConf();
        CommandOptions.Parsed p = CommandOptions.parse("score", "Scores a Parquet image dataset with a trained model "
                + "on Spark and writes the predictions to Parquet.", ScoreJob.KEYS, null, args,
                SparkSessions.xnornetProperties(sparkConf));
        if (p.help()) {
            return ExitCode.OK;
        }
        Settings s = p.settings();
        ScoreJob.validate(s);
        Path out = new Path(s.get(CommonKeys.OUT));
        checkOut(out, s, SparkSessions.hadoopConf(sparkConf));
        boolean joined = SparkSession.getDefaultSession().isDefined();
        String master = s.get(SparkKeys.MASTER);
        SparkSession spark = SparkSessions.getOrCreate("xnornet score", master.isEmpty() ? null : master);
        try {
            long n = ScoreJob.run(spark, s);
            System.out.println("scored " + n + " images; predictions in " + out);
            return ExitCode.OK;
        } finally {
            if (!joined) {
                spark.stop();
            }
        }
    }

    /** Refuses an existing out without overwrite, and with it anything but an earlier score's Parquet output. */
    private static void checkOut(Path out, Settings s, Configuration conf) throws IOException {
        FileSystem fs = out.getFileSystem(conf);
        if (!fs.exists(out)) {
            return;
        }
        String where = "--out " + out + " (" + s.source(CommonKeys.OUT) + ")";
        if (!s.get(CommonKeys.OVERWRITE)) {
            throw new RunFolderException(where + " already exists; pass --overwrite to replace it, or choose a new "
                    + "folder");
        }
        List<String> foreign = new ArrayList<>();
        if (fs.getFileStatus(out).isDirectory()) {
            for (FileStatus f : fs.listStatus(out)) {
                String n = f.getPath().getName();
                if (!f.isFile() || !(n.startsWith("part-") || n.startsWith("_SUCCESS") || n.startsWith(".part-")
                        || n.startsWith("._SUCCESS"))) {
                    foreign.add(n);
                }
            }
        } else {
            foreign.add(out.getName());
        }
        if (!foreign.isEmpty()) {
            throw new RunFolderException(where + " holds files that are not Parquet predictions (" + String.join(", ",
                    foreign.subList(0, Math.min(5, foreign.size()))) + "); --overwrite replaces only an earlier "
                    + "score's output");
        }
    }
}
