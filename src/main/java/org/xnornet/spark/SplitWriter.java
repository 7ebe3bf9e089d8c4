package org.xnornet.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.data.parquet.ImageLayout;
import org.xnornet.data.parquet.ParquetImageFile;
import org.xnornet.data.parquet.RowGroupRowLimit;

/**
 * Writes one split of rows in our Parquet layout (one file per RDD partition, or several when rows per row group
 * are capped on a Parquet without that limit; row groups of a chosen size)
 * and counts what landed by reading the written footers back, so the manifest's counts are the files' own.
 */
final class SplitWriter {
    /** Our layout as a Spark schema (docs/DATA.md). */
    static final StructType SCHEMA = new StructType()
            .add(ImageLayout.IMAGE, DataTypes.BinaryType, false)
            .add(ImageLayout.LABEL, DataTypes.IntegerType, false)
            .add(ImageLayout.CLASS_ID, DataTypes.StringType, false)
            .add(ImageLayout.PATH, DataTypes.StringType, false);

    private SplitWriter() {
    }

    /** A bad source reported from a task: "path\treason". */
    static String badEntry(String path, String reason) {
        return path.replace('\t', ' ') + "\t" + reason.replace('\t', ' ');
    }

    static DatasetManifest.Split write(SparkSession spark, JavaRDD<Row> rows, Path dir, ConvertOptions o,
            long expected, String split, CollectionAccumulator<String> badAccumulator,
            List<DatasetManifest.BadFile> badOut) throws IOException {
        var writer = spark.createDataFrame(rows, SCHEMA).write()
                .option("parquet.block.size", Long.toString(o.rowGroupBytes()));
        if (o.rowGroupRows() > 0) {
            // Without Parquet's row-count limit (Parquet 1.15, the Spark 4.0 line), files of at most N rows keep every
            // row group at most N rows: the same bound, in more files (docs/DATA.md).
            writer = writer.option(RowGroupRowLimit.supported() ? "parquet.block.row.count.limit" : "maxRecordsPerFile",
                    Integer.toString(o.rowGroupRows()));
        }
        writer.parquet(dir.toString());
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        FileSystem fs = dir.getFileSystem(conf);
        long images = 0;
        int files = 0;
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
                images += ParquetImageFile.open(s.getPath().toString(), conf).rows();
                files++;
            }
        }
        // A retried or speculative task may report the same bad file twice: the set keeps each once.
        TreeSet<String> bad = new TreeSet<>(badAccumulator.value());
        List<DatasetManifest.BadFile> reported = new ArrayList<>();
        for (String entry : bad) {
            int tab = entry.indexOf('\t');
            reported.add(new DatasetManifest.BadFile(split, entry.substring(0, tab), entry.substring(tab + 1)));
        }
        if (images + reported.size() != expected) {
            throw new IllegalStateException(split + ": " + expected + " source images but " + images + " written and "
                    + reported.size() + " reported bad; the output in " + dir + " is incomplete");
        }
        badOut.addAll(reported);
        return new DatasetManifest.Split(images, files, reported.size());
    }
}
