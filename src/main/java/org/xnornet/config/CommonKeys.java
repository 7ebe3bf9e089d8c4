package org.xnornet.config;

import java.util.List;

/** Keys every command that writes shares: where it writes, and whether it may replace what is there. */
public final class CommonKeys {
    private CommonKeys() {
    }

    public static final Key<String> OUT = Key.operational("out", ValueType.text("PATH"), "",
            "output (any Hadoop path): training writes its run folder there (run.properties, checkpoints, "
            + "metrics.jsonl, model.xnc; empty: nothing written), convert the dataset, export the packed model file");
    public static final Key<Boolean> OVERWRITE = Key.operational("overwrite", ValueType.bool(), "false",
            "replace what 'out' holds (an earlier run, dataset or exported model of ours; anything else is never "
            + "replaced)");

    public static final KeyGroup OUTPUT = new KeyGroup("output", List.of(OUT, OVERWRITE));
}
