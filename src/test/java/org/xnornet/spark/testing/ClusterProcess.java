package org.xnornet.spark.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JVM of a {@link StandaloneCluster} (the master or a worker), its stdout and stderr in one log file.
 * Stopping it also stops whatever it started (a worker's executors), first politely, then with SIGKILL.
 */
final class ClusterProcess {
    private static final long GRACE_MILLIS = 5_000;
    private static final int TAIL_BYTES = 6_000;

    private final String name;
    private final Process process;
    private final Path log;

    private ClusterProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} with {@code env} (replacing the inherited environment's SPARK_ variables). */
    static ClusterProcess start(String name, List<String> command, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(log.getParent().toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SPARK_"));
        pb.environment().putAll(env);
        return new ClusterProcess(name, pb.start(), log);
    }

    String name() {
        return name;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits for a log line matching {@code pattern} and returns its first group; throws with the log's tail
     * if the process dies or the deadline ({@link System#nanoTime()}) passes first.
     */
    String awaitLog(Pattern pattern, long deadlineNanos) throws IOException, InterruptedException {
        while (true) {
            Matcher m = pattern.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            if (!process.isAlive() || System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(name + " never logged /" + pattern + "/\n" + tail());
            }
            Thread.sleep(100);
        }
    }

    /** PIDs of the live descendants whose command line mentions {@code mainClass}. */
    List<Long> descendants(String mainClass) {
        List<Long> pids = new ArrayList<>();
        process.descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(mainClass))
                .forEach(p -> pids.add(p.pid()));
        return pids;
    }

    /** SIGTERM to the JVM, SIGKILL to it and its descendants if they outlive the grace period. */
    void stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The last few kilobytes of the log, headed by the process name and exit state. */
    String tail() {
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return "---- " + name + " (" + state + ", " + log + ") ----\n" + tail(log);
    }

    static String tail(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(bytes);
            return (start > 0 ? "...\n" : "") + new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")\n";
        }
    }
}
