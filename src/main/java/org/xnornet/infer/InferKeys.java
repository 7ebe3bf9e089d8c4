package org.xnornet.infer;

import java.util.List;
import org.xnornet.config.ConfigException;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.config.ValueType;

/** The keys of packed inference: the popcount path, and exporting and scoring models. */
public final class InferKeys {
    private InferKeys() {
    }

    public static final Key<String> POPCOUNT = Key.operational("popcount", ValueType.choice("auto", "scalar", "vector"),
            "auto", "popcount path of binary layers: auto (vector where the JVM runs it: Java 21+ with --add-modules "
            + "jdk.incubator.vector), scalar, or vector (refused where unavailable); both give identical results");
    public static final Key<String> MODEL_PATH = Key.operational("model-path", ValueType.text("PATH"), "",
            "the model: a checkpoint or model.xnc (packed on load, with the preprocessing of the run folder it sits "
            + "in), a packed model .xnb (predict), or for score also a run folder or a saved Spark ML model folder");
    public static final Key<Integer> TOP_K = Key.operational("top-k", ValueType.integer(1, 1 << 16), "5",
            "classes listed per image, most probable first");
    public static final Key<String> FORMAT = Key.operational("format", ValueType.choice("text", "csv", "json"),
            "text", "predict's output: text lines, CSV rows (with a header) or JSON lines");
    public static final Key<Boolean> SKIP_BAD = Key.operational("skip-bad-images", ValueType.bool(), "false",
            "predict: count and skip images that do not decode instead of stopping at the first (exit 3)");

    public static final KeyGroup EXPORT = new KeyGroup("export", List.of(MODEL_PATH));
    public static final KeyGroup PREDICT = new KeyGroup("predict", List.of(MODEL_PATH, TOP_K, FORMAT, SKIP_BAD));
    public static final KeyGroup ENGINE = new KeyGroup("inference engine", List.of(POPCOUNT));

    /** Selects the popcount path the settings ask for, naming the key when this JVM cannot run it. */
    public static void apply(Settings s) {
        try {
            PopcountPaths.use(s.get(POPCOUNT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("key '" + POPCOUNT.name() + "' = '" + s.get(POPCOUNT) + "': "
                    + e.getMessage());
        }
    }
}
