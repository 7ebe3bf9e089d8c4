package org.xnornet.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end in a process of its own, as a user's shell runs it: its output goes to files (so a chatty
 * child never blocks on a full pipe, and the wait below is the only wait), and a child that overruns its limit is
 * killed with its descendants and reported with the end of its output, rather than holding the build until CI's own
 * limit.
 */
public final class ChildProcess {
    /** How much of an overrunning child's output its failure shows. */
    private static final int TAIL_CHARS = 8000;

    /** A finished child: its exit code and what it printed (stdout holds both streams when they were merged). */
    public record Result(int exit, String stdout, String stderr) {
    }

    private ChildProcess() {
    }

    /** Starts {@code pb} (its output redirected to files in {@code dir}) and waits at most {@code seconds} for it. */
    public static Result run(ProcessBuilder pb, Path dir, long seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "child-out", ".txt");
        Path err = Files.createTempFile(dir, "child-err", ".txt");
        pb.redirectOutput(out.toFile());
        if (!pb.redirectErrorStream()) {
            pb.redirectError(err.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            String printed = Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
            throw new AssertionError(String.join(" ", pb.command()) + ": no exit within " + seconds
                    + " s; killed. Its output ends:\n" + printed.substring(Math.max(0, printed.length() - TAIL_CHARS)));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
