import java.util.SplittableRandom;
import org.xnornet.infer.BinaryConvKernel;
import org.xnornet.infer.PackedActivations;
import org.xnornet.infer.PackedConvWeights;
import org.xnornet.infer.PackedNetwork;
import org.xnornet.infer.PopcountPaths;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.kernel.Parallel;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.quant.Scaling;
import org.xnornet.tensor.Tensor;

/**
 * One timed case of ab-compare.sh, loaded once per build in a class loader of its own: "conv C H" (a binary 3×3
 * convolution, stride 1, padding 1, on packed input), "pack C H" (packing float activations' signs for it) or
 * "resnet18" (the packed binary network, Γ case 1; "resnet18-gamma2", "resnet18-xnor", … another scaling), at a batch.
 * Only public API, so one compiled copy runs against both builds.
 */
public final class AbCase {
    private final Runnable work;
    private final java.util.function.LongSupplier checksum;

    public AbCase(String kind, int channels, int size, int batch, String path, int threads) {
        PopcountPaths.use(path);
        Parallel.setThreads(threads);
        if (kind.equals("conv")) {
            ConvGeometry g = ConvGeometry.square(channels, size, size, 3, 1, 1);
            PackedConvWeights w = PackedConvWeights.pack(gauss(channels * channels * 9, 2), 0, channels, g);
            PackedActivations x = PackedActivations.pack(gauss(batch * channels * size * size, 1), 0, batch, channels,
                    size, size, 1);
            int[] y = new int[batch * channels * g.outPixels()];
            work = () -> BinaryConvKernel.forward(x, w, y, 0);
            checksum = () -> java.util.Arrays.hashCode(y);
        } else if (kind.equals("pack")) {
            float[] x = gauss(batch * channels * size * size, 1);
            PackedActivations p = new PackedActivations(batch, channels, size, size, 1);
            work = () -> p.packFrom(x, 0);
            checksum = () -> java.util.Arrays.hashCode(p.words());
        } else {
            String scaling = kind.startsWith("resnet18-") ? kind.substring("resnet18-".length()) : "gamma1";
            PackedNetwork net = PackedNetwork.of(Network.build(ModelSpec.resnet18(1000, Scaling.parse(scaling))));
            Tensor x = new Tensor(new int[] {batch, 3, 224, 224}, gauss(batch * 3 * 224 * 224, 5));
            float[][] last = new float[1][];
            work = () -> last[0] = net.forward(x).data();
            checksum = () -> java.util.Arrays.hashCode(last[0]);
        }
    }

    private static float[] gauss(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** Milliseconds of one run. */
    public double once() {
        long t = System.nanoTime();
        work.run();
        return (System.nanoTime() - t) / 1e6;
    }

    /** A hash of the last output: both builds must compute the same. */
    public long checksum() {
        return checksum.getAsLong();
    }
}
