package org.xnornet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnornet.train.Checkpoint;

/** train-local's run folder end to end in this process: files, resume equal to an uninterrupted run, refusals. */
class MainTest {
    @TempDir
    Path dir;

    private static final String[] RUN = {"train-local", "--data", "synthetic", "--model",
        "arch=small_resnet,width=4,scaling=gamma3", "--max-iterations", "4", "--batch", "32", "--log-every", "2",
        "--checkpoint-every", "2"};

    private static String[] with(String[] base, String... more) {
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }

    private static int execute(String[] args, StringBuilder stderr) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        stderr.append(err.toString(StandardCharsets.UTF_8));
        return code;
    }

    private static Checkpoint read(Path file) throws Exception {
        try (var in = new FileInputStream(file.toFile())) {
            return Checkpoint.read(in, file.toString());
        }
    }

    @Test
    void trainLocalWritesARunFolder() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, Main.run(with(RUN, "--out", out.toString())));
        List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(5, metrics.size(), String.join("\n", metrics));
        assertTrue(metrics.get(4).contains("\"type\":\"evaluation\""));
        Checkpoint model = read(out.resolve("model.xnc"));
        assertEquals(4, model.iteration());
        assertTrue(model.spec().contains("scaling=gamma3"));
        Properties run = new Properties();
        try (var in = Files.newInputStream(out.resolve("run.properties"))) {
            run.load(in);
        }
        assertEquals(model.runId(), run.getProperty("run.id"));
        assertEquals("train-local", run.getProperty("run.command"));
        assertEquals("32", run.getProperty("batch"));
        assertTrue(Files.exists(out.resolve("checkpoints/ckpt-000000002.xnc")));
        assertTrue(Files.exists(out.resolve("checkpoints/ckpt-000000004.xnc")));
    }

    @Test
    void resumedRunEqualsTheUninterruptedOne() throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(0, Main.run(with(RUN, "--out", whole.toString())));
        Path cut = dir.resolve("cut");
        assertEquals(0, Main.run(with(RUN, "--out", cut.toString(), "--max-iterations", "4")));
        // a sitting killed after iteration 2: drop what came later, then resume
        Files.delete(cut.resolve("checkpoints/ckpt-000000004.xnc"));
        Files.delete(cut.resolve("model.xnc"));
        assertEquals(0, Main.run(with(RUN, "--out", cut.toString(), "--resume")));
        assertArrayEquals(read(whole.resolve("model.xnc")).state(), read(cut.resolve("model.xnc")).state());
        assertTrue(Files.exists(cut.resolve("metrics-from-2.jsonl")), "a resumed sitting writes its own metrics");
    }

    @Test
    void anotherRunInTheSameFolderIsRefusedAndNothingChanges() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, Main.run(with(RUN, "--out", out.toString())));
        byte[] model = Files.readAllBytes(out.resolve("model.xnc"));
        StringBuilder err = new StringBuilder();
        assertEquals(ExitCode.RUN_FOLDER, execute(with(RUN, "--out", out.toString(), "--lr", "0.01"), err));
        assertTrue(err.toString().contains("already holds run") && err.toString().contains("--overwrite"), err.toString());
        err.setLength(0);
        assertEquals(ExitCode.RUN_FOLDER, execute(with(RUN, "--out", out.toString(), "--lr", "0.01", "--resume"),
                err));
        assertTrue(err.toString().contains("key 'lr' was '0.001', now '0.01' (--lr)"), err.toString());
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.xnc")));
        assertEquals(0, Main.run(with(RUN, "--out", out.toString(), "--lr", "0.01", "--overwrite")));
        assertTrue(read(out.resolve("model.xnc")).runId().length() > 0);
    }

    @Test
    void verbosePrintsTheStackTraceBeforeTheErrorLine() {
        StringBuilder quiet = new StringBuilder();
        assertEquals(ExitCode.USAGE, execute(new String[] {"train-local", "--batch", "0"}, quiet));
        assertEquals(1, quiet.toString().lines().count(), quiet.toString());
        StringBuilder verbose = new StringBuilder();
        assertEquals(ExitCode.USAGE, execute(new String[] {"train-local", "--batch", "0", "--verbose"}, verbose));
        List<String> lines = verbose.toString().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("\tat org.xnornet.")), verbose.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("error: key 'batch' (--batch)"), verbose.toString());
    }

    @Test
    void aFailedSparkJobReportsOurExceptionInside() {
        Throwable job = new org.apache.spark.SparkException("Job aborted due to stage failure: Task 1 failed",
                new org.xnornet.data.parquet.ImageDataException("split train: 40 of 1000 images undecodable, more than "
                        + "max-bad-fraction 0.001 (last: part-0.parquet row 17)"));
        assertEquals(ExitCode.DATA, Main.exitCode(Main.ours(job)));
        assertEquals("error: split train: 40 of 1000 images undecodable, more than max-bad-fraction 0.001 (last: "
                + "part-0.parquet row 17)", Main.errorLine(job));
        Throwable lost = new org.apache.spark.SparkException("Job aborted: executor lost\n\tat somewhere");
        assertEquals(ExitCode.TRAINING, Main.exitCode(Main.ours(lost)));
        assertEquals("error: org.apache.spark.SparkException: Job aborted: executor lost (rerun with --verbose for the "
                + "stack trace)", Main.errorLine(lost));
        assertEquals(ExitCode.INTERNAL, Main.exitCode(Main.ours(new NullPointerException("x"))));
    }

    @Test
    void outOfMemoryHasItsOwnExitCodeAndSaysWhatToDo() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        assertEquals(ExitCode.OUT_OF_MEMORY, Main.exitCode(Main.ours(oom)));
        String line = Main.errorLine(oom);
        assertTrue(line.startsWith("error: out of memory (Java heap space, heap limit "), line);
        Throwable job = new org.apache.spark.SparkException("Job aborted: Task 0 failed", oom);
        assertEquals(ExitCode.OUT_OF_MEMORY, Main.exitCode(Main.ours(job)), "through a failed job");
        assertTrue(Main.outOfMemory(oom, "task-result-getter-1").startsWith("out of memory in thread "
                + "'task-result-getter-1' (Java heap space"));
        assertTrue(line.contains("JAVA_OPTS=-Xmx") && line.contains("--driver-memory"), line);
    }

    @Test
    void helpListsEveryOptionWithItsDefault() throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(new String[] {"train-local", "--help"}));
        } finally {
            System.setOut(before);
        }
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--max-iterations=N") && help.contains("(default: 32)") && help.contains("--resume"),
                help);
    }
}
