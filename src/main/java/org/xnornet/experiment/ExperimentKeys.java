package org.xnornet.experiment;

import java.util.List;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.ValueType;

/** The keys of {@code experiment}: the grid's axes. Every training key sets the one budget all cells share. */
public final class ExperimentKeys {
    private ExperimentKeys() {
    }

    public static final Key<String> ARCHS = Key.operational("archs", ValueType.of("comma-separated architectures",
            "ARCHS", s -> {
                Grid.archs(s);
                return s;
            }), "small_resnet,small_alexnet", "architectures of the grid (small_resnet, small_alexnet, resnet18, "
            + "alexnet); the model key's other entries apply to all");
    public static final Key<String> VARIANTS = Key.operational("variants", ValueType.of("comma-separated variants",
            "VARIANTS", s -> {
                Grid.variants(s);
                return s;
            }), String.join(",", Grid.ALL_VARIANTS), "scalings of the binary layers (none, xnor: XNOR-Net's analytic "
            + "K·α, gamma1-gamma4: XNOR-Net++'s learned Γ cases) and float, the full-precision twin");
    public static final Key<String> SEEDS = Key.operational("seeds", ValueType.of("comma-separated integers", "SEEDS",
            s -> {
                Grid.seeds(s);
                return s;
            }), "0,1,2", "seeds of the grid: each sets the model's initialisation and the data order");

    public static final Key<Boolean> REPORT_ONLY = Key.operational("report-only", ValueType.bool(),
            "false", "rewrite the tables and plots from the cells finished so far and train none (safe beside the "
            + "sitting that is training the grid)");

    public static final KeyGroup GRID = new KeyGroup("grid", List.of(ARCHS, VARIANTS, SEEDS, REPORT_ONLY));
}
