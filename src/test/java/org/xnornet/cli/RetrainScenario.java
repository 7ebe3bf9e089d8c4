package org.xnornet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.infer.PackedModel;
import org.xnornet.registry.ModelRegistry;
import org.xnornet.registry.RunRecord;
import org.xnornet.registry.Version;
import org.xnornet.spark.testing.SharedSpark;
import org.xnornet.train.Checkpoint;

/**
 * What the retraining tests do to a registry on some filesystem: a dataset that grows by whole Parquet files (in
 * Hive-style partition folders, as scheduled ingestion writes them), retrain runs in this JVM (on the shared Spark
 * session) or as the launcher's child process (to kill it with SIGKILL), and readers of what the registry holds.
 */
final class RetrainScenario {
    static final String SAMPLE = "data/fashion-mnist-sample";

    final String data;
    final String registry;
    final Configuration conf;
    final FileSystem fs;

    RetrainScenario(String root, Configuration conf) throws IOException {
        this.data = root + "/data";
        this.registry = root + "/registry";
        this.conf = conf;
        this.fs = new Path(root).getFileSystem(conf);
        FileSystem local = FileSystem.getLocal(conf);
        fs.mkdirs(new Path(data, "train"));
        copy(local, new Path(SAMPLE, DatasetManifest.FILE_NAME), new Path(data, DatasetManifest.FILE_NAME));
        copy(local, sampleFile("val", 0), new Path(data, "val/part-0.parquet"));
        copy(local, sampleFile("val", 1), new Path(data, "val/part-1.parquet"));
        copy(local, sampleFile("train", 0), new Path(data, "train/part-0.parquet"));
    }

    /** The sample's {@code i}-th Parquet file of a split. */
    static Path sampleFile(String split, int i) throws IOException {
        try (var files = Files.list(java.nio.file.Path.of(SAMPLE, split))) {
            List<java.nio.file.Path> parquet = files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
            return new Path(parquet.get(i).toAbsolutePath().toUri());
        }
    }

    /** New training data: a copy of the sample's train file {@code i} as {@code train/<partition>/part-0.parquet}. */
    void addTrainFile(String partition, int i) throws IOException {
        copy(FileSystem.getLocal(conf), sampleFile("train", i), new Path(data, "train/" + partition
                + "/part-0.parquet"));
    }

    /**
     * New training data whose labels are all wrong: both sample train files, three times over, every label moved by 3
     * classes. Three copies outweigh the good data, so the candidate learns the moved labels and its holdout top-1
     * falls well below the tolerance on any machine (with one copy, a mixture of good and bad labels, the loss was
     * only 3 points on a Zen 4 whose BLAS kernel differs, short of the 5-point tolerance).
     */
    void addScrambled(String partition) throws IOException {
        SparkSession spark = SharedSpark.session();
        DatasetManifest m = DatasetManifest.read(FileSystem.getLocal(conf), new Path(SAMPLE,
                DatasetManifest.FILE_NAME));
        var ids = functions.array(m.classes().stream().map(functions::lit).toArray(org.apache.spark.sql.Column[]::new));
        Dataset<Row> once = spark.read().parquet(sampleFile("train", 0).toString(), sampleFile("train", 1).toString());
        Dataset<Row> rows = once.union(once).union(once);
        var moved = functions.pmod(functions.col("label").plus(3), functions.lit(m.classes().size()));
        rows.select(functions.col("image"), moved.cast("int").as("label"),
                        functions.element_at(ids, moved.plus(1).cast("int")).as("class_id"), functions.col("path"))
                .coalesce(1).write().parquet(new Path(data, "train/" + partition).toString());
    }

    void remove(String partition) throws IOException {
        fs.delete(new Path(data, "train/" + partition), true);
    }

    /** The retrain command line of these tests: a small net, a short budget. */
    List<String> args(String... more) {
        List<String> a = new ArrayList<>(List.of("retrain", "--registry", registry, "--data", data,
                "--model", "arch=small_resnet,width=8,scaling=gamma1", "--partitions", "2", "--batch", "32",
                "--max-iterations", "20", "--lr", "0.003", "--mean", "0.2860", "--std", "0.3530", "--min-crop", "1",
                "--log-every", "10", "--lock-expiry-seconds", "4",
                // a fresh Adam at this rate costs the continued model a few points in 20 iterations; a candidate
                // trained mostly on scrambled labels loses far more
                "--tolerance", "0.05", "--warmup", "10"));
        a.addAll(List.of(more));
        return a;
    }

    /** A command in this JVM: its exit code, stdout and stderr. */
    record Run(int code, String out, String err) {
    }

    static Run inProcess(List<String> args) {
        SharedSpark.session();
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(new TeeStream(out, stdout), true, StandardCharsets.UTF_8);
        System.setOut(o);
        try {
            int code = Main.execute(args.toArray(String[]::new), new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
    }

    /** The launcher as a child process, killed with SIGKILL once its stdout shows {@code marker}. */
    static String killWhen(List<String> args, String marker, String jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("deploy/bin/xnornet"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JAVA_OPTS", "-Xmx1g " + jvmOptions);
        Process p = pb.start();
        StringBuilder seen = new StringBuilder();
        try (InputStream in = p.getInputStream()) {
            byte[] buf = new byte[4096];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (seen.indexOf(marker) < 0) {
                int n = in.read(buf);
                if (n < 0 || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new AssertionError("the child ended or timed out before '" + marker + "': " + seen);
                }
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        return seen.toString();
    }

    ModelRegistry open() throws IOException {
        return ModelRegistry.open(registry, conf, false);
    }

    int current() throws IOException {
        return open().current().map(Version::number).orElse(0);
    }

    RunRecord lastRecord() throws IOException {
        List<RunRecord> h = open().history();
        return h.get(h.size() - 1);
    }

    int runFolders() throws IOException {
        Path runs = new Path(open().root(), "runs");
        return fs.exists(runs) ? fs.listStatus(runs).length : 0;
    }

    /** CURRENT's model files read back whole: the checkpoint and the packed model. */
    void assertCurrentReadable() throws IOException {
        ModelRegistry r = open();
        Version v = r.current().orElseThrow();
        Checkpoint c = Checkpoint.read(new java.io.ByteArrayInputStream(r.read(v, ModelRegistry.MODEL)), v.path());
        assertTrue(c.state().length > 0);
        PackedModel.read(new java.io.ByteArrayInputStream(r.read(v, ModelRegistry.PACKED)), v.path());
    }

    /** Waits until a killed run's lock (expiry 4 s after its last heartbeat) has expired. */
    static void waitForLockExpiry() throws InterruptedException {
        Thread.sleep(5_000);
    }

    private void copy(FileSystem from, Path src, Path dst) throws IOException {
        fs.mkdirs(dst.getParent());
        if (!FileUtil.copy(from, src, fs, dst, false, conf)) {
            throw new IOException("could not copy " + src + " to " + dst);
        }
    }

    List<FileStatus> versionFolders() throws IOException {
        return List.of(fs.listStatus(new Path(open().root(), "versions")));
    }

    /** Copies what is written to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
