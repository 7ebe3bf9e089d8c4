package org.xnornet.infer;

/**
 * The popcount path every JVM has: {@code Long.bitCount} (the POPCNT instruction), eight filters per pass, so each
 * loaded activation word meets eight filters while the eight counts stay in registers (four filters × two or three
 * rows ran no faster: C2 spills their accumulators).
 */
final class ScalarPopcount implements PopcountKernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void countBlock(long[] a, int rows, long[] w, int words, int[] counts) {
        int stride = RowGroups.padded(rows);
        for (int p = 0; p < rows; p++) {
            int row = RowGroups.index(p, 0, words);
            int c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
            for (int i = 0; i < words; i++) {
                long x = a[row + i * RowGroups.ROWS];
                int wi = i * FilterBlocks.BLOCK;
                c0 += Long.bitCount(x ^ w[wi]);
                c1 += Long.bitCount(x ^ w[wi + 1]);
                c2 += Long.bitCount(x ^ w[wi + 2]);
                c3 += Long.bitCount(x ^ w[wi + 3]);
                c4 += Long.bitCount(x ^ w[wi + 4]);
                c5 += Long.bitCount(x ^ w[wi + 5]);
                c6 += Long.bitCount(x ^ w[wi + 6]);
                c7 += Long.bitCount(x ^ w[wi + 7]);
            }
            counts[p] = c0;
            counts[stride + p] = c1;
            counts[2 * stride + p] = c2;
            counts[3 * stride + p] = c3;
            counts[4 * stride + p] = c4;
            counts[5 * stride + p] = c5;
            counts[6 * stride + p] = c6;
            counts[7 * stride + p] = c7;
        }
    }

    /** Pixel by pixel, gathering its channels across the planes (the planes' stretch stays in L1). */
    @Override
    public void packSigns(float[] x, int src, int plane, int channels, int from, int count, int width, EvalNorm norm,
                          long[] words, int dst, int rowWords, int wpp) {
        for (int g = 0; g < wpp; g++) {
            int c0 = g << 6;
            int c1 = Math.min(channels, c0 + 64);
            for (int p = from; p < from + count; p++) {
                long word = 0;
                int s = src + c0 * plane + p;
                if (norm == null) {
                    for (int c = c0; c < c1; c++, s += plane) {
                        word |= SignBits.bit(x[s]) << (c - c0);
                    }
                } else {
                    for (int c = c0; c < c1; c++, s += plane) {
                        word |= SignBits.bit(norm.apply(x[s], c)) << (c - c0);
                    }
                }
                words[dst + p / width * rowWords + p % width * wpp + g] = word;
            }
        }
    }
}
