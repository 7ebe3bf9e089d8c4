package org.xnornet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.spark.ConvertJob;
import org.xnornet.spark.ConvertOptions;
import org.xnornet.spark.SparkSessions;

/**
 * {@code convert ilsvrc|idx}: a source dataset into our Parquet layout, as a Spark job (embedded
 * {@code local[*]} unless a master is given here or by spark-submit).
 */
final class ConvertCommand {
    static final String SUMMARY = "convert ilsvrc|idx --source <dir> --out <dir> [--resize 256] [--quality 0.9] "
            + "[--files N | --file-mb 256] [--row-group-mb 128] [--row-group-rows N] [--seed 0] [--overwrite] [--max-bad-fraction 0.001] "
            + "[--val-labels <file>] [--val-synsets <file>] [--train-limit N] [--val-limit N] [--master <url>]";

    private static final Set<String> KEYS = Set.of("source", "out", "files", "file-mb", "row-group-mb", "row-group-rows", "resize",
            "quality", "seed", "max-bad-fraction", "val-labels", "val-synsets", "train-limit", "val-limit", "master");

    private ConvertCommand() {
    }

    static int run(String[] args) {
        if (args.length == 0 || !(args[0].equals("ilsvrc") || args[0].equals("idx"))) {
            throw new IllegalArgumentException("convert needs a source kind, ilsvrc or idx: " + SUMMARY);
        }
        Options o = new Options(args, 1, KEYS, Set.of("overwrite"));
        if (o.get("source", null) == null || o.get("out", null) == null) {
            throw new IllegalArgumentException("convert " + args[0] + " needs --source and --out");
        }
        ConvertOptions d = ConvertOptions.defaults(o.get("source", null), o.get("out", null));
        ConvertOptions options = new ConvertOptions(d.source(), d.out(), o.getInt("files", d.files()),
                o.getDouble("file-mb", d.fileMb()), o.getDouble("row-group-mb", d.rowGroupMb()), o.getInt("row-group-rows", 0),
                o.getInt("resize", d.resize()), o.getFloat("quality", d.quality()), o.getLong("seed", d.seed()),
                o.flag("overwrite"), o.getDouble("max-bad-fraction", d.maxBadFraction()),
                o.get("val-labels", null), o.get("val-synsets", null), o.getInt("train-limit", 0),
                o.getInt("val-limit", 0));
        boolean joined = SparkSession.getDefaultSession().isDefined();
        SparkSession spark = SparkSessions.getOrCreate("xnornet convert " + args[0], o.get("master", null));
        try {
            DatasetManifest m = args[0].equals("ilsvrc") ? ConvertJob.ilsvrc(spark, options)
                    : ConvertJob.idx(spark, options);
            m.splits().forEach((name, s) -> System.out.printf("%s: %d images in %d files, %d bad%n", name, s.images(),
                    s.files(), s.bad()));
            m.badFiles().forEach(b -> System.out.println("bad " + b.split() + " " + b.path() + ": " + b.reason()));
            System.out.println("wrote " + options.out() + " (" + m.classes().size() + " classes)");
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!joined) {
                spark.stop();
            }
        }
    }
}
