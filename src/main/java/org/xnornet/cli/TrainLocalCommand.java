package org.xnornet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.xnornet.config.CommonKeys;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.data.ArrayDataset;
import org.xnornet.data.DataKeys;
import org.xnornet.data.IdxReader;
import org.xnornet.data.SyntheticData;
import org.xnornet.data.parquet.ImageDataException;
import org.xnornet.kernel.Gemm;
import org.xnornet.kernel.Parallel;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.train.LocalTrainer;
import org.xnornet.train.RunFolder;
import org.xnornet.train.RunListeners;
import org.xnornet.train.TrainKeys;
import org.xnornet.train.TrainRecipe;
import org.xnornet.train.TrainingConfig;

/**
 * {@code train-local}: trains a ModelSpec on Fashion-MNIST IDX files or synthetic data in this process, with the
 * same keys, recipe, listeners, run folder and checkpoints as {@code train}.
 */
final class TrainLocalCommand {
    static final String COMMAND = "train-local";
    static final String SUMMARY = "--data fashion-mnist[:<dir>]|synthetic --model <spec> --epochs N --batch N "
            + "--lr X --optimizer adam|sgd --schedule cosine --train-limit N --seed N --threads N --out <dir>";
    static final List<KeyGroup> KEYS = List.of(TrainKeys.TRAINING, DataKeys.ORDER, DataKeys.LIMIT,
            CommonKeys.OUTPUT, TrainKeys.RUN_FOLDER, TrainKeys.ENGINE);

    private TrainLocalCommand() {
    }

    static int run(String[] args) throws IOException {
        CommandOptions.Parsed p = CommandOptions.parse(COMMAND, "Trains a model in this process (engine only, no "
                + "Spark).", KEYS, null, args, java.util.Map.of());
        if (p.help()) {
            return ExitCode.OK;
        }
        Settings s = p.settings();
        TrainRecipe.validate(s);
        ModelSpec spec = TrainRecipe.spec(s);
        RunFolder folder = s.get(CommonKeys.OUT).isEmpty() ? null
                : RunFolder.open(s, COMMAND, new Configuration(), System.out::println);
        if (s.get(TrainKeys.THREADS) > 0) {
            Parallel.setThreads(s.get(TrainKeys.THREADS));
        }
        ArrayDataset[] data = load(s, spec);
        ArrayDataset train = data[0];
        int limit = s.get(DataKeys.TRAIN_LIMIT);
        if (limit > 0 && limit < train.size()) {
            train = train.head(limit);
        }
        int batch = s.get(TrainKeys.BATCH);
        s.require(train.size() >= batch, TrainKeys.BATCH, "is more than the " + train.size() + " training images");
        TrainingConfig config = TrainRecipe.localConfig(s, train.size() / batch);
        Network net = Network.build(spec);
        System.out.println("model: " + spec);
        System.out.println("data: " + train.description() + "; test " + data[1].description());
        System.out.println("optimizer: " + config.optimizer().describe() + ", lr " + s.text(TrainKeys.LR) + " "
                + s.get(TrainKeys.SCHEDULE) + ", batch " + batch + ", "
                + TrainRecipe.totalSteps(s, train.size() / batch) + " iterations");
        System.out.println("kernels: gemm " + Gemm.backend().name() + ", " + Parallel.threads() + " threads");
        var resume = folder == null ? null : folder.resumeFrom().map(l -> l.checkpoint()).orElse(null);
        if (folder != null) {
            folder.claim();
        }
        LocalTrainer trainer = new LocalTrainer(config);
        try (RunListeners listeners = new RunListeners(s, folder, System.out, resume == null ? 0
                : resume.iteration())) {
            listeners.all().forEach(trainer::addListener);
            LocalTrainer.Result r = trainer.train(net, train, data[1], resume);
            System.out.printf(Locale.ROOT, "result: %d iterations in %.1f s; test %s%n", r.iterations(), r.seconds(),
                    r.test());
        }
        if (folder != null) {
            System.out.println("run " + folder.runId() + " in " + folder.path() + ": model.xnc, metrics*.jsonl, "
                    + "checkpoints/, run.properties");
        }
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

    /** Training and test data of key 'data': Fashion-MNIST's IDX files, or synthetic prototypes. */
    private static ArrayDataset[] load(Settings s, ModelSpec spec) {
        String data = s.get(TrainKeys.DATA);
        if (data.equals("fashion-mnist") || data.startsWith("fashion-mnist:")) {
            Path dir = Path.of(data.contains(":") ? data.substring(data.indexOf(':') + 1)
                    : "/usr/share/datasets/fashion-mnist");
            try {
                return new ArrayDataset[] {
                    IdxReader.load(dir, "train", 10, IdxReader.FASHION_MEAN, IdxReader.FASHION_STD),
                    IdxReader.load(dir, "t10k", 10, IdxReader.FASHION_MEAN, IdxReader.FASHION_STD)};
            } catch (IOException e) {
                throw new ImageDataException("key 'data' (" + s.source(TrainKeys.DATA) + "): " + e.getMessage());
            }
        }
        if (data.equals("synthetic")) {
            int[] shape = {spec.channels(), spec.height(), spec.width()};
            ArrayDataset all = SyntheticData.prototypes(5120, shape, spec.classes(), 2f, 7);
            return new ArrayDataset[] {all.slice(0, 4096, "synthetic prototypes, train (4096)"),
                all.slice(4096, 5120, "synthetic prototypes, held out (1024)")};
        }
        s.require(false, TrainKeys.DATA, "must be fashion-mnist, fashion-mnist:<folder of IDX files> or synthetic for "
                + "train-local (Parquet datasets train with 'train')");
        return null;
    }
}
