package org.xnornet.infer.onnx;

import java.util.List;
import org.xnornet.infer.onnx.OnnxGraph.Attribute;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.nn.BinaryConv2d;
import org.xnornet.quant.GammaScaling;
import org.xnornet.quant.GammaShape;
import org.xnornet.quant.Identity;
import org.xnornet.quant.NoScaling;
import org.xnornet.quant.Quantizer;
import org.xnornet.quant.Scaling;
import org.xnornet.quant.XnorAnalyticScaling;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;

/**
 * A {@link BinaryConv2d} as standard ONNX operators: y = Conv(q_in(x), q_w(W)) ⊙ S (XNOR-Net++ Eq. 5).
 *
 * <p>q_in, our sign with sign(0) = +1, is {@code Where(GreaterOrEqual(x, 0), 1, −1)}: exact, and −0 ≥ 0 holds,
 * so −0 maps to +1 as well (ONNX's Sign would give 0 at 0). A NaN input gives −1 here. The zero padding of Conv
 * then pads the signs with 0, as training does. q_w(W) is applied here, by the layer's own quantizer, and
 * travels as ±1 float weights, which ONNX Runtime runs as a float convolution (sums of ±1 are exact integers).
 *
 * <p>S: none; Γ case 1 Mul by α [o, 1, 1]; case 2 by Γ [o, h, w]; case 3 by α [o, 1, 1] · β [1, h, w];
 * case 4 by (α [o, 1, 1] · β [1, h, 1]) · γ [1, 1, w], the products in the order {@code GammaScaling} takes
 * them; XNOR-Net's analytic scaling as (z ⊙ K) ⊙ α with α = mean |W_o| computed here and
 * K = AveragePool(ReduceMean(Abs(x), channels), the convolution's window, stride and padding, padding counted)
 * computed from the real input x.
 */
final class BinaryConvExport {
    private BinaryConvExport() {
    }

    /**
     * Adds the layer's nodes reading tensor {@code x}; returns the output tensor's name. Learned Γ factors are
     * looked up in {@code params} by the names {@code GammaScaling} registers them under.
     */
    static String export(OnnxGraph graph, ParameterVector params, BinaryConv2d layer, String x) {
        String name = layer.name();
        ConvGeometry g = layer.geometry();
        int out = layer.outChannels();
        Quantizer qin = layer.inputQuantizer();
        String q;
        if (qin.isSign()) {
            q = sign(graph, name + ".sign", x);
        } else if (qin instanceof Identity) {
            q = x;
        } else {
            throw new IllegalArgumentException("layer " + name + ": input quantizer " + qin.name()
                    + " has no ONNX export (sign and identity do)");
        }
        Parameter w = layer.weight();
        float[] wq = new float[w.length()];
        layer.kernelQuantizer().quantize(w.values(), w.offset(), wq, 0, wq.length);
        String weight = graph.constant(name + ".weight_q", wq, 0, out, g.channels(), g.kernelH(), g.kernelW());
        String z = graph.node("Conv", name + ".conv", List.of(q, weight), OnnxExporter.window(g));
        return scale(graph, params, layer, x, z);
    }

    /** sign(v) with sign(0) = sign(−0) = +1, as {@code Where(v ≥ 0, 1, −1)}. */
    static String sign(OnnxGraph graph, String base, String v) {
        String nonNegative = graph.node("GreaterOrEqual", base + ".nonnegative", List.of(v, graph.scalar(0f)));
        return graph.node("Where", base, List.of(nonNegative, graph.scalar(1f), graph.scalar(-1f)));
    }

    private static String scale(OnnxGraph graph, ParameterVector params, BinaryConv2d layer, String x, String z) {
        Scaling s = layer.scaling();
        String name = layer.name();
        if (s instanceof NoScaling) {
            return z;
        }
        if (s instanceof XnorAnalyticScaling) {
            return analytic(graph, layer, x, z);
        }
        if (!(s instanceof GammaScaling)) {
            throw new IllegalArgumentException("layer " + name + ": scaling " + s.name() + " has no ONNX export");
        }
        GammaShape shape = ((GammaScaling) s).shape();
        ConvGeometry g = layer.geometry();
        int o = layer.outChannels();
        int h = g.outHeight();
        int w = g.outWidth();
        String factor;
        switch (shape) {
            case CASE_1:
                factor = factor(graph, params, name + ".alpha", o, 1, 1);
                break;
            case CASE_2:
                factor = factor(graph, params, name + ".gamma", o, h, w);
                break;
            case CASE_3:
                factor = graph.node("Mul", name + ".Gamma", List.of(factor(graph, params, name + ".alpha", o, 1, 1),
                        factor(graph, params, name + ".beta", 1, h, w)));
                break;
            default:
                String ab = graph.node("Mul", name + ".alpha_beta", List.of(
                        factor(graph, params, name + ".alpha", o, 1, 1),
                        factor(graph, params, name + ".beta", 1, h, 1)));
                factor = graph.node("Mul", name + ".Gamma", List.of(ab, factor(graph, params, name + ".gamma", 1, 1, w)));
        }
        return graph.node("Mul", name + ".scaled", List.of(z, factor));
    }

    /** The learned factor {@code param} as a constant of shape [d0, d1, d2]; its length must match. */
    private static String factor(OnnxGraph graph, ParameterVector params, String param, int d0, int d1, int d2) {
        Parameter p = params.get(param);
        if (p.length() != d0 * d1 * d2) {
            throw new IllegalStateException("scale factor " + param + " has " + p.length() + " values, expected "
                    + d0 + "x" + d1 + "x" + d2);
        }
        return graph.constant(param, p.values(), p.offset(), d0, d1, d2);
    }

    /** (z ⊙ K) ⊙ α, the products in the order {@code XnorAnalyticScaling} takes them. */
    private static String analytic(OnnxGraph graph, BinaryConv2d layer, String x, String z) {
        String name = layer.name();
        ConvGeometry g = layer.geometry();
        int out = layer.outChannels();
        int n = g.patchSize();
        Parameter w = layer.weight();
        float[] alpha = new float[out];
        for (int o = 0; o < out; o++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.abs(w.values()[w.offset() + o * n + i]);
            }
            alpha[o] = (float) (s / n);
        }
        String abs = graph.node("Abs", name + ".abs", List.of(x));
        String mean = graph.node("ReduceMean", name + ".channel_mean", List.of(abs), Attribute.ints("axes", 1),
                Attribute.integer("keepdims", 1));
        Attribute[] window = OnnxExporter.window(g);
        String k = graph.node("AveragePool", name + ".K", List.of(mean), window[0], window[1], window[2],
                Attribute.integer("count_include_pad", 1));
        String zk = graph.node("Mul", name + ".zK", List.of(z, k));
        return graph.node("Mul", name + ".scaled", List.of(zk, graph.constant(name + ".alpha", alpha, 0, out, 1, 1)));
    }
}
