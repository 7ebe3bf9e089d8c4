package org.xnornet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.data.DataKeys;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.data.parquet.ImageDataException;
import org.xnornet.infer.InferKeys;
import org.xnornet.infer.ModelClasses;
import org.xnornet.infer.ModelFormatException;
import org.xnornet.infer.PackedModel;
import org.xnornet.infer.PackedModelFile;
import org.xnornet.infer.Preprocessing;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.train.Checkpoint;
import org.xnornet.train.RunFolder;
import org.xnornet.train.TrainKeys;
import org.xnornet.train.TrainRecipe;

/**
 * The model file of {@code export} and {@code predict}: a packed model read as it is, or a checkpoint / model.xnc
 * packed here, with the preprocessing and dataset its run recorded ({@code run.properties} of its run folder, below
 * whatever the command line or {@code --conf} sets) and the class ids and names of the dataset's manifest.
 */
final class ModelFiles {
    /** Keys that say how a checkpoint's model is fed and named: the dataset, the evaluation image keys. */
    static final List<KeyGroup> SOURCE = List.of(TrainKeys.DATASET, DataKeys.EVAL_IMAGES);

    private ModelFiles() {
    }

    /** The file of key 'model-path', which must exist. */
    static Path path(Settings s) {
        s.require(!s.get(InferKeys.MODEL_PATH).isEmpty(), InferKeys.MODEL_PATH, "is needed: the checkpoint, "
                + "model.xnc or packed model (.xnb) to use");
        Path file = Path.of(s.get(InferKeys.MODEL_PATH));
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file + (Files.exists(file) ? " is not a file" : " does not exist")
                    + " (key 'model-path', " + s.source(InferKeys.MODEL_PATH) + ")");
        }
        return file;
    }

    /** The first four bytes of a file (fewer if it is shorter), as a big-endian int padded with zeros. */
    static int magic(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            in.readNBytes(head, 0, 4);
        }
        return ByteBuffer.wrap(head).getInt();
    }

    /** The model of key 'model-path': read when packed, else packed from the checkpoint. */
    static PackedModel load(Settings s, PrintStream notes) throws IOException {
        Path file = path(s);
        int magic = magic(file);
        if (magic == PackedModelFile.MAGIC) {
            for (KeyGroup g : SOURCE) {
                for (Key<?> k : g.keys()) {
                    s.require(s.source(k).equals("default"), k, "applies to checkpoints only: " + file + " is a packed "
                            + "model, which holds its own preprocessing and classes");
                }
            }
            return PackedModel.read(file);
        }
        refuseForeign(file, magic);
        return fromCheckpoint(s, file, notes);
    }

    /** Refuses a file that starts neither as a packed model nor as a checkpoint. */
    static void refuseForeign(Path file, int magic) {
        if (magic != Checkpoint.MAGIC && magic != PackedModelFile.MAGIC) {
            throw new ModelFormatException(file + " is neither a packed model (.xnb) nor a checkpoint or model.xnc "
                    + "(magic " + Integer.toHexString(magic) + ", expected "
                    + Integer.toHexString(PackedModelFile.MAGIC) + " or " + Integer.toHexString(Checkpoint.MAGIC) + ")");
        }
    }

    /** Packs a checkpoint's model with its run's preprocessing and its dataset's classes. */
    static PackedModel fromCheckpoint(Settings s, Path file, PrintStream notes) throws IOException {
        Checkpoint c;
        try (InputStream in = Files.newInputStream(file)) {
            c = Checkpoint.read(in, file.toString());
        }
        ModelSpec spec = c.modelSpec();
        Network net = Network.build(spec);
        c.restoreModelInto(net, file.toString());
        Configuration conf = new Configuration();
        Optional<RunFolder.Recorded> run = RunFolder.recordedFor(file.toAbsolutePath().toString(), conf);
        if (run.isPresent() && !c.runId().isEmpty() && !c.runId().equals(run.get().runId())) {
            notes.println("note: " + run.get().file() + " is run " + run.get().runId() + ", the model is of run "
                    + c.runId() + ": its keys are not used");
            run = Optional.empty();
        }
        run.ifPresent(r -> {
            Map<String, String> keys = new java.util.TreeMap<>(r.keys());
            if (r.command().equals(TrainLocalCommand.COMMAND)) {
                TrainLocalCommand.imageKeysOf(r.keys().getOrDefault(TrainKeys.DATA.name(), ""))
                        .forEach(keys::putIfAbsent);
            }
            for (KeyGroup g : SOURCE) {
                for (Key<?> k : g.keys()) {
                    if (keys.containsKey(k.name()) && s.source(k).equals("default")) {
                        s.set(k.name(), keys.get(k.name()), r.file());
                    }
                }
            }
        });
        Preprocessing pre = Preprocessing.of(TrainRecipe.evalTransform(s, spec));
        notes.println("preprocessing: " + pre + run.map(r -> " (keys of " + r.file() + " where not given)").orElse(""));
        return PackedModel.export(net, pre, classes(s, spec, conf, notes));
    }

    /** The classes of key 'data''s manifest, or their count when the data has none. */
    private static ModelClasses classes(Settings s, ModelSpec spec, Configuration conf, PrintStream notes)
            throws IOException {
        String data = s.get(TrainKeys.DATA);
        String source = s.source(TrainKeys.DATA);
        boolean given = !source.equals("default") && !source.endsWith(RunFolder.RUN_FILE);
        org.apache.hadoop.fs.Path manifest = data.isEmpty() ? null
                : new org.apache.hadoop.fs.Path(data, DatasetManifest.FILE_NAME);
        FileSystem fs = manifest == null ? null : manifest.getFileSystem(conf);
        if (manifest == null || !fs.exists(manifest)) {
            if (given) {
                throw new ImageDataException("key 'data' (" + s.source(TrainKeys.DATA) + "): " + data + " has no "
                        + DatasetManifest.FILE_NAME + " to name the classes");
            }
            notes.println("classes: " + spec.classes() + ", unnamed (" + (data.isEmpty() ? "no dataset known"
                    : data + " has no " + DatasetManifest.FILE_NAME) + ")");
            return ModelClasses.ofCount(spec.classes());
        }
        DatasetManifest m = DatasetManifest.read(fs, manifest);
        s.require(m.classes().size() == spec.classes(), TrainKeys.DATA, "has " + m.classes().size() + " classes, the "
                + "model " + spec.classes());
        return new ModelClasses(spec.classes(), m.classes(), m.classNames());
    }
}
