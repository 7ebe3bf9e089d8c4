package org.xnornet.infer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.xnornet.kernel.Parallel;
import org.xnornet.model.ModelSpec;
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
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * A trained network's evaluation forward with its binary convolutions run packed: each {@link BinaryConv2d} whose input
 * and kernel quantizers are sign becomes pack → {@link BinaryConvKernel} → {@link OutputStage}, the stage fusing the
 * {@link BatchNorm} and then the activation ({@link PRelu}, {@link Activation}) that directly follow it in the same
 * {@link Sequential}; where the next layers of that Sequential are an optional batch norm and another packed
 * convolution (the next binary unit; neither convolution using K·α, which needs the real input), the stage takes in
 * that batch norm and writes the next convolution's packed input bits, with no float tensor between. A batch norm right
 * before a packed convolution (a unit's first layer) is applied while packing, not as a float layer. Every other layer
 * runs its own {@code forward(x, Mode.EVAL)}: the tree is walked generically (Sequential in order, {@link Residual} as
 * body + shortcut, other containers whole), so the logits equal {@code net.forward(x, Mode.EVAL)}. Weights and fused
 * parameters are copied when built; build again after the network changes. Buffers are reused across calls, so one
 * instance serves one thread at a time.
 *
 * <p>A network built from a {@link Network} or read from a model file runs a batch of two or more images image by
 * image on {@link ImageLanes} (each thread a copy of the layer graph of its own, the packed filters shared), each
 * image as a batch of one; a lane holds a copy of the network's parameter values (ResNet-18: 47 MB), made when a
 * thread first needs it; {@link #splitByImage(boolean) splitByImage(false)} runs it whole, each layer over the
 * batch, as a network from a bare layer graph always does.
 */
public final class PackedNetwork {
    private final Layer root;
    private final Map<Layer, PackedConv> packed = new IdentityHashMap<>();
    private final List<String> packedLayers = new ArrayList<>();
    /** Batch norms right before a packed convolution: applied while packing its input, never as a float layer. */
    private final Map<Layer, EvalNorm> packingNorms = new IdentityHashMap<>();
    private final List<Unit> units = new ArrayList<>();
    /** Sequentials whose output is a packed convolution's float output: that stage can add a shortcut. */
    private final Map<Layer, PackedConv> endsInStage = new IdentityHashMap<>();
    /** Residual blocks whose body ends in a packed stage, which adds the shortcut in its own pass. */
    private final Map<Layer, PackedConv> fusedShortcuts = new IdentityHashMap<>();
    /** Real convolutions run fused with the batch norm, activation and max pooling after them (the stems). */
    private final Map<Layer, ConvNormPool> stems = new IdentityHashMap<>();
    /** Residual blocks summed here (not fused), with their output buffers. */
    private final Map<Layer, Tensor> sums = new IdentityHashMap<>();
    /** Further copies of the layer graph with this one's real parameter values, for lanes; null where none. */
    private Supplier<Layer> graphs;
    /** The per-image input shape [C, H, W] of the spec the lanes are built from. */
    private int[] imageShape;
    private boolean splitByImage = true;
    private ImageLanes lanes;
    /** One image of a batch, as a lane runs it. */
    private Tensor single;

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
        bindNorms();
    }

    /**
     * Copies the batch norms this network applies outside their layers — while packing, and after a stage that
     * writes bits — from those layers. Done when built; again by a reader that loads real parameters afterwards.
     */
    void bindNorms() {
        for (Map.Entry<Layer, EvalNorm> e : packingNorms.entrySet()) {
            BatchNorm bn = (BatchNorm) e.getKey();
            e.setValue(EvalNorm.of(bn, bn.channels(), "batch norm " + bn.name()));
        }
        for (PackedConv p : packed.values()) {
            p.stage = p.trailingNorm == null ? p.baseStage : p.baseStage.withTrailingNorm(p.trailingNorm);
        }
        for (ConvNormPool s : stems.values()) {
            s.bind();
        }
    }

    /** The network packed, its real parameters copied so that lanes made later run the values of now. */
    public static PackedNetwork of(Network net) {
        PackedNetwork p = of(net.root(), net.parameters());
        p.lanesFrom(net.spec(), net.parameters());
        return p;
    }

    /**
     * Lets this network run batches on {@link ImageLanes}: each lane a graph built from {@code spec} with the real
     * parameters (those not in a packed unit) of {@code source}, copied now.
     */
    void lanesFrom(ModelSpec spec, ParameterVector source) {
        imageShape = new int[] {spec.channels(), spec.height(), spec.width()};
        List<Parameter> real = ModelSections.realParameters(source, units());
        float[][] values = new float[real.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = real.get(i).toArray();
        }
        graphs = () -> {
            Network copy = Network.build(spec);
            ParameterVector to = copy.parameters();
            to.releaseGradients();
            for (int i = 0; i < values.length; i++) {
                Parameter q = real.get(i);
                Parameter d = to.get(q.name());
                if (d.length() != q.length()) {
                    throw new IllegalStateException("parameter " + q.name() + " has " + d.length() + " values in a "
                            + "copy of " + spec + ", " + q.length() + " here");
                }
                System.arraycopy(values[i], 0, to.values(), d.offset(), q.length());
            }
            return copy.root();
        };
    }

    /**
     * Whether a batch of two or more images runs image by image on per-thread lanes (the default, where this network
     * can make lanes) or whole, each layer over the batch. Both give each image's logits within rounding of the
     * other; the lanes' are those of the image run alone.
     */
    public PackedNetwork splitByImage(boolean on) {
        splitByImage = on;
        return this;
    }

    /**
     * A lane: the same network over a fresh copy of the layer graph, sharing this one's filters and stages (it runs
     * batches whole). Only where this network can make lanes.
     */
    PackedNetwork newLane() {
        if (graphs == null) {
            throw new IllegalStateException("this packed network was built from a bare layer graph: it has no lanes");
        }
        Map<String, Unit> byConv = new java.util.HashMap<>();
        for (Unit u : units) {
            byConv.put(u.conv().name(), u);
        }
        return new PackedNetwork(graphs.get(), new Packing() {
            @Override
            public PackedConvWeights weights(BinaryConv2d conv) {
                return unit(conv).weights();
            }

            @Override
            public OutputStage stage(BinaryConv2d conv, BatchNorm bn, Layer activation) {
                return unit(conv).stage();
            }

            private Unit unit(BinaryConv2d conv) {
                Unit u = byConv.get(conv.name());
                if (u == null) {
                    throw new IllegalStateException("a copy of the graph has packed layer " + conv.name()
                            + ", which this network does not");
                }
                return u;
            }
        });
    }

    /** Image {@code n} of NCHW batch {@code x} run as a batch of one; the output is a reused buffer. */
    private Tensor forwardImage(Tensor x, int n) {
        int[] shape = x.shape().clone();
        shape[0] = 1;
        single = Tensor.reuse(single, shape);
        System.arraycopy(x.data(), n * x.sampleSize(), single.data(), 0, single.size());
        return run(root, single, null);
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

    /** Logits (or the root's output) for NCHW input {@code x}: a tensor of the caller's, not a reused buffer. */
    public Tensor forward(Tensor x) {
        if (graphs != null && splitByImage && x.rank() > 1 && x.dim(0) > 1) {
            if (x.rank() != 4 || x.dim(1) != imageShape[0] || x.dim(2) != imageShape[1]
                    || x.dim(3) != imageShape[2]) {
                throw new IllegalArgumentException("packed network for [N, " + imageShape[0] + ", " + imageShape[1]
                        + ", " + imageShape[2] + "] input got " + x.shapeString());
            }
            if (lanes == null) {
                lanes = new ImageLanes(this::forwardImage, () -> newLane()::forwardImage);
            }
            return lanes.forward(x);
        }
        Tensor y = run(root, x, null);
        return ownsBuffer(y.data()) ? y.copy() : y;
    }

    /** Whether {@code data} is one of the buffers this network reuses from call to call. */
    private boolean ownsBuffer(float[] data) {
        for (PackedConv p : packed.values()) {
            if (p.output != null && p.output.data() == data) {
                return true;
            }
        }
        for (Tensor t : sums.values()) {
            if (t.data() == data) {
                return true;
            }
        }
        for (ConvNormPool s : stems.values()) {
            if (s.owns(data)) {
                return true;
            }
        }
        return false;
    }

    /** The packed convolutions, each as its name joined by '+' to the layers fused after it. */
    public List<String> packedLayers() {
        return List.copyOf(packedLayers);
    }

    /**
     * How many packed convolutions hand their output to the next one as packed bits (in the models: the two binary
     * units of each residual block, unless they use K·α).
     */
    int bitLinks() {
        int n = 0;
        for (PackedConv p : packed.values()) {
            n += p.bitsTo == null ? 0 : 1;
        }
        return n;
    }

    /** How many residual blocks add their shortcut in the last packed stage of their body. */
    int fusedShortcuts() {
        return fusedShortcuts.size();
    }

    /** How many real convolutions run fused with their batch norm, activation and max pooling (as things stand). */
    int fusedStems() {
        int n = 0;
        for (ConvNormPool s : stems.values()) {
            n += s.applies() ? 1 : 0;
        }
        return n;
    }

    /** How many batch norms are applied while packing the next convolution's input. */
    int packingNorms() {
        return packingNorms.size();
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
            PackedConv linking = null;
            PackedConv last = null;
            ConvNormPool stem;
            for (int i = 0; i < c.size(); i++) {
                last = null;
                if (c.get(i) instanceof BinaryConv2d conv && packable(conv)) {
                    BatchNorm bn = i + 1 < c.size() && c.get(i + 1) instanceof BatchNorm b ? b : null;
                    int next = i + 1 + (bn == null ? 0 : 1);
                    Layer act = next < c.size() && fusableActivation(c.get(next)) ? c.get(next) : null;
                    int fused = (bn == null ? 0 : 1) + (act == null ? 0 : 1);
                    PackedConvWeights weights = packing.weights(conv);
                    OutputStage stage = packing.stage(conv, bn, act);
                    PackedConv p = new PackedConv(weights, stage, fused);
                    packed.put(conv, p);
                    String name = unitName(conv, bn, act);
                    packedLayers.add(name);
                    units.add(new Unit(conv, bn, act, name, weights, stage));
                    if (linking != null) {
                        linking.bitsTo = p;
                    }
                    linking = linkAhead(c, i + 1 + fused, p);
                    i += p.fused;
                    last = linking == null ? p : null;
                } else if (c.get(i) instanceof BatchNorm bn && i + 1 < c.size()
                        && c.get(i + 1) instanceof BinaryConv2d next && packable(next)
                        && !(next.scaling() instanceof XnorAnalyticScaling)) {
                    packingNorms.put(bn, null);
                    linking = null;
                } else if ((stem = ConvNormPool.at(c, i)) != null) {
                    stems.put(c.get(i), stem);
                    i += stem.fused();
                    linking = null;
                } else {
                    plan(c.get(i), packing);
                    linking = null;
                }
            }
            if (last != null) {
                endsInStage.put(layer, last);
            }
        } else if (layer instanceof Residual) {
            for (Layer child : layer.children()) {
                plan(child, packing);
            }
            PackedConv end = endsInStage.get(layer.children().get(0));
            if (end != null) {
                fusedShortcuts.put(layer, end);
            }
        }
    }

    /**
     * Returns {@code p} if the layers from {@code j} are an optional batch norm and then a packable convolution,
     * neither convolution using K·α: {@code p}'s stage then takes in that batch norm and writes bits.
     */
    private static PackedConv linkAhead(List<Layer> c, int j, PackedConv p) {
        Layer between = j < c.size() && c.get(j) instanceof BatchNorm ? c.get(j) : null;
        int k = between == null ? j : j + 1;
        if (k >= c.size() || !(c.get(k) instanceof BinaryConv2d next) || !packable(next) || p.stage.needsInput()
                || next.scaling() instanceof XnorAnalyticScaling) {
            return null;
        }
        if (between != null) {
            p.trailingNorm = (BatchNorm) between;
            p.fused++;
        }
        return p;
    }

    /** A packed convolution's name: the convolution's, joined by '+' to the layers fused after it. */
    static String unitName(BinaryConv2d conv, BatchNorm bn, Layer act) {
        return conv.name() + (bn == null ? "" : "+" + bn.name()) + (act == null ? "" : "+" + act.name());
    }

    private static boolean fusableActivation(Layer l) {
        return l instanceof PRelu || l instanceof Activation;
    }

    /**
     * The output of {@code layer} for input {@code x}; {@code shortcut}, when not null, is added by the packed stage
     * that ends {@code layer} (a Sequential in {@link #endsInStage}: a fused residual block's body).
     */
    private Tensor run(Layer layer, Tensor x, Tensor shortcut) {
        if (layer instanceof Sequential) {
            List<Layer> c = layer.children();
            Tensor h = x;
            PackedActivations bits = null;
            EvalNorm norm = null;
            for (int i = 0; i < c.size(); i++) {
                PackedConv p = packed.get(c.get(i));
                ConvNormPool stem = stems.get(c.get(i));
                if (stem != null && stem.applies()) {
                    h = stem.forward(h);
                    i += stem.fused();
                } else if (p == null && packingNorms.containsKey(c.get(i))) {
                    norm = packingNorms.get(c.get(i));
                } else if (p != null) {
                    PackedActivations in = bits != null ? bits : p.pack(h, norm);
                    norm = null;
                    if (p.bitsTo != null) {
                        bits = p.toBits(in, p.bitsTo.inputBuffer(in.batch()));
                        h = null;
                    } else {
                        h = p.finish(in, h, i + p.fused == c.size() - 1 ? shortcut : null);
                        bits = null;
                    }
                    i += p.fused;
                } else {
                    h = run(c.get(i), h, null);
                }
            }
            return h;
        }
        if (layer instanceof Residual) {
            // Residual.forward's sum body + shortcut (identity when absent), in float. The shortcut is run first
            // here, which changes no value (evaluation has no state), so that the body's last stage can add it.
            List<Layer> c = layer.children();
            Tensor s = c.size() > 1 ? run(c.get(1), x, null) : x;
            if (fusedShortcuts.containsKey(layer)) {
                return run(c.get(0), x, s);
            }
            float[] a = run(c.get(0), x, null).data();
            Tensor y = Tensor.reuse(sums.get(layer), s.shape());
            sums.put(layer, y);
            float[] b = s.data();
            float[] sum = y.data();
            Parallel.forRange(sum.length, 1 << 14, (from, to) -> {
                for (int i = from; i < to; i++) {
                    sum[i] = a[i] + b[i];
                }
            });
            return y;
        }
        return layer.forward(x, Mode.EVAL);
    }

    /**
     * One packed convolution and its fused output stage, with buffers kept across calls. {@code bitsTo} is the packed
     * convolution that reads this one's output directly (the next layer of the same {@link Sequential}, neither using
     * K·α): then the stage writes that layer's packed input bits and no float tensor is made between them.
     */
    private static final class PackedConv {
        /** Accumulators per chunk of images: 2 MiB, about a core's L2 (1 MiB on Zen 4) for each of two threads. */
        static final int CHUNK_INTS = 1 << 19;

        final PackedConvWeights weights;
        final OutputStage baseStage;
        /** The stage run: {@code baseStage}, or it followed by {@code trailingNorm} ({@link #bindNorms}). */
        OutputStage stage;
        int fused;
        BatchNorm trailingNorm;
        PackedConv bitsTo;
        PackedActivations input;
        /** Accumulators of one chunk of images. */
        int[] acc = new int[0];
        /** The float output, reused from call to call. */
        Tensor output;

        PackedConv(PackedConvWeights weights, OutputStage stage, int fused) {
            this.weights = weights;
            this.baseStage = stage;
            this.stage = stage;
            this.fused = fused;
        }

        /** This layer's packed input buffer for {@code batch} images (its border stays zero). */
        PackedActivations inputBuffer(int batch) {
            var g = weights.geometry();
            input = PackedActivations.reuse(input, batch, g.channels(), g.height(), g.width(), g.padding());
            return input;
        }

        /** Packs sign(x), or sign(norm(x)) when the batch norm before this layer is fused into the packing. */
        PackedActivations pack(Tensor x, EvalNorm norm) {
            var g = weights.geometry();
            if (x.rank() != 4 || x.dim(1) != g.channels() || x.dim(2) != g.height() || x.dim(3) != g.width()) {
                throw new IllegalArgumentException("packed convolution for " + g + " got input " + x.shapeString());
            }
            PackedActivations in = inputBuffer(x.dim(0));
            in.packFrom(x.data(), 0, norm);
            return in;
        }

        /**
         * Images per chunk for a batch: as many as keep one chunk's accumulators within {@link #CHUNK_INTS}, so the
         * stage reads them from cache right after the kernel wrote them. Any split gives the same values.
         */
        int chunk(int batch) {
            int perImage = stage.outChannels() * stage.outPixels();
            return Math.max(1, Math.min(batch, CHUNK_INTS / perImage));
        }

        /** The accumulators of images [first, first + count) of {@code in}, in the reused buffer. */
        int[] accumulate(PackedActivations in, int first, int count) {
            int size = count * stage.outChannels() * stage.outPixels();
            if (acc.length < size) {
                acc = new int[size];
            }
            BinaryConvKernel.forward(in, first, count, weights, acc, 0);
            return acc;
        }

        /** Writes the next packed convolution's input bits for {@code in} into {@code dst}, chunk by chunk. */
        PackedActivations toBits(PackedActivations in, PackedActivations dst) {
            int batch = in.batch();
            int chunk = chunk(batch);
            for (int first = 0; first < batch; first += chunk) {
                int count = Math.min(chunk, batch - first);
                stage.toBits(accumulate(in, first, count), 0, first, count, dst);
            }
            return dst;
        }

        /**
         * The float output for {@code in}, plus {@code shortcut} when not null (a residual block's), chunk by chunk;
         * {@code x}, the real input, is read only for K·α.
         */
        Tensor finish(PackedActivations in, Tensor x, Tensor shortcut) {
            var g = weights.geometry();
            int batch = in.batch();
            int out = stage.outChannels();
            int pixels = stage.outPixels();
            output = Tensor.reuse(output, batch, out, g.outHeight(), g.outWidth());
            int chunk = chunk(batch);
            for (int first = 0; first < batch; first += chunk) {
                int count = Math.min(chunk, batch - first);
                int at = first * out * pixels;
                stage.forward(accumulate(in, first, count), 0, count, x == null ? null : x.data(),
                        first * g.channels() * g.inPixels(), output.data(), at,
                        shortcut == null ? null : shortcut.data(), at);
            }
            return output;
        }
    }
}
