package org.xnornet.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuantizerTest {
    @Test
    void signOfZeroIsPlusOne() {
        for (Quantizer q : new Quantizer[] {new SteSign(1f), new ApproxSign()}) {
            assertEquals(1f, q.quantize(0f), q.name());
            assertEquals(1f, q.quantize(-0f), q.name() + " on -0");
            assertEquals(-1f, q.quantize(-1e-30f), q.name());
            assertEquals(1f, q.quantize(3f), q.name());
        }
    }

    @Test
    void steGradientIsIndicatorOfClipRange() {
        SteSign ste = new SteSign(0.5f);
        assertEquals(1f, ste.gradient(0f));
        assertEquals(1f, ste.gradient(0.5f));
        assertEquals(1f, ste.gradient(-0.5f));
        assertEquals(0f, ste.gradient(0.50001f));
        assertEquals(0f, ste.gradient(-7f));
    }

    @Test
    void approxSignGradientIsTriangle() {
        ApproxSign a = new ApproxSign();
        assertEquals(2f, a.gradient(0f));
        assertEquals(1f, a.gradient(0.5f));
        assertEquals(1f, a.gradient(-0.5f));
        assertEquals(0f, a.gradient(1f));
        assertEquals(0f, a.gradient(1.5f));
    }

    /** The bulk (branch-free, parallel) gradient equals grad · gradient(x) element by element, edges included. */
    @Test
    void applyGradientEqualsTheElementwiseGradient() {
        float[] edges = {0f, -0f, 0.5f, -0.5f, Math.nextUp(0.5f), 0.7f, Math.nextDown(1f), 1f, -1f, Math.nextUp(1f),
            1e-30f, -3f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE};
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        int n = 100_000;
        float[] x = new float[n + 3];
        float[] grad = new float[n + 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < edges.length ? edges[i] : (float) (rng.nextGaussian() * 1.2);
        }
        for (int i = 0; i < grad.length; i++) {
            grad[i] = (float) rng.nextGaussian();
        }
        for (Quantizer q : new Quantizer[] {new SteSign(1f), new SteSign(0.5f), new ApproxSign()}) {
            float[] bulk = grad.clone();
            q.applyGradient(x, 3, bulk, 5, n);
            for (int i = 0; i < grad.length; i++) {
                float expected = i < 5 ? grad[i] : grad[i] * q.gradient(x[i - 5 + 3]);
                assertEquals(expected, bulk[i], 0f, q.name() + " at " + i); // +0 and −0 alike
            }
        }
    }

    /** Each surrogate's numerical derivative equals the quantizer's backward gradient, at zero included. */
    @Test
    void surrogateDerivativeEqualsGradient() {
        double h = 1e-3;
        for (Quantizer q : new Quantizer[] {new SteSign(1f), new SteSign(0.7f), new ApproxSign(), new Identity()}) {
            Quantizer s = q.surrogate();
            for (double x = -1.6; x <= 1.6; x += 0.05) {
                double xs = Math.abs(x) < 1e-9 ? 0 : x;
                if (Math.abs(Math.abs(xs) - 1) < 2 * h || Math.abs(Math.abs(xs) - 0.7) < 2 * h) {
                    continue;
                }
                double numeric = (s.quantize((float) (xs + h)) - s.quantize((float) (xs - h))) / (2 * h);
                assertEquals(q.gradient((float) xs), numeric, 2e-3, q.name() + " at " + xs);
            }
        }
    }

    @Test
    void parseNamesEveryQuantizerAndRejectsOthers() {
        assertEquals(new SteSign(1f), Quantizer.parse("ste"));
        assertEquals(new SteSign(1.5f), Quantizer.parse("ste:1.5"));
        assertEquals(new ApproxSign(), Quantizer.parse("approx"));
        assertEquals(new Identity(), Quantizer.parse("identity"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantizer.parse("round"));
        assertTrue(e.getMessage().contains("round"), e.getMessage());
        assertEquals(new GammaScaling(GammaShape.CASE_3), Scaling.parse("gamma3"));
        assertEquals(new XnorAnalyticScaling(), Scaling.parse("xnor"));
        assertThrows(IllegalArgumentException.class, () -> Scaling.parse("gamma5"));
    }
}
