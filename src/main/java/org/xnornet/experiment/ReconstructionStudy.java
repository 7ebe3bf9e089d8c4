package org.xnornet.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xnornet.kernel.Conv;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.model.Network;
import org.xnornet.nn.BinaryConv2d;
import org.xnornet.nn.Layer;
import org.xnornet.nn.Mode;
import org.xnornet.quant.Scaler;
import org.xnornet.quant.XnorAnalyticScaling;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * The paper's reconstruction-error study: for every binary convolution of a trained network, on the inputs it sees
 * in an evaluation forward, how far its binary approximation is from the real-valued convolution of the same
 * inputs with its latent (shadow) weights, relative L1: Σ|real − approx| / Σ|real|. Three approximations of the
 * same sign(x) ⊛ sign(W): scaled by the layer's own trained scaling (its learned Γ, for a Γ network), by XNOR-Net's
 * analytic K·α computed from the same weights and inputs, and unscaled.
 */
public final class ReconstructionStudy {
    /** One layer's relative L1 errors. */
    public record LayerError(String layer, String scaling, double own, double analytic, double unscaled) {
    }

    private ReconstructionStudy() {
    }

    /** Runs {@code x} through {@code net} in evaluation mode and measures every sign-quantized binary layer. */
    public static List<LayerError> measure(Network net, Tensor x) {
        List<BinaryConv2d> layers = new ArrayList<>();
        collect(net.root(), layers);
        List<LayerError> out = new ArrayList<>();
        for (BinaryConv2d layer : layers) {
            layer.observeInputs(input -> out.add(errors(layer, input)));
        }
        try {
            net.forward(x, Mode.EVAL);
        } finally {
            layers.forEach(l -> l.observeInputs(null));
        }
        return out;
    }

    private static void collect(Layer layer, List<BinaryConv2d> out) {
        if (layer instanceof BinaryConv2d b && b.inputQuantizer().isSign() && b.kernelQuantizer().binary()) {
            out.add(b);
        }
        for (Layer child : layer.children()) {
            collect(child, out);
        }
    }

    private static LayerError errors(BinaryConv2d layer, Tensor x) {
        ConvGeometry g = layer.geometry();
        int batch = x.dim(0);
        int out = layer.outChannels();
        int n = batch * out * g.outPixels();
        float[] w = layer.weight().values();
        int wOff = layer.weight().offset();
        float[] real = new float[n];
        Conv.forward(x.data(), false, batch, g, w, wOff, out, null, 0, real);
        float[] wq = new float[layer.weight().length()];
        layer.kernelQuantizer().quantize(w, wOff, wq, 0, wq.length);
        float[] z = new float[n];
        Conv.forward(x.data(), true, batch, g, wq, 0, out, null, 0, z);
        float[] own = new float[n];
        layer.scaler().forward(z, batch, x.data(), g, w, wOff, out, own);
        Scaler analytic = new XnorAnalyticScaling().bind(new ParameterVector(), layer.name() + ".analytic", out,
                g.outHeight(), g.outWidth());
        analytic.initialize(w, wOff, out, g.patchSize());
        float[] ka = new float[n];
        analytic.forward(z, batch, x.data(), g, w, wOff, out, ka);
        double norm = 0;
        double eOwn = 0;
        double eAnalytic = 0;
        double eNone = 0;
        for (int i = 0; i < n; i++) {
            norm += Math.abs(real[i]);
            eOwn += Math.abs(real[i] - own[i]);
            eAnalytic += Math.abs(real[i] - ka[i]);
            eNone += Math.abs(real[i] - z[i]);
        }
        return new LayerError(layer.name(), layer.scaling().name(), eOwn / norm, eAnalytic / norm, eNone / norm);
    }

    /** The errors as CSV lines with a header. */
    public static String csv(List<LayerError> errors) {
        StringBuilder b = new StringBuilder("layer,scaling,own_scaling,analytic_k_alpha,unscaled\n");
        for (LayerError e : errors) {
            b.append(String.format(Locale.ROOT, "%s,%s,%.6f,%.6f,%.6f%n", e.layer(), e.scaling(), e.own(),
                    e.analytic(), e.unscaled()));
        }
        return b.toString();
    }
}
