package org.xnornet.infer.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.xnornet.infer.onnx.OnnxGraph.Attribute;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.nn.Activation;
import org.xnornet.nn.BatchNorm;
import org.xnornet.nn.BinaryConv2d;
import org.xnornet.nn.Conv2d;
import org.xnornet.nn.Flatten;
import org.xnornet.nn.Layer;
import org.xnornet.nn.Linear;
import org.xnornet.nn.PRelu;
import org.xnornet.nn.Pooling;
import org.xnornet.nn.Residual;
import org.xnornet.nn.Sequential;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;

/**
 * Writes a {@link Network} as an ONNX model (IR 8, opset 17) of standard operators only, computing what
 * {@code net.forward(x, Mode.EVAL)} computes: input {@code input} [N, C, H, W] float, output {@code logits}
 * [N, classes]. Per layer: Conv2d → Conv; BatchNorm (running statistics) → Sub, Mul, Mul, Add in the order of
 * the kernel's float operations; PRelu → PRelu with [C, 1, 1] slopes; ReLU → Relu; hardtanh → Clip(−1, 1);
 * max/average pooling → MaxPool / AveragePool (floor sizes, padding counted in averages); Flatten → Flatten;
 * Linear → Gemm; Residual → Add; BinaryConv2d → {@link BinaryConvExport}. Weights are the values the parameter
 * vector holds now; the model has no batch statistics, so it is the evaluation graph only.
 */
public final class OnnxExporter {
    private final OnnxGraph graph = new OnnxGraph();
    private final ParameterVector params;

    private OnnxExporter(ParameterVector params) {
        this.params = params;
    }

    /** Writes the ONNX model of {@code net} to {@code out} (which is not closed). */
    public static void write(Network net, OutputStream out) throws IOException {
        ModelSpec spec = net.spec();
        OnnxExporter e = new OnnxExporter(net.parameters());
        e.graph.input("input", OnnxGraph.BATCH, spec.channels(), spec.height(), spec.width());
        Value in = new Value("input", new int[] {spec.channels(), spec.height(), spec.width()});
        Value logits = e.export(net.root(), in);
        if (logits.shape.length != 1) {
            throw new IllegalArgumentException("the network's output is " + java.util.Arrays.toString(logits.shape)
                    + " per sample, not a vector of logits");
        }
        e.graph.node("Identity", "logits", List.of(logits.name));
        e.graph.output("logits", OnnxGraph.BATCH, logits.shape[0]);
        e.graph.writeModel(out, spec.architecture().name().toLowerCase(java.util.Locale.ROOT),
                "model spec: " + spec);
    }

    /** The ONNX model of {@code net} as bytes. */
    public static byte[] toBytes(Network net) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(net, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A tensor of the graph: its name and per-sample shape ([C, H, W] or [F]). */
    record Value(String name, int[] shape) {
    }

    private Value export(Layer layer, Value x) {
        if (layer instanceof Sequential) {
            Value h = x;
            for (Layer l : layer.children()) {
                h = export(l, h);
            }
            return h;
        }
        if (layer instanceof Residual) {
            List<Layer> parts = layer.children();
            Value body = export(parts.get(0), x);
            Value shortcut = parts.size() > 1 ? export(parts.get(1), x) : x;
            return next(layer, x, "Add", List.of(body.name, shortcut.name));
        }
        if (layer instanceof BinaryConv2d) {
            BinaryConv2d b = (BinaryConv2d) layer;
            return new Value(BinaryConvExport.export(graph, params, b, x.name), layer.outputShape(x.shape));
        }
        if (layer instanceof Conv2d) {
            return conv((Conv2d) layer, x);
        }
        if (layer instanceof BatchNorm) {
            return batchNorm((BatchNorm) layer, x);
        }
        if (layer instanceof PRelu) {
            Parameter s = ((PRelu) layer).slope();
            String slope = graph.constant(layer.name() + ".slope", s.values(), s.offset(), channelDims(x, s.length()));
            return next(layer, x, "PRelu", List.of(x.name, slope));
        }
        if (layer instanceof Activation) {
            if (((Activation) layer).kind() == Activation.Kind.RELU) {
                return next(layer, x, "Relu", List.of(x.name));
            }
            return next(layer, x, "Clip", List.of(x.name, graph.scalar(-1f), graph.scalar(1f)));
        }
        if (layer instanceof Pooling) {
            Pooling p = (Pooling) layer;
            if (p.kind() == Pooling.Kind.MAX) {
                return next(layer, x, "MaxPool", List.of(x.name), window(p.geometry()));
            }
            Attribute[] w = window(p.geometry());
            return next(layer, x, "AveragePool", List.of(x.name), w[0], w[1], w[2],
                    Attribute.integer("count_include_pad", 1));
        }
        if (layer instanceof Flatten) {
            return next(layer, x, "Flatten", List.of(x.name), Attribute.integer("axis", 1));
        }
        if (layer instanceof Linear) {
            return linear((Linear) layer, x);
        }
        throw new IllegalArgumentException("layer " + layer.name() + " (" + layer.getClass().getSimpleName()
                + ") has no ONNX export");
    }

    private Value next(Layer layer, Value x, String op, List<String> inputs, Attribute... attributes) {
        return new Value(graph.node(op, layer.name(), inputs, attributes), layer.outputShape(x.shape));
    }

    /** Shape of a per-channel constant that broadcasts against [N, C, H, W] or [N, C]. */
    private static long[] channelDims(Value x, int channels) {
        if (x.shape[0] != channels) {
            throw new IllegalArgumentException("tensor " + x.name + " has " + x.shape[0] + " channels, not "
                    + channels);
        }
        return x.shape.length == 3 ? new long[] {channels, 1, 1} : new long[] {channels};
    }

    /** kernel_shape, strides and pads (the same on all four sides) of a window; dilation 1, floor sizes. */
    static Attribute[] window(ConvGeometry g) {
        long p = g.padding();
        return new Attribute[] {Attribute.ints("kernel_shape", g.kernelH(), g.kernelW()),
                Attribute.ints("strides", g.stride(), g.stride()), Attribute.ints("pads", p, p, p, p)};
    }

    private Value conv(Conv2d c, Value x) {
        ConvGeometry g = c.geometry();
        Parameter w = c.weight();
        String weight = graph.constant(c.name() + ".weight", w.values(), w.offset(), c.outChannels(), g.channels(),
                g.kernelH(), g.kernelW());
        Parameter b = c.bias();
        List<String> inputs = b == null ? List.of(x.name, weight)
                : List.of(x.name, weight, graph.constant(c.name() + ".bias", b.values(), b.offset(), b.length()));
        return next(c, x, "Conv", inputs, window(g));
    }

    /**
     * y = γ·((x − μ)·s) + β with s = (float) (1 / √(σ² + ε)) taken in double, the very float operations of
     * {@code Norm.normalize} in evaluation, so that a sign after the norm sees the same values bit for bit.
     */
    private Value batchNorm(BatchNorm bn, Value x) {
        int c = bn.channels();
        long[] dims = channelDims(x, c);
        float[] inv = new float[c];
        for (int i = 0; i < c; i++) {
            inv[i] = (float) (1.0 / Math.sqrt(bn.runningVar().get(i) + (double) bn.eps()));
        }
        String name = bn.name();
        String centred = graph.node("Sub", name + ".centred", List.of(x.name,
                graph.constant(name + ".running_mean", bn.runningMean().values(), bn.runningMean().offset(), dims)));
        String scaled = graph.node("Mul", name + ".normalised", List.of(centred,
                graph.constant(name + ".inv_std", inv, 0, dims)));
        String gamma = graph.node("Mul", name + ".scaled", List.of(scaled,
                graph.constant(name + ".gamma", bn.gamma().values(), bn.gamma().offset(), dims)));
        return next(bn, x, "Add", List.of(gamma,
                graph.constant(name + ".beta", bn.beta().values(), bn.beta().offset(), dims)));
    }

    /** Gemm(x, W, b) with W transposed, after a Flatten when the input is still an image. */
    private Value linear(Linear l, Value x) {
        Value flat = x;
        if (x.shape.length != 1) {
            int features = 1;
            for (int d : x.shape) {
                features *= d;
            }
            flat = new Value(graph.node("Flatten", l.name() + ".flatten", List.of(x.name),
                    Attribute.integer("axis", 1)), new int[] {features});
        }
        int out = l.outputShape(flat.shape)[0];
        Parameter w = l.weight();
        if (w.length() != out * flat.shape[0]) {
            throw new IllegalArgumentException("layer " + l.name() + " has " + w.length() / out
                    + " inputs but gets " + flat.shape[0] + " features");
        }
        String weight = graph.constant(l.name() + ".weight", w.values(), w.offset(), out, w.length() / out);
        Parameter b = l.bias();
        List<String> inputs = b == null ? List.of(flat.name, weight)
                : List.of(flat.name, weight, graph.constant(l.name() + ".bias", b.values(), b.offset(), out));
        return next(l, flat, "Gemm", inputs, Attribute.integer("transB", 1));
    }
}
