package org.xnornet.spark;

import java.util.List;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.ValueType;
import org.xnornet.infer.InferKeys;

/** The keys of Spark scoring ({@code score}, and the Spark ML model's top-k and working folder). */
public final class ScoreKeys {
    private ScoreKeys() {
    }

    /** The model to score with, the key {@code predict} and {@code export} take too. */
    public static final Key<String> MODEL_PATH = InferKeys.MODEL_PATH;
    public static final Key<String> SPLIT = Key.operational("split", ValueType.text("NAME"), "val",
            "split to score: our layout's folder of that name, or Hugging Face's files <split>-*.parquet "
            + "(val: validation-*)");
    public static final Key<Integer> TOP_K = InferKeys.TOP_K;
    public static final Key<String> FIT_DIR = Key.operational("fit-dir", ValueType.text("PATH"), "",
            "Spark ML fit: folder (any Hadoop path every executor reaches) where the DataFrame's rows are written as "
            + "a temporary Parquet dataset for the trainer (empty: hadoop.tmp.dir)");

    public static final KeyGroup SCORE = new KeyGroup("scoring", List.of(MODEL_PATH, SPLIT, TOP_K));
    public static final KeyGroup FIT = new KeyGroup("spark ml fit", List.of(FIT_DIR));
}
