package org.xnornet.model;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.xnornet.quant.GammaScaling;
import org.xnornet.quant.GammaShape;
import org.xnornet.quant.Quantizer;
import org.xnornet.quant.Scaling;
import org.xnornet.quant.SteSign;

/**
 * Everything that defines a network: architecture, input size, classes, whether its inner layers are
 * binary (else it is the full-precision twin of the same topology), quantizers, scaling, activation,
 * downsample kind, base width and the initialisation seed. Written as {@code key=value,...} by
 * {@link #toString()} and read by {@link #parse(String)}.
 */
public record ModelSpec(Architecture architecture, int channels, int height, int width, int classes,
                        boolean binary, Quantizer inputQuantizer, Quantizer kernelQuantizer, Scaling scaling,
                        ActivationKind activation, boolean binaryDownsample, int baseWidth, long seed) {
    /** The network families we build. */
    public enum Architecture {
        RESNET18, ALEXNET, SMALL_RESNET, SMALL_ALEXNET;

        /** The nets for 28×28 and 32×32 images (defaults: 1×28×28, 10 classes, base width 32). */
        public boolean small() {
            return this == SMALL_RESNET || this == SMALL_ALEXNET;
        }
    }

    /** The activation after each binary convolution. */
    public enum ActivationKind { RELU, PRELU, HARDTANH, NONE }

    public ModelSpec {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("model input must be positive, got " + channels + "x" + height + "x"
                    + width);
        }
        if (classes < 2) {
            throw new IllegalArgumentException("model needs at least 2 classes, got " + classes);
        }
        if (baseWidth < 1) {
            throw new IllegalArgumentException("model base width must be ≥ 1, got " + baseWidth);
        }
    }

    /** Binary ResNet-18 as in XNOR-Net++: 224×224×3, real first conv and FC, Γ case 1, PReLU. */
    public static ModelSpec resnet18(int classes, Scaling scaling) {
        return new ModelSpec(Architecture.RESNET18, 3, 224, 224, classes, true, new SteSign(1f), new SteSign(1f),
                scaling, ActivationKind.PRELU, false, 64, 1L);
    }

    /** The small residual binary net for 28×28×1 (MNIST, Fashion-MNIST) or 32×32×3 (CIFAR) images. */
    public static ModelSpec small(int channels, int size, int classes, Scaling scaling) {
        return new ModelSpec(Architecture.SMALL_RESNET, channels, size, size, classes, true, new SteSign(1f),
                new SteSign(1f), scaling, ActivationKind.PRELU, false, 32, 1L);
    }

    public ModelSpec withBinary(boolean b) {
        return new ModelSpec(architecture, channels, height, width, classes, b, inputQuantizer, kernelQuantizer,
                scaling, activation, binaryDownsample, baseWidth, seed);
    }

    public ModelSpec withScaling(Scaling s) {
        return new ModelSpec(architecture, channels, height, width, classes, binary, inputQuantizer, kernelQuantizer,
                s, activation, binaryDownsample, baseWidth, seed);
    }

    public ModelSpec withQuantizers(Quantizer in, Quantizer kernel) {
        return new ModelSpec(architecture, channels, height, width, classes, binary, in, kernel, scaling, activation,
                binaryDownsample, baseWidth, seed);
    }

    public ModelSpec withSeed(long s) {
        return new ModelSpec(architecture, channels, height, width, classes, binary, inputQuantizer, kernelQuantizer,
                scaling, activation, binaryDownsample, baseWidth, s);
    }

    public ModelSpec withBaseWidth(int w) {
        return new ModelSpec(architecture, channels, height, width, classes, binary, inputQuantizer, kernelQuantizer,
                scaling, activation, binaryDownsample, w, seed);
    }

    public ModelSpec withActivation(ActivationKind a) {
        return new ModelSpec(architecture, channels, height, width, classes, binary, inputQuantizer, kernelQuantizer,
                scaling, a, binaryDownsample, baseWidth, seed);
    }

    public ModelSpec withBinaryDownsample(boolean b) {
        return new ModelSpec(architecture, channels, height, width, classes, binary, inputQuantizer, kernelQuantizer,
                scaling, activation, b, baseWidth, seed);
    }

    @Override
    public String toString() {
        return "arch=" + architecture.name().toLowerCase(Locale.ROOT) + ",input=" + channels + "x" + height + "x" + width
                + ",classes=" + classes + ",binary=" + binary + ",input_quantizer=" + inputQuantizer.name()
                + ",kernel_quantizer=" + kernelQuantizer.name() + ",scaling=" + scaling.name() + ",activation="
                + activation.name().toLowerCase(Locale.ROOT) + ",binary_downsample=" + binaryDownsample + ",width="
                + baseWidth + ",seed=" + seed;
    }

    /** Reads the {@link #toString()} form; missing keys take the architecture's defaults. */
    public static ModelSpec parse(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("model spec entry '" + part + "' is not key=value");
            }
            kv.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        String arch = kv.getOrDefault("arch", "small_resnet").toUpperCase(Locale.ROOT).replace('-', '_');
        Architecture a;
        try {
            a = Architecture.valueOf(arch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model spec key 'arch': unknown architecture '" + kv.get("arch")
                    + "', expected resnet18, alexnet, small_resnet or small_alexnet");
        }
        int[] input = parseInput(kv.getOrDefault("input", a.small() ? "1x28x28" : "3x224x224"));
        ModelSpec s = new ModelSpec(a, input[0], input[1], input[2],
                intValue(kv, "classes", a.small() ? 10 : 1000),
                bool(kv, "binary", true),
                Quantizer.parse(kv.getOrDefault("input_quantizer", "ste")),
                Quantizer.parse(kv.getOrDefault("kernel_quantizer", "ste")),
                Scaling.parse(kv.getOrDefault("scaling", new GammaScaling(GammaShape.CASE_1).name())),
                activation(kv.getOrDefault("activation", "prelu")),
                bool(kv, "binary_downsample", false),
                intValue(kv, "width", a.small() ? 32 : 64),
                longValue(kv, "seed", 1L));
        kv.keySet().removeAll(java.util.List.of("arch", "input", "classes", "binary", "input_quantizer",
                "kernel_quantizer", "scaling", "activation", "binary_downsample", "width", "seed"));
        if (!kv.isEmpty()) {
            throw new IllegalArgumentException("unknown model spec keys " + kv.keySet() + "; known: arch, input, "
                    + "classes, binary, input_quantizer, kernel_quantizer, scaling, activation, binary_downsample, "
                    + "width, seed");
        }
        return s;
    }

    private static int intValue(Map<String, String> kv, String key, int def) {
        String v = kv.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model spec key '" + key + "' must be an integer, was '" + v + "'");
        }
    }

    private static long longValue(Map<String, String> kv, String key, long def) {
        String v = kv.get(key);
        try {
            return v == null ? def : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model spec key '" + key + "' must be an integer, was '" + v + "'");
        }
    }

    private static boolean bool(Map<String, String> kv, String key, boolean def) {
        String v = kv.get(key);
        if (v == null) {
            return def;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("model spec key '" + key + "' must be true or false, was '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static int[] parseInput(String v) {
        String[] p = v.toLowerCase(Locale.ROOT).split("x");
        if (p.length != 3) {
            throw new IllegalArgumentException("model spec key 'input' must be CxHxW, was '" + v + "'");
        }
        try {
            return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model spec key 'input' must be CxHxW, was '" + v + "'");
        }
    }

    private static ActivationKind activation(String v) {
        try {
            return ActivationKind.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model spec key 'activation': unknown '" + v
                    + "', expected relu, prelu, hardtanh or none");
        }
    }
}
