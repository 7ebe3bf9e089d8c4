package org.xnornet.config;

import java.util.List;

/** Keys every command that writes shares: where it writes, and whether it may replace what is there. */
public final class CommonKeys {
    private CommonKeys() {
    }

    public static final Key<String> OUT = Key.operational("out", ValueType.text("PATH"), "",
            "output folder (any Hadoop path): training writes its run there (run.properties, checkpoints, "
            + "metrics.jsonl, model.xnc; empty: nothing written), convert writes the dataset there");
    public static final Key<Boolean> OVERWRITE = Key.operational("overwrite", ValueType.bool(), "false",
            "replace what 'out' holds (an earlier run or dataset of ours; anything else is never replaced)");

    public static final KeyGroup OUTPUT = new KeyGroup("output", List.of(OUT, OVERWRITE));
}
