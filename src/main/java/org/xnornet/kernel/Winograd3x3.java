package org.xnornet.kernel;

/**
 * 3×3 stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin &amp; Gray, CVPR 2016): every 2×2
 * output tile of a channel pair costs 16 multiplications instead of 36. Filters go to {@code U = G g Gᵀ} and input
 * tiles to {@code V = Bᵀ d B} (4×4 each); the 16 positions ξ of the 4×4 transform are then 16 independent GEMMs
 * {@code M_ξ = U_ξ · V_ξ} of shape [out × channels]·[channels × tiles], and each output tile is {@code Aᵀ M A}.
 *
 * <p>On ±1 (or 0, from padding) inputs and ±1 weights every intermediate is a multiple of 1/4 far below 2²⁴, so
 * binary layers get exactly the integers the im2col product gives; float layers differ from it by rounding only.
 * Work is split by shape alone, so results do not depend on the thread count.
 */
final class Winograd3x3 {
    /** GEMM width (tiles of a chunk of images) a chunk aims for. */
    static final int TARGET_TILES = 8192;
    /** Smallest channel count (in and out) worth the transforms; narrower layers stay with im2col. */
    static final int MIN_CHANNELS = 16;
    private static final int POSITIONS = 16;
    /**
     * Floats between consecutive positions' blocks beyond their size: block sizes are often multiples of 4 KiB, and
     * 16 streams that far apart would all map to the same cache sets.
     */
    private static final int SKEW = 32;

    private Winograd3x3() {
    }

    /** Whether {@link #forward} handles this layer: a 3×3 kernel, stride 1, enough channels both ways. */
    static boolean applies(ConvGeometry g, int out) {
        return g.kernelH() == 3 && g.kernelW() == 3 && g.stride() == 1 && g.channels() >= MIN_CHANNELS
                && out >= MIN_CHANNELS;
    }

    /** Same contract as {@link Conv#forward}, for geometries {@link #applies} accepts. */
    static void forward(float[] x, boolean signInput, int batch, ConvGeometry g, float[] w, int wOff, int out,
                        float[] bias, int biasOff, float[] y) {
        int channels = g.channels();
        int tilesH = (g.outHeight() + 1) / 2;
        int tilesW = (g.outWidth() + 1) / 2;
        int perImage = tilesH * tilesW;
        int chunk = chunk(batch, channels, out, perImage);
        float[] u = Scratch.floats(Scratch.WINOGRAD_FILTER, POSITIONS * (out * channels + SKEW));
        transformFilters(w, wOff, out, channels, u);
        float[] v = Scratch.floats(Scratch.PATCH, POSITIONS * (channels * chunk * perImage + SKEW));
        float[] m = Scratch.floats(Scratch.OUTPUT, POSITIONS * (out * chunk * perImage + SKEW));
        for (int first = 0; first < batch; first += chunk) {
            int count = Math.min(chunk, batch - first);
            int tiles = count * perImage;
            transformInputs(x, signInput, first, count, g, tilesH, tilesW, v, tiles);
            for (int xi = 0; xi < POSITIONS; xi++) {
                Gemm.sgemm(false, false, out, tiles, channels, 1f, u, xi * (out * channels + SKEW), channels, v,
                        xi * (channels * tiles + SKEW), tiles, 0f, m, xi * (out * tiles + SKEW), tiles);
            }
            transformOutputs(m, tiles, first, count, out, g, tilesH, tilesW, bias, biasOff, y);
        }
    }

    /** Images per chunk: enough tiles for a wide GEMM, within the patch budget. */
    private static int chunk(int batch, int channels, int out, int perImage) {
        return (int) Math.max(1, Math.min(Math.min(batch, (TARGET_TILES + perImage - 1) / perImage),
                Conv.PATCH_BUDGET / ((long) POSITIONS * Math.max(channels, out) * perImage)));
    }

    /**
     * Adds the weight gradient of {@link #forward} (no bias) into {@code dw}: with dM = A dY Aᵀ per output tile (the
     * transpose of the output transform), dU_ξ = Σ_tiles dM_ξ · V_ξᵀ is one deep GEMM per position, and
     * dW = Gᵀ dU G maps it back through the filter transform.
     */
    static void weightGradient(float[] x, boolean signInput, int batch, ConvGeometry g, int out, float[] dy,
                               float[] dw, int dwOff) {
        int channels = g.channels();
        int tilesH = (g.outHeight() + 1) / 2;
        int tilesW = (g.outWidth() + 1) / 2;
        int perImage = tilesH * tilesW;
        int chunk = chunk(batch, channels, out, perImage);
        int uStride = out * channels + SKEW;
        float[] du = Scratch.floats(Scratch.WINOGRAD_FILTER, POSITIONS * uStride);
        float[] v = Scratch.floats(Scratch.PATCH, POSITIONS * (channels * chunk * perImage + SKEW));
        float[] m = Scratch.floats(Scratch.OUTPUT, POSITIONS * (out * chunk * perImage + SKEW));
        for (int first = 0; first < batch; first += chunk) {
            int count = Math.min(chunk, batch - first);
            int tiles = count * perImage;
            transformInputs(x, signInput, first, count, g, tilesH, tilesW, v, tiles);
            transformOutputGradients(dy, first, count, out, g, tilesH, tilesW, m, tiles);
            for (int xi = 0; xi < POSITIONS; xi++) {
                Gemm.sgemm(false, true, out, channels, tiles, 1f, m, xi * (out * tiles + SKEW), tiles, v,
                        xi * (channels * tiles + SKEW), tiles, first == 0 ? 0f : 1f, du, xi * uStride, channels);
            }
        }
        Parallel.forRange(out, 4, (from, to) -> {
            float[] q = new float[12];
            for (int o = from; o < to; o++) {
                for (int c = 0; c < channels; c++) {
                    int src = o * channels + c;
                    // Gᵀ dU: rows r0 + ½(r1 + r2), ½(r1 − r2), ½(r1 + r2) + r3
                    for (int j = 0; j < 4; j++) {
                        float r0 = du[src + j * uStride];
                        float r1 = du[src + (4 + j) * uStride];
                        float r2 = du[src + (8 + j) * uStride];
                        float r3 = du[src + (12 + j) * uStride];
                        float half = (r1 + r2) * 0.5f;
                        q[j] = r0 + half;
                        q[4 + j] = (r1 - r2) * 0.5f;
                        q[8 + j] = half + r3;
                    }
                    int dst = dwOff + src * 9;
                    for (int k = 0; k < 3; k++) {
                        float a = q[4 * k];
                        float b = q[4 * k + 1];
                        float e = q[4 * k + 2];
                        float f = q[4 * k + 3];
                        float half = (b + e) * 0.5f;
                        dw[dst + 3 * k] += a + half;
                        dw[dst + 3 * k + 1] += (b - e) * 0.5f;
                        dw[dst + 3 * k + 2] += half + f;
                    }
                }
            }
        });
    }

    /** m[ξ][o][t] = (A dY Aᵀ)[ξ] for each 2×2 output-gradient tile dY (zero past an odd edge), A = [[1,0],[1,1],[1,−1],[0,−1]]. */
    private static void transformOutputGradients(float[] dy, int first, int count, int out, ConvGeometry g,
                                                 int tilesH, int tilesW, float[] m, int tiles) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int stride = out * tiles + SKEW;
        int perImage = tilesH * tilesW;
        Parallel.forRange(count * out, 4, (from, to) -> {
            for (int io = from; io < to; io++) {
                int img = io / out;
                int o = io % out;
                int plane = ((first + img) * out + o) * oh * ow;
                int dst = o * tiles + img * perImage;
                for (int ti = 0; ti < tilesH; ti++) {
                    for (int tj = 0; tj < tilesW; tj++, dst++) {
                        int oy = 2 * ti;
                        int ox = 2 * tj;
                        int at = plane + oy * ow + ox;
                        boolean right = ox + 1 < ow;
                        boolean down = oy + 1 < oh;
                        float d00 = dy[at];
                        float d01 = right ? dy[at + 1] : 0f;
                        float d10 = down ? dy[at + ow] : 0f;
                        float d11 = right && down ? dy[at + ow + 1] : 0f;
                        // A dY: rows d0, d0 + d1, d0 − d1, −d1; then the same on columns
                        float r10 = d00 + d10;
                        float r11 = d01 + d11;
                        float r20 = d00 - d10;
                        float r21 = d01 - d11;
                        m[dst] = d00;
                        m[dst + stride] = d00 + d01;
                        m[dst + 2 * stride] = d00 - d01;
                        m[dst + 3 * stride] = -d01;
                        m[dst + 4 * stride] = r10;
                        m[dst + 5 * stride] = r10 + r11;
                        m[dst + 6 * stride] = r10 - r11;
                        m[dst + 7 * stride] = -r11;
                        m[dst + 8 * stride] = r20;
                        m[dst + 9 * stride] = r20 + r21;
                        m[dst + 10 * stride] = r20 - r21;
                        m[dst + 11 * stride] = -r21;
                        m[dst + 12 * stride] = -d10;
                        m[dst + 13 * stride] = -d10 - d11;
                        m[dst + 14 * stride] = d11 - d10;
                        m[dst + 15 * stride] = d11;
                    }
                }
            }
        });
    }

    /** u[ξ][o][c] = (G w[o][c] Gᵀ)[ξ], G = [[1,0,0],[½,½,½],[½,−½,½],[0,0,1]]. */
    private static void transformFilters(float[] w, int wOff, int out, int channels, float[] u) {
        int stride = out * channels + SKEW;
        Parallel.forRange(out, 4, (from, to) -> {
            float[] r = new float[12];
            for (int o = from; o < to; o++) {
                for (int c = 0; c < channels; c++) {
                    int src = wOff + (o * channels + c) * 9;
                    for (int j = 0; j < 3; j++) {
                        float g0 = w[src + j];
                        float g1 = w[src + 3 + j];
                        float g2 = w[src + 6 + j];
                        r[j] = g0;
                        r[3 + j] = (g0 + g1 + g2) * 0.5f;
                        r[6 + j] = (g0 - g1 + g2) * 0.5f;
                        r[9 + j] = g2;
                    }
                    int dst = o * channels + c;
                    for (int k = 0; k < 4; k++) {
                        float a = r[3 * k];
                        float b = r[3 * k + 1];
                        float e = r[3 * k + 2];
                        u[dst + (4 * k) * stride] = a;
                        u[dst + (4 * k + 1) * stride] = (a + b + e) * 0.5f;
                        u[dst + (4 * k + 2) * stride] = (a - b + e) * 0.5f;
                        u[dst + (4 * k + 3) * stride] = e;
                    }
                }
            }
        });
    }

    /**
     * v[ξ][c][t] = (Bᵀ d B)[ξ] for every 4×4 input tile d (t = image·tiles + row·tilesW + column), Bᵀ =
     * [[1,0,−1,0],[0,1,1,0],[0,−1,1,0],[0,1,0,−1]]; each plane is first copied, zero-padded (and signed), into a
     * per-thread buffer so the tile loop carries no bounds tests.
     */
    private static void transformInputs(float[] x, boolean signs, int first, int count, ConvGeometry g, int tilesH,
                                        int tilesW, float[] v, int tiles) {
        int channels = g.channels();
        int height = g.height();
        int width = g.width();
        int pad = g.padding();
        int ph = 2 * tilesH + 2;
        int pw = 2 * tilesW + 2;
        int stride = channels * tiles + SKEW;
        int perImage = tilesH * tilesW;
        Parallel.forRange(count * channels, 4, (from, to) -> {
            float[] plane = Scratch.floats(Scratch.PLANE, ph * pw);
            for (int ic = from; ic < to; ic++) {
                int img = ic / channels;
                int c = ic % channels;
                java.util.Arrays.fill(plane, 0, ph * pw, 0f);
                int src = ((first + img) * channels + c) * height * width;
                for (int yy = 0; yy < height && yy + pad < ph; yy++) {
                    int row = (yy + pad) * pw + pad;
                    int n = Math.min(width, pw - pad);
                    int s = src + yy * width;
                    if (signs) {
                        for (int xx = 0; xx < n; xx++) {
                            plane[row + xx] = Im2Col.sign(x[s + xx]);
                        }
                    } else {
                        System.arraycopy(x, s, plane, row, n);
                    }
                }
                int dst = c * tiles + img * perImage;
                for (int ti = 0; ti < tilesH; ti++) {
                    for (int tj = 0; tj < tilesW; tj++, dst++) {
                        int b = 2 * ti * pw + 2 * tj;
                        int b1 = b + pw;
                        int b2 = b1 + pw;
                        int b3 = b2 + pw;
                        // Bᵀ d: rows r0 − r2, r1 + r2, r2 − r1, r1 − r3
                        float t00 = plane[b] - plane[b2];
                        float t01 = plane[b + 1] - plane[b2 + 1];
                        float t02 = plane[b + 2] - plane[b2 + 2];
                        float t03 = plane[b + 3] - plane[b2 + 3];
                        float t10 = plane[b1] + plane[b2];
                        float t11 = plane[b1 + 1] + plane[b2 + 1];
                        float t12 = plane[b1 + 2] + plane[b2 + 2];
                        float t13 = plane[b1 + 3] + plane[b2 + 3];
                        float t20 = plane[b2] - plane[b1];
                        float t21 = plane[b2 + 1] - plane[b1 + 1];
                        float t22 = plane[b2 + 2] - plane[b1 + 2];
                        float t23 = plane[b2 + 3] - plane[b1 + 3];
                        float t30 = plane[b1] - plane[b3];
                        float t31 = plane[b1 + 1] - plane[b3 + 1];
                        float t32 = plane[b1 + 2] - plane[b3 + 2];
                        float t33 = plane[b1 + 3] - plane[b3 + 3];
                        // · B: columns c0 − c2, c1 + c2, c2 − c1, c1 − c3
                        v[dst] = t00 - t02;
                        v[dst + stride] = t01 + t02;
                        v[dst + 2 * stride] = t02 - t01;
                        v[dst + 3 * stride] = t01 - t03;
                        v[dst + 4 * stride] = t10 - t12;
                        v[dst + 5 * stride] = t11 + t12;
                        v[dst + 6 * stride] = t12 - t11;
                        v[dst + 7 * stride] = t11 - t13;
                        v[dst + 8 * stride] = t20 - t22;
                        v[dst + 9 * stride] = t21 + t22;
                        v[dst + 10 * stride] = t22 - t21;
                        v[dst + 11 * stride] = t21 - t23;
                        v[dst + 12 * stride] = t30 - t32;
                        v[dst + 13 * stride] = t31 + t32;
                        v[dst + 14 * stride] = t32 - t31;
                        v[dst + 15 * stride] = t31 - t33;
                    }
                }
            }
        });
    }

    /** y tile = Aᵀ m A (+ bias), Aᵀ = [[1,1,1,0],[0,1,−1,−1]]; tiles past an odd output edge are cut. */
    private static void transformOutputs(float[] m, int tiles, int first, int count, int out, ConvGeometry g,
                                         int tilesH, int tilesW, float[] bias, int biasOff, float[] y) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int stride = out * tiles + SKEW;
        int perImage = tilesH * tilesW;
        Parallel.forRange(count * out, 4, (from, to) -> {
            for (int io = from; io < to; io++) {
                int img = io / out;
                int o = io % out;
                float b = bias == null ? 0f : bias[biasOff + o];
                int plane = ((first + img) * out + o) * oh * ow;
                int src = o * tiles + img * perImage;
                for (int ti = 0; ti < tilesH; ti++) {
                    for (int tj = 0; tj < tilesW; tj++, src++) {
                        float m0 = m[src];
                        float m1 = m[src + stride];
                        float m2 = m[src + 2 * stride];
                        float m3 = m[src + 3 * stride];
                        float m4 = m[src + 4 * stride];
                        float m5 = m[src + 5 * stride];
                        float m6 = m[src + 6 * stride];
                        float m7 = m[src + 7 * stride];
                        float m8 = m[src + 8 * stride];
                        float m9 = m[src + 9 * stride];
                        float m10 = m[src + 10 * stride];
                        float m11 = m[src + 11 * stride];
                        float m12 = m[src + 12 * stride];
                        float m13 = m[src + 13 * stride];
                        float m14 = m[src + 14 * stride];
                        float m15 = m[src + 15 * stride];
                        // Aᵀ m: rows r0 + r1 + r2 and r1 − r2 − r3
                        float s00 = m0 + m4 + m8;
                        float s01 = m1 + m5 + m9;
                        float s02 = m2 + m6 + m10;
                        float s03 = m3 + m7 + m11;
                        float s10 = m4 - m8 - m12;
                        float s11 = m5 - m9 - m13;
                        float s12 = m6 - m10 - m14;
                        float s13 = m7 - m11 - m15;
                        int oy = 2 * ti;
                        int ox = 2 * tj;
                        int at = plane + oy * ow + ox;
                        y[at] = s00 + s01 + s02 + b;
                        boolean right = ox + 1 < ow;
                        if (right) {
                            y[at + 1] = s01 - s02 - s03 + b;
                        }
                        if (oy + 1 < oh) {
                            y[at + ow] = s10 + s11 + s12 + b;
                            if (right) {
                                y[at + ow + 1] = s11 - s12 - s13 + b;
                            }
                        }
                    }
                }
            }
        });
    }
}
