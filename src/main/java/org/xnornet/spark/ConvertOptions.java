package org.xnornet.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of the {@code convert} jobs (docs/DATA.md lists them with their defaults).
 *
 * @param files output files per split (0: from {@code fileMb})
 * @param fileMb target size of an output file in MB when {@code files} is 0
 * @param rowGroupMb Parquet row group size in MB (Spark splits and our partition plans work in row groups)
 * @param rowGroupRows at most this many rows per row group (0: no limit; small images need it, since a
 *     training partition needs whole row groups)
 * @param resize shorter side to resize to (0 keeps the source bytes)
 * @param quality JPEG quality in (0, 1] when resizing
 * @param seed shuffle seed: the rows of every split are written in a seeded random order
 * @param maxBadFraction fail (writing nothing) when more than this fraction of the sources is undecodable
 * @param trainLimit, valLimit keep only this many images per split after shuffling (0: all)
 */
public record ConvertOptions(String source, String out, int files, double fileMb, double rowGroupMb,
        int rowGroupRows, int resize,
        float quality, long seed, boolean overwrite, double maxBadFraction, String valLabels, String valSynsets,
        int trainLimit, int valLimit) implements Serializable {

    public ConvertOptions {
        require(source != null && !source.isEmpty(), "source", "a path");
        require(out != null && !out.isEmpty(), "out", "a path");
        require(files >= 0, "files", "≥ 0");
        require(fileMb > 0, "file-mb", "> 0");
        require(rowGroupMb > 0, "row-group-mb", "> 0");
        require(rowGroupRows >= 0, "row-group-rows", "≥ 0");
        require(resize >= 0, "resize", "≥ 0");
        require(quality > 0 && quality <= 1, "quality", "in (0, 1]");
        require(maxBadFraction >= 0 && maxBadFraction <= 1, "max-bad-fraction", "in [0, 1]");
        require(trainLimit >= 0 && valLimit >= 0, "train-limit/val-limit", "≥ 0");
    }

    /** The options of a convert command's settings (keys: {@link ConvertKeys}, out, overwrite, seed, limits). */
    public static ConvertOptions from(org.xnornet.config.Settings s) {
        s.require(!s.get(ConvertKeys.SOURCE).isEmpty(), ConvertKeys.SOURCE, "is required: the dataset to convert");
        s.require(!s.get(org.xnornet.config.CommonKeys.OUT).isEmpty(), org.xnornet.config.CommonKeys.OUT,
                "is required: the folder to write the Parquet dataset to");
        return new ConvertOptions(s.get(ConvertKeys.SOURCE), s.get(org.xnornet.config.CommonKeys.OUT),
                s.get(ConvertKeys.FILES), s.get(ConvertKeys.FILE_MB), s.get(ConvertKeys.ROW_GROUP_MB),
                s.get(ConvertKeys.ROW_GROUP_ROWS), s.get(ConvertKeys.RESIZE), s.get(ConvertKeys.QUALITY).floatValue(),
                s.get(org.xnornet.data.DataKeys.SEED), s.get(org.xnornet.config.CommonKeys.OVERWRITE),
                s.get(org.xnornet.data.DataKeys.MAX_BAD_FRACTION), emptyToNull(s.get(ConvertKeys.VAL_LABELS)),
                emptyToNull(s.get(ConvertKeys.VAL_SYNSETS)), s.get(org.xnornet.data.DataKeys.TRAIN_LIMIT),
                s.get(ConvertKeys.VAL_LIMIT));
    }

    private static String emptyToNull(String v) {
        return v.isEmpty() ? null : v;
    }

    /** Defaults: 256 MB files, 128 MB row groups (Spark's default split size), no resize, seed 0, 0.1% bad. */
    public static ConvertOptions defaults(String source, String out) {
        return new ConvertOptions(source, out, 0, 256, 128, 0, 0, 0.9f, 0, false, 0.001, null, null, 0, 0);
    }

    private static void require(boolean ok, String key, String what) {
        if (!ok) {
            throw new IllegalArgumentException("convert option " + key + " must be " + what);
        }
    }

    long rowGroupBytes() {
        return Math.max(1, (long) (rowGroupMb * (1 << 20)));
    }

    int filesFor(long totalBytes) {
        return files > 0 ? files : (int) Math.max(1, Math.ceil(totalBytes / (fileMb * (1 << 20))));
    }

    /** The options as recorded in the manifest. */
    Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("files", Integer.toString(files));
        m.put("file_mb", Double.toString(fileMb));
        m.put("row_group_mb", Double.toString(rowGroupMb));
        m.put("row_group_rows", Integer.toString(rowGroupRows));
        m.put("resize", Integer.toString(resize));
        m.put("quality", Float.toString(quality));
        m.put("seed", Long.toString(seed));
        m.put("max_bad_fraction", Double.toString(maxBadFraction));
        m.put("train_limit", Integer.toString(trainLimit));
        m.put("val_limit", Integer.toString(valLimit));
        return m;
    }
}
