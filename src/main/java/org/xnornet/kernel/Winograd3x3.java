package org.xnornet.kernel;

/**
 * 3×3 stride-1 convolution by Winograd's minimal filtering F(m×m, 3×3) (Lavin &amp; Gray, CVPR 2016), m = 2 or 4:
 * filters go to {@code U = G g Gᵀ} and input tiles to {@code V = Bᵀ d B} (α×α each, α = m + 2); the α² positions ξ
 * are independent GEMMs {@code M_ξ = U_ξ · V_ξ} of shape [out × channels]·[channels × tiles]; each m×m output tile
 * is {@code Aᵀ M A}. A tile costs α² multiplications per channel pair instead of 9m²: 2.25× fewer for m = 2, 4×
 * for m = 4. Layers with few filters run the forward pass block by block ({@link #forwardByBlocks}: a block's
 * transformed tiles stay in cache from input transform to output transform); the others go through arrays for a
 * whole chunk of images, with the positions' GEMMs side by side. The weight gradient runs the transposed transforms
 * around one deep GEMM per position.
 *
 * <p>Forward passes of binary layers (sign applied to the input, ±1 weights) run F(4×4, 3×3) in integers
 * ({@link WinogradExactSplit}): they give exactly the im2col integers, whatever the chunking of images — which keeps
 * one distributed step equal to the local step on the union of the batches. Everything else uses the float F(4×4, 3×3),
 * whose transforms hold sixths and twenty-fourths, so results differ from im2col's by rounding (relative 1e-6 to 1e-5
 * here); {@code -Dxnornet.winograd.tile=2} selects F(2×2, 3×3), exact on signs too. Work is split by shape alone, so
 * results do not depend on the thread count.
 */
final class Winograd3x3 {
    /** GEMM width (tiles of a chunk of images) a chunk aims for. */
    static final int TARGET_TILES = 8192;
    /** Smallest channel count (in and out) worth the transforms; narrower layers stay with im2col. */
    static final int MIN_CHANNELS = 16;
    /** Fewest blocks of tiles for which {@link #forwardByBlocks} is used (with fewer, workers would idle). */
    static final int FUSED_MIN_BLOCKS = 8;
    /**
     * Largest out × channels for which {@link #forwardByBlocks} is used: its blocks read all transformed filters
     * (36·out·channels floats) each, which at 128 × 128 still measured faster than going through memory.
     */
    static final long FUSED_MAX_PAIRS = 128 * 128;
    private static volatile int fusedMinBlocks = FUSED_MIN_BLOCKS;
    private static volatile long fusedMaxPairs = FUSED_MAX_PAIRS;
    /** Output tile side m: 4, or 2 with {@code -Dxnornet.winograd.tile=2}. */
    private static volatile int tile = Integer.getInteger("xnornet.winograd.tile", 4);
    /**
     * Floats between consecutive positions' blocks beyond their size: block sizes are often multiples of 4 KiB, and
     * α² streams that far apart would all map to the same cache sets.
     */
    private static final int SKEW = 32;
    /** Tiles (or filters) per block of a transform. */
    private static final int BLOCK = WinogradTransforms.BLOCK;

    private Winograd3x3() {
    }

    /** Selects F(m×m, 3×3), m = 2 or 4; for tests and benchmarks. */
    static void useTile(int m) {
        if (m != 2 && m != 4) {
            throw new IllegalArgumentException("Winograd tile must be 2 or 4, was " + m);
        }
        tile = m;
    }

    /**
     * Sets when {@link #forward} runs block by block: from {@code minBlocks} blocks of tiles, up to {@code maxPairs}
     * out × channels; for tests and benchmarks ({@link #FUSED_MIN_BLOCKS} and {@link #FUSED_MAX_PAIRS} by default).
     */
    static void fuseWhen(int minBlocks, long maxPairs) {
        fusedMinBlocks = minBlocks;
        fusedMaxPairs = maxPairs;
    }

    /** Whether {@link #forward} handles this layer: a 3×3 kernel, stride 1, enough channels both ways. */
    static boolean applies(ConvGeometry g, int out) {
        return g.kernelH() == 3 && g.kernelW() == 3 && g.stride() == 1 && g.channels() >= MIN_CHANNELS
                && out >= MIN_CHANNELS;
    }

    /** Same contract as {@link Conv#forward}, for geometries {@link #applies} accepts. */
    static void forward(float[] x, boolean signInput, int batch, ConvGeometry g, float[] w, int wOff, int out,
                        float[] bias, int biasOff, float[] y) {
        WinogradTiling t = WinogradTiling.of(batch, g, out, tile);
        int channels = g.channels();
        int positions = t.positions();
        // binary layers: F(4×4, 3×3) in integers, exact, so their outputs do not depend on how images are chunked
        WinogradExactSplit split = signInput && t.m() == 4 ? WinogradExactSplit.of(channels) : null;
        int slots = split == null ? positions : split.slots();
        int uStride = out * channels + SKEW;
        float[] u = Scratch.floats(Scratch.WINOGRAD_FILTER, positions * uStride);
        transformFilters(t, split == null ? WinogradTransforms.filter(t.m()) : WinogradTransforms.FILTER_INTEGER4, w,
                wOff, out, channels, u, uStride);
        int blocks = (batch * t.perImage() + BLOCK - 1) / BLOCK;
        if (Gemm.singleThreadedCalls() && blocks >= fusedMinBlocks && (long) out * channels <= fusedMaxPairs) {
            forwardByBlocks(t, split, slots, x, signInput, batch, g, u, uStride, out, bias, biasOff, y);
            return;
        }
        float[] v = Scratch.floats(Scratch.PATCH, positions * (channels * t.chunk() * t.perImage() + SKEW));
        float[] m = Scratch.floats(Scratch.OUTPUT, slots * (out * t.chunk() * t.perImage() + SKEW));
        for (int first = 0; first < batch; first += t.chunk()) {
            int count = Math.min(t.chunk(), batch - first);
            int tiles = count * t.perImage();
            transformInputs(t, x, signInput, first, g, v, tiles);
            int vStride = channels * tiles + SKEW;
            int mStride = out * tiles + SKEW;
            overPositions(positions, (from, to) -> {
                for (int xi = from; xi < to; xi++) {
                    positionGemm(split, xi, out, channels, tiles, u, uStride, v, vStride, m, mStride);
                }
            });
            transformOutputs(t, split, m, tiles, first, out, g, bias, biasOff, y);
        }
    }

    /**
     * The forward pass one block of {@link #BLOCK} tiles at a time, each block on one worker from input transform
     * through its α² GEMMs to output transform, so that its transformed tiles stay in cache instead of going to memory
     * and back (when there are enough blocks and few enough filters: see {@link #fuseWhen}). The
     * blocks are fixed by the shape, so results do not depend on the thread count.
     */
    private static void forwardByBlocks(WinogradTiling t, WinogradExactSplit split, int slots, float[] x,
                                        boolean signInput, int batch, ConvGeometry g, float[] u, int uStride, int out,
                                        float[] bias, int biasOff, float[] y) {
        int channels = g.channels();
        int positions = t.positions();
        int tiles = batch * t.perImage();
        int vStride = channels * BLOCK + SKEW;
        int mStride = out * BLOCK + SKEW;
        Parallel.forRange((tiles + BLOCK - 1) / BLOCK, 1, (from, to) -> {
            WinogradBlocks worker = new WinogradBlocks(t, g, true, split != null);
            float[] v = Scratch.floats(Scratch.PATCH, positions * vStride);
            float[] m = Scratch.floats(Scratch.OUTPUT, slots * mStride);
            for (int block = from; block < to; block++) {
                int start = block * BLOCK;
                int n = Math.min(BLOCK, tiles - start);
                for (int c = 0; c < channels; c++) {
                    worker.input(x, signInput, 0, c, start, n, v, c * n, vStride);
                }
                for (int xi = 0; xi < positions; xi++) {
                    positionGemm(split, xi, out, channels, n, u, uStride, v, vStride, m, mStride);
                }
                for (int o = 0; o < out; o++) {
                    worker.output(split, m, o * n, mStride, n, 0, start, o, out, bias == null ? 0f : bias[biasOff + o],
                            y);
                }
            }
        });
    }

    /**
     * M_ξ = U_ξ · V_ξ for {@code tiles} tiles: u at ξ·uStride ([out × channels]), v at ξ·vStride ([channels × tiles]),
     * the result at slot·mStride ([out × tiles]); with an {@link WinogradExactSplit}, in its channel parts and slots.
     */
    private static void positionGemm(WinogradExactSplit split, int xi, int out, int channels, int tiles, float[] u,
                                     int uStride, float[] v, int vStride, float[] m, int mStride) {
        int parts = split == null ? 1 : split.parts(xi);
        for (int part = 0; part < parts; part++) {
            int c0 = split == null ? 0 : part * split.channelsPerPart(xi);
            int c1 = split == null ? channels : Math.min(channels, c0 + split.channelsPerPart(xi));
            int slot = split == null ? xi : split.slot(xi, part);
            Gemm.sgemm(false, false, out, tiles, c1 - c0, 1f, u, xi * uStride + c0, channels, v,
                    xi * vStride + c0 * tiles, tiles, 0f, m, slot * mStride, tiles);
        }
    }

    /**
     * Adds the weight gradient of {@link #forward} (no bias) into {@code dw}: with dM = A dY Aᵀ per output tile, dU_ξ =
     * Σ_tiles dM_ξ · V_ξᵀ is one deep GEMM per position, and dW = Gᵀ dU G maps it back through the filter transform.
     */
    static void weightGradient(float[] x, boolean signInput, int batch, ConvGeometry g, int out, float[] dy,
                               float[] dw, int dwOff) {
        WinogradTiling t = WinogradTiling.of(batch, g, out, tile);
        int channels = g.channels();
        int positions = t.positions();
        int uStride = out * channels + SKEW;
        float[] du = Scratch.floats(Scratch.WINOGRAD_FILTER, positions * uStride);
        float[] v = Scratch.floats(Scratch.PATCH, positions * (channels * t.chunk() * t.perImage() + SKEW));
        float[] m = Scratch.floats(Scratch.OUTPUT, positions * (out * t.chunk() * t.perImage() + SKEW));
        for (int first = 0; first < batch; first += t.chunk()) {
            int count = Math.min(t.chunk(), batch - first);
            int tiles = count * t.perImage();
            transformInputs(t, x, signInput, first, g, v, tiles);
            transformOutputGradients(t, dy, first, out, g, m, tiles);
            float beta = first == 0 ? 0f : 1f;
            overPositions(positions, (from, to) -> {
                for (int xi = from; xi < to; xi++) {
                    Gemm.sgemm(false, true, out, channels, tiles, 1f, m, xi * (out * tiles + SKEW), tiles, v,
                            xi * (channels * tiles + SKEW), tiles, beta, du, xi * uStride, channels);
                }
            });
        }
        transformFilterGradients(t, du, uStride, out * channels, dw, dwOff);
    }

    /**
     * Runs the positions' GEMMs: side by side on the pool when a GEMM call runs on one thread
     * ({@link Gemm#singleThreadedCalls}), one after another otherwise (each call then uses the BLAS's own threads).
     */
    private static void overPositions(int positions, Parallel.RangeBody body) {
        if (Gemm.singleThreadedCalls()) {
            Parallel.forRange(positions, 1, body);
        } else {
            body.run(0, positions);
        }
    }

    /** u[ξ][o·channels + c] = (G w[o][c] Gᵀ)[ξ], for blocks of filters at once. */
    private static void transformFilters(WinogradTiling t, WinogradTransforms.Transform filter, float[] w, int wOff,
                                         int out, int channels, float[] u, int stride) {
        int alpha = t.alpha();
        int pairs = out * channels;
        Parallel.forRange((pairs + BLOCK - 1) / BLOCK, 1, (from, to) -> {
            float[] points = new float[WinogradTransforms.SIZE];
            float[] tmp = new float[WinogradTransforms.SIZE];
            float[] res = new float[WinogradTransforms.SIZE];
            for (int b = from; b < to; b++) {
                int first = b * BLOCK;
                int n = Math.min(BLOCK, pairs - first);
                for (int k = 0; k < 9; k++) {
                    int dst = WinogradTransforms.offset(k / 3, k % 3);
                    for (int p = 0, src = wOff + first * 9 + k; p < n; p++, src += 9) {
                        points[dst + p] = w[src];
                    }
                }
                WinogradTransforms.apply2d(filter, points, tmp, res, n);
                for (int xi = 0; xi < alpha * alpha; xi++) {
                    System.arraycopy(res, WinogradTransforms.offset(xi / alpha, xi % alpha), u, xi * stride + first, n);
                }
            }
        });
    }

    /** dw[o][c] += Gᵀ du[·][o·channels + c] G, for blocks of filters at once. */
    private static void transformFilterGradients(WinogradTiling t, float[] du, int stride, int pairs, float[] dw,
                                                 int dwOff) {
        int alpha = t.alpha();
        WinogradTransforms.Transform filterGradient = WinogradTransforms.filterGradient(t.m());
        Parallel.forRange((pairs + BLOCK - 1) / BLOCK, 1, (from, to) -> {
            float[] points = new float[WinogradTransforms.SIZE];
            float[] tmp = new float[WinogradTransforms.SIZE];
            float[] res = new float[WinogradTransforms.SIZE];
            for (int b = from; b < to; b++) {
                int first = b * BLOCK;
                int n = Math.min(BLOCK, pairs - first);
                for (int xi = 0; xi < alpha * alpha; xi++) {
                    System.arraycopy(du, xi * stride + first, points,
                            WinogradTransforms.offset(xi / alpha, xi % alpha), n);
                }
                WinogradTransforms.apply2d(filterGradient, points, tmp, res, n);
                for (int k = 0; k < 9; k++) {
                    int src = WinogradTransforms.offset(k / 3, k % 3);
                    for (int p = 0, dst = dwOff + first * 9 + k; p < n; p++, dst += 9) {
                        dw[dst] += res[src + p];
                    }
                }
            }
        });
    }

    /**
     * v[ξ][c][t] = (Bᵀ d B)[ξ] for every α×α input tile d (t = image·tiles + row·tilesW + column), per channel and
     * block of {@link #BLOCK} tiles: each image's plane is copied, zero-padded (and signed), into a buffer, the
     * block's tiles are gathered point by point into a grid of streams, and the transform maps those with SIMD
     * arithmetic ({@link WinogradTransforms}).
     */
    private static void transformInputs(WinogradTiling t, float[] x, boolean signs, int first, ConvGeometry g,
                                        float[] v, int tiles) {
        int channels = g.channels();
        int stride = channels * tiles + SKEW;
        int blocks = (tiles + BLOCK - 1) / BLOCK;
        Parallel.forRange(channels * blocks, 1, (from, to) -> {
            WinogradBlocks worker = new WinogradBlocks(t, g, true, false);
            for (int item = from; item < to; item++) {
                int c = item / blocks;
                int start = (item % blocks) * BLOCK;
                worker.input(x, signs, first, c, start, Math.min(BLOCK, tiles - start), v,
                        c * tiles + start, stride);
            }
        });
    }

    /**
     * y tile = Aᵀ m A (+ bias), per output channel and block of tiles; tiles past the output's edge are cut. With an
     * {@link WinogradExactSplit}, m holds 576 times the transformed sums, in parts, and the result is exact.
     */
    private static void transformOutputs(WinogradTiling t, WinogradExactSplit split, float[] m, int tiles, int first,
                                         int out, ConvGeometry g, float[] bias, int biasOff, float[] y) {
        int stride = out * tiles + SKEW;
        int blocks = (tiles + BLOCK - 1) / BLOCK;
        Parallel.forRange(out * blocks, 1, (from, to) -> {
            WinogradBlocks worker = new WinogradBlocks(t, g, false, split != null);
            for (int item = from; item < to; item++) {
                int o = item / blocks;
                int start = (item % blocks) * BLOCK;
                worker.output(split, m, o * tiles + start, stride, Math.min(BLOCK, tiles - start), first, start, o,
                        out, bias == null ? 0f : bias[biasOff + o], y);
            }
        });
    }

    /** m[ξ][o][t] = (A dY Aᵀ)[ξ] for each m×m output-gradient tile dY (zero past the output's edge). */
    private static void transformOutputGradients(WinogradTiling t, float[] dy, int first, int out, ConvGeometry g,
                                                 float[] m, int tiles) {
        int stride = out * tiles + SKEW;
        int blocks = (tiles + BLOCK - 1) / BLOCK;
        Parallel.forRange(out * blocks, 1, (from, to) -> {
            WinogradBlocks worker = new WinogradBlocks(t, g, false, false);
            for (int item = from; item < to; item++) {
                int o = item / blocks;
                int start = (item % blocks) * BLOCK;
                worker.outputGradient(dy, first, start, Math.min(BLOCK, tiles - start), o, out, m, o * tiles + start,
                        stride);
            }
        });
    }
}
