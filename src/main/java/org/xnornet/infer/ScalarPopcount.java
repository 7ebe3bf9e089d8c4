package org.xnornet.infer;

/**
 * The popcount path every JVM has: {@code Long.bitCount} (the POPCNT instruction), eight filters per pass, so each
 * loaded activation word meets eight filters while the eight counts stay in registers (four filters × two or three
 * rows ran no faster: C2 spills their accumulators), each row's eight products then stored into y. (Counts first
 * into a scratch and a second pass along y's rows ran 1.6× slower: C2 inlined the counting loop into the method and
 * spilled in it.)
 */
final class ScalarPopcount implements PopcountKernel {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void outputBlock(long[] a, int rows, long[] w, int words, int n, int live, int[] y, int yOff,
                            int outStride, int rowStride) {
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
            int at = yOff + p * rowStride;
            y[at] = n - 2 * c0;
            if (live == FilterBlocks.BLOCK) {
                y[at + outStride] = n - 2 * c1;
                y[at + 2 * outStride] = n - 2 * c2;
                y[at + 3 * outStride] = n - 2 * c3;
                y[at + 4 * outStride] = n - 2 * c4;
                y[at + 5 * outStride] = n - 2 * c5;
                y[at + 6 * outStride] = n - 2 * c6;
                y[at + 7 * outStride] = n - 2 * c7;
            } else {
                int[] c = {c0, c1, c2, c3, c4, c5, c6, c7};
                for (int j = 1; j < live; j++) {
                    y[at + j * outStride] = n - 2 * c[j];
                }
            }
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
