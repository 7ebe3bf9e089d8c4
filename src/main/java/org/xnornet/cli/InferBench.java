package org.xnornet.cli;

import java.util.Locale;
import org.xnornet.infer.PackedNetwork;
import org.xnornet.infer.PopcountPaths;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.nn.Mode;
import org.xnornet.quant.Scaling;
import org.xnornet.tensor.Tensor;

/**
 * {@code bench infer}: ResNet-18 inference at 224×224, side by side in one process — the binary network packed
 * ({@link PackedNetwork}, on each popcount path this JVM has), the same binary network's training-graph evaluation
 * forward, and the full-precision twin's — as images/s at the given batch and milliseconds per image at batch 1; at
 * the batch, the packed network also whole (each layer over the batch) beside its default image-by-image lanes.
 * Weights are random (speed does not depend on their values) and packed once, outside the timed region.
 */
final class InferBench {
    private InferBench() {
    }

    static void run(int batch, int reps, String scaling) {
        Network binary = Network.build(ModelSpec.resnet18(1000, Scaling.parse(scaling)));
        Network twin = Network.build(ModelSpec.resnet18(1000, Scaling.parse(scaling)).withBinary(false));
        PackedNetwork packed = PackedNetwork.of(binary);
        for (int b : batch == 1 ? new int[] {1} : new int[] {batch, 1}) {
            Tensor x = new Tensor(new int[] {b, 3, 224, 224}, BenchCommand.random(b * 3 * 224 * 224, 5));
            double fp = BenchCommand.time(reps, () -> twin.forward(x, Mode.EVAL));
            double graph = BenchCommand.time(reps, () -> binary.forward(x, Mode.EVAL));
            StringBuilder paths = new StringBuilder();
            for (String path : PopcountPaths.available()) {
                PopcountPaths.use(path);
                double s = BenchCommand.time(reps, () -> packed.forward(x));
                paths.append(String.format(Locale.ROOT, "  packed %s %s (%.2fx float twin)", PopcountPaths.activeName(),
                        rate(b, s), fp / s));
                if (b > 1) {
                    packed.splitByImage(false);
                    double whole = BenchCommand.time(reps, () -> packed.forward(x));
                    packed.splitByImage(true);
                    paths.append(String.format(Locale.ROOT, " [whole batch %s: image by image %.2fx]", rate(b, whole),
                            whole / s));
                }
            }
            PopcountPaths.use("auto");
            System.out.printf(Locale.ROOT, "resnet18 infer batch=%d (%s): float twin %s  binary training graph %s%s%n",
                    b, scaling, rate(b, fp), rate(b, graph), paths);
        }
    }

    private static String rate(int batch, double seconds) {
        return batch == 1 ? String.format(Locale.ROOT, "%.1f ms", seconds * 1e3)
                : String.format(Locale.ROOT, "%.2f img/s", batch / seconds);
    }
}
