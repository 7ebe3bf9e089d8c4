package org.xnornet.infer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.xnornet.model.Network;
import org.xnornet.nn.Activation;
import org.xnornet.nn.BatchNorm;
import org.xnornet.nn.BinaryConv2d;
import org.xnornet.nn.Layer;
import org.xnornet.nn.Mode;
import org.xnornet.nn.PRelu;
import org.xnornet.nn.Residual;
import org.xnornet.nn.Sequential;
import org.xnornet.quant.GammaScaling;
import org.xnornet.quant.NoScaling;
import org.xnornet.quant.XnorAnalyticScaling;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * A trained network's evaluation forward with its binary convolutions run packed: each {@link BinaryConv2d} whose
 * input and kernel quantizers are sign becomes pack → {@link BinaryConvKernel} → {@link OutputStage}, the stage
 * fusing the {@link BatchNorm} and then the activation ({@link PRelu}, {@link Activation}) that directly follow it
 * in the same {@link Sequential}. Every other layer runs its own {@code forward(x, Mode.EVAL)}: the tree is walked
 * generically (Sequential in order, {@link Residual} as body + shortcut, other containers whole), so the logits
 * equal {@code net.forward(x, Mode.EVAL)}. Weights and fused parameters are copied when built; build again after
 * the network changes. Buffers are reused across calls, so one instance serves one thread at a time.
 */
public final class PackedNetwork {
    private final Layer root;
    private final Map<Layer, PackedConv> packed = new IdentityHashMap<>();
    private final List<String> packedLayers = new ArrayList<>();
    private final List<Unit> units = new ArrayList<>();

    /**
     * Where a packed convolution's filters and output stage come from: packed from the graph's latent weights and
     * parameters ({@link #of(Layer, ParameterVector)}), or read from a model file ({@link PackedModel}).
     */
    interface Packing {
        PackedConvWeights weights(BinaryConv2d conv);

        /** The stage after {@code conv}; {@code bn} and {@code activation} may be null. */
        OutputStage stage(BinaryConv2d conv, BatchNorm bn, Layer activation);
    }

    /** One packed convolution as planned: the layers it fuses (bn, activation may be null) and its runtime parts. */
    record Unit(BinaryConv2d conv, BatchNorm bn, Layer activation, String name, PackedConvWeights weights,
                OutputStage stage) {
    }

    private PackedNetwork(Layer root, Packing packing) {
        this.root = root;
        plan(root, packing);
    }

    public static PackedNetwork of(Network net) {
        return of(net.root(), net.parameters());
    }

    /** For a layer graph whose parameters (Γ among them) live in {@code params}. */
    public static PackedNetwork of(Layer root, ParameterVector params) {
        return new PackedNetwork(root, new Packing() {
            @Override
            public PackedConvWeights weights(BinaryConv2d conv) {
                return PackedConvWeights.of(conv);
            }

            @Override
            public OutputStage stage(BinaryConv2d conv, BatchNorm bn, Layer activation) {
                return OutputStage.of(params, conv, bn, activation);
            }
        });
    }

    /** The graph with its packed convolutions' filters and stages taken from {@code packing}. */
    static PackedNetwork of(Layer root, Packing packing) {
        return new PackedNetwork(root, packing);
    }

    /** The packed convolutions in the order of the graph. */
    List<Unit> units() {
        return List.copyOf(units);
    }

    /** Logits (or the root's output) for NCHW input {@code x}. */
    public Tensor forward(Tensor x) {
        return run(root, x);
    }

    /** The packed convolutions, each as its name joined by '+' to the layers fused after it. */
    public List<String> packedLayers() {
        return List.copyOf(packedLayers);
    }

    /** Whether a convolution has an exact packed form: sign quantizers and a scaling OutputStage knows. */
    static boolean packable(BinaryConv2d conv) {
        return conv.inputQuantizer().isSign() && conv.kernelQuantizer().isSign()
                && (conv.scaling() instanceof NoScaling || conv.scaling() instanceof XnorAnalyticScaling
                || conv.scaling() instanceof GammaScaling);
    }

    private void plan(Layer layer, Packing packing) {
        if (layer instanceof Sequential) {
            List<Layer> c = layer.children();
            for (int i = 0; i < c.size(); i++) {
                if (c.get(i) instanceof BinaryConv2d conv && packable(conv)) {
                    BatchNorm bn = i + 1 < c.size() && c.get(i + 1) instanceof BatchNorm b ? b : null;
                    int next = i + 1 + (bn == null ? 0 : 1);
                    Layer act = next < c.size() && fusableActivation(c.get(next)) ? c.get(next) : null;
                    int fused = (bn == null ? 0 : 1) + (act == null ? 0 : 1);
                    PackedConvWeights weights = packing.weights(conv);
                    OutputStage stage = packing.stage(conv, bn, act);
                    packed.put(conv, new PackedConv(weights, stage, fused));
                    String name = unitName(conv, bn, act);
                    packedLayers.add(name);
                    units.add(new Unit(conv, bn, act, name, weights, stage));
                    i += fused;
                } else {
                    plan(c.get(i), packing);
                }
            }
        } else if (layer instanceof Residual) {
            for (Layer child : layer.children()) {
                plan(child, packing);
            }
        }
    }

    /** A packed convolution's name: the convolution's, joined by '+' to the layers fused after it. */
    static String unitName(BinaryConv2d conv, BatchNorm bn, Layer act) {
        return conv.name() + (bn == null ? "" : "+" + bn.name()) + (act == null ? "" : "+" + act.name());
    }

    private static boolean fusableActivation(Layer l) {
        return l instanceof PRelu || l instanceof Activation;
    }

    private Tensor run(Layer layer, Tensor x) {
        if (layer instanceof Sequential) {
            List<Layer> c = layer.children();
            Tensor h = x;
            for (int i = 0; i < c.size(); i++) {
                PackedConv p = packed.get(c.get(i));
                if (p != null) {
                    h = p.forward(h);
                    i += p.fused;
                } else {
                    h = run(c.get(i), h);
                }
            }
            return h;
        }
        if (layer instanceof Residual) {
            // Residual.forward's order: body, then the shortcut (identity when absent), summed in float.
            List<Layer> c = layer.children();
            float[] a = run(c.get(0), x).data();
            Tensor s = c.size() > 1 ? run(c.get(1), x) : x;
            Tensor y = Tensor.zeros(s.shape());
            float[] b = s.data();
            float[] sum = y.data();
            for (int i = 0; i < sum.length; i++) {
                sum[i] = a[i] + b[i];
            }
            return y;
        }
        return layer.forward(x, Mode.EVAL);
    }

    /** One packed convolution and its fused output stage, with buffers kept across calls. */
    private static final class PackedConv {
        final PackedConvWeights weights;
        final OutputStage stage;
        final int fused;
        PackedActivations input;
        int[] acc = new int[0];

        PackedConv(PackedConvWeights weights, OutputStage stage, int fused) {
            this.weights = weights;
            this.stage = stage;
            this.fused = fused;
        }

        Tensor forward(Tensor x) {
            var g = weights.geometry();
            if (x.rank() != 4 || x.dim(1) != g.channels() || x.dim(2) != g.height() || x.dim(3) != g.width()) {
                throw new IllegalArgumentException("packed convolution for " + g + " got input " + x.shapeString());
            }
            int batch = x.dim(0);
            input = PackedActivations.reuse(input, batch, g.channels(), g.height(), g.width(), g.padding());
            input.packFrom(x.data(), 0);
            int size = batch * stage.outChannels() * stage.outPixels();
            if (acc.length != size) {
                acc = new int[size];
            }
            BinaryConvKernel.forward(input, weights, acc, 0);
            Tensor y = Tensor.zeros(batch, stage.outChannels(), g.outHeight(), g.outWidth());
            stage.forward(acc, 0, batch, x.data(), 0, y.data(), 0);
            return y;
        }
    }
}
