package org.xnornet.infer;

import org.xnornet.kernel.Parallel;

/**
 * Training's sign of an {@link OutputStage}'s output decided from the integer accumulator, per output channel (per
 * (channel, pixel) for spatial Γ): bit = (acc ≥ t) XOR flip. It is exact, not an approximation of real arithmetic:
 * every float step of the stage is monotone in its input — a product by a constant and a sum with one round
 * monotonically (non-increasing for a negative factor, constant for 0, −0 and +0 comparing equal), and the test
 * act(u) ≥ 0 holds on an up-set of u for ReLU (everywhere), hardtanh, none and PReLU (for a slope ≤ 0 everywhere;
 * for a small positive one also where slope·u rounds to −0) — so on finite values the bit, training's
 * sign(v) = [v ≥ 0], is a monotone function of acc over [−K, K] (K = channels·taps bounds |acc|), and t is found by
 * bisection on the stage's own float expression. Signs of zero never matter: steps after a ±0 give ±0 or the same
 * non-zero value. Where a parameter is not finite or an intermediate at ±K overflows (0·∞ could then make a NaN),
 * the rule evaluates the float expression per element inside the same pass instead. A stage may end in the next
 * unit's batch norm ({@link OutputStage#withTrailingNorm}): still monotone after ReLU, hardtanh, none and PReLU with
 * slope ≥ 0, so thresholds hold; after a negative PReLU slope (a V shape) that channel is evaluated per element.
 */
final class SignThresholds {
    /** Rule kinds: bit = acc ≥ t; bit = acc < t; evaluate the float expression. */
    private static final byte AT_LEAST = 0;
    private static final byte BELOW = 1;
    private static final byte EVALUATE = 2;
    /** Pixels a unit of {@link #write} covers at least (whole rows): loops long enough to run at speed. */
    private static final int BAND_PIXELS = 64;

    private final OutputStage stage;
    private final int out;
    private final int pixels;
    private final boolean spatial;
    final int[] threshold;
    final byte[] kind;
    /** Whether some rule evaluates the float expression; else bit = (acc ≥ t) XOR kind for every rule. */
    private boolean anyEvaluated;

    private SignThresholds(OutputStage stage) {
        this.stage = stage;
        this.out = stage.outChannels();
        this.pixels = stage.outPixels();
        this.spatial = stage.spatial();
        int rules = spatial ? out * pixels : out;
        this.threshold = new int[rules];
        this.kind = new byte[rules];
    }

    /** Rules for accumulators in [−maxAcc, maxAcc]. */
    static SignThresholds of(OutputStage stage, int maxAcc) {
        SignThresholds s = new SignThresholds(stage);
        Parallel.forRange(s.kind.length, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                s.derive(r, maxAcc);
            }
        });
        s.anyEvaluated = s.evaluates();
        return s;
    }

    /**
     * Rules as {@link #of} derived them for this stage (read from a model file): one per channel (per (channel,
     * pixel) for spatial Γ), each kind 0 (acc ≥ t), 1 (acc < t) or 2 (evaluate).
     */
    static SignThresholds restore(OutputStage stage, int[] threshold, byte[] kind) {
        SignThresholds s = new SignThresholds(stage);
        if (threshold.length != s.kind.length || kind.length != s.kind.length) {
            throw new IllegalArgumentException("sign thresholds: " + threshold.length + " thresholds and "
                    + kind.length + " kinds for " + s.kind.length + " rules");
        }
        for (int r = 0; r < kind.length; r++) {
            if (kind[r] != AT_LEAST && kind[r] != BELOW && kind[r] != EVALUATE) {
                throw new IllegalArgumentException("sign thresholds: rule " + r + " has unknown kind " + kind[r]);
            }
        }
        System.arraycopy(threshold, 0, s.threshold, 0, threshold.length);
        System.arraycopy(kind, 0, s.kind, 0, kind.length);
        s.anyEvaluated = s.evaluates();
        return s;
    }

    private boolean evaluates() {
        for (byte k : kind) {
            if (k == EVALUATE) {
                return true;
            }
        }
        return false;
    }

    private void derive(int r, int k) {
        int o = spatial ? r / pixels : r;
        int p = spatial ? r % pixels : 0;
        if (!stage.finiteParameters(o, p) || !finiteSteps(-k, o, p) || !finiteSteps(k, o, p)
                || stage.nonMonotoneBeforeTrailing(o)) {
            kind[r] = EVALUATE;
            return;
        }
        boolean high = bit(k, o, p);
        kind[r] = high ? AT_LEAST : BELOW;
        if (bit(-k, o, p) == high) {
            threshold[r] = Integer.MIN_VALUE;
            return;
        }
        // the smallest t in (−K, K] whose bit is that of K: bit(lo) differs, bit(hi) agrees
        int lo = -k;
        int hi = k;
        while (hi - lo > 1) {
            int mid = Math.floorDiv(lo + hi, 2);
            if (bit(mid, o, p) == high) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        threshold[r] = hi;
    }

    private boolean finiteSteps(int acc, int o, int p) {
        float s = stage.scaled(acc, o, p);
        float n = stage.normalize(s, o);
        float a = stage.activate(n, o);
        return Float.isFinite(s) && Float.isFinite(n) && Float.isFinite(a) && Float.isFinite(stage.trail(a, o));
    }

    private boolean bit(int acc, int o, int p) {
        return SignBits.bit(stage.bitValue(acc, o, p)) == 1;
    }

    /** The bit for accumulator {@code acc} of channel o at pixel p. */
    long bitOf(int acc, int o, int p) {
        int r = spatial ? o * pixels + p : o;
        return kind[r] == EVALUATE ? SignBits.bit(stage.bitValue(acc, o, p)) : ruleBit(acc, threshold[r], kind[r]);
    }

    /**
     * The bit of a threshold rule: acc ≥ t for {@code AT_LEAST} (0), its negation for {@code BELOW} (1). In longs,
     * acc − t cannot overflow, and it is negative exactly when acc &lt; t: its sign bit, flipped, is the comparison.
     * Written so, C2 on JDK 25 vectorises {@link #write}'s channel loops (0.10 against 0.68 ns an element with the
     * comparison's select; JDK 17 vectorises neither).
     */
    private static long ruleBit(int acc, int t, byte kind) {
        return ((((long) acc - t) >>> 63) ^ 1L) ^ kind;
    }

    /**
     * Writes the bits of {@code dst.batch() × out × h × w} NCHW accumulators from {@code accOff} into the interior of
     * {@code dst}; its border stays 0. Work goes in units of (image, group of 64 channels, band of rows, at least 64
     * pixels): a band's bits are built channel by channel in a per-thread buffer, reading each channel's accumulators
     * in order with its rule read once, then copied to the band's pixels (gathering a pixel's channels across planes,
     * one rule lookup per bit, ran up to twice as slow).
     */
    void write(int[] acc, int accOff, int h, int w, PackedActivations dst) {
        write(acc, accOff, 0, dst.batch(), h, w, dst);
    }

    /**
     * As {@link #write(int[], int, int, int, PackedActivations)} for images [first, first + batch) of {@code dst}, whose
     * accumulators start at {@code accOff}.
     */
    void write(int[] acc, int accOff, int first, int batch, int h, int w, PackedActivations dst) {
        if (first < 0 || batch < 1 || first + batch > dst.batch()) {
            throw new IllegalArgumentException("images [" + first + ", " + (first + batch) + ") of a batch of "
                    + dst.batch());
        }
        int wpp = dst.wordsPerPixel();
        int pad = dst.padding();
        int paddedWidth = w + 2 * pad;
        long[] words = dst.words();
        BinaryConvKernel.requireRoom(acc, accOff, (long) batch * out * pixels);
        int band = Math.min(h, (BAND_PIXELS + w - 1) / w);
        int bands = (h + band - 1) / band;
        Parallel.forRange(batch * wpp * bands, 1, (from, to) -> {
            long[] bits = new long[band * w];
            for (int u = from; u < to; u++) {
                int n = u / (wpp * bands);
                int g = u / bands % wpp;
                int y0 = u % bands * band;
                int y1 = Math.min(h, y0 + band);
                int p0 = y0 * w;
                int count = (y1 - y0) * w;
                int image = accOff + n * out * pixels;
                int c0 = g << 6;
                java.util.Arrays.fill(bits, 0, count, 0L);
                for (int c = c0; c < Math.min(out, c0 + 64); c++) {
                    orChannel(acc, image + c * pixels + p0, c, p0, count, bits, c - c0);
                }
                for (int y = y0; y < y1; y++) {
                    int dstRow = (((first + n) * (h + 2 * pad) + y + pad) * paddedWidth + pad) * wpp + g;
                    int src = (y - y0) * w;
                    for (int x = 0; x < w; x++) {
                        words[dstRow + x * wpp] = bits[src + x];
                    }
                }
            }
        });
    }

    /** {@code bits[i] |= bit(acc[a + i]) << shift} for the {@code count} pixels of channel c from pixel p0 on. */
    private void orChannel(int[] acc, int a, int c, int p0, int count, long[] bits, int shift) {
        if (!spatial && kind[c] != EVALUATE) {
            int t = threshold[c];
            byte k = kind[c];
            for (int i = 0; i < count; i++) {
                bits[i] |= ruleBit(acc[a + i], t, k) << shift;
            }
        } else if (spatial && !anyEvaluated) {
            int r = c * pixels + p0;
            for (int i = 0; i < count; i++) {
                bits[i] |= ruleBit(acc[a + i], threshold[r + i], kind[r + i]) << shift;
            }
        } else {
            for (int i = 0; i < count; i++) {
                bits[i] |= bitOf(acc[a + i], c, p0 + i) << shift;
            }
        }
    }
}
