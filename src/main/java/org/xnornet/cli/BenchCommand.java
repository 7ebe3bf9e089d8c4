package org.xnornet.cli;

import java.util.Locale;
import java.util.List;
import java.util.SplittableRandom;
import org.xnornet.config.ConfigException;
import org.xnornet.infer.InferKeys;
import org.xnornet.infer.PopcountPaths;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.config.ValueType;
import org.xnornet.kernel.Conv;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.kernel.Gemm;
import org.xnornet.kernel.GemmBackend;
import org.xnornet.kernel.JavaGemm;
import org.xnornet.kernel.NetlibGemm;
import org.xnornet.kernel.Parallel;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.nn.SoftmaxCrossEntropy;
import org.xnornet.optim.Optimizer;
import org.xnornet.optim.Sgd;
import org.xnornet.quant.Scaling;
import org.xnornet.tensor.Tensor;
import org.xnornet.data.Batch;
import org.xnornet.train.TrainKeys;
import org.xnornet.train.TrainStep;

/**
 * {@code bench}: kernel and model throughput, each case timed as the median of repeated runs after warm-up,
 * all in one process so ratios are side by side. Cases: GEMM (each backend), the ResNet-18 3×3 conv
 * layers forward and backward (stride 1 both ways they can run, and the three strided ones), the same stride-1 layers
 * float against packed XNOR-popcount ({@code binary}, {@link BinaryBench}), ResNet-18 inference packed against the
 * training graph and the float twin ({@code infer}, {@link InferBench}; neither in {@code all}), and ResNet-18
 * training steps (binary and float twin) at 224×224.
 */
final class BenchCommand {
    static final String SUMMARY = "bench [gemm|conv|binary|infer|resnet18|data|all] [--batch 32] [--reps N] [--iterations N] [--threads N]";

    private BenchCommand() {
    }

    static final Key<Integer> REPS = Key.operational("reps", ValueType.integer(1, 1000), "5",
            "timed repetitions per kernel case (the median is reported)");
    static final Key<Integer> STEPS = Key.operational("iterations", ValueType.integer(1, 1000), "3",
            "timed training steps per network");
    static final Key<Integer> IMAGES = Key.operational("images", ValueType.integer(1, 1 << 20), "300",
            "images decoded by the data-path case");
    static final Key<String> SCALING = Key.operational("scaling", ValueType.text("SCALING"), "gamma1",
            "scaling of the binary networks timed (none, xnor, gamma1..gamma4)");
    static final List<KeyGroup> KEYS = List.of(new KeyGroup("bench", List.of(TrainKeys.BATCH, REPS, STEPS, IMAGES,
            SCALING)), TrainKeys.ENGINE, InferKeys.ENGINE);

    static int run(String[] args) {
        CommandOptions.Parsed p = CommandOptions.parse("bench", "Kernel and model benchmarks, side by side in one "
                + "process.", KEYS, "gemm|conv|binary|infer|resnet18|data|all", args, java.util.Map.of());
        if (p.help()) {
            return ExitCode.OK;
        }
        Settings o = p.settings();
        String what = p.positional() == null ? "all" : p.positional();
        Scaling.parse(o.get(SCALING));
        if (o.get(TrainKeys.THREADS) > 0) {
            Parallel.setThreads(o.get(TrainKeys.THREADS));
        }
        int reps = o.get(REPS);
        int batch = o.get(TrainKeys.BATCH);
        int steps = o.get(STEPS);
        InferKeys.apply(o);
        String vector = PopcountPaths.vectorUnavailableReason();
        System.out.printf(Locale.ROOT, "# xnornet bench: %d kernel threads, gemm backend %s, java %s, popcount %s%s%n",
                Parallel.threads(), Gemm.describe(), System.getProperty("java.version"),
                PopcountPaths.activeName(), vector == null ? "" : " (no vector path: " + vector + ")");
        switch (what) {
            case "gemm":
                gemm(reps);
                break;
            case "conv":
                conv(batch, reps);
                break;
            case "binary":
                BinaryBench.run(batch, reps);
                break;
            case "resnet18":
                resnet(batch, steps, o.get(SCALING), true);
                break;
            case "infer":
                InferBench.run(batch, reps, o.get(SCALING));
                break;
            case "data":
                data(o.get(IMAGES), batch, steps, o.get(SCALING));
                break;
            case "all":
                gemm(reps);
                conv(batch, reps);
                resnet(batch, steps, o.get(SCALING), true);
                break;
            default:
                throw new ConfigException("bench case must be gemm, conv, binary, infer, resnet18, data or all, was '" + what
                        + "'");
        }
        return ExitCode.OK;
    }

    /**
     * Median seconds of {@code reps} runs after warming up for at least two runs and three seconds, so that the JIT has
     * compiled the kernels' loops (a 64-channel layer's first forward passes ran at half speed).
     */
    static double time(int reps, Runnable r) {
        long warm = System.nanoTime();
        for (int i = 0; i < 2 || System.nanoTime() - warm < 3_000_000_000L; i++) {
            r.run();
        }
        org.xnornet.nn.LayerTimer.reset();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e9;
        }
        java.util.Arrays.sort(t);
        return t[reps / 2];
    }

    /** Standard normal values, seeded, as every bench case fills its inputs. */
    static float[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        return a;
    }

    static void gemm(int reps) {
        NetlibGemm netlib = NetlibGemm.preferred();
        // netlib's preferred instance (native via JNI when present), netlib's own Java path (Vector API when
        // started with --add-modules jdk.incubator.vector, else F2J), and our blocked Java kernel.
        GemmBackend[] backends = {netlib, new NetlibGemm(dev.ludovic.netlib.blas.JavaBLAS.getInstance()),
            new JavaGemm()};
        for (int n : new int[] {512, 1024, 2048}) {
            float[] a = random(n * n, 1);
            float[] b = random(n * n, 2);
            float[] c = new float[n * n];
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "gemm n=%d", n));
            double first = 0;
            GemmBackend configured = Gemm.backend();
            for (GemmBackend be : backends) {
                // through the engine's entry point, which splits calls on our pool when OpenBLAS runs one thread
                Gemm.setBackend(be);
                double s;
                try {
                    s = time(n >= 2048 ? Math.max(3, reps / 2) : reps,
                            () -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
                } finally {
                    Gemm.setBackend(configured);
                }
                double gflops = 2.0 * n * n * n / s / 1e9;
                first = first == 0 ? gflops : first;
                line.append(String.format(Locale.ROOT, "  %s %.1f GFLOP/s", be.name(), gflops));
            }
            System.out.println(line);
        }
    }

    static void conv(int batch, int reps) {
        int[][] layers = {{64, 56}, {128, 28}, {256, 14}, {512, 7}};
        // one untimed pass over every layer first: without it the first layer timed (64@56²) ran its forward pass
        // 25–40% below its backward's rate per FLOP, though the backward runs the same Winograd forward for dx
        for (int[] l : layers) {
            ConvGeometry g = ConvGeometry.square(l[0], l[1], l[1], 3, 1, 1);
            float[] x = random(batch * l[0] * l[1] * l[1], 3);
            float[] w = random(l[0] * l[0] * 9, 4);
            float[] y = new float[x.length];
            for (int i = 0; i < 3; i++) {
                Conv.forward(x, false, batch, g, w, 0, l[0], null, 0, y);
                Conv.backward(x, false, batch, g, w, 0, l[0], y, new float[w.length], 0, null, 0, new float[x.length]);
            }
        }
        for (int[] l : layers) {
            int c = l[0];
            int h = l[1];
            ConvGeometry g = ConvGeometry.square(c, h, h, 3, 1, 1);
            float[] x = random(batch * c * h * h, 3);
            float[] w = random(c * c * 9, 4);
            float[] y = new float[batch * c * h * h];
            float[] dw = new float[w.length];
            float[] dx = new float[x.length];
            double flops = 2.0 * batch * c * c * 9 * h * h;
            boolean configured = Conv.usesWinograd();
            // both ways 3×3 stride-1 layers can run, side by side; the configured one first
            for (boolean winograd : new boolean[] {configured, !configured}) {
                Conv.useWinograd(winograd);
                double fwd = time(reps, () -> Conv.forward(x, false, batch, g, w, 0, c, null, 0, y));
                double bwd = time(reps, () -> Conv.backward(x, false, batch, g, w, 0, c, y, dw, 0, null, 0, dx));
                System.out.printf(Locale.ROOT, "conv3x3 %d@%dx%d batch=%d %-8s fwd %.1f ms %.1f GFLOP/s  "
                        + "bwd(data+weight) %.1f ms %.1f GFLOP/s%n", c, h, h, batch, winograd ? "winograd" : "im2col",
                        fwd * 1e3, flops / fwd / 1e9, bwd * 1e3, 2 * flops / bwd / 1e9);
            }
            Conv.useWinograd(configured);
        }
        // ResNet-18's strided 3×3 convolutions (the first of stages 2–4): im2col, whatever Winograd is set to
        for (int[] l : new int[][] {{64, 56}, {128, 28}, {256, 14}}) {
            int c = l[0];
            int h = l[1];
            ConvGeometry g = ConvGeometry.square(c, h, h, 3, 2, 1);
            int out = 2 * c;
            float[] x = random(batch * c * h * h, 3);
            float[] w = random(out * c * 9, 4);
            float[] y = new float[batch * out * g.outPixels()];
            float[] dw = new float[w.length];
            float[] dx = new float[x.length];
            double flops = 2.0 * batch * out * c * 9 * g.outPixels();
            double fwd = time(reps, () -> Conv.forward(x, false, batch, g, w, 0, out, null, 0, y));
            double bwd = time(reps, () -> Conv.backward(x, false, batch, g, w, 0, out, y, dw, 0, null, 0, dx));
            System.out.printf(Locale.ROOT, "conv3x3/2 %d->%d@%dx%d batch=%d im2col   fwd %.1f ms %.1f GFLOP/s  "
                    + "bwd(data+weight) %.1f ms %.1f GFLOP/s%n", c, out, h, h, batch, fwd * 1e3, flops / fwd / 1e9,
                    bwd * 1e3, 2 * flops / bwd / 1e9);
        }
    }

    /**
     * The data path beside the trainer it feeds: decode + augment images/s per core at 224 from 256-short-side
     * JPEGs, then binary ResNet-18 training images/s per core, and their ratio (the data path needs ≥ 3×).
     */
    static void data(int images, int batch, int iterations, String scaling) {
        org.xnornet.data.image.DecodeBenchmark.Result decode =
                org.xnornet.data.image.DecodeBenchmark.run(images, Parallel.threads());
        System.out.println(decode);
        double train = resnet(batch, iterations, scaling, false) / Parallel.threads();
        System.out.printf(Locale.ROOT, "data path per core %.0f img/s, binary resnet18 training per core %.2f img/s: "
                + "ratio %.0fx%n", decode.perCore(), train, decode.perCore() / train);
    }

    /** Times training steps; returns the binary network's images/s. */
    static double resnet(int batch, int iterations, String scaling, boolean withTwin) {
        double binaryRate = 0;
        for (boolean binary : withTwin ? new boolean[] {true, false} : new boolean[] {true}) {
            ModelSpec spec = ModelSpec.resnet18(1000, Scaling.parse(scaling)).withBinary(binary);
            Network net = Network.build(spec);
            Optimizer opt = new Sgd(0.9f, false, 1e-4f, false);
            opt.attach(net.parameters());
            Tensor x = new Tensor(new int[] {batch, 3, 224, 224}, random(batch * 3 * 224 * 224, 5));
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = (i * 37) % 1000;
            }
            Batch bt = new Batch(x, labels);
            SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy(0f);
            double s = time(iterations, () -> TrainStep.run(net, opt, bt, 1e-3f, 0, ce));
            if (org.xnornet.nn.LayerTimer.enabled()) {
                System.out.print(org.xnornet.nn.LayerTimer.report());
            }
            System.out.printf(Locale.ROOT, "resnet18 %s train batch=%d (%s): %.2f images/s (%.2f s/step)%n",
                    binary ? "binary" : "float-twin", batch, binary ? scaling : "fp32", batch / s, s);
            binaryRate = binary ? batch / s : binaryRate;
        }
        return binaryRate;
    }
}
