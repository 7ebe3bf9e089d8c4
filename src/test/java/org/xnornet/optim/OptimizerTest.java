package org.xnornet.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.ParameterVector.Role;

class OptimizerTest {
    private static ParameterVector vector() {
        ParameterVector v = new ParameterVector();
        v.add("w", Role.WEIGHT, 2).set(0, 0.5f);
        v.get("w").set(1, -2f);
        v.add("shadow", Role.SHADOW_WEIGHT, 1).set(0, 0.9f);
        v.add("gamma", Role.GAMMA, 1).set(0, 1f);
        v.add("bn", Role.NORM, 1).set(0, 1f);
        v.add("stat", Role.RUNNING_STAT, 1).set(0, 3f);
        return v;
    }

    private static void grads(ParameterVector v, float g) {
        for (Parameter p : v.parameters()) {
            // a non-trainable slice after the last trainable one has no gradient storage at all
            for (int i = 0; i < p.length() && p.offset() + i < v.grads().length; i++) {
                v.grads()[p.offset() + i] = p.role().trainable() ? g : 100f;
            }
        }
    }

    @Test
    void sgdMomentumMatchesPyTorchFormulaAndDecaysOnlyWeights() {
        ParameterVector v = vector();
        Sgd sgd = new Sgd(0.9f, false, 0.1f, false);
        sgd.attach(v);
        grads(v, 1f);
        sgd.step(v, 0.5f);
        // v1 = g = 1; w ← w − lr·v1 − lr·λ·w
        assertEquals(0.5f - 0.5f - 0.5f * 0.1f * 0.5f, v.get("w").get(0), 1e-6f);
        assertEquals(1f - 0.5f, v.get("gamma").get(0), 1e-6f);
        assertEquals(1f - 0.5f, v.get("bn").get(0), 1e-6f);
        assertEquals(3f, v.get("stat").get(0), "running statistics are not trained");
        grads(v, 2f);
        sgd.step(v, 0.5f);
        // v2 = 0.9·1 + 2 = 2.9
        assertEquals(0.5f - 2.9f * 0.5f, v.get("gamma").get(0), 1e-6f);
        assertEquals(2.9f, v.get("sgd.momentum/gamma").get(0), 1e-6f);
    }

    @Test
    void nesterovAndShadowClipping() {
        ParameterVector v = vector();
        Sgd sgd = new Sgd(0.5f, true, 0f, true);
        sgd.attach(v);
        grads(v, -1f);
        sgd.step(v, 0.2f);
        // Nesterov: update = g + μ·(μ·0 + g) = −1.5; shadow 0.9 + 0.3 = 1.2 clipped to 1.
        assertEquals(1f, v.get("shadow").get(0));
        assertEquals(-2f + 0.3f, v.get("w").get(1), 1e-6f, "real weights are never clipped");
    }

    @Test
    void adamFirstStepMovesEachValueByLr() {
        ParameterVector v = vector();
        Adam adam = new Adam(0.9f, 0.999f, 1e-8f, 0f, false);
        adam.attach(v);
        grads(v, 3f);
        adam.step(v, 0.01f);
        assertEquals(0.49f, v.get("w").get(0), 1e-6f);
        assertEquals(1f, v.get("adam.step").get(0));
        assertThrows(IllegalStateException.class, () -> adam.attach(v));
    }

    @Test
    void optimiserStateLivesInTheVector() {
        ParameterVector v = vector();
        int before = v.size();
        new Adam(0.9f, 0.999f, 1e-8f, 0f, false).attach(v);
        assertEquals(before + 2 * 5 + 1, v.size());
        assertTrue(v.contains("adam.m/shadow"));
    }

    @Test
    void schedules() {
        assertEquals(0.1f, LrSchedule.step(1f, 10, 0.1f).lr(15), 1e-7f);
        assertEquals(0.01f, LrSchedule.multiStep(1f, new int[] {5, 8}, 0.1f).lr(9), 1e-7f);
        assertEquals(0.5f, LrSchedule.cosine(1f, 100).lr(50), 1e-6f);
        assertEquals(0f, LrSchedule.cosine(1f, 100).lr(100), 1e-6f);
        LrSchedule warm = LrSchedule.parse("constant+warmup:4", 1f, 100);
        assertEquals(0.25f, warm.lr(0), 1e-7f);
        assertEquals(1f, warm.lr(3), 1e-7f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LrSchedule.parse("step:x:0.1", 1f, 10));
        assertTrue(e.getMessage().contains("step:x:0.1"));
    }
}
