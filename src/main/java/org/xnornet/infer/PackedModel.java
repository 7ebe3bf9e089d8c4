package org.xnornet.infer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xnornet.infer.PackedModelFile.Contents;
import org.xnornet.infer.PackedModelFile.Kind;
import org.xnornet.infer.PackedModelFile.Section;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.nn.BatchNorm;
import org.xnornet.nn.BinaryConv2d;
import org.xnornet.nn.Layer;
import org.xnornet.tensor.Parameter;
import org.xnornet.tensor.ParameterVector;
import org.xnornet.tensor.Tensor;

/**
 * A trained network as it ships: 1 bit per binary weight, float32 real layers, folded output stages, plus what
 * scoring needs (the evaluation preprocessing, the classes). Built from a network ({@link #export}) or read from a
 * file ({@link #read}); either way the runtime is rebuilt from the same sections — the spec's layer skeleton with
 * only the real layers' parameters loaded, and {@link PackedNetwork} given the convolutions and stages the sections
 * hold — so a model read back scores exactly like {@code PackedNetwork.of} the network it came from.
 * {@link #forward} is synchronized: one call at a time per instance (load one per thread for parallel scoring).
 */
public final class PackedModel {
    private final Contents contents;
    private final Network skeleton;
    private final PackedNetwork network;

    private PackedModel(Contents contents, Network skeleton, PackedNetwork network) {
        this.contents = contents;
        this.skeleton = skeleton;
        this.network = network;
    }

    /** Packs a trained network with the preprocessing and classes it was trained with. */
    public static PackedModel export(Network net, Preprocessing preprocessing, ModelClasses classes) {
        List<Section> sections = ModelSections.encode(net.parameters(), PackedNetwork.of(net));
        return of(new Contents(net.spec().toString(), preprocessing, classes, sections), "exported model");
    }

    public static PackedModel read(Path file) throws IOException {
        if (Files.size(file) > PackedModelFile.MAX_BYTES) {
            throw new ModelFormatException(file + ": " + Files.size(file) + " bytes is more than a packed model holds");
        }
        return of(PackedModelFile.parse(Files.readAllBytes(file), file.toString()), file.toString());
    }

    public static PackedModel read(InputStream in, String source) throws IOException {
        return of(PackedModelFile.read(in, source), source);
    }

    /** The model the contents describe; faults name {@code source}. */
    static PackedModel of(Contents c, String source) {
        ByteReader none = new ByteReader(new byte[0], 0, 0, source);
        ModelSpec spec;
        try {
            spec = ModelSpec.parse(c.spec());
        } catch (IllegalArgumentException e) {
            throw none.fault("model spec '" + c.spec() + "' is invalid (" + e.getMessage() + ")");
        }
        Preprocessing p = c.preprocessing();
        if (spec.classes() != c.classes().count() || spec.channels() != p.channels() || spec.height() != p.size()
                || spec.width() != p.size()) {
            throw none.fault("model " + spec + " does not take the file's " + c.classes().count() + " classes and "
                    + p.channels() + "x" + p.size() + "x" + p.size() + " images: the file is inconsistent");
        }
        Map<String, Section> sections = new HashMap<>();
        for (Section s : c.sections()) {
            if (sections.put(s.kind() + " " + s.name(), s) != null) {
                throw none.fault("section '" + s.name() + "' appears twice: the file is inconsistent");
            }
        }
        long claimed = 0;
        for (Section s : c.sections()) {
            claimed += s.body().length * (s.kind() == Kind.BINARY ? 8L : 1L);
        }
        Network net;
        try {
            // every parameter is a stored float, a stored bit or a term a stage folds (at most one per stored byte)
            net = Network.build(spec, claimed);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw none.fault("model " + spec + " does not fit the file's " + claimed + " stored values ("
                    + e.getMessage() + "): the file is inconsistent");
        }
        PackedNetwork packed;
        try {
            packed = PackedNetwork.of(net.root(), new PackedNetwork.Packing() {
                @Override
                public PackedConvWeights weights(BinaryConv2d conv) {
                    Section s = take(sections, Kind.BINARY, conv.name(), ModelSections.binaryShape(conv), none);
                    return ModelSections.filters(conv, s.body(), none);
                }

                @Override
                public OutputStage stage(BinaryConv2d conv, BatchNorm bn, Layer act) {
                    PackedNetwork.Unit u = new PackedNetwork.Unit(conv, bn, act, PackedNetwork.unitName(conv, bn, act),
                            null, null);
                    Section s = take(sections, Kind.STAGE, u.name(), ModelSections.stageShape(u), none);
                    return ModelSections.stage(u, new ByteReader(s.body(), 0, s.body().length, source));
                }
            });
        } catch (IllegalArgumentException e) {
            throw none.fault("packed layers do not fit the model (" + e.getMessage() + ")");
        }
        ParameterVector params = net.parameters();
        for (Parameter q : ModelSections.realParameters(params, packed.units())) {
            Section s = take(sections, Kind.REAL, q.name(), ModelSections.realShape(q), none);
            ByteReader r = new ByteReader(s.body(), 0, s.body().length, source);
            System.arraycopy(r.floats(q.length(), "section '" + q.name() + "'"), 0, params.values(), q.offset(),
                    q.length());
            r.end("section '" + q.name() + "'");
        }
        packed.bindNorms();
        packed.lanesFrom(spec, params);
        if (!sections.isEmpty()) {
            Section extra = sections.values().iterator().next();
            throw none.fault(sections.size() + " sections are not part of model " + spec + ", e.g. "
                    + extra.kind().name().toLowerCase(java.util.Locale.ROOT) + " '" + extra.name()
                    + "': the file is inconsistent");
        }
        return new PackedModel(c, net, packed);
    }

    private static Section take(Map<String, Section> sections, Kind kind, String name, String shape, ByteReader r) {
        Section s = sections.remove(kind + " " + name);
        if (s == null) {
            throw r.fault("no " + kind.name().toLowerCase(java.util.Locale.ROOT) + " section '" + name + "', which the "
                    + "model spec's layers need: the file is inconsistent");
        }
        if (!s.shape().equals(shape)) {
            throw r.fault("section '" + name + "' is " + s.shape() + ", the model spec's layer " + shape
                    + ": the file is inconsistent");
        }
        return s;
    }

    /** Logits [N, classes] for NCHW input of the model's input size. */
    public synchronized Tensor forward(Tensor x) {
        ModelSpec spec = skeleton.spec();
        if (x.rank() != 4 || x.dim(1) != spec.channels() || x.dim(2) != spec.height() || x.dim(3) != spec.width()) {
            throw new IllegalArgumentException("model " + spec.architecture() + " takes [N, " + spec.channels() + ", "
                    + spec.height() + ", " + spec.width() + "] input, got " + x.shapeString());
        }
        return network.forward(x);
    }

    public ModelSpec spec() {
        return skeleton.spec();
    }

    public Preprocessing preprocessing() {
        return contents.preprocessing();
    }

    public ModelClasses classes() {
        return contents.classes();
    }

    /** The packed convolutions, each named as {@link PackedNetwork#packedLayers()} names them. */
    public List<String> packedLayers() {
        return network.packedLayers();
    }

    public byte[] toBytes() {
        return PackedModelFile.toBytes(contents);
    }

    public void write(OutputStream out) throws IOException {
        out.write(toBytes());
        out.flush();
    }

    /** Bytes of each part against float32, for this model's file. */
    public ModelSize size() {
        long bits = 0;
        for (PackedNetwork.Unit u : network.units()) {
            bits += ModelSections.bitCount(u.conv());
        }
        long float32 = 0;
        for (Parameter p : skeleton.parameters().parameters()) {
            float32 += p.role() == ParameterVector.Role.OPTIMIZER ? 0 : 4L * p.length();
        }
        return ModelSize.of(contents, toBytes().length, bits, float32);
    }

    /** The packed network this model runs. */
    PackedNetwork network() {
        return network;
    }

    List<PackedNetwork.Unit> units() {
        return network.units();
    }

    List<Section> sections() {
        return contents.sections();
    }
}
