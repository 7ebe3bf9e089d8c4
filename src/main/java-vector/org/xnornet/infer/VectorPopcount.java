package org.xnornet.infer;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API popcount path (JDK 21+, {@code --add-modules jdk.incubator.vector}), compiled apart from the rest
 * of the engine and loaded by {@link PopcountPaths} only where it runs. Two shapes, both exact:
 * <ul>
 * <li>{@code csa256} for AVX2: four filters per 256-bit vector, two vectors per block. AVX2 has no vector popcount,
 *     and the JIT's lookup sequence costs about fifteen instructions a vector, so words are first summed four at a
 *     time by carry-save adders (the Harley–Seal method: ones, twos, fours kept as bit planes), which leaves one
 *     popcount per four words plus three at the end of a row.</li>
 * <li>{@code popcnt512} for AVX-512 VPOPCNTDQ: eight rows' words in one 512-bit vector ({@link RowGroups}), each
 *     filter word broadcast, and one {@code vpopcntq} per eight words, cheaper than the adders; the products come
 *     out filter by filter, eight rows to a vector, stored straight into the layer's output.</li>
 * </ul>
 * Every helper is written inline: the JIT keeps vectors in registers only when the whole loop is one compiled
 * method (small helper methods returning vectors were not inlined and ran ten times slower).
 *
 * <p>Sign packing ({@link #packSigns}) goes 64 pixels × 64 channels at a time: each channel's 64 values are
 * normalised in vectors, their signs taken as a lane mask (one bit per pixel), and the 64 masks are then transposed as
 * a 64×64 bit matrix into one word per pixel.
 */
final class VectorPopcount implements PopcountKernel {
    private static final VectorSpecies<Long> V256 = LongVector.SPECIES_256;
    private static final VectorSpecies<Long> V512 = LongVector.SPECIES_512;
    private static final VectorSpecies<Integer> I256 = IntVector.SPECIES_256;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** The transpose's rows, as many to a vector as the JIT's vectors hold. */
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final ThreadLocal<long[]> MASKS = ThreadLocal.withInitial(() -> new long[64]);

    private final boolean wide;

    VectorPopcount(boolean wide) {
        this.wide = wide;
    }

    /**
     * The shape for this machine, or null where the JIT's vectors are narrower than 256 bits (no AVX2: the API would
     * run in Java, slower than scalar): {@code popcnt512} where the CPU has VPOPCNTDQ and 512-bit vectors, else
     * {@code csa256}. Called by {@link PopcountPaths} through reflection.
     */
    static PopcountKernel forThisMachine(boolean vpopcntdq) {
        int bits = LongVector.SPECIES_PREFERRED.vectorBitSize();
        if (bits < 256) {
            return null;
        }
        return new VectorPopcount(vpopcntdq && bits >= 512);
    }

    @Override
    public String name() {
        return wide ? "vector popcnt512" : "vector csa256";
    }

    @Override
    public void packSigns(float[] x, int src, int plane, int channels, int from, int count, int width, EvalNorm norm,
                          long[] words, int dst, int rowWords, int wpp) {
        float[][] t = norm == null ? null : norm.terms();
        long[] m = MASKS.get();
        int lanes = F.length();
        for (int g = 0; g < wpp; g++) {
            int c0 = g << 6;
            int live = Math.min(channels, c0 + 64) - c0;
            for (int p0 = from; p0 < from + count; p0 += 64) {
                int n = Math.min(64, from + count - p0);
                // Vectors may read past the block's n pixels (their bits are dropped) but not past the array,
                // whose last partial vector goes by scalar: masked loads cost more than the rest together.
                long keep = n == 64 ? -1L : (1L << n) - 1;
                for (int j = 0; j < live; j++) {
                    int c = c0 + j;
                    int base = src + c * plane + p0;
                    long bits = 0;
                    int k = 0;
                    for (; k < n && base + k + lanes <= x.length; k += lanes) {
                        FloatVector v = FloatVector.fromArray(F, x, base + k);
                        if (t != null) {
                            // EvalNorm's expression, operation by operation: γ·((v − m)·s) + β
                            v = v.sub(t[0][c]).mul(t[1][c]).mul(t[2][c]).add(t[3][c]);
                        }
                        // SignBits: the sign bit of v + 0 clear means +1
                        long lanesSet = ((IntVector) v.add(0f).reinterpretAsInts()).compare(VectorOperators.GE, 0)
                                .toLong();
                        bits |= lanesSet << k;
                    }
                    for (; k < n; k++) {
                        bits |= SignBits.bit(norm == null ? x[base + k] : norm.apply(x[base + k], c)) << k;
                    }
                    m[j] = bits & keep;
                }
                java.util.Arrays.fill(m, live, 64, 0L);
                transpose(m);
                for (int i = 0; i < n; i++) {
                    int p = p0 + i;
                    words[dst + p / width * rowWords + p % width * wpp + g] = m[i];
                }
            }
        }
    }

    /**
     * Transposes a 64×64 bit matrix in place, bit j of a[i] to bit i of a[j], by swapping ever smaller blocks
     * (32×32, then 16×16, …) across the diagonal, each swap three shifts, two XORs and a mask per pair of rows. Where
     * the rows paired are at least a vector apart (j ≥ its lanes), a vector of rows is swapped with the vector j rows
     * on at once; the closer pairs go by scalar.
     */
    static void transpose(long[] a) {
        int lanes = L.length();
        long mask = 0x00000000FFFFFFFFL;
        for (int j = 32; j != 0; j >>= 1, mask ^= mask << j) {
            if (j >= lanes) {
                for (int k = 0; k < 64; k += lanes) {
                    if ((k & j) == 0) {
                        LongVector lo = LongVector.fromArray(L, a, k);
                        LongVector hi = LongVector.fromArray(L, a, k | j);
                        LongVector t = lo.lanewise(VectorOperators.LSHR, j).lanewise(VectorOperators.XOR, hi)
                                .lanewise(VectorOperators.AND, mask);
                        lo.lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, j)).intoArray(a, k);
                        hi.lanewise(VectorOperators.XOR, t).intoArray(a, k | j);
                    }
                }
            } else {
                for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
                    long t = ((a[k] >>> j) ^ a[k | j]) & mask;
                    a[k] ^= t << j;
                    a[k | j] ^= t;
                }
            }
        }
    }

    @Override
    public void outputBlock(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff,
                            int outStride, int rowStride) {
        if (wide && rowStride == 1) {
            popcnt512(a, rows, w, words, n, live, y, yOff, outStride);
        } else if (wide) {
            // rows strided in y (a dense layer's samples): the 512-bit shape into a scratch, then scattered
            int padded = RowGroups.padded(rows);
            int[] products = RowScratch.get().products(padded * FilterBlocks.BLOCK);
            popcnt512(a, rows, w, words, n, FilterBlocks.BLOCK, products, 0, padded);
            for (int j = 0; j < live; j++) {
                for (int p = 0; p < rows; p++) {
                    y[yOff + j * outStride + p * rowStride] = products[j * padded + p];
                }
            }
        } else {
            csa256(a, rows, w, words, n, live, y, yOff, outStride, rowStride);
        }
    }

    /**
     * Sixteen rows (two {@link RowGroups}) at a time against the block's eight filters: a 512-bit load holds one word
     * of eight rows, each filter word is broadcast once for both loads, and the sixteen counts stay in registers, so a
     * word costs a quarter of a load, an eighth of a broadcast, an XOR, a popcount and an add; each count vector is
     * then narrowed to ints (a count is at most 64 × words), turned into n − 2·count and stored along its filter's
     * row of y (filters from {@code live} on are not stored). The rest goes a group at a time, the last, partial group
     * through a scratch.
     */
    private static void popcnt512(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff,
                                  int outStride) {
        IntVector nv = IntVector.broadcast(I256, n);
        int[] scratch = RowScratch.get().groups();
        int groupWords = words * RowGroups.ROWS;
        int p = 0;
        for (; p + RowGroups.ROWS < rows; p += 2 * RowGroups.ROWS) {
            int g0 = (p >>> 3) * groupWords;
            int g1 = g0 + groupWords;
            LongVector t0 = LongVector.zero(V512);
            LongVector t1 = t0, t2 = t0, t3 = t0, t4 = t0, t5 = t0, t6 = t0, t7 = t0;
            LongVector u0 = t0, u1 = t0, u2 = t0, u3 = t0, u4 = t0, u5 = t0, u6 = t0, u7 = t0;
            for (int i = 0; i < words; i++) {
                LongVector x0 = LongVector.fromArray(V512, a, g0 + i * RowGroups.ROWS);
                LongVector x1 = LongVector.fromArray(V512, a, g1 + i * RowGroups.ROWS);
                int k = i * FilterBlocks.BLOCK;
                LongVector f;
                f = LongVector.broadcast(V512, w[k]);
                t0 = t0.add(x0.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                u0 = u0.add(x1.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                f = LongVector.broadcast(V512, w[k + 1]);
                t1 = t1.add(x0.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                u1 = u1.add(x1.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                f = LongVector.broadcast(V512, w[k + 2]);
                t2 = t2.add(x0.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                u2 = u2.add(x1.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                f = LongVector.broadcast(V512, w[k + 3]);
                t3 = t3.add(x0.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                u3 = u3.add(x1.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                f = LongVector.broadcast(V512, w[k + 4]);
                t4 = t4.add(x0.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                u4 = u4.add(x1.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                f = LongVector.broadcast(V512, w[k + 5]);
                t5 = t5.add(x0.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                u5 = u5.add(x1.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                f = LongVector.broadcast(V512, w[k + 6]);
                t6 = t6.add(x0.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                u6 = u6.add(x1.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                f = LongVector.broadcast(V512, w[k + 7]);
                t7 = t7.add(x0.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
                u7 = u7.add(x1.lanewise(VectorOperators.XOR, f).lanewise(VectorOperators.BIT_COUNT));
            }
            // whole groups of live filters go straight into y, the rest through the scratch
            boolean direct = live == FilterBlocks.BLOCK && p + 2 * RowGroups.ROWS <= rows;
            int[] dst = direct ? y : scratch;
            int base = direct ? yOff + p : 0;
            int stride = direct ? outStride : 2 * RowGroups.ROWS;
            nv.sub(((IntVector) t0.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base);
            nv.sub(((IntVector) u0.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + RowGroups.ROWS);
            nv.sub(((IntVector) t1.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + stride);
            nv.sub(((IntVector) u1.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + stride + RowGroups.ROWS);
            nv.sub(((IntVector) t2.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 2 * stride);
            nv.sub(((IntVector) u2.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 2 * stride + RowGroups.ROWS);
            nv.sub(((IntVector) t3.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 3 * stride);
            nv.sub(((IntVector) u3.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 3 * stride + RowGroups.ROWS);
            nv.sub(((IntVector) t4.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 4 * stride);
            nv.sub(((IntVector) u4.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 4 * stride + RowGroups.ROWS);
            nv.sub(((IntVector) t5.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 5 * stride);
            nv.sub(((IntVector) u5.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 5 * stride + RowGroups.ROWS);
            nv.sub(((IntVector) t6.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 6 * stride);
            nv.sub(((IntVector) u6.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 6 * stride + RowGroups.ROWS);
            nv.sub(((IntVector) t7.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 7 * stride);
            nv.sub(((IntVector) u7.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 7 * stride + RowGroups.ROWS);
            if (!direct) {
                spill(scratch, 2 * RowGroups.ROWS, Math.min(2 * RowGroups.ROWS, rows - p), live, y, yOff + p, outStride);
            }
        }
        for (; p < rows; p += RowGroups.ROWS) {
            int g0 = (p >>> 3) * groupWords;
            LongVector t0 = LongVector.zero(V512);
            LongVector t1 = t0, t2 = t0, t3 = t0, t4 = t0, t5 = t0, t6 = t0, t7 = t0;
            for (int i = 0; i < words; i++) {
                LongVector x0 = LongVector.fromArray(V512, a, g0 + i * RowGroups.ROWS);
                int k = i * FilterBlocks.BLOCK;
                t0 = t0.add(x0.lanewise(VectorOperators.XOR, w[k]).lanewise(VectorOperators.BIT_COUNT));
                t1 = t1.add(x0.lanewise(VectorOperators.XOR, w[k + 1]).lanewise(VectorOperators.BIT_COUNT));
                t2 = t2.add(x0.lanewise(VectorOperators.XOR, w[k + 2]).lanewise(VectorOperators.BIT_COUNT));
                t3 = t3.add(x0.lanewise(VectorOperators.XOR, w[k + 3]).lanewise(VectorOperators.BIT_COUNT));
                t4 = t4.add(x0.lanewise(VectorOperators.XOR, w[k + 4]).lanewise(VectorOperators.BIT_COUNT));
                t5 = t5.add(x0.lanewise(VectorOperators.XOR, w[k + 5]).lanewise(VectorOperators.BIT_COUNT));
                t6 = t6.add(x0.lanewise(VectorOperators.XOR, w[k + 6]).lanewise(VectorOperators.BIT_COUNT));
                t7 = t7.add(x0.lanewise(VectorOperators.XOR, w[k + 7]).lanewise(VectorOperators.BIT_COUNT));
            }
            boolean direct = live == FilterBlocks.BLOCK && p + RowGroups.ROWS <= rows;
            int[] dst = direct ? y : scratch;
            int base = direct ? yOff + p : 0;
            int stride = direct ? outStride : RowGroups.ROWS;
            nv.sub(((IntVector) t0.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base);
            nv.sub(((IntVector) t1.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + stride);
            nv.sub(((IntVector) t2.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 2 * stride);
            nv.sub(((IntVector) t3.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 3 * stride);
            nv.sub(((IntVector) t4.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 4 * stride);
            nv.sub(((IntVector) t5.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 5 * stride);
            nv.sub(((IntVector) t6.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 6 * stride);
            nv.sub(((IntVector) t7.convertShape(VectorOperators.L2I, I256, 0)).lanewise(VectorOperators.LSHL, 1))
                    .intoArray(dst, base + 7 * stride);
            if (!direct) {
                spill(scratch, RowGroups.ROWS, Math.min(RowGroups.ROWS, rows - p), live, y, yOff + p, outStride);
            }
        }
    }

    /** Copies rows [0, count) of filters [0, live) from a scratch of {@code width} rows per filter into y. */
    private static void spill(int[] scratch, int width, int count, int live, int[] y, int yOff, int outStride) {
        for (int j = 0; j < live; j++) {
            System.arraycopy(scratch, j * width, y, yOff + j * outStride, count);
        }
    }

    private static void csa256(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff,
                               int outStride, int rowStride) {
        long[] lanes = new long[FilterBlocks.BLOCK];
        int quads = words & ~3;
        for (int p = 0; p < rows; p++) {
            int row = RowGroups.index(p, 0, words);
            // Bit planes of the running sums of filters 0–3 (ones0, twos0) and 4–7 (ones1, twos1); fours are counted.
            LongVector ones0 = LongVector.zero(V256);
            LongVector twos0 = LongVector.zero(V256);
            LongVector fours0 = LongVector.zero(V256);
            LongVector ones1 = LongVector.zero(V256);
            LongVector twos1 = LongVector.zero(V256);
            LongVector fours1 = LongVector.zero(V256);
            for (int i = 0; i < quads; i += 4) {
                int wi = i * FilterBlocks.BLOCK;
                LongVector xa = LongVector.broadcast(V256, a[row + i * RowGroups.ROWS]);
                LongVector xb = LongVector.broadcast(V256, a[row + (i + 1) * RowGroups.ROWS]);
                LongVector xc = LongVector.broadcast(V256, a[row + (i + 2) * RowGroups.ROWS]);
                LongVector xd = LongVector.broadcast(V256, a[row + (i + 3) * RowGroups.ROWS]);

                LongVector u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi));
                LongVector v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 8));
                LongVector s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector twosA = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                u = xc.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 16));
                v = xd.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 24));
                s = ones0.lanewise(VectorOperators.XOR, u);
                LongVector twosB = ones0.and(u).or(s.and(v));
                ones0 = s.lanewise(VectorOperators.XOR, v);
                s = twos0.lanewise(VectorOperators.XOR, twosA);
                fours0 = fours0.add(twos0.and(twosA).or(s.and(twosB)).lanewise(VectorOperators.BIT_COUNT));
                twos0 = s.lanewise(VectorOperators.XOR, twosB);

                u = xa.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4));
                v = xb.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 12));
                s = ones1.lanewise(VectorOperators.XOR, u);
                twosA = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                u = xc.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 20));
                v = xd.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 28));
                s = ones1.lanewise(VectorOperators.XOR, u);
                twosB = ones1.and(u).or(s.and(v));
                ones1 = s.lanewise(VectorOperators.XOR, v);
                s = twos1.lanewise(VectorOperators.XOR, twosA);
                fours1 = fours1.add(twos1.and(twosA).or(s.and(twosB)).lanewise(VectorOperators.BIT_COUNT));
                twos1 = s.lanewise(VectorOperators.XOR, twosB);
            }
            LongVector total0 = fours0.lanewise(VectorOperators.LSHL, 2)
                    .add(twos0.lanewise(VectorOperators.BIT_COUNT).lanewise(VectorOperators.LSHL, 1))
                    .add(ones0.lanewise(VectorOperators.BIT_COUNT));
            LongVector total1 = fours1.lanewise(VectorOperators.LSHL, 2)
                    .add(twos1.lanewise(VectorOperators.BIT_COUNT).lanewise(VectorOperators.LSHL, 1))
                    .add(ones1.lanewise(VectorOperators.BIT_COUNT));
            for (int i = quads; i < words; i++) {
                int wi = i * FilterBlocks.BLOCK;
                LongVector x = LongVector.broadcast(V256, a[row + i * RowGroups.ROWS]);
                total0 = total0.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi))
                        .lanewise(VectorOperators.BIT_COUNT));
                total1 = total1.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4))
                        .lanewise(VectorOperators.BIT_COUNT));
            }
            total0.intoArray(lanes, 0);
            total1.intoArray(lanes, 4);
            int at = yOff + p * rowStride;
            for (int j = 0; j < live; j++) {
                y[at + j * outStride] = n - 2 * (int) lanes[j];
            }
        }
    }
}
