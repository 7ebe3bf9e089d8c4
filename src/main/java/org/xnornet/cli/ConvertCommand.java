package org.xnornet.cli;

import java.io.IOException;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.xnornet.config.CommonKeys;
import org.xnornet.config.ConfigException;
import org.xnornet.config.KeyGroup;
import org.xnornet.data.DataKeys;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.spark.ConvertJob;
import org.xnornet.spark.ConvertKeys;
import org.xnornet.spark.ConvertOptions;
import org.xnornet.spark.SparkKeys;
import org.xnornet.spark.SparkSessions;

/**
 * {@code convert ilsvrc|idx}: a source dataset into our Parquet layout, as a Spark job (embedded
 * {@code local[*]} unless a master is given here or by spark-submit).
 */
final class ConvertCommand {
    static final String SUMMARY = "convert ilsvrc|idx --source <dir> --out <dir> [--resize 256] [--quality 0.9] "
            + "[--files N | --file-mb 256] [--row-group-mb 128] [--row-group-rows N] [--seed 0] [--overwrite] "
            + "[--max-bad-fraction 0.001] [--val-labels <file>] [--val-synsets <file>] [--train-limit N] "
            + "[--val-limit N] [--master <url>]";
    static final List<KeyGroup> KEYS = List.of(ConvertKeys.CONVERT, CommonKeys.OUTPUT, DataKeys.ORDER,
            DataKeys.BAD_IMAGES, DataKeys.LIMIT, SparkKeys.SESSION);

    private ConvertCommand() {
    }

    static int run(String[] args) throws IOException {
        SparkConf sparkConf = new SparkConf();
        CommandOptions.Parsed p = CommandOptions.parse("convert", "Converts an image dataset (ilsvrc: an ILSVRC2012 "
                + "folder; idx: MNIST-family IDX files) to Parquet.", KEYS, "ilsvrc|idx", args,
                SparkSessions.xnornetProperties(sparkConf));
        if (p.help()) {
            return ExitCode.OK;
        }
        String kind = p.positional();
        if (kind == null || !(kind.equals("ilsvrc") || kind.equals("idx"))) {
            throw new ConfigException("convert needs a source kind first, ilsvrc or idx" + (kind == null ? ""
                    : ", was '" + kind + "'") + ": " + SUMMARY);
        }
        ConvertOptions options = ConvertOptions.from(p.settings());
        boolean joined = SparkSession.getDefaultSession().isDefined();
        String master = p.settings().get(SparkKeys.MASTER);
        SparkSession spark = SparkSessions.getOrCreate("xnornet convert " + kind, master.isEmpty() ? null : master);
        try {
            DatasetManifest m = kind.equals("ilsvrc") ? ConvertJob.ilsvrc(spark, options)
                    : ConvertJob.idx(spark, options);
            m.splits().forEach((name, s) -> System.out.printf("%s: %d images in %d files, %d bad%n", name, s.images(),
                    s.files(), s.bad()));
            m.badFiles().forEach(b -> System.out.println("bad " + b.split() + " " + b.path() + ": " + b.reason()));
            System.out.println("wrote " + options.out() + " (" + m.classes().size() + " classes)");
            return ExitCode.OK;
        } finally {
            if (!joined) {
                spark.stop();
            }
        }
    }
}
