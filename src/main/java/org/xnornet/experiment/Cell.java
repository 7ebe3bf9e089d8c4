package org.xnornet.experiment;

import java.util.Locale;
import org.xnornet.model.ModelSpec;
import org.xnornet.quant.Scaling;

/** One run of the grid: an architecture, a variant (a scaling, or the float twin) and a seed. */
public record Cell(ModelSpec.Architecture arch, String variant, long seed) {
    /** The folder name of this cell's run, e.g. {@code small_resnet-gamma2-seed1}. */
    public String id() {
        return arch.name().toLowerCase(Locale.ROOT) + "-" + variant + "-seed" + seed;
    }

    /** The model this cell trains: {@code base} with this cell's architecture, scaling (or none binary) and seed. */
    public ModelSpec spec(ModelSpec base) {
        ModelSpec s = ModelSpec.parse(base.toString().replaceFirst("arch=[a-z0-9_]+", "arch="
                + arch.name().toLowerCase(Locale.ROOT))).withSeed(seed + 1);
        return variant.equals(Grid.FLOAT) ? s.withBinary(false) : s.withBinary(true).withScaling(Scaling.parse(variant));
    }
}
