package org.xnornet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.testing.ChildProcess;

/**
 * The command line as a user meets it: {@code deploy/bin/xnornet} in its own JVM over a table of bad inputs. Each
 * must exit with its documented code, end stderr with one {@code error: …} line naming the key, file or value at
 * fault, print no stack trace anywhere, and leave every file that earlier runs wrote exactly as it was.
 */
class CliErrorsIT {
    @TempDir
    static Path tmp;

    private static final Pattern TRACE = Pattern.compile("^\\s+at [\\w.$/]+\\(|^Caused by: |Exception in thread|"
            + "^\\s+\\.\\.\\. \\d+ more");
    private static final String SAMPLE = Path.of("data/fashion-mnist-sample").toAbsolutePath().toString();
    private static final String[] TINY = {"--data", "synthetic", "--model", "arch=small_resnet,width=2",
        "--max-iterations", "2", "--batch", "16", "--checkpoint-every", "1"};
    private static Map<String, String> before;

    /** One bad input: its arguments ({tmp} and {sample} are replaced), the exit code and what the error names. */
    record Case(String name, int code, List<String> names, String... args) {
    }

    @BeforeAll
    static void earlierRuns() throws Exception {
        Files.writeString(tmp.resolve("a-file.txt"), "not a folder\n");
        Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(tmp.resolve("foreign/notes.txt"), "someone's notes\n");
        Files.writeString(tmp.resolve("unknown-key.properties"), "batch=16\nbacth=32\n");
        Files.writeString(tmp.resolve("bad-value.properties"), "momentum=1.5\n");
        for (String run : new String[] {"previous-run", "corrupt-run"}) {
            assertEquals(0, Main.run(concat(new String[] {"train-local"}, TINY, "--out", tmp.resolve(run).toString())));
        }
        try (Stream<Path> s = Files.list(tmp.resolve("corrupt-run/checkpoints"))) {
            for (Path p : s.toList()) {
                byte[] b = Files.readAllBytes(p);
                b[b.length - 12] ^= 0x10;
                Files.write(p, b);
            }
        }
        assertEquals(0, Main.run(new String[] {"export", "--model-path", tmp.resolve("previous-run/model.xnc")
                .toString(), "--out", tmp.resolve("exported.xnb").toString()}));
        byte[] packed = Files.readAllBytes(tmp.resolve("exported.xnb"));
        Files.write(tmp.resolve("truncated.xnb"), java.util.Arrays.copyOf(packed, packed.length / 2));
        packed[packed.length / 2] ^= 0x20;
        Files.write(tmp.resolve("corrupt.xnb"), packed);
        byte[] model = Files.readAllBytes(tmp.resolve("previous-run/model.xnc"));
        Files.write(tmp.resolve("truncated.xnc"), java.util.Arrays.copyOf(model, model.length - 100));
        assertEquals(0, Main.run(new String[] {"train", "--data", SAMPLE, "--model", "arch=small_resnet,width=2",
            "--max-iterations", "2", "--batch", "16", "--partitions", "2", "--val-split", "none", "--out",
            tmp.resolve("spark-run").toString(), "--master", "local[2]"}));
        Path data = tmp.resolve("bad-manifest");
        copy(Path.of(SAMPLE), data);
        Files.writeString(data.resolve("manifest.json"), "{\"format\": \"xnornet-image-parquet\", \"classes\": 7");
        before = snapshot();
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String local = "train-local";
        c.add(new Case("train --out a file", 4, List.of("a-file.txt", "is a file"), "train", "--data", "{sample}",
                "--out", "{tmp}/a-file.txt"));
        c.add(new Case("train-local --out a file", 4, List.of("a-file.txt", "is a file"), local, "--data", "synthetic",
                "--out", "{tmp}/a-file.txt"));
        // AlexNet's fc6 alone is 151 MB: the main thread's allocation fails in a 64 MB heap
        c.add(new Case("out of memory", 7, List.of("out of memory (Java heap space", "JAVA_OPTS=-Xmx"), "-Xmx64m", local,
                "--data", "synthetic", "--model", "arch=alexnet,input=3x224x224,classes=1000"));
        // a Spark task's: one activation of width 64 at batch 4096 is 822 MB, in the launcher's 1 GB (local mode)
        c.add(new Case("out of memory in a Spark task", 7, List.of("out of memory (Java heap space", "JAVA_OPTS=-Xmx"),
                "train", "--data", "{sample}", "--model", "arch=small_resnet,width=64", "--partitions", "1", "--batch",
                "4096", "--max-iterations", "1"));
        c.add(new Case("batch 0", 2, List.of("key 'batch'", "'0'"), local, "--batch", "0"));
        c.add(new Case("batch -8", 2, List.of("key 'batch'", "'-8'"), local, "--batch", "-8"));
        c.add(new Case("batch not a number", 2, List.of("key 'batch'", "'many'"), local, "--batch", "many"));
        c.add(new Case("missing IDX folder", 3, List.of("/nonexistent/fm"), local, "--data", "fashion-mnist:/nonexistent/fm"));
        c.add(new Case("unknown data kind", 2, List.of("key 'data'", "'cifar'"), local, "--data", "cifar"));
        c.add(new Case("nesterov=yes", 2, List.of("key 'nesterov'", "'yes'", "true or false"), local, "--nesterov=yes"));
        c.add(new Case("clip-shadow=1", 2, List.of("key 'clip-shadow'", "'1'"), local, "--clip-shadow=1"));
        c.add(new Case("lr NaN", 2, List.of("key 'lr'", "'NaN'"), local, "--lr", "NaN"));
        c.add(new Case("lr 0", 2, List.of("key 'lr'", "'0'"), local, "--lr", "0"));
        c.add(new Case("momentum 1.5", 2, List.of("key 'momentum'", "'1.5'"), local, "--momentum", "1.5"));
        c.add(new Case("unknown optimizer", 2, List.of("key 'optimizer'", "'rmsprop'"), local, "--optimizer", "rmsprop"));
        c.add(new Case("bad schedule", 2, List.of("key 'schedule'", "'step:x'"), local, "--schedule", "step:x"));
        c.add(new Case("ghost batch not dividing", 2, List.of("key 'ghost-batch'", "'5'"), local, "--ghost-batch", "5"));
        c.add(new Case("unknown scaling", 2, List.of("key 'model'", "gamma9"), local, "--model", "scaling=gamma9"));
        c.add(new Case("unknown spec key", 2, List.of("key 'model'", "scalling"), local, "--model", "scalling=gamma2"));
        c.add(new Case("spec boolean", 2, List.of("key 'model'", "binary", "'yes'"), local, "--model", "binary=yes"));
        c.add(new Case("unknown option", 2, List.of("--epoch", "--epochs"), local, "--epoch", "3"));
        c.add(new Case("option without value", 2, List.of("--max-iterations"), local, "--max-iterations"));
        c.add(new Case("stray argument", 2, List.of("'extra'"), local, "extra"));
        c.add(new Case("unknown command", 2, List.of("'fly'"), "fly"));
        c.add(new Case("no command", 2, List.of("no command given")));
        c.add(new Case("missing conf file", 2, List.of("missing.properties"), local, "--conf", "{tmp}/missing.properties"));
        c.add(new Case("unknown key in conf", 2, List.of("'bacth'", "unknown-key.properties", "'batch'"), local,
                "--conf", "{tmp}/unknown-key.properties"));
        c.add(new Case("bad value in conf", 2, List.of("key 'momentum'", "bad-value.properties", "'1.5'"), local,
                "--conf", "{tmp}/bad-value.properties"));
        c.add(new Case("spark property", 2, List.of("key 'batch'", "spark.xnornet.batch", "'-1'"), "train", "--data",
                "{sample}", "-Dspark.xnornet.batch=-1"));
        c.add(new Case("another run in out", 4, List.of("previous-run", "already holds run", "--resume", "--overwrite"),
                concat(new String[] {local}, TINY, "--out", "{tmp}/previous-run")));
        c.add(new Case("resume with other keys", 4, List.of("key 'lr' was '0.001', now '0.5' (--lr)"),
                concat(new String[] {local}, TINY, "--out", "{tmp}/previous-run", "--resume", "--lr", "0.5")));
        c.add(new Case("resume by the other trainer", 4, List.of("started by train-local, not train"), "train", "--data",
                "{sample}", "--out", "{tmp}/previous-run", "--resume"));
        c.add(new Case("foreign files in out", 4, List.of("foreign", "holds no xnornet run", "notes.txt"),
                concat(new String[] {local}, TINY, "--out", "{tmp}/foreign")));
        c.add(new Case("overwrite foreign files", 4, List.of("foreign", "holds no xnornet run"),
                concat(new String[] {local}, TINY, "--out", "{tmp}/foreign", "--overwrite")));
        c.add(new Case("resume, only corrupt checkpoints", 4, List.of("no valid checkpoint", "ckpt-000000001.xnc",
                "ckpt-000000002.xnc", "hecksum"), concat(new String[] {local}, TINY, "--out",
                "{tmp}/corrupt-run", "--resume")));
        c.add(new Case("resume and overwrite", 4, List.of("exclude each other"), local, "--out", "{tmp}/previous-run",
                "--resume", "--overwrite"));
        c.add(new Case("resume without out", 2, List.of("key 'resume'", "'out'"), local, "--resume"));
        c.add(new Case("train without data", 2, List.of("key 'data'"), "train"));
        c.add(new Case("train, missing dataset", 3, List.of("/nonexistent/imagenet"), "train", "--data",
                "/nonexistent/imagenet", "--std", "0.0001", "--mean", "0.5"));
        c.add(new Case("train, corrupt manifest", 3, List.of("bad-manifest", "manifest.json"), "train", "--data",
                "{tmp}/bad-manifest"));
        c.add(new Case("train, classes disagree", 2, List.of("key 'model'", "5 classes", "10"), "train", "--data",
                "{sample}", "--model", "arch=small_resnet,classes=5", "--val-split", "none"));
        c.add(new Case("gradient exchange with local steps", 2, List.of("key 'average-every'", "exchange=gradients"),
                "train", "--data", "{sample}", "--average-every", "2", "--exchange", "gradients"));
        c.add(new Case("direct transport under network encryption", 2, List.of("key 'transport'",
                "spark.network.crypto.enabled is true", "direct-unencrypted=allow"), "train", "--data", "{sample}",
                "--transport", "direct", "--out", "{tmp}/spark-run", "-Dspark.network.crypto.enabled=true"));
        c.add(new Case("convert without kind", 2, List.of("ilsvrc or idx"), "convert", "--source", "x", "--out", "y"));
        c.add(new Case("convert without out", 2, List.of("key 'out'"), "convert", "idx", "--source", "x"));
        c.add(new Case("convert quality 2", 2, List.of("key 'quality'", "'2'"), "convert", "idx", "--quality", "2"));
        c.add(new Case("diverged", 5, List.of("diverged", "key 'lr'"), local, "--data", "synthetic", "--model",
                "width=2", "--max-iterations", "5", "--batch", "16", "--optimizer", "sgd", "--lr", "1e30"));
        c.add(new Case("out not writable", 6, List.of("I/O error", "/proc/xnornet-run"), local, "--data", "synthetic",
                "--model", "width=2", "--max-iterations", "2", "--batch", "16", "--out", "/proc/xnornet-run"));
        String sparkModel = "{tmp}/spark-run/model.xnc";
        c.add(new Case("score without model", 2, List.of("key 'model-path'"), "score", "--data", "{sample}", "--out",
                "{tmp}/scored"));
        c.add(new Case("score, missing model", 3, List.of("/nonexistent/model.xnc", "does not exist"), "score",
                "--model-path", "/nonexistent/model.xnc", "--data", "{sample}", "--out", "{tmp}/scored"));
        c.add(new Case("score, not a model", 3, List.of("a-file.txt", "not an xnornet checkpoint"), "score",
                "--model-path", "{tmp}/a-file.txt", "--data", "{sample}", "--out", "{tmp}/scored"));
        c.add(new Case("score, model without preprocessing", 3, List.of("run.properties", "'image-size'"), "score",
                "--model-path", "{tmp}/previous-run/model.xnc", "--data", "{sample}", "--out", "{tmp}/scored"));
        c.add(new Case("score, missing data", 3, List.of("/nonexistent/data"), "score", "--model-path", sparkModel,
                "--data", "/nonexistent/data", "--out", "{tmp}/scored"));
        c.add(new Case("score, existing out", 4, List.of("foreign", "already exists", "--overwrite"), "score",
                "--model-path", sparkModel, "--data", "{sample}", "--out", "{tmp}/foreign"));
        c.add(new Case("score, overwrite foreign files", 4, List.of("foreign", "notes.txt", "not Parquet predictions"),
                "score", "--model-path", sparkModel, "--data", "{sample}", "--out", "{tmp}/foreign", "--overwrite"));
        c.add(new Case("score top-k 0", 2, List.of("key 'top-k'", "'0'"), "score", "--model-path", sparkModel, "--data",
                "{sample}", "--out", "{tmp}/scored", "--top-k", "0"));
        c.add(new Case("retrain without registry", 2, List.of("key 'registry'", "is required"), "retrain", "--data",
                "{sample}"));
        c.add(new Case("retrain, holdout is the training split", 2, List.of("key 'holdout-split'", "train"),
                "retrain", "--registry", "{tmp}/new-registry", "--data", "{sample}", "--holdout-split", "train"));
        c.add(new Case("retrain, registry in a foreign folder", 3, List.of("foreign", "not a model registry"),
                "retrain", "--registry", "{tmp}/foreign", "--data", "{sample}"));
        c.add(new Case("retrain, registry is a file", 3, List.of("a-file.txt", "is a file"), "retrain", "--registry",
                "{tmp}/a-file.txt", "--data", "{sample}"));
        c.add(new Case("retrain tolerance 2", 2, List.of("key 'tolerance'", "'2'"), "retrain", "--registry",
                "{tmp}/new-registry", "--data", "{sample}", "--tolerance", "2"));
        c.add(new Case("registry without action", 2, List.of("list, show, promote or rollback"), "registry",
                "--registry", "{tmp}/foreign"));
        c.add(new Case("registry unknown action", 2, List.of("'drop'"), "registry", "drop", "--registry",
                "{tmp}/foreign"));
        c.add(new Case("registry list, missing registry", 3, List.of("/nonexistent/registry", "not a model registry"),
                "registry", "list", "--registry", "/nonexistent/registry"));
        c.add(new Case("registry show, foreign folder", 3, List.of("foreign", "not a model registry"), "registry",
                "show", "--registry", "{tmp}/foreign"));
        c.add(new Case("experiment without out", 2, List.of("key 'out'", "is needed"), "experiment", "--data",
                "synthetic"));
        c.add(new Case("experiment unknown variant", 2, List.of("key 'variants'", "gamma9"), "experiment", "--data",
                "synthetic", "--variants", "gamma1,gamma9", "--out", "{tmp}/grid"));
        c.add(new Case("experiment into a foreign folder", 4, List.of("foreign", "not a grid"), "experiment",
                "--data", "synthetic", "--out", "{tmp}/foreign"));
        c.add(new Case("experiment report-only on a folder without a grid", 4, List.of("previous-run",
                "experiment.properties", "--report-only needs a grid"), "experiment", "--data", "synthetic",
                "--report-only", "--out", "{tmp}/previous-run"));
        c.add(new Case("bench unknown case", 2, List.of("bench case", "'fly'", "binary"), "bench", "fly"));
        c.add(new Case("bench reps 0", 2, List.of("key 'reps'", "'0'"), "bench", "gemm", "--reps", "0"));
        // The launcher runs the java on PATH, Java 17 here: no vector popcount path.
        c.add(new Case("bench vector popcount on Java 17", 2, List.of("key 'popcount'", "'vector'", "Java 21"),
                "bench", "binary", "--popcount", "vector"));
        c.add(new Case("bench unknown popcount path", 2, List.of("key 'popcount'", "'simd'"), "bench", "binary",
                "--popcount", "simd"));
        String model = "{tmp}/previous-run/model.xnc";
        c.add(new Case("export, missing model", 3, List.of("missing.xnc", "does not exist"), "export", "--model-path",
                "{tmp}/missing.xnc", "--out", "{tmp}/m.xnb"));
        c.add(new Case("export, foreign model file", 3, List.of("a-file.txt", "neither a packed model"), "export",
                "--model-path", "{tmp}/a-file.txt", "--out", "{tmp}/m.xnb"));
        c.add(new Case("export, truncated checkpoint", 3, List.of("truncated.xnc", "truncated"), "export",
                "--model-path", "{tmp}/truncated.xnc", "--out", "{tmp}/m.xnb"));
        c.add(new Case("export, existing out", 4, List.of("exported.xnb", "already exists", "--overwrite"), "export",
                "--model-path", model, "--out", "{tmp}/exported.xnb"));
        c.add(new Case("export, overwrite a foreign file", 4, List.of("a-file.txt", "not a packed model"), "export",
                "--model-path", model, "--out", "{tmp}/a-file.txt", "--overwrite"));
        c.add(new Case("export without out", 2, List.of("key 'out'"), "export", "--model-path", model));
        c.add(new Case("export without model", 2, List.of("key 'model-path'"), "export", "--out", "{tmp}/m.xnb"));
        c.add(new Case("export a packed model", 2, List.of("key 'model-path'", "already a packed model"), "export",
                "--model-path", "{tmp}/exported.xnb", "--out", "{tmp}/m.xnb"));
        c.add(new Case("export, data without manifest", 3, List.of("key 'data'", "manifest.json"), "export",
                "--model-path", model, "--out", "{tmp}/m.xnb", "--data", "{tmp}/foreign"));
        c.add(new Case("predict, missing model", 3, List.of("missing.xnb", "does not exist"), "predict",
                "--model-path", "{tmp}/missing.xnb", "{tmp}/a-file.txt"));
        c.add(new Case("predict, foreign model file", 3, List.of("a-file.txt", "neither a packed model"), "predict",
                "--model-path", "{tmp}/a-file.txt", "{tmp}/a-file.txt"));
        c.add(new Case("predict, truncated model", 3, List.of("truncated.xnb", "truncated"), "predict",
                "--model-path", "{tmp}/truncated.xnb", "{tmp}/a-file.txt"));
        c.add(new Case("predict, corrupt model", 3, List.of("corrupt.xnb", "checksum"), "predict", "--model-path",
                "{tmp}/corrupt.xnb", "{tmp}/a-file.txt"));
        c.add(new Case("predict top-k 0", 2, List.of("key 'top-k'", "'0'"), "predict", "--model-path",
                "{tmp}/exported.xnb", "--top-k", "0", "{tmp}/a-file.txt"));
        c.add(new Case("predict, undecodable image", 3, List.of("a-file.txt", "--skip-bad-images"), "predict",
                "--model-path", "{tmp}/exported.xnb", "{tmp}/a-file.txt"));
        c.add(new Case("predict, missing image", 3, List.of("missing.png", "does not exist"), "predict",
                "--model-path", "{tmp}/exported.xnb", "{tmp}/missing.png"));
        c.add(new Case("predict without images", 2, List.of("image files or folders"), "predict", "--model-path",
                "{tmp}/exported.xnb"));
        c.add(new Case("predict, image keys for a packed model", 2, List.of("key 'mean'", "packed model"), "predict",
                "--model-path", "{tmp}/exported.xnb", "--mean", "0.5", "{tmp}/a-file.txt"));
        return c;
    }

    @Test
    void everyBadInputEndsWithOneErrorLineAndChangesNothing() throws Exception {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 25, "at least 25 bad inputs");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> results = new ArrayList<>();
        for (Case c : cases) {
            results.add(pool.submit(() -> check(c)));
        }
        StringBuilder failures = new StringBuilder();
        for (Future<String> f : results) {
            String problem = f.get(300, TimeUnit.SECONDS);
            if (problem != null) {
                failures.append(problem).append("\n\n");
            }
        }
        pool.shutdown();
        assertEquals("", failures.toString());
        assertEquals(before, snapshot(), "a file that an earlier run wrote was changed or removed");
    }

    /** Runs one case; null when it behaved, else what went wrong with its output. */
    private static String check(Case c) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("deploy/bin/xnornet"));
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
        for (String a : c.args()) {
            String v = a.replace("{tmp}", tmp.toString()).replace("{sample}", SAMPLE);
            if (v.startsWith("-D") || v.startsWith("-X")) {
                jvm.add(v);
            } else {
                cmd.add(v);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_OPTS", String.join(" ", jvm));
        ChildProcess.Result run;
        try {
            run = ChildProcess.run(pb, tmp.getParent(), 240);
        } catch (AssertionError e) {
            return c.name() + ": " + e.getMessage();
        }
        String stdout = run.stdout();
        String stderr = run.stderr();
        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        List<String> problems = new ArrayList<>();
        if (run.exit() != c.code()) {
            problems.add("exit " + run.exit() + ", expected " + c.code());
        }
        if (!last.startsWith("error: ")) {
            problems.add("last stderr line is not an error line");
        }
        for (String n : c.names()) {
            if (!last.contains(n)) {
                problems.add("error line does not name " + n);
            }
        }
        if (lines.stream().filter(l -> l.startsWith("error: ")).count() != 1) {
            problems.add("not exactly one error line");
        }
        if (Stream.concat(stdout.lines(), stderr.lines()).anyMatch(l -> TRACE.matcher(l).find())) {
            problems.add("a stack trace was printed");
        }
        return problems.isEmpty() ? null : c.name() + " " + String.join(" ", c.args()) + ": "
                + String.join("; ", problems) + "\n--- stderr:\n" + stderr + "--- stdout:\n" + stdout;
    }

    /** Every file under the test folder, by relative path, with its SHA-256. */
    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                try {
                    byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                    out.put(tmp.relativize(p).toString(), HexFormat.of().formatHex(d));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static String[] concat(String[] a, String[] b, String... c) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        all.addAll(List.of(c));
        return all.toArray(String[]::new);
    }
}
