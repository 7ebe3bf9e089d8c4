package org.xnornet.kernel;

/**
 * The transforms of Winograd's F(m, 3) (Lavin &amp; Gray, CVPR 2016), m = 2 or 4, for {@link #BLOCK} tiles at once:
 * with α = m + 2 points per tile, Bᵀ (input, α → α), Aᵀ (output, α → m), G (filter, 3 → α), and the transposes A
 * (output gradient, m → α) and Gᵀ (filter gradient, α → 3) that backpropagation needs.
 *
 * <p>A block's tiles are held as a grid of streams in one array: point (a, b) of every tile is the stream at
 * {@link #offset offset(a, b)}, tile t at index t within it. {@link #apply2d} applies a transform down the grid's
 * columns, then across its rows, one short loop per output stream. That shape is what HotSpot's C2 (Java 17)
 * compiles to SIMD code, 16 tiles per instruction with AVX-512: every access in a loop is the same base plus a
 * compile-time constant plus the tile index (offsets that differ by a run-time value defeat its dependence analysis),
 * and a loop computing several outputs is too large for it to unroll (measured here: one output per loop ran a
 * transform three times faster than six per loop, and gathering tiles into the grid replaced work that had taken
 * most of a 64-channel layer's time).
 */
final class WinogradTransforms {
    /** Tiles per block: the length of each stream. */
    static final int BLOCK = 128;
    /** Streams per grid row (the largest α), so that every stream's offset is a compile-time constant. */
    private static final int PITCH = 6;
    private static final int ROW = PITCH * BLOCK;
    /** Floats in one grid of streams. */
    static final int SIZE = PITCH * ROW;

    /** One pass of a transform over n tiles: reads x at {@code base + i·stride + t}, writes y likewise. */
    @FunctionalInterface
    interface Pass {
        void apply(float[] x, float[] y, int base, int n);
    }

    /** A transform from p to q points, as its passes down a grid's columns and across its rows. */
    record Transform(int p, int q, Pass down, Pass across) {
    }

    /** Bᵀ of F(2, 3). */
    static final Transform INPUT2 = new Transform(4, 4, WinogradTransforms::input2Down,
            WinogradTransforms::input2Across);
    /** Bᵀ of F(4, 3). */
    static final Transform INPUT4 = new Transform(6, 6, WinogradTransforms::input4Down,
            WinogradTransforms::input4Across);
    /** Aᵀ of F(2, 3). */
    static final Transform OUTPUT2 = new Transform(4, 2, WinogradTransforms::output2Down,
            WinogradTransforms::output2Across);
    /** Aᵀ of F(4, 3). */
    static final Transform OUTPUT4 = new Transform(6, 4, WinogradTransforms::output4Down,
            WinogradTransforms::output4Across);
    /** A of F(2, 3), the transpose of Aᵀ. */
    static final Transform OUTPUT_GRADIENT2 = new Transform(2, 4, WinogradTransforms::outputGradient2Down,
            WinogradTransforms::outputGradient2Across);
    /** A of F(4, 3), the transpose of Aᵀ. */
    static final Transform OUTPUT_GRADIENT4 = new Transform(4, 6, WinogradTransforms::outputGradient4Down,
            WinogradTransforms::outputGradient4Across);
    /** G of F(2, 3). */
    static final Transform FILTER2 = new Transform(3, 4, WinogradTransforms::filter2Down,
            WinogradTransforms::filter2Across);
    /** G of F(4, 3). */
    static final Transform FILTER4 = new Transform(3, 6, WinogradTransforms::filter4Down,
            WinogradTransforms::filter4Across);
    /**
     * G' = 24·G of F(4, 3), whose entries are integers: on ±1 filters G' g G'ᵀ = 576·U holds integers of at most 576,
     * exact in floats (see {@link Winograd3x3} for the exact binary forward built on it).
     */
    static final Transform FILTER_INTEGER4 = new Transform(3, 6, WinogradTransforms::filterInteger4Down,
            WinogradTransforms::filterInteger4Across);
    /** Gᵀ of F(2, 3), the transpose of G. */
    static final Transform FILTER_GRADIENT2 = new Transform(4, 3, WinogradTransforms::filterGradient2Down,
            WinogradTransforms::filterGradient2Across);
    /** Gᵀ of F(4, 3), the transpose of G. */
    static final Transform FILTER_GRADIENT4 = new Transform(6, 3, WinogradTransforms::filterGradient4Down,
            WinogradTransforms::filterGradient4Across);

    /** Bᵀ of F(m, 3). */
    static Transform input(int m) {
        return m == 2 ? INPUT2 : INPUT4;
    }

    /** Aᵀ of F(m, 3). */
    static Transform output(int m) {
        return m == 2 ? OUTPUT2 : OUTPUT4;
    }

    /** A of F(m, 3). */
    static Transform outputGradient(int m) {
        return m == 2 ? OUTPUT_GRADIENT2 : OUTPUT_GRADIENT4;
    }

    /** G of F(m, 3). */
    static Transform filter(int m) {
        return m == 2 ? FILTER2 : FILTER4;
    }

    /** Gᵀ of F(m, 3). */
    static Transform filterGradient(int m) {
        return m == 2 ? FILTER_GRADIENT2 : FILTER_GRADIENT4;
    }

    private WinogradTransforms() {
    }

    /** Where stream (a, b) of a grid starts. */
    static int offset(int a, int b) {
        return (a * PITCH + b) * BLOCK;
    }

    /**
     * Y = T X Tᵀ for n ≤ {@link #BLOCK} tiles, T a p → q transform: X is a p×p grid in src, Y the q×q grid written to
     * dst, and tmp holds the q×p grid between the passes.
     */
    static void apply2d(Transform transform, float[] src, float[] tmp, float[] dst, int n) {
        for (int b = 0; b < transform.p(); b++) {
            transform.down().apply(src, tmp, offset(0, b), n);
        }
        for (int a = 0; a < transform.q(); a++) {
            transform.across().apply(tmp, dst, offset(a, 0), n);
        }
    }

    /**
     * Splits every value v of a grid, an integer of magnitude at most 2²⁴, into v = 4096·high + low with integers
     * high and |low| ≤ 2048, so that linear maps with small integer coefficients stay exact on each part.
     */
    static void splitHighLow(float[] grid, float[] high, float[] low) {
        for (int i = 0; i < SIZE; i++) {
            high[i] = high(grid[i]);
        }
        for (int i = 0; i < SIZE; i++) {
            low[i] = grid[i] - high[i] * 4096;
        }
    }

    /** Adds the integers m[src + t] (t &lt; n), split as {@link #splitHighLow} does, to stream {@code at} of a grid. */
    static void addHighLow(float[] m, int src, float[] high, float[] low, int at, int n) {
        for (int t = 0; t < n; t++) {
            float v = m[src + t];
            float h = high(v);
            high[at + t] += h;
            low[at + t] += v - h * 4096;
        }
    }

    /**
     * res = (4096·res + low) / 576 for every value of a grid, where 4096·res + low is 576 times an integer of
     * magnitude below 2¹⁵, held exactly (below 2²⁴): multiplying by the float nearest 1/576 lands within 0.01 of that
     * integer, and rounding gives it exactly, without a division per value.
     */
    static void joinHighLow576(float[] res, float[] low) {
        for (int i = 0; i < SIZE; i++) {
            res[i] = rint((res[i] * 4096 + low[i]) * (1f / 576));
        }
    }

    /** v rounded to the nearest integer, for |v| &lt; 2²²: adding and subtracting 1.5·2²³ rounds in float. */
    private static float rint(float v) {
        return (v + 0x1.8p23f) - 0x1.8p23f;
    }

    /** round(v / 4096): adding and subtracting 1.5·2²³ rounds to an integer (|v / 4096| ≤ 2¹² is far inside range). */
    private static float high(float v) {
        return rint(v * 0x1p-12f);
    }

    private static void input2Down(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t] - x[base + 2 * ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + ROW + t] = x[base + ROW + t] + x[base + 2 * ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * ROW + t] = x[base + 2 * ROW + t] - x[base + ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * ROW + t] = x[base + ROW + t] - x[base + 3 * ROW + t];
        }
    }

    private static void input2Across(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t] - x[base + 2 * BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + BLOCK + t] = x[base + BLOCK + t] + x[base + 2 * BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * BLOCK + t] = x[base + 2 * BLOCK + t] - x[base + BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * BLOCK + t] = x[base + BLOCK + t] - x[base + 3 * BLOCK + t];
        }
    }

    private static void input4Down(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = 4 * x[base + t] - 5 * x[base + 2 * ROW + t] + x[base + 4 * ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + ROW + t] = x[base + 3 * ROW + t] + x[base + 4 * ROW + t]
                    - 4 * (x[base + ROW + t] + x[base + 2 * ROW + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * ROW + t] = x[base + 4 * ROW + t] - x[base + 3 * ROW + t]
                    + 4 * (x[base + ROW + t] - x[base + 2 * ROW + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * ROW + t] = x[base + 4 * ROW + t] - x[base + 2 * ROW + t]
                    + 2 * (x[base + 3 * ROW + t] - x[base + ROW + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 4 * ROW + t] = x[base + 4 * ROW + t] - x[base + 2 * ROW + t]
                    + 2 * (x[base + ROW + t] - x[base + 3 * ROW + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 5 * ROW + t] = 4 * x[base + ROW + t] - 5 * x[base + 3 * ROW + t] + x[base + 5 * ROW + t];
        }
    }

    private static void input4Across(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = 4 * x[base + t] - 5 * x[base + 2 * BLOCK + t] + x[base + 4 * BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + BLOCK + t] = x[base + 3 * BLOCK + t] + x[base + 4 * BLOCK + t]
                    - 4 * (x[base + BLOCK + t] + x[base + 2 * BLOCK + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * BLOCK + t] = x[base + 4 * BLOCK + t] - x[base + 3 * BLOCK + t]
                    + 4 * (x[base + BLOCK + t] - x[base + 2 * BLOCK + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * BLOCK + t] = x[base + 4 * BLOCK + t] - x[base + 2 * BLOCK + t]
                    + 2 * (x[base + 3 * BLOCK + t] - x[base + BLOCK + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 4 * BLOCK + t] = x[base + 4 * BLOCK + t] - x[base + 2 * BLOCK + t]
                    + 2 * (x[base + BLOCK + t] - x[base + 3 * BLOCK + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 5 * BLOCK + t] = 4 * x[base + BLOCK + t] - 5 * x[base + 3 * BLOCK + t] + x[base + 5 * BLOCK + t];
        }
    }

    private static void output2Down(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t] + x[base + ROW + t] + x[base + 2 * ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + ROW + t] = x[base + ROW + t] - x[base + 2 * ROW + t] - x[base + 3 * ROW + t];
        }
    }

    private static void output2Across(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t] + x[base + BLOCK + t] + x[base + 2 * BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + BLOCK + t] = x[base + BLOCK + t] - x[base + 2 * BLOCK + t] - x[base + 3 * BLOCK + t];
        }
    }

    private static void output4Down(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t] + (x[base + ROW + t] + x[base + 2 * ROW + t])
                    + (x[base + 3 * ROW + t] + x[base + 4 * ROW + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + ROW + t] = (x[base + ROW + t] - x[base + 2 * ROW + t])
                    + 2 * (x[base + 3 * ROW + t] - x[base + 4 * ROW + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * ROW + t] = (x[base + ROW + t] + x[base + 2 * ROW + t])
                    + 4 * (x[base + 3 * ROW + t] + x[base + 4 * ROW + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * ROW + t] = (x[base + ROW + t] - x[base + 2 * ROW + t])
                    + 8 * (x[base + 3 * ROW + t] - x[base + 4 * ROW + t]) + x[base + 5 * ROW + t];
        }
    }

    private static void output4Across(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t] + (x[base + BLOCK + t] + x[base + 2 * BLOCK + t])
                    + (x[base + 3 * BLOCK + t] + x[base + 4 * BLOCK + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + BLOCK + t] = (x[base + BLOCK + t] - x[base + 2 * BLOCK + t])
                    + 2 * (x[base + 3 * BLOCK + t] - x[base + 4 * BLOCK + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * BLOCK + t] = (x[base + BLOCK + t] + x[base + 2 * BLOCK + t])
                    + 4 * (x[base + 3 * BLOCK + t] + x[base + 4 * BLOCK + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * BLOCK + t] = (x[base + BLOCK + t] - x[base + 2 * BLOCK + t])
                    + 8 * (x[base + 3 * BLOCK + t] - x[base + 4 * BLOCK + t]) + x[base + 5 * BLOCK + t];
        }
    }

    private static void outputGradient2Down(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + ROW + t] = x[base + t] + x[base + ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * ROW + t] = x[base + t] - x[base + ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * ROW + t] = -x[base + ROW + t];
        }
    }

    private static void outputGradient2Across(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + BLOCK + t] = x[base + t] + x[base + BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * BLOCK + t] = x[base + t] - x[base + BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * BLOCK + t] = -x[base + BLOCK + t];
        }
    }

    private static void outputGradient4Down(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + ROW + t] = x[base + t] + x[base + ROW + t] + x[base + 2 * ROW + t] + x[base + 3 * ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * ROW + t] = x[base + t] - x[base + ROW + t] + x[base + 2 * ROW + t] - x[base + 3 * ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * ROW + t] = x[base + t] + 2 * x[base + ROW + t] + 4 * x[base + 2 * ROW + t]
                    + 8 * x[base + 3 * ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 4 * ROW + t] = x[base + t] - 2 * x[base + ROW + t] + 4 * x[base + 2 * ROW + t]
                    - 8 * x[base + 3 * ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 5 * ROW + t] = x[base + 3 * ROW + t];
        }
    }

    private static void outputGradient4Across(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + BLOCK + t] = x[base + t] + x[base + BLOCK + t] + x[base + 2 * BLOCK + t] + x[base + 3 * BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * BLOCK + t] = x[base + t] - x[base + BLOCK + t] + x[base + 2 * BLOCK + t]
                    - x[base + 3 * BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * BLOCK + t] = x[base + t] + 2 * x[base + BLOCK + t] + 4 * x[base + 2 * BLOCK + t]
                    + 8 * x[base + 3 * BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 4 * BLOCK + t] = x[base + t] - 2 * x[base + BLOCK + t] + 4 * x[base + 2 * BLOCK + t]
                    - 8 * x[base + 3 * BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 5 * BLOCK + t] = x[base + 3 * BLOCK + t];
        }
    }

    private static void filter2Down(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + ROW + t] = (x[base + t] + x[base + ROW + t] + x[base + 2 * ROW + t]) * 0.5f;
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * ROW + t] = (x[base + t] - x[base + ROW + t] + x[base + 2 * ROW + t]) * 0.5f;
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * ROW + t] = x[base + 2 * ROW + t];
        }
    }

    private static void filter2Across(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + BLOCK + t] = (x[base + t] + x[base + BLOCK + t] + x[base + 2 * BLOCK + t]) * 0.5f;
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * BLOCK + t] = (x[base + t] - x[base + BLOCK + t] + x[base + 2 * BLOCK + t]) * 0.5f;
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * BLOCK + t] = x[base + 2 * BLOCK + t];
        }
    }

    private static void filter4Down(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t] / 4;
        }
        for (int t = 0; t < n; t++) {
            y[base + ROW + t] = -(x[base + t] + x[base + ROW + t] + x[base + 2 * ROW + t]) / 6;
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * ROW + t] = -(x[base + t] - x[base + ROW + t] + x[base + 2 * ROW + t]) / 6;
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * ROW + t] = x[base + t] / 24 + x[base + ROW + t] / 12 + x[base + 2 * ROW + t] / 6;
        }
        for (int t = 0; t < n; t++) {
            y[base + 4 * ROW + t] = x[base + t] / 24 - x[base + ROW + t] / 12 + x[base + 2 * ROW + t] / 6;
        }
        for (int t = 0; t < n; t++) {
            y[base + 5 * ROW + t] = x[base + 2 * ROW + t];
        }
    }

    private static void filter4Across(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t] / 4;
        }
        for (int t = 0; t < n; t++) {
            y[base + BLOCK + t] = -(x[base + t] + x[base + BLOCK + t] + x[base + 2 * BLOCK + t]) / 6;
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * BLOCK + t] = -(x[base + t] - x[base + BLOCK + t] + x[base + 2 * BLOCK + t]) / 6;
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * BLOCK + t] = x[base + t] / 24 + x[base + BLOCK + t] / 12 + x[base + 2 * BLOCK + t] / 6;
        }
        for (int t = 0; t < n; t++) {
            y[base + 4 * BLOCK + t] = x[base + t] / 24 - x[base + BLOCK + t] / 12 + x[base + 2 * BLOCK + t] / 6;
        }
        for (int t = 0; t < n; t++) {
            y[base + 5 * BLOCK + t] = x[base + 2 * BLOCK + t];
        }
    }

    private static void filterGradient2Down(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t] + (x[base + ROW + t] + x[base + 2 * ROW + t]) * 0.5f;
        }
        for (int t = 0; t < n; t++) {
            y[base + ROW + t] = (x[base + ROW + t] - x[base + 2 * ROW + t]) * 0.5f;
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * ROW + t] = (x[base + ROW + t] + x[base + 2 * ROW + t]) * 0.5f + x[base + 3 * ROW + t];
        }
    }

    private static void filterGradient2Across(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t] + (x[base + BLOCK + t] + x[base + 2 * BLOCK + t]) * 0.5f;
        }
        for (int t = 0; t < n; t++) {
            y[base + BLOCK + t] = (x[base + BLOCK + t] - x[base + 2 * BLOCK + t]) * 0.5f;
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * BLOCK + t] = (x[base + BLOCK + t] + x[base + 2 * BLOCK + t]) * 0.5f + x[base + 3 * BLOCK + t];
        }
    }

    private static void filterGradient4Down(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t] / 4 - (x[base + ROW + t] + x[base + 2 * ROW + t]) / 6
                    + (x[base + 3 * ROW + t] + x[base + 4 * ROW + t]) / 24;
        }
        for (int t = 0; t < n; t++) {
            y[base + ROW + t] = (x[base + 2 * ROW + t] - x[base + ROW + t]) / 6
                    + (x[base + 3 * ROW + t] - x[base + 4 * ROW + t]) / 12;
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * ROW + t] = (x[base + 3 * ROW + t] + x[base + 4 * ROW + t] - x[base + ROW + t]
                    - x[base + 2 * ROW + t]) / 6 + x[base + 5 * ROW + t];
        }
    }

    private static void filterGradient4Across(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = x[base + t] / 4 - (x[base + BLOCK + t] + x[base + 2 * BLOCK + t]) / 6
                    + (x[base + 3 * BLOCK + t] + x[base + 4 * BLOCK + t]) / 24;
        }
        for (int t = 0; t < n; t++) {
            y[base + BLOCK + t] = (x[base + 2 * BLOCK + t] - x[base + BLOCK + t]) / 6
                    + (x[base + 3 * BLOCK + t] - x[base + 4 * BLOCK + t]) / 12;
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * BLOCK + t] = (x[base + 3 * BLOCK + t] + x[base + 4 * BLOCK + t] - x[base + BLOCK + t]
                    - x[base + 2 * BLOCK + t]) / 6 + x[base + 5 * BLOCK + t];
        }
    }

    private static void filterInteger4Down(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = 6 * x[base + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + ROW + t] = -4 * (x[base + t] + x[base + ROW + t] + x[base + 2 * ROW + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * ROW + t] = -4 * (x[base + t] - x[base + ROW + t] + x[base + 2 * ROW + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * ROW + t] = x[base + t] + 2 * x[base + ROW + t] + 4 * x[base + 2 * ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 4 * ROW + t] = x[base + t] - 2 * x[base + ROW + t] + 4 * x[base + 2 * ROW + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 5 * ROW + t] = 24 * x[base + 2 * ROW + t];
        }
    }

    private static void filterInteger4Across(float[] x, float[] y, int base, int n) {
        for (int t = 0; t < n; t++) {
            y[base + t] = 6 * x[base + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + BLOCK + t] = -4 * (x[base + t] + x[base + BLOCK + t] + x[base + 2 * BLOCK + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 2 * BLOCK + t] = -4 * (x[base + t] - x[base + BLOCK + t] + x[base + 2 * BLOCK + t]);
        }
        for (int t = 0; t < n; t++) {
            y[base + 3 * BLOCK + t] = x[base + t] + 2 * x[base + BLOCK + t] + 4 * x[base + 2 * BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 4 * BLOCK + t] = x[base + t] - 2 * x[base + BLOCK + t] + 4 * x[base + 2 * BLOCK + t];
        }
        for (int t = 0; t < n; t++) {
            y[base + 5 * BLOCK + t] = 24 * x[base + 2 * BLOCK + t];
        }
    }
}
