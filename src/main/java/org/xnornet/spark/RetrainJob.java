package org.xnornet.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.xnornet.config.CommonKeys;
import org.xnornet.config.ConfigException;
import org.xnornet.config.Key;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.data.DataKeys;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.data.parquet.ParquetImageDataset;
import org.xnornet.data.parquet.ParquetImageFile;
import org.xnornet.infer.ModelClasses;
import org.xnornet.infer.PackedModel;
import org.xnornet.infer.Preprocessing;
import org.xnornet.model.ModelSpec;
import org.xnornet.model.Network;
import org.xnornet.registry.DataSnapshot;
import org.xnornet.registry.ModelRegistry;
import org.xnornet.registry.RegistryKeys;
import org.xnornet.registry.RegistryLock;
import org.xnornet.registry.RunRecord;
import org.xnornet.registry.RunRecord.Outcome;
import org.xnornet.registry.Version;
import org.xnornet.train.Checkpoint;
import org.xnornet.train.Evaluator;
import org.xnornet.train.RunFolder;
import org.xnornet.train.TrainKeys;
import org.xnornet.train.TrainRecipe;

/**
 * One scheduled retraining run (docs/REGISTRY.md): under the registry's lock, compare the training split's files with
 * the snapshot {@code CURRENT} was trained on; when files were added or changed, train the configured budget on the
 * whole split, starting from {@code CURRENT}'s model values (from scratch in an empty registry), evaluate the
 * candidate and {@code CURRENT} on the holdout split in this run, publish the candidate as a new immutable version and
 * point {@code CURRENT} at it only when it is not worse than {@code CURRENT} by more than the tolerance. Every run
 * leaves a history record of how it ended.
 */
public final class RetrainJob {
    public static final String COMMAND = "retrain";
    /** The keys of {@code retrain}: training's, without the output and the start (the registry sets them). */
    public static final List<KeyGroup> KEYS = keys();
    /**
     * A test hook: with system property {@value} set to a step's name ({@code publish}: the version staged, not yet
     * renamed; {@code current}: published, CURRENT not yet moved), the run prints "paused at &lt;step&gt;" and waits,
     * so a test can kill it there.
     */
    static final String PAUSE_PROPERTY = "xnornet.retrain.pauseAt";

    private RetrainJob() {
    }

    /** How a run ended, the version it made (0: none) and why. */
    public record Result(Outcome outcome, int version, String reason) {
    }

    private static List<KeyGroup> keys() {
        List<KeyGroup> k = new ArrayList<>(TrainJob.KEYS);
        k.removeAll(List.of(CommonKeys.OUTPUT, TrainKeys.START));
        k.add(0, RegistryKeys.RETRAIN);
        return List.copyOf(k);
    }

    /** Every check that needs neither Spark nor the data. */
    public static void validate(Settings s) {
        s.require(!s.get(RegistryKeys.REGISTRY).isEmpty(), RegistryKeys.REGISTRY, "is required: the model registry");
        s.require(!s.get(TrainKeys.RESUME), TrainKeys.RESUME, "does not apply: every retrain run is a new run in the "
                + "registry's runs/ folder");
        s.require(!s.get(RegistryKeys.HOLDOUT_SPLIT).equals(s.get(DataKeys.TRAIN_SPLIT)), RegistryKeys.HOLDOUT_SPLIT,
                "must differ from train-split '" + s.get(DataKeys.TRAIN_SPLIT) + "': the holdout never trains");
        TrainJob.validate(trainSettings(s, "", ""));
    }

    public static Result run(SparkSession spark, Settings s, PrintStream console) throws IOException,
            InterruptedException {
        validate(s);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ModelRegistry registry = ModelRegistry.open(s.get(RegistryKeys.REGISTRY), conf, true);
        String run = UUID.randomUUID().toString();
        try (RegistryLock lock = registry.lock(run, s.get(RegistryKeys.LOCK_EXPIRY), console::println)) {
            markAbandoned(registry, lock, run);
            Optional<Version> current = registry.current();
            RunRecord record = RunRecord.started(run, COMMAND, current.map(Version::number).orElse(0));
            registry.record(record);
            try {
                Result r = retrain(spark, s, registry, run, current, record, console);
                console.println("retrain " + r.outcome().label() + (r.version() > 0 ? ": version " + r.version() : "")
                        + ": " + r.reason());
                return r;
            } catch (IOException | RuntimeException | InterruptedException | Error e) {
                registry.record(record.end(Outcome.FAILED, 0, String.valueOf(e.getMessage()), Map.of()));
                throw e;
            }
        }
    }

    private static Result retrain(SparkSession spark, Settings s, ModelRegistry registry, String run,
            Optional<Version> current, RunRecord record, PrintStream console) throws IOException,
            InterruptedException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String data = s.get(TrainKeys.DATA);
        ParquetImageDataset train = ParquetImageDataset.open(data, s.get(DataKeys.TRAIN_SPLIT), s.get(DataKeys.CLASSES),
                conf);
        ParquetImageDataset holdout = ParquetImageDataset.open(data, s.get(RegistryKeys.HOLDOUT_SPLIT),
                train.classes().size(), conf);
        DataSnapshot trainFiles = DataSnapshot.of(paths(train), registry.fs());
        DataSnapshot holdoutFiles = DataSnapshot.of(paths(holdout), registry.fs());
        List<String> both = trainFiles.shared(holdoutFiles);
        if (!both.isEmpty()) {
            throw new ConfigException("key 'holdout-split' (" + s.source(RegistryKeys.HOLDOUT_SPLIT) + "): split '"
                    + s.get(RegistryKeys.HOLDOUT_SPLIT) + "' shares " + both.size() + " file(s) with the training split,"
                    + " e.g. " + both.get(0) + "; the holdout never trains");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("data", data);
        details.put("train.files", Integer.toString(trainFiles.entries().size()));
        if (current.isPresent()) {
            DataSnapshot.Changes changes = trainFiles.since(registry.snapshot(current.get(), false));
            details.put("changes", changes.toString());
            if (!changes.any()) {
                String why = "no data added since version " + current.get().number() + " was trained ("
                        + trainFiles.entries().size() + " files, " + changes + ")";
                registry.record(record.end(Outcome.NOTHING_NEW, 0, why, details));
                return new Result(Outcome.NOTHING_NEW, 0, why);
            }
            console.println("new data since version " + current.get().number() + ": " + changes);
        }
        Path folderPath = registry.runFolder(run);
        String init = current.map(v -> v.path() + "/" + ModelRegistry.MODEL).orElse("");
        Settings t = trainSettings(s, folderPath.toString(), init);
        RunFolder folder = RunFolder.open(t, TrainJob.COMMAND, conf, console::println);
        TrainJob.Result trained = TrainJob.run(spark, t, folder, console);
        Evaluator.Metrics candidate = trained.val();
        Evaluator.Metrics served = current.isEmpty() ? null
                : TrainJob.evaluate(spark, t, TrainJob.readCheckpoint(init, conf), init);
        double tolerance = s.get(RegistryKeys.TOLERANCE);
        boolean promote = served == null || candidate.top1() >= served.top1() - tolerance;
        String reason = served == null ? String.format(Locale.ROOT, "first version: holdout top-1 %.4f",
                candidate.top1())
                : String.format(Locale.ROOT, "holdout top-1 %.4f %s version %d's %.4f - tolerance %.4f",
                candidate.top1(), promote ? ">=" : "<", current.get().number(), served.top1(), tolerance);
        details.put("candidate.top1", Double.toString(candidate.top1()));
        details.put("candidate.loss", Double.toString(candidate.loss()));
        if (served != null) {
            details.put("current.top1", Double.toString(served.top1()));
        }
        details.put("iterations", Long.toString(trained.rounds()));

        int number = registry.nextNumber();
        Path staging = registry.staging(run);
        registry.stage(staging, ModelRegistry.MODEL, checkpointBytes(trained.checkpoint()));
        registry.stage(staging, ModelRegistry.PACKED, packed(t, trained.checkpoint(), train));
        registry.stage(staging, ModelRegistry.SETTINGS, read(conf, new Path(folderPath, RunFolder.RUN_FILE)));
        registry.stage(staging, ModelRegistry.METRICS, ModelRegistry.bytes(metrics(candidate, served, details),
                "holdout metrics of this version and of CURRENT when it was judged"));
        registry.stage(staging, ModelRegistry.DATA_SNAPSHOT, snapshotBytes(trainFiles));
        registry.stage(staging, ModelRegistry.HOLDOUT_SNAPSHOT, snapshotBytes(holdoutFiles));
        pauseAt("publish", console);
        Version v = registry.publish(staging, new Version(number, "", current.map(Version::number).orElse(0), run,
                java.time.Instant.now(), data, s.get(RegistryKeys.HOLDOUT_SPLIT), candidate.top1(),
                candidate.count()));
        if (!promote) {
            registry.record(record.end(Outcome.REJECTED, v.number(), reason, details));
            return new Result(Outcome.REJECTED, v.number(), reason);
        }
        pauseAt("current", console);
        registry.setCurrent(v.number());
        registry.record(record.end(Outcome.PROMOTED, v.number(), reason, details));
        return new Result(Outcome.PROMOTED, v.number(), reason);
    }

    /** Training's settings from retrain's: the same values and sources, evaluating on the holdout, into the run. */
    static Settings trainSettings(Settings s, String out, String init) {
        Settings t = TrainJob.settings();
        for (KeyGroup g : TrainJob.KEYS) {
            for (Key<?> k : g.keys()) {
                if (s.has(k) && !s.source(k).equals("default")) {
                    t.set(k.name(), s.text(k), s.source(k));
                }
            }
        }
        t.set(DataKeys.VAL_SPLIT.name(), s.get(RegistryKeys.HOLDOUT_SPLIT), "retrain: the holdout split");
        t.set(CommonKeys.OUT.name(), out, "retrain: the registry's run folder");
        t.set(TrainKeys.INIT.name(), init, "retrain: CURRENT's model");
        return t;
    }

    /** A run whose expired lock this one took over was killed or lost: its RUNNING record says so now. */
    private static void markAbandoned(ModelRegistry registry, RegistryLock lock, String run) throws IOException {
        if (lock.takenOver().isEmpty()) {
            return;
        }
        RegistryLock.Holder dead = lock.takenOver().get();
        for (RunRecord r : registry.history()) {
            if (r.run().equals(dead.run()) && r.outcome() == Outcome.RUNNING) {
                registry.record(r.end(Outcome.FAILED, 0, "did not finish: its lock expired at " + dead.expires()
                        + " and run " + run + " took it over", Map.of()));
            }
        }
    }

    private static List<String> paths(ParquetImageDataset d) {
        return d.files().stream().map(ParquetImageFile::file).toList();
    }

    private static byte[] checkpointBytes(Checkpoint c) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        c.write(b);
        return b.toByteArray();
    }

    private static byte[] packed(Settings t, Checkpoint c, ParquetImageDataset train) throws IOException {
        ModelSpec spec = c.modelSpec();
        Network net = Network.build(spec);
        c.restoreModelInto(net, "the trained model");
        DatasetManifest m = train.manifest();
        ModelClasses classes = m == null ? ModelClasses.ofCount(spec.classes())
                : new ModelClasses(spec.classes(), m.classes(), m.classNames());
        return PackedModel.export(net, Preprocessing.of(TrainRecipe.evalTransform(t, spec)), classes).toBytes();
    }

    private static Properties metrics(Evaluator.Metrics candidate, Evaluator.Metrics served,
            Map<String, String> details) {
        Properties p = new Properties();
        p.setProperty("holdout.top1", Double.toString(candidate.top1()));
        p.setProperty("holdout.top5", Double.toString(candidate.top5()));
        p.setProperty("holdout.loss", Double.toString(candidate.loss()));
        p.setProperty("holdout.images", Long.toString(candidate.count()));
        if (served != null) {
            p.setProperty("current.holdout.top1", Double.toString(served.top1()));
            p.setProperty("current.holdout.loss", Double.toString(served.loss()));
        }
        details.forEach((k, v) -> p.setProperty("run." + k, v));
        return p;
    }

    private static byte[] snapshotBytes(DataSnapshot d) {
        return d.toText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] read(Configuration conf, Path p) throws IOException {
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return in.readAllBytes();
        }
    }

    private static void pauseAt(String step, PrintStream console) throws InterruptedException {
        if (step.equals(System.getProperty(PAUSE_PROPERTY))) {
            console.println("paused at " + step);
            console.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
