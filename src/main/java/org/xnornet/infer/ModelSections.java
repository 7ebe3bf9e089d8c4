package org.xnornet.infer;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xnornet.infer.PackedModelFile.Kind;
import org.xnornet.infer.PackedModelFile.Section;
import org.xnornet.kernel.ConvGeometry;
import org.xnornet.nn.BinaryConv2d;
import org.xnornet.nn.PRelu;
import org.xnornet.quant.GammaScaling;
import org.xnornet.quant.GammaShape;
import org.xnornet.quant.XnorAnalyticScaling;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;

/**
 * The sections of a packed model and their bodies (big-endian, as {@link PackedModelFile}):
 * <ul>
 * <li>{@code BINARY} per packed convolution, named by the layer: its filters' signs, 1 bit per weight in
 * training's order [out][channels][kh][kw], bit i in byte i/8 at position i mod 8 (set for +1, training's
 * sign(0) = +1), exactly ⌈bits/8⌉ bytes, unused bits 0.</li>
 * <li>{@code STAGE} per packed convolution, named by the fused layers (conv+bn+act): byte scaling (0 none, 1–4 Γ
 * case, 5 analytic K·α), byte batch norm (0/1), byte activation (0 none, 1 ReLU, 2 hardtanh, 3 PReLU), int rules;
 * then the scaling's factors (α[out]; Γ[out·h·w]; α[out], β[h·w]; α[out], β[h], γ[w]; or analytic α[out]), BN's
 * mean, 1/√(var+ε), γ, β [out] each, PReLU's slopes [out], and with rules &gt; 0 the sign thresholds: byte kind
 * [rules], int threshold [rules]. These are the {@link OutputStage}'s own terms, so the float arithmetic and the
 * logits stay bit-equal to training's evaluation (a fold into one multiplier and offset would round differently).
 * Thresholds are stored for per-channel stages; spatial ones (Γ cases 2–4, out·h·w rules) are derived on load.</li>
 * <li>{@code REAL} per remaining parameter (real convolutions, linear layers, the batch norms before binary
 * convolutions, running statistics), named by it: float32 values.</li>
 * </ul>
 * Shapes in the table describe each section; reading compares them with the model the spec builds.
 */
final class ModelSections {
    static final int NO_SCALING = 0;
    static final int ANALYTIC = 5;

    private ModelSections() {
    }

    /** The sections of a trained network, packed as {@code packed} plans it. */
    static List<Section> encode(ParameterVector params, PackedNetwork packed) {
        List<Section> out = new ArrayList<>();
        for (PackedNetwork.Unit u : packed.units()) {
            out.add(new Section(Kind.BINARY, u.conv().name(), binaryShape(u.conv()), bits(u.conv())));
            out.add(new Section(Kind.STAGE, u.name(), stageShape(u), stage(params, u)));
        }
        for (Parameter p : realParameters(params, packed.units())) {
            byte[] body = body(d -> {
                for (int i = 0; i < p.length(); i++) {
                    d.writeFloat(p.get(i));
                }
            });
            out.add(new Section(Kind.REAL, p.name(), realShape(p), body));
        }
        return out;
    }

    /** The parameters a packed model stores as float32: all but optimiser state and what the packed units hold. */
    static List<Parameter> realParameters(ParameterVector params, List<PackedNetwork.Unit> units) {
        Set<String> folded = new HashSet<>();
        for (PackedNetwork.Unit u : units) {
            folded.add(u.conv().weight().name());
            for (Parameter p : params.parameters()) {
                if (p.role() == ParameterVector.Role.GAMMA && p.name().startsWith(u.conv().name() + ".")) {
                    folded.add(p.name());
                }
            }
            if (u.bn() != null) {
                List.of(u.bn().gamma(), u.bn().beta(), u.bn().runningMean(), u.bn().runningVar())
                        .forEach(p -> folded.add(p.name()));
            }
            if (u.activation() instanceof PRelu p) {
                folded.add(p.slope().name());
            }
        }
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : params.parameters()) {
            if (p.role() != ParameterVector.Role.OPTIMIZER && !folded.contains(p.name())) {
                out.add(p);
            }
        }
        return out;
    }

    static String realShape(Parameter p) {
        return p.role().name().toLowerCase(Locale.ROOT) + " " + p.length();
    }

    static String binaryShape(BinaryConv2d conv) {
        ConvGeometry g = conv.geometry();
        return String.format(Locale.ROOT, "%d filters %dx%dx%d, stride %d, padding %d, input %dx%d",
                conv.outChannels(), g.channels(), g.kernelH(), g.kernelW(), g.stride(), g.padding(), g.height(),
                g.width());
    }

    static long bitCount(BinaryConv2d conv) {
        return (long) conv.outChannels() * conv.geometry().patchSize();
    }

    private static byte[] bits(BinaryConv2d conv) {
        int n = Math.toIntExact(bitCount(conv));
        byte[] b = new byte[(n + 7) >>> 3];
        float[] w = conv.weight().values();
        int off = conv.weight().offset();
        for (int i = 0; i < n; i++) {
            b[i >>> 3] |= (byte) (SignBits.bit(w[off + i]) << (i & 7));
        }
        return b;
    }

    /** The packed filters of {@code conv} from its section's bits. */
    static PackedConvWeights filters(BinaryConv2d conv, byte[] bits, ByteReader r) {
        int n = Math.toIntExact(bitCount(conv));
        if (bits.length != (n + 7) >>> 3) {
            throw r.fault("section '" + conv.name() + "' holds " + bits.length + " bytes, its " + n + " weight bits "
                    + "take " + ((n + 7) >>> 3) + ": the file is inconsistent");
        }
        if ((n & 7) != 0 && (bits[bits.length - 1] & 0xff) >>> (n & 7) != 0) {
            throw r.fault("section '" + conv.name() + "' sets bits past its " + n + " weights: the file is corrupt");
        }
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = ((bits[i >>> 3] >>> (i & 7)) & 1) != 0 ? 1f : -1f;
        }
        return PackedConvWeights.pack(w, 0, conv.outChannels(), conv.geometry());
    }

    /** The stage's scaling code: 0 none, 1–4 the Γ case, 5 analytic K·α. */
    static int scalingCode(BinaryConv2d conv) {
        if (conv.scaling() instanceof GammaScaling gs) {
            return gs.shape().number();
        }
        return conv.scaling() instanceof XnorAnalyticScaling ? ANALYTIC : NO_SCALING;
    }

    /** Thresholds stored: one per channel, for a stage whose sign does not depend on the real input or the pixel. */
    static int storedRules(PackedNetwork.Unit u) {
        int code = scalingCode(u.conv());
        return code == NO_SCALING || code == 1 ? u.conv().outChannels() : 0;
    }

    static String stageShape(PackedNetwork.Unit u) {
        int code = scalingCode(u.conv());
        String scaling = code == NO_SCALING ? "none" : code == ANALYTIC ? "xnor" : "gamma" + code;
        return String.format(Locale.ROOT, "%d channels of %dx%d, scaling %s, %s, %s, %d thresholds",
                u.conv().outChannels(), u.conv().geometry().outHeight(), u.conv().geometry().outWidth(), scaling,
                u.bn() == null ? "no bn" : "bn", OutputStage.actOf(u.activation()).name().toLowerCase(Locale.ROOT),
                storedRules(u));
    }

    private static byte[] stage(ParameterVector params, PackedNetwork.Unit u) {
        OutputStage s = u.stage();
        int code = scalingCode(u.conv());
        int rules = storedRules(u);
        return body(d -> {
            d.writeByte(code);
            d.writeByte(s.batchNormTerms() == null ? 0 : 1);
            d.writeByte(s.activation().ordinal());
            d.writeInt(rules);
            if (code == ANALYTIC) {
                writeFloats(d, s.analyticAlpha());
            } else if (code != NO_SCALING) {
                GammaShape shape = ((GammaScaling) u.conv().scaling()).shape();
                for (float[] f : GammaTerms.factors(params, u.conv(), shape)) {
                    writeFloats(d, f);
                }
            }
            if (s.batchNormTerms() != null) {
                for (float[] f : s.batchNormTerms()) {
                    writeFloats(d, f);
                }
            }
            if (s.slopes() != null) {
                writeFloats(d, s.slopes());
            }
            if (rules > 0) {
                SignThresholds t = s.thresholds();
                d.write(t.kind);
                for (int v : t.threshold) {
                    d.writeInt(v);
                }
            }
        });
    }

    /** The output stage of unit {@code u} (its layers from the skeleton) from its section's body. */
    static OutputStage stage(PackedNetwork.Unit u, ByteReader r) {
        BinaryConv2d conv = u.conv();
        int out = conv.outChannels();
        ConvGeometry g = conv.geometry();
        int code = scalingCode(conv);
        OutputStage.Act act = OutputStage.actOf(u.activation());
        int rules = storedRules(u);
        String where = "section '" + u.name() + "'";
        int[] header = {r.u8(where + " scaling"), r.u8(where + " batch norm"), r.u8(where + " activation"),
            r.int32(where + " rules")};
        int[] expected = {code, u.bn() == null ? 0 : 1, act.ordinal(), rules};
        if (!java.util.Arrays.equals(header, expected)) {
            throw r.fault(where + " describes scaling, batch norm, activation and thresholds "
                    + java.util.Arrays.toString(header) + ", the model spec's layer has "
                    + java.util.Arrays.toString(expected) + ": the file is inconsistent");
        }
        float[] scale = null;
        float[] alpha = null;
        if (code == ANALYTIC) {
            alpha = r.floats(out, where + " alpha");
        } else if (code != NO_SCALING) {
            GammaShape shape = ((GammaScaling) conv.scaling()).shape();
            int h = g.outHeight();
            int w = g.outWidth();
            int[][] lengths = {{out}, {out * h * w}, {out, h * w}, {out, h, w}};
            float[][] f = new float[lengths[code - 1].length][];
            for (int i = 0; i < f.length; i++) {
                f[i] = r.floats(lengths[code - 1][i], where + " scale factor " + i);
            }
            scale = GammaTerms.expand(shape, f, out, h, w);
        }
        float[][] bn = null;
        if (u.bn() != null) {
            bn = new float[4][];
            for (int i = 0; i < 4; i++) {
                bn[i] = r.floats(out, where + " batch norm term " + i);
            }
        }
        float[] slope = act == OutputStage.Act.PRELU ? r.floats(out, where + " slopes") : null;
        byte[] kinds = rules > 0 ? r.bytes(rules, where + " threshold kinds") : null;
        int[] thresholds = rules > 0 ? r.ints(rules, where + " thresholds") : null;
        r.end(where);
        try {
            OutputStage s = OutputStage.restore(g, out, scale, code >= 2 && code <= 4, alpha, bn, act, slope);
            if (rules > 0) {
                s.useThresholds(thresholds, kinds);
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw r.fault(where + ": " + e.getMessage());
        }
    }

    private static void writeFloats(DataOutputStream d, float[] f) throws IOException {
        for (float v : f) {
            d.writeFloat(v);
        }
    }

    private interface Fields {
        void write(DataOutputStream d) throws IOException;
    }

    private static byte[] body(Fields f) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(bytes);
            f.write(d);
            d.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory section", e);
        }
    }
}
