package org.xnornet.nn;

import java.util.random.RandomGenerator;
import org.xnornet.tensor.Parameter;

/** Weight initialisers, drawing from the builder's seeded generator so models are reproducible. */
public final class Init {
    private Init() {
    }

    /** He (Kaiming) normal with fan-in, as for ReLU-family networks. */
    public static void heNormal(Parameter p, int fanIn, RandomGenerator rng) {
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < p.length(); i++) {
            p.set(i, (float) (rng.nextGaussian() * std));
        }
    }

    /** Uniform in ±1/√fanIn, the default of linear layers. */
    public static void uniformFanIn(Parameter p, int fanIn, RandomGenerator rng) {
        double bound = 1.0 / Math.sqrt(fanIn);
        for (int i = 0; i < p.length(); i++) {
            p.set(i, (float) ((rng.nextDouble() * 2 - 1) * bound));
        }
    }

    public static void constant(Parameter p, float v) {
        for (int i = 0; i < p.length(); i++) {
            p.set(i, v);
        }
    }
}
