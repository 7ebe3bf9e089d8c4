package org.xnornet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import org.xnornet.data.ArrayDataset;
import org.xnornet.data.IdxReader;
import org.xnornet.data.SyntheticData;
import org.xnornet.kernel.Gemm;
import org.xnornet.kernel.Parallel;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.optim.Adam;
import org.xnornet.optim.LrSchedule;
import org.xnornet.optim.Optimizer;
import org.xnornet.optim.Sgd;
import org.xnornet.train.Checkpoint;
import org.xnornet.train.ConsoleListener;
import org.xnornet.train.JsonLinesListener;
import org.xnornet.train.LocalTrainer;
import org.xnornet.train.TrainingConfig;

/** {@code train-local}: trains a ModelSpec on Fashion-MNIST IDX files or synthetic data in this process. */
final class TrainLocalCommand {
    static final String SUMMARY = "--data fashion-mnist:<dir>|synthetic  --model <spec>  --epochs N  --batch N "
            + "--lr X  --optimizer adam|sgd  --schedule cosine  --train-limit N  --seed N  --threads N  --out <dir>";

    private static final Set<String> KEYS = Set.of("data", "model", "epochs", "iterations", "batch", "ghost-batch",
            "lr", "optimizer", "momentum", "weight-decay", "schedule", "label-smoothing", "train-limit", "seed",
            "threads", "log-every", "out");

    private TrainLocalCommand() {
    }

    static int run(String[] args) {
        Options o = new Options(args, 0, KEYS, Set.of("clip-shadow", "nesterov"));
        if (o.getInt("threads", 0) > 0) {
            Parallel.setThreads(o.getInt("threads", 0));
        }
        ModelSpec spec = ModelSpec.parse(o.get("model", "arch=small_resnet"));
        ArrayDataset train;
        ArrayDataset test;
        String data = o.get("data", "synthetic");
        if (data.startsWith("fashion-mnist")) {
            Path dir = Path.of(data.contains(":") ? data.substring(data.indexOf(':') + 1)
                    : "/usr/share/datasets/fashion-mnist");
            try {
                train = IdxReader.load(dir, "train", 10, IdxReader.FASHION_MEAN, IdxReader.FASHION_STD);
                test = IdxReader.load(dir, "t10k", 10, IdxReader.FASHION_MEAN, IdxReader.FASHION_STD);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (data.equals("synthetic")) {
            int[] shape = {spec.channels(), spec.height(), spec.width()};
            ArrayDataset all = SyntheticData.prototypes(5120, shape, spec.classes(), 2f, 7);
            train = all.slice(0, 4096, "synthetic prototypes, train (4096)");
            test = all.slice(4096, 5120, "synthetic prototypes, held out (1024)");
        } else {
            throw new IllegalArgumentException("option --data must be fashion-mnist[:<dir>] or synthetic, was '"
                    + data + "'");
        }
        int limit = o.getInt("train-limit", 0);
        if (limit > 0) {
            train = train.head(limit);
        }
        int batch = o.getInt("batch", 128);
        int epochs = o.getInt("epochs", 1);
        int iterations = o.getInt("iterations", 0);
        int total = iterations > 0 ? iterations : epochs * (train.size() / batch);
        float lr = o.getFloat("lr", 0.002f);
        LrSchedule schedule = LrSchedule.parse(o.get("schedule", "cosine"), lr, total);
        Optimizer optimizer = optimizer(o);
        TrainingConfig config = new TrainingConfig(batch, o.getInt("ghost-batch", 0), epochs, iterations, optimizer,
                schedule, o.getFloat("label-smoothing", 0f), o.getLong("seed", 1), o.getInt("log-every", 50));
        Network net = Network.build(spec);
        System.out.println("model: " + spec);
        System.out.println("data: " + train.description() + "; test " + test.description());
        System.out.println("optimizer: " + optimizer.describe() + ", lr " + lr + " " + o.get("schedule", "cosine")
                + ", batch " + batch + ", " + total + " iterations");
        System.out.println("kernels: gemm " + Gemm.backend().name() + ", " + Parallel.threads() + " threads");
        LocalTrainer trainer = new LocalTrainer(config).addListener(new ConsoleListener(System.out, config.logEvery()));
        Path out = o.get("out", null) == null ? null : Path.of(o.get("out", null));
        try {
            JsonLinesListener metrics = null;
            if (out != null) {
                Files.createDirectories(out);
                metrics = new JsonLinesListener(Files.newBufferedWriter(out.resolve("metrics.jsonl")));
                trainer.addListener(metrics);
            }
            LocalTrainer.Result r = trainer.train(net, train, test);
            System.out.printf(Locale.ROOT, "result: %d iterations in %.1f s; test %s%n", r.iterations(), r.seconds(),
                    r.test());
            if (out != null) {
                metrics.close();
                Path tmp = out.resolve("model.ckpt.tmp");
                try (var stream = Files.newOutputStream(tmp)) {
                    Checkpoint.of(net, r.iterations(), config.epochs()).write(stream);
                }
                Files.move(tmp, out.resolve("model.ckpt"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                System.out.println("saved " + out.resolve("model.ckpt") + " and " + out.resolve("metrics.jsonl"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + out, e);
        }
        return 0;
    }

    private static Optimizer optimizer(Options o) {
        String name = o.get("optimizer", "adam");
        float wd = o.getFloat("weight-decay", 0f);
        switch (name) {
            case "adam":
                return new Adam(0.9f, 0.999f, 1e-8f, wd, o.flag("clip-shadow"));
            case "sgd":
                return new Sgd(o.getFloat("momentum", 0.9f), o.flag("nesterov"), wd, o.flag("clip-shadow"));
            default:
                throw new IllegalArgumentException("option --optimizer must be adam or sgd, was '" + name + "'");
        }
    }
}
