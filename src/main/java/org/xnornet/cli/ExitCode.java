package org.xnornet.cli;

/**
 * The exit codes of {@code xnornet}, one per kind of outcome (README and docs/RELIABILITY.md list them). Every
 * non-zero exit ends with one {@code error: …} line on stderr; the stack trace only with {@code --verbose}.
 */
final class ExitCode {
    private ExitCode() {
    }

    /** The command did what it was asked. */
    static final int OK = 0;
    /** Something we did not foresee (a bug, or a fault of the machine): the message, and the trace with --verbose. */
    static final int INTERNAL = 1;
    /** The command line or configuration: unknown command, option or key; a value of the wrong type or range. */
    static final int USAGE = 2;
    /** Input data: a dataset, image, manifest, IDX, checkpoint or model file that is missing, not ours or corrupt. */
    static final int DATA = 3;
    /**
     * The output: a folder that holds another run or foreign files, is a file, or has no valid checkpoint to resume;
     * an output file that exists (export without --overwrite) or is a folder.
     */
    static final int RUN_FOLDER = 4;
    /** Training failed while running: it diverged, or a Spark job failed beyond its retries. */
    static final int TRAINING = 5;
    /** A file or folder could not be read or written (permissions, a full disk, an unreachable filesystem). */
    static final int IO = 6;
    /**
     * The JVM ran out of memory, in any thread (the launcher's or Spark's own, whose death would otherwise leave the
     * job waiting forever): give it a larger heap.
     */
    static final int OUT_OF_MEMORY = 7;
    /** retrain: a candidate was trained and kept as a version, but not promoted (worse on the holdout). */
    static final int NOT_PROMOTED = 10;
    /** retrain: no data was added since CURRENT was trained; nothing was trained. */
    static final int NOTHING_NEW = 11;
    /** retrain and registry promote/rollback: another run holds the registry's lock, which has not expired. */
    static final int LOCK_HELD = 12;
}
