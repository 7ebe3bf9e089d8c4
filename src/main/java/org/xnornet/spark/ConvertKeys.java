package org.xnornet.spark;

import java.util.List;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.ValueType;

/** The keys of the {@code convert} jobs (with out, overwrite, seed, train-limit and max-bad-fraction, shared). */
public final class ConvertKeys {
    private ConvertKeys() {
    }

    private static final int MAX = Integer.MAX_VALUE;

    public static final Key<String> SOURCE = Key.run("source", ValueType.text("PATH"), "",
            "source dataset: an ILSVRC2012 folder (ilsvrc) or a folder of IDX files (idx)");
    public static final Key<Integer> FILES = Key.run("files", ValueType.integer(0, 1 << 20), "0",
            "output files per split (0: from file-mb)");
    public static final Key<Double> FILE_MB = Key.run("file-mb", ValueType.real(0, true, 1 << 20), "256",
            "target size of an output file in MB when files is 0");
    public static final Key<Double> ROW_GROUP_MB = Key.run("row-group-mb", ValueType.real(0, true, 1 << 20), "128",
            "Parquet row group size in MB (Spark splits and our partition plans work in row groups)");
    public static final Key<Integer> ROW_GROUP_ROWS = Key.run("row-group-rows", ValueType.integer(0, MAX), "0",
            "at most this many rows per row group (0: no limit; small images need it; on Parquet 1.15, the Spark 4.0 "
                    + "line, files of at most this many rows)");
    public static final Key<Integer> RESIZE = Key.run("resize", ValueType.integer(0, 65536), "0",
            "shorter side to resize to (0: keep the source bytes)");
    public static final Key<Double> QUALITY = Key.run("quality", ValueType.real(0, true, 1), "0.9",
            "JPEG quality in (0, 1] when resizing");
    public static final Key<String> VAL_LABELS = Key.run("val-labels", ValueType.text("FILE"), "",
            "ILSVRC validation ground-truth file (empty: found in the source tree)");
    public static final Key<String> VAL_SYNSETS = Key.run("val-synsets", ValueType.text("FILE"), "",
            "ILSVRC synset list ordering the validation labels (empty: found in the source tree)");
    public static final Key<Integer> VAL_LIMIT = Key.run("val-limit", ValueType.integer(0, MAX), "0",
            "keep at most this many validation images (0: all)");

    public static final KeyGroup CONVERT = new KeyGroup("convert", List.of(SOURCE, FILES, FILE_MB, ROW_GROUP_MB,
            ROW_GROUP_ROWS, RESIZE, QUALITY, VAL_LABELS, VAL_SYNSETS, VAL_LIMIT));
}
