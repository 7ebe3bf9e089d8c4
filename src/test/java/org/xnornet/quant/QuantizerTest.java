package org.xnornet.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quantizers against their definitions: sign(x) with sign(±0) = +1 forward; backward g·1{|x| ≤ clip} for
 * SteSign, g·max(0, 2 − 2|x|) for ApproxSign, g for Identity, each written out here independently of the code and
 * checked element by element and through the bulk array methods; each surrogate's derivative is its gradient.
 */
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

    /**
     * A quantizer beside its formulas, written out here: forward(x) (null for surrogates, whose forward is their own
     * smooth function) and the factor its gradient multiplies g by. Factors are floats, so g · factor, a double
     * product of two floats, is exact and rounds to float as the float product does.
     */
    private record Formula(Quantizer q, DoubleUnaryOperator forward, DoubleUnaryOperator factor) {
    }

    /** sign with sign(±0) = +1: −0.0 ≥ 0 holds, so −0 maps to +1, as Im2Col.sign's Javadoc promises. */
    private static double sign(double x) {
        return x >= 0 ? 1 : -1;
    }

    private static List<Formula> formulas() {
        List<Formula> f = new ArrayList<>();
        for (float clip : new float[] {1f, 0.5f, 0.7f}) {
            // 1{|x| ≤ clip}: the clip itself passes, its next float up does not
            DoubleUnaryOperator ste = x -> Math.abs(x) <= clip ? 1 : 0;
            f.add(new Formula(new SteSign(clip), QuantizerTest::sign, ste));
            f.add(new Formula(new SteSign(clip).surrogate(), null, ste));
        }
        DoubleUnaryOperator triangle = x -> Math.abs(x) <= 1 ? (float) (2 - 2 * Math.abs(x)) : 0;
        f.add(new Formula(new ApproxSign(), QuantizerTest::sign, triangle));
        f.add(new Formula(new ApproxSign().surrogate(), null, triangle));
        f.add(new Formula(new Identity(), x -> x, x -> 1));
        return f;
    }

    /** Edges (0, −0, ±clips and their neighbours, ±1, subnormals, huge), then Gaussians and random bit patterns. */
    private static float[] values(int n, SplittableRandom rng) {
        List<Float> edges = new ArrayList<>();
        for (float e : new float[] {0f, 0.5f, 0.7f, 1f, Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, 0.25f, 2f, 3e38f,
            Float.MAX_VALUE, Float.POSITIVE_INFINITY}) {
            for (float v : new float[] {e, Math.nextUp(e), Math.nextDown(e)}) {
                edges.add(v);
                edges.add(-v);
            }
        }
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            if (i < edges.size()) {
                x[i] = edges.get(i);
            } else if (i % 3 == 0) {
                float bits;
                do {
                    bits = Float.intBitsToFloat(rng.nextInt());
                } while (Float.isNaN(bits));
                x[i] = bits;
            } else {
                x[i] = (float) (rng.nextGaussian() * 1.2);
            }
        }
        return x;
    }

    /**
     * Every quantizer's forward value and gradient against its formula: one by one, and through the bulk array
     * methods (parallel, SteSign's by integer masks) at offsets, for lengths around vector widths and the parallel
     * split, leaving the arrays' other elements alone. NaN is left out: no Javadoc defines sign(NaN), and
     * ApproxSign's gradient at NaN is NaN (Math.max) where its Javadoc's "0 elsewhere" reads 0.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 63, 64, 65, 1000, 1 << 15, (1 << 15) + 1, 100_003})
    void everyQuantizerMatchesItsFormula(int n) {
        SplittableRandom rng = new SplittableRandom(n);
        float[] x = new float[n + 3];
        x[0] = x[1] = x[2] = Float.NaN; // before the offset: never read
        System.arraycopy(values(n, rng), 0, x, 3, n);
        float[] g = new float[n + 7];
        for (int i = 0; i < g.length; i++) {
            g[i] = i % 11 == 0 ? -0f : i % 13 == 0 ? Float.MIN_VALUE : (float) rng.nextGaussian();
        }
        for (Formula f : formulas()) {
            String what = f.q().name() + " n=" + n;
            float[] bulk = g.clone();
            f.q().applyGradient(x, 3, bulk, 5, n);
            float[] y = new float[n + 4];
            java.util.Arrays.fill(y, 42f);
            f.q().quantize(x, 3, y, 2, n);
            for (int i = 0; i < n; i++) {
                float xi = x[i + 3];
                double factor = f.factor().applyAsDouble(xi);
                assertEquals((float) factor, f.q().gradient(xi), 0f, () -> what + " gradient at " + xi);
                assertEquals((float) (g[i + 5] * factor), bulk[i + 5], 0f, () -> what + " bulk gradient at " + xi);
                if (f.forward() != null) {
                    float expected = (float) f.forward().applyAsDouble(xi);
                    // bit for bit: −0 is not +0 here
                    assertEquals(expected, f.q().quantize(xi), () -> what + " at " + xi);
                    assertEquals(expected, y[i + 2], () -> what + " bulk at " + xi);
                }
            }
            for (int i = 0; i < g.length; i++) {
                if (i < 5 || i >= n + 5) {
                    assertEquals(g[i], bulk[i], what + " gradient outside the range");
                }
            }
            for (int i = 0; i < y.length; i++) {
                if (i < 2 || i >= n + 2) {
                    assertEquals(42f, y[i], what + " output outside the range");
                }
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
