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
 * <li>{@code popcnt512} for AVX-512 VPOPCNTDQ: all eight filters in one 512-bit vector and one {@code vpopcntq}
 *     per word, cheaper than the adders.</li>
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
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
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
                for (int j = 0; j < live; j++) {
                    int c = c0 + j;
                    int base = src + c * plane + p0;
                    long bits = 0;
                    for (int k = 0; k < n; k += lanes) {
                        FloatVector v = k + lanes <= n ? FloatVector.fromArray(F, x, base + k)
                                : FloatVector.fromArray(F, x, base + k, F.indexInRange(k, n));
                        if (t != null) {
                            // EvalNorm's expression, operation by operation: γ·((v − m)·s) + β
                            v = v.sub(t[0][c]).mul(t[1][c]).mul(t[2][c]).add(t[3][c]);
                        }
                        // SignBits: the sign bit of v + 0 clear means +1
                        long lanesSet = ((IntVector) v.add(0f).reinterpretAsInts()).compare(VectorOperators.GE, 0)
                                .toLong();
                        bits |= lanesSet << k;
                    }
                    m[j] = bits;
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
     * (32×32, then 16×16, …) across the diagonal, each swap three shifts, two XORs and a mask per pair of rows.
     */
    static void transpose(long[] a) {
        long mask = 0x00000000FFFFFFFFL;
        for (int j = 32; j != 0; j >>= 1, mask ^= mask << j) {
            for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
                long t = ((a[k] >>> j) ^ a[k | j]) & mask;
                a[k] ^= t << j;
                a[k | j] ^= t;
            }
        }
    }

    @Override
    public void countBlock(long[][] a, int rows, long[] w, int words, int[] counts) {
        if (wide) {
            popcnt512(a, rows, w, words, counts);
        } else {
            csa256(a, rows, w, words, counts);
        }
    }

    /**
     * Four rows at a time: each filter vector is loaded once for four rows' words, so a word costs one broadcast
     * load, XOR, popcount and add, and a quarter of a weight load (one row at a time is bound by the two loads).
     */
    private static void popcnt512(long[][] a, int rows, long[] w, int words, int[] counts) {
        long[] lanes = new long[FilterBlocks.BLOCK];
        int p = 0;
        for (; p + 4 <= rows; p += 4) {
            long[] r0 = a[p];
            long[] r1 = a[p + 1];
            long[] r2 = a[p + 2];
            long[] r3 = a[p + 3];
            LongVector t0 = LongVector.zero(V512);
            LongVector t1 = LongVector.zero(V512);
            LongVector t2 = LongVector.zero(V512);
            LongVector t3 = LongVector.zero(V512);
            for (int i = 0; i < words; i++) {
                LongVector f = LongVector.fromArray(V512, w, i * FilterBlocks.BLOCK);
                t0 = t0.add(f.lanewise(VectorOperators.XOR, r0[i]).lanewise(VectorOperators.BIT_COUNT));
                t1 = t1.add(f.lanewise(VectorOperators.XOR, r1[i]).lanewise(VectorOperators.BIT_COUNT));
                t2 = t2.add(f.lanewise(VectorOperators.XOR, r2[i]).lanewise(VectorOperators.BIT_COUNT));
                t3 = t3.add(f.lanewise(VectorOperators.XOR, r3[i]).lanewise(VectorOperators.BIT_COUNT));
            }
            t0.intoArray(lanes, 0);
            store(lanes, counts, rows, p);
            t1.intoArray(lanes, 0);
            store(lanes, counts, rows, p + 1);
            t2.intoArray(lanes, 0);
            store(lanes, counts, rows, p + 2);
            t3.intoArray(lanes, 0);
            store(lanes, counts, rows, p + 3);
        }
        for (; p < rows; p++) {
            long[] row = a[p];
            LongVector total = LongVector.zero(V512);
            for (int i = 0; i < words; i++) {
                total = total.add(LongVector.fromArray(V512, w, i * FilterBlocks.BLOCK)
                        .lanewise(VectorOperators.XOR, row[i]).lanewise(VectorOperators.BIT_COUNT));
            }
            total.intoArray(lanes, 0);
            store(lanes, counts, rows, p);
        }
    }

    private static void csa256(long[][] a, int rows, long[] w, int words, int[] counts) {
        long[] lanes = new long[FilterBlocks.BLOCK];
        int quads = words & ~3;
        for (int p = 0; p < rows; p++) {
            long[] row = a[p];
            // Bit planes of the running sums of filters 0–3 (ones0, twos0) and 4–7 (ones1, twos1); fours are counted.
            LongVector ones0 = LongVector.zero(V256);
            LongVector twos0 = LongVector.zero(V256);
            LongVector fours0 = LongVector.zero(V256);
            LongVector ones1 = LongVector.zero(V256);
            LongVector twos1 = LongVector.zero(V256);
            LongVector fours1 = LongVector.zero(V256);
            for (int i = 0; i < quads; i += 4) {
                int wi = i * FilterBlocks.BLOCK;
                LongVector xa = LongVector.broadcast(V256, row[i]);
                LongVector xb = LongVector.broadcast(V256, row[i + 1]);
                LongVector xc = LongVector.broadcast(V256, row[i + 2]);
                LongVector xd = LongVector.broadcast(V256, row[i + 3]);

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
                LongVector x = LongVector.broadcast(V256, row[i]);
                total0 = total0.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi))
                        .lanewise(VectorOperators.BIT_COUNT));
                total1 = total1.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(V256, w, wi + 4))
                        .lanewise(VectorOperators.BIT_COUNT));
            }
            total0.intoArray(lanes, 0);
            total1.intoArray(lanes, 4);
            store(lanes, counts, rows, p);
        }
    }

    private static void store(long[] lanes, int[] counts, int rows, int p) {
        for (int j = 0; j < FilterBlocks.BLOCK; j++) {
            counts[j * rows + p] = (int) lanes[j];
        }
    }
}
