package org.xnornet.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

/**
 * One training run in this process, as {@code train-local} runs it: Fashion-MNIST IDX files or synthetic data, the
 * recipe of {@link TrainRecipe}, the run folder of key 'out' (resumed with key 'resume'), the standard listeners.
 * {@code experiment} runs its grid's cells through the same method.
 */
public final class LocalRun {
    /** The name these runs record in their run folders. */
    public static final String COMMAND = "train-local";
    /** The keys of a local run. */
    public static final List<KeyGroup> KEYS = List.of(TrainKeys.TRAINING, DataKeys.ORDER, DataKeys.LIMIT,
            CommonKeys.OUTPUT, TrainKeys.RUN_FOLDER, TrainKeys.ENGINE);

    private LocalRun() {
    }

    /** Trains as {@code s} says, printing progress to {@code out}; {@code extra} listeners see every event too. */
    public static LocalTrainer.Result run(Settings s, PrintStream out, List<TrainingListener> extra)
            throws IOException {
        TrainRecipe.validate(s);
        ModelSpec spec = TrainRecipe.spec(s);
        RunFolder folder = s.get(CommonKeys.OUT).isEmpty() ? null
                : RunFolder.open(s, COMMAND, new Configuration(), out::println);
        if (s.get(TrainKeys.THREADS) > 0) {
            Parallel.setThreads(s.get(TrainKeys.THREADS));
        }
        ArrayDataset[] data = data(s, spec);
        ArrayDataset train = data[0];
        int limit = s.get(DataKeys.TRAIN_LIMIT);
        if (limit > 0 && limit < train.size()) {
            train = train.head(limit);
        }
        int batch = s.get(TrainKeys.BATCH);
        s.require(train.size() >= batch, TrainKeys.BATCH, "is more than the " + train.size() + " training images");
        TrainingConfig config = TrainRecipe.localConfig(s, train.size() / batch);
        Network net = Network.build(spec);
        out.println("model: " + spec);
        out.println("data: " + train.description() + "; test " + data[1].description());
        out.println("optimizer: " + config.optimizer().describe() + ", lr " + s.text(TrainKeys.LR) + " "
                + s.get(TrainKeys.SCHEDULE) + ", batch " + batch + ", "
                + TrainRecipe.totalSteps(s, train.size() / batch) + " iterations");
        out.println("kernels: gemm " + Gemm.describe() + ", " + Parallel.threads() + " threads");
        Checkpoint resume = folder == null ? null : folder.resumeFrom().map(CheckpointStore.Loaded::checkpoint)
                .orElse(null);
        if (folder != null) {
            folder.claim();
        }
        LocalTrainer trainer = new LocalTrainer(config);
        LocalTrainer.Result r;
        try (RunListeners listeners = new RunListeners(s, folder, out, resume == null ? 0 : resume.iteration())) {
            listeners.all().forEach(trainer::addListener);
            extra.forEach(trainer::addListener);
            r = trainer.train(net, train, data[1], resume);
            out.printf(Locale.ROOT, "result: %d iterations in %.1f s; test %s%n", r.iterations(), r.seconds(),
                    r.test());
        }
        if (folder != null) {
            out.println("run " + folder.runId() + " in " + folder.path() + ": model.xnc, metrics*.jsonl, "
                    + "checkpoints/, run.properties");
        }
        return r;
    }

    /** Training and test data of key 'data': Fashion-MNIST's IDX files, or synthetic prototypes. */
    public static ArrayDataset[] data(Settings s, ModelSpec spec) {
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
