package org.xnornet.optim;

import java.util.Arrays;

/**
 * Learning rate as a function of the 0-based iteration: constant, step (×γ every k iterations),
 * multi-step (×γ at each milestone), cosine (to 0 at {@code total}); any of them behind a linear warm-up.
 */
@FunctionalInterface
public interface LrSchedule {
    float lr(int iteration);

    static LrSchedule constant(float base) {
        return it -> base;
    }

    static LrSchedule step(float base, int every, float gamma) {
        if (every < 1) {
            throw new IllegalArgumentException("step schedule period must be ≥ 1, was " + every);
        }
        return it -> (float) (base * Math.pow(gamma, it / every));
    }

    static LrSchedule multiStep(float base, int[] milestones, float gamma) {
        int[] sorted = milestones.clone();
        Arrays.sort(sorted);
        return it -> {
            int passed = 0;
            while (passed < sorted.length && it >= sorted[passed]) {
                passed++;
            }
            return (float) (base * Math.pow(gamma, passed));
        };
    }

    static LrSchedule cosine(float base, int total) {
        if (total < 1) {
            throw new IllegalArgumentException("cosine schedule needs ≥ 1 iteration, was " + total);
        }
        return it -> (float) (0.5 * base * (1 + Math.cos(Math.PI * Math.min(it, total) / total)));
    }

    /** Linear ramp from base/warmup to the wrapped schedule's value over the first {@code warmup} iterations. */
    static LrSchedule warmup(LrSchedule after, int warmup) {
        if (warmup <= 0) {
            return after;
        }
        return it -> it < warmup ? after.lr(it) * (it + 1) / (float) warmup : after.lr(it);
    }

    /**
     * Parses {@code constant}, {@code step:<every>:<gamma>}, {@code multistep:<m1>;<m2>...:<gamma>} or
     * {@code cosine}, all in iterations, with an optional {@code +warmup:<n>} suffix.
     */
    static LrSchedule parse(String spec, float base, int totalIterations) {
        String s = spec.trim();
        int warm = 0;
        int plus = s.indexOf("+warmup:");
        try {
            if (plus >= 0) {
                warm = Integer.parseInt(s.substring(plus + 8));
                s = s.substring(0, plus);
            }
            String[] p = s.split(":");
            LrSchedule core;
            switch (p[0]) {
                case "constant":
                    core = constant(base);
                    break;
                case "cosine":
                    core = cosine(base, totalIterations);
                    break;
                case "step":
                    core = step(base, Integer.parseInt(p[1]), Float.parseFloat(p[2]));
                    break;
                case "multistep":
                    core = multiStep(base, Arrays.stream(p[1].split(";")).mapToInt(Integer::parseInt).toArray(),
                            Float.parseFloat(p[2]));
                    break;
                default:
                    throw new IllegalArgumentException("unknown kind '" + p[0] + "'");
            }
            return warmup(core, warm);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("learning-rate schedule '" + spec + "' is invalid (" + e.getMessage()
                    + "); expected constant, cosine, step:<every>:<gamma> or multistep:<m1>;<m2>:<gamma>, optionally"
                    + " followed by +warmup:<iterations>");
        }
    }
}
