package org.xnornet.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.xnornet.config.KeyGroup;
import org.xnornet.data.DataKeys;
import org.xnornet.data.IdxReader;
import org.xnornet.train.LocalRun;

/**
 * {@code train-local}: trains a ModelSpec on Fashion-MNIST IDX files or synthetic data in this process, with the
 * same keys, recipe, listeners, run folder and checkpoints as {@code train}.
 */
final class TrainLocalCommand {
    static final String COMMAND = LocalRun.COMMAND;
    static final String SUMMARY = "--data fashion-mnist[:<dir>]|synthetic --model <spec> --epochs N --batch N "
            + "--lr X --optimizer adam|sgd --schedule cosine --train-limit N --seed N --threads N --out <dir>";
    static final List<KeyGroup> KEYS = LocalRun.KEYS;

    private TrainLocalCommand() {
    }

    static int run(String[] args) throws IOException {
        CommandOptions.Parsed p = CommandOptions.parse(COMMAND, "Trains a model in this process (engine only, no "
                + "Spark).", KEYS, null, args, java.util.Map.of());
        if (p.help()) {
            return ExitCode.OK;
        }
        LocalRun.run(p.settings(), System.out, List.of());
        return ExitCode.OK;
    }

    /**
     * The image keys that say how a train-local run of {@code data} normalised its images (it takes no image keys):
     * Fashion-MNIST's mean and std for its IDX files; none for synthetic data.
     */
    static Map<String, String> imageKeysOf(String data) {
        if (data.equals("fashion-mnist") || data.startsWith("fashion-mnist:")) {
            return Map.of(DataKeys.MEAN.name(), Float.toString(IdxReader.FASHION_MEAN), DataKeys.STD.name(),
                    Float.toString(IdxReader.FASHION_STD));
        }
        return Map.of();
    }
}
