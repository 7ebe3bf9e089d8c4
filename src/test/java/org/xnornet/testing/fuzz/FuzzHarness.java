package org.xnornet.testing.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A seeded mutation fuzzer for readers of untrusted bytes (docs/FUZZING.md). A run first reads every seed (each
 * must be read), then replays the target's saved regression inputs, then feeds the reader mutants from
 * {@link Mutator}, each in a worker thread under a time limit and with its allocation measured. An input passes
 * when it is read or rejected with one of the target's exceptions (whose message names the source, if the target
 * asks); anything else is a finding: another throwable (OutOfMemoryError and StackOverflowError included), a
 * reader still busy after the time limit (the run then stops), or more bytes allocated for one input than the
 * limit. Each finding's input is saved to {@code target/fuzz-findings/<target>/}. Findings are grouped by kind
 * (throwable class and the frame that threw it). System properties: {@value #INPUTS} (mutants per target,
 * overriding the caller's short count), {@value #SECONDS} (run each target this long instead), {@value #SEED},
 * {@value #TIMEOUT_MS} (per input, default 5000), {@value #ALLOC_MB} (per input, default 256).
 */
public final class FuzzHarness {
    public static final String INPUTS = "xnornet.fuzz.inputs";
    public static final String SECONDS = "xnornet.fuzz.seconds";
    public static final String SEED = "xnornet.fuzz.seed";
    public static final String TIMEOUT_MS = "xnornet.fuzz.timeout.ms";
    public static final String ALLOC_MB = "xnornet.fuzz.alloc.mb";
    private static final int SAVED_PER_KIND = 3;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final FuzzTarget target;
    private final long seed = Long.getLong(SEED, 1);
    private final long timeoutMs = Long.getLong(TIMEOUT_MS, 5000);
    private final long allocLimit = Long.getLong(ALLOC_MB, 256) << 20;
    private final Map<String, List<String>> findings = new LinkedHashMap<>();
    private ExecutorService worker = newWorker();
    private long read;
    private long rejected;
    private long maxAllocated;
    private boolean hung;

    private FuzzHarness(FuzzTarget target) {
        this.target = target;
    }

    /** Fuzzes {@code target} with {@code shortInputs} mutants (or as the system properties say) and reports. */
    public static FuzzReport run(FuzzTarget target, long shortInputs) {
        return new FuzzHarness(target).fuzz(shortInputs);
    }

    /** The mutant that iteration {@code i} of a run with {@code seed} feeds {@code target}: to reproduce a finding. */
    public static byte[] input(FuzzTarget target, long seed, long i) {
        return new Mutator(target.seeds(), target.tokens()).next(random(seed, i));
    }

    private FuzzReport fuzz(long shortInputs) {
        long start = System.nanoTime();
        long inputs = Long.getLong(INPUTS, shortInputs);
        long deadline = start + TimeUnit.SECONDS.toNanos(Long.getLong(SECONDS, 0));
        boolean timed = Long.getLong(SECONDS, 0) > 0;
        for (int i = 0; i < target.seeds().size() && !hung; i++) {
            check(target.seeds().get(i), "seed " + i, true, 6 * timeoutMs);
        }
        List<byte[]> regressions = target.regressions();
        for (int i = 0; i < regressions.size() && !hung; i++) {
            check(regressions.get(i), "regression " + i, false, timeoutMs);
        }
        Mutator mutator = new Mutator(target.seeds(), target.tokens());
        long n = 0;
        for (; !hung && (timed ? System.nanoTime() < deadline : n < inputs); n++) {
            check(mutator.next(random(seed, n)), "iteration " + n, false, timeoutMs);
        }
        worker.shutdownNow();
        List<String> lines = new ArrayList<>();
        findings.forEach((kind, where) -> lines.add(kind + " (" + where.size() + " inputs; first: "
                + where.get(0) + ")"));
        FuzzReport report = new FuzzReport(target.name(), seed, n + target.seeds().size() + regressions.size(), read,
                rejected, lines, (System.nanoTime() - start) / 1e9, maxAllocated);
        System.out.println(report.summary());
        lines.forEach(l -> System.out.println("  finding: " + l));
        return report;
    }

    private static SplittableRandom random(long seed, long i) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (i + 1) * 0xC2B2AE3D27D4EB4FL);
    }

    private void check(byte[] input, String where, boolean mustRead, long timeout) {
        long[] allocated = new long[1];
        Future<Throwable> result = worker.submit(() -> {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            Throwable error = null;
            try {
                target.reader().read(input);
            } catch (Throwable t) {
                error = t;
            }
            allocated[0] = THREADS.getCurrentThreadAllocatedBytes() - before;
            return error;
        });
        Throwable error;
        try {
            error = result.get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            hung = true;
            worker.shutdownNow();
            worker = newWorker();
            record("hang", "no result within " + timeout + " ms", where, input);
            return;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        maxAllocated = Math.max(maxAllocated, allocated[0]);
        if (allocated[0] > allocLimit) {
            record("allocation over " + (allocLimit >> 20) + " MB", (allocated[0] >> 20) + " MB for "
                    + input.length + " bytes", where, input);
        } else if (error == null) {
            read++;
        } else if (mustRead) {
            record("seed not read: " + signature(error), message(error), where, input);
        } else if (!target.rejects(error)) {
            record(signature(error), message(error), where, input);
        } else if (target.source() != null && (error.getMessage() == null
                || !error.getMessage().contains(target.source()))) {
            record("rejection not naming " + target.source() + ": " + signature(error), message(error), where, input);
        } else {
            rejected++;
        }
    }

    /** The throwable's class and the frame that threw it: what tells one bug from another. */
    private static String signature(Throwable t) {
        StackTraceElement[] stack = t.getStackTrace();
        return t.getClass().getName() + (stack.length > 0 ? " at " + stack[0] : "");
    }

    private static String message(Throwable t) {
        String m = String.valueOf(t.getMessage()).lines().findFirst().orElse("");
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    private void record(String kind, String detail, String where, byte[] input) {
        List<String> seen = findings.computeIfAbsent(kind, k -> new ArrayList<>());
        String line = where + " of seed " + seed + ": " + detail;
        if (seen.size() < SAVED_PER_KIND) {
            Path file = Path.of("target", "fuzz-findings", target.name(), seed + "-" + where.replace(' ', '-')
                    + ".bin");
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, input);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            line += ", saved to " + file;
        }
        seen.add(line);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }
}
