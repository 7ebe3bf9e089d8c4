package org.xnornet.cli;

import java.util.Locale;
import org.xnornet.infer.BinaryConvKernel;
import org.xnornet.infer.PackedActivations;
import org.xnornet.infer.PackedConvWeights;
import org.xnornet.infer.PopcountPaths;
import org.xnornet.kernel.Conv;
import org.xnornet.kernel.ConvGeometry;

/**
 * {@code bench binary}: ResNet-18's stride-1 3×3 layer shapes timed, side by side, through our float convolution
 * ({@link Conv#forward} as {@code bench conv} calls it, and on signs as a binary layer trains) and through the packed
 * XNOR-popcount convolution ({@link BinaryConvKernel}) on each popcount path this JVM has ({@link PopcountPaths}),
 * alone (as between two binary layers, where the previous layer's output stage writes the packed bits) and with
 * packing float activations added. Weights are packed once, outside the timed region, as inference does at load time.
 */
final class BinaryBench {
    private BinaryBench() {
    }

    static void run(int batch, int reps) {
        int[][] layers = {{64, 56}, {128, 28}, {256, 14}, {512, 7}};
        for (int b : batch == 1 ? new int[] {1} : new int[] {batch, 1}) {
            for (int[] l : layers) {
                layer(l[0], l[1], b, reps);
            }
        }
    }

    private static void layer(int c, int h, int batch, int reps) {
        ConvGeometry g = ConvGeometry.square(c, h, h, 3, 1, 1);
        float[] x = BenchCommand.random(batch * c * h * h, 3);
        float[] w = BenchCommand.random(c * c * 9, 4);
        float[] y = new float[batch * c * g.outPixels()];
        double fp = BenchCommand.time(reps, () -> Conv.forward(x, false, batch, g, w, 0, c, null, 0, y));
        double signs = BenchCommand.time(reps, () -> Conv.forward(x, true, batch, g, w, 0, c, null, 0, y));
        PackedConvWeights pw = PackedConvWeights.pack(w, 0, c, g);
        PackedActivations pa = new PackedActivations(batch, c, h, h, 1);
        int[] z = new int[y.length];
        double pack = BenchCommand.time(reps, () -> pa.packFrom(x, 0));
        double popcounts = (double) batch * c * g.outPixels() * 9 * ((c + 63) / 64);
        StringBuilder paths = new StringBuilder();
        for (String path : PopcountPaths.available()) {
            PopcountPaths.use(path);
            double xnor = BenchCommand.time(reps, () -> BinaryConvKernel.forward(pa, pw, z, 0));
            paths.append(String.format(Locale.ROOT, "  %s: xnor %.2f ms (%.2f Gpopcnt/s) %.1fx, with packing %.1fx",
                    PopcountPaths.activeName(), xnor * 1e3, popcounts / xnor / 1e9, fp / xnor, fp / (xnor + pack)));
        }
        PopcountPaths.use("auto");
        System.out.printf(Locale.ROOT, "binary3x3 %d@%dx%d batch=%d  float %.2f ms  float-on-signs %.2f ms  pack %.2f ms"
                + "%s%n", c, h, h, batch, fp * 1e3, signs * 1e3, pack * 1e3, paths);
    }
}
