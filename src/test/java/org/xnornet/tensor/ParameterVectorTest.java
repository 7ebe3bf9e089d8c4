package org.xnornet.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.optim.Adam;
import org.xnornet.optim.Sgd;
import org.xnornet.tensor.ParameterVector.Role;

class ParameterVectorTest {
    @Test
    void trimKeepsEveryValueAndGradientAndDropsTheSpareCapacity() {
        ParameterVector v = new ParameterVector();
        v.add("w", Role.WEIGHT, 3000).set(2999, 7f);
        v.add("stat", Role.RUNNING_STAT, 5).set(4, 3f);
        v.add("b", Role.BIAS, 10).set(9, -1f);
        v.add("opt", Role.OPTIMIZER, 2000).set(1999, 2f);
        v.grads()[v.get("b").offset() + 9] = 0.5f;
        float[] before = v.snapshot();
        v.trim();
        assertEquals(v.size(), v.values().length);
        assertEquals(v.get("b").offset() + 10, v.grads().length, "gradients end with the last trainable slice");
        assertArrayEquals(before, v.values());
        assertEquals(0.5f, v.get("b").grad(9));
        v.zeroGrads();
        assertEquals(0f, v.get("b").grad(9));
    }

    @Test
    void aBuiltNetworkWithItsOptimiserHoldsItsStateOnce() {
        for (var optimizer : new org.xnornet.optim.Optimizer[] {Adam.defaults(), new Sgd(0.9f, false, 0f, false)}) {
            Network net = Network.build(ModelSpec.parse("arch=small_resnet,width=8"));
            ParameterVector v = net.parameters();
            assertEquals(v.size(), v.values().length, "built");
            long trainable = v.parameters().stream().filter(p -> p.role().trainable())
                    .mapToLong(p -> p.offset() + p.length()).max().orElseThrow();
            assertEquals(trainable, v.grads().length);
            optimizer.attach(v);
            assertEquals(v.size(), v.values().length, optimizer.describe());
            assertEquals(trainable, v.grads().length, "optimiser state has no gradients");
        }
    }
}
