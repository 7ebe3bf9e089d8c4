package org.xnornet.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.xnornet.config.Settings;
import org.xnornet.model.ModelSpec;

/** The grid's cells, in run order: architecture, then seed, then variant (so every seed's row fills together). */
public final class Grid {
    /** The full-precision twin. */
    public static final String FLOAT = "float";
    /** Every variant, in the order tables list them. */
    public static final List<String> ALL_VARIANTS = List.of("none", "xnor", "gamma1", "gamma2", "gamma3", "gamma4",
            FLOAT);

    private Grid() {
    }

    public static List<Cell> of(Settings s) {
        List<Cell> cells = new ArrayList<>();
        for (ModelSpec.Architecture a : archs(s.get(ExperimentKeys.ARCHS))) {
            for (long seed : seeds(s.get(ExperimentKeys.SEEDS))) {
                for (String v : variants(s.get(ExperimentKeys.VARIANTS))) {
                    cells.add(new Cell(a, v, seed));
                }
            }
        }
        return cells;
    }

    static List<ModelSpec.Architecture> archs(String text) {
        List<ModelSpec.Architecture> out = new ArrayList<>();
        for (String a : items(text)) {
            try {
                out.add(ModelSpec.Architecture.valueOf(a.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown architecture '" + a + "' (small_resnet, small_alexnet, "
                        + "resnet18, alexnet)");
            }
        }
        return out;
    }

    static List<String> variants(String text) {
        List<String> out = items(text);
        for (String v : out) {
            if (!ALL_VARIANTS.contains(v)) {
                throw new IllegalArgumentException("unknown variant '" + v + "' (" + String.join(", ", ALL_VARIANTS)
                        + ")");
            }
        }
        return out;
    }

    static List<Long> seeds(String text) {
        List<Long> out = new ArrayList<>();
        for (String s : items(text)) {
            try {
                out.add(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("seed '" + s + "' is not an integer");
            }
        }
        return out;
    }

    private static List<String> items(String text) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String p : text.split(",")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the list is empty");
        }
        return new ArrayList<>(out);
    }
}
