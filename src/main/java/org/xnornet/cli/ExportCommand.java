package org.xnornet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.xnornet.config.CommonKeys;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.infer.InferKeys;
import org.xnornet.infer.PackedModel;
import org.xnornet.infer.PackedModelFile;
import org.xnornet.train.CheckpointStore;

/**
 * {@code export}: a checkpoint or model.xnc to a packed model file (.xnb) — 1 bit per binary weight, folded output
 * stages, float32 real layers, the evaluation preprocessing and the classes — written atomically, then its size
 * report. The preprocessing and dataset come from the run folder the model sits in unless given here.
 */
final class ExportCommand {
    static final String COMMAND = "export";
    static final String SUMMARY = "--model-path <model.xnc | checkpoint> --out <file.xnb> [--overwrite] "
            + "[--data <dataset, for class names>] [--image-size N --eval-resize N --mean X --std X]";
    static final List<KeyGroup> KEYS = keys();

    private ExportCommand() {
    }

    private static List<KeyGroup> keys() {
        List<KeyGroup> k = new ArrayList<>(List.of(InferKeys.EXPORT, CommonKeys.OUTPUT));
        k.addAll(ModelFiles.SOURCE);
        return List.copyOf(k);
    }

    static int run(String[] args) throws IOException {
        CommandOptions.Parsed p = CommandOptions.parse(COMMAND, "Packs a trained model (checkpoint or model.xnc) into "
                + "a packed model file for predict and deployment, and prints its size against float32.", KEYS, null,
                args, Map.of());
        if (p.help()) {
            return ExitCode.OK;
        }
        Settings s = p.settings();
        s.require(!s.get(CommonKeys.OUT).isEmpty(), CommonKeys.OUT, "is needed: the packed model file to write "
                + "(e.g. model.xnb)");
        Path out = Path.of(s.get(CommonKeys.OUT)).toAbsolutePath();
        refuseExisting(s, out);
        Path model = ModelFiles.path(s);
        ModelFiles.refuseForeign(model, ModelFiles.magic(model));
        if (ModelFiles.magic(model) == PackedModelFile.MAGIC) {
            s.require(false, InferKeys.MODEL_PATH, "is already a packed model; export takes a checkpoint or model.xnc");
        }
        PackedModel packed = ModelFiles.fromCheckpoint(s, model, System.out);
        byte[] bytes = packed.toBytes();
        refuseExisting(s, out);
        FileSystem fs = FileSystem.getLocal(new Configuration()).getRaw(); // no .crc file beside the model
        CheckpointStore.writeAtomically(fs, new org.apache.hadoop.fs.Path(out.toUri()), o -> o.write(bytes));
        System.out.println("model: " + packed.spec());
        System.out.println("packed layers: " + packed.packedLayers().size() + "; classes: " + packed.classes().count()
                + (packed.classes().names() == null ? "" : ", named"));
        System.out.print(packed.size().table());
        System.out.println("wrote " + out);
        return ExitCode.OK;
    }

    private static void refuseExisting(Settings s, Path out) throws IOException {
        if (Files.isDirectory(out)) {
            throw new OutputRefusedException("--out " + out + " (" + s.source(CommonKeys.OUT) + ") is a folder; "
                    + "expected the packed model file to write");
        }
        if (Files.exists(out) && !s.get(CommonKeys.OVERWRITE)) {
            throw new OutputRefusedException("--out " + out + " (" + s.source(CommonKeys.OUT) + ") already exists; "
                    + "pass --overwrite to replace it");
        }
        if (Files.exists(out) && ModelFiles.magic(out) != PackedModelFile.MAGIC) {
            throw new OutputRefusedException("--out " + out + " (" + s.source(CommonKeys.OUT) + ") exists and is not "
                    + "a packed model; --overwrite replaces only packed models");
        }
    }
}
