package org.xnornet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.xnornet.config.ConfigException;
import org.xnornet.data.image.BadImageException;
import org.xnornet.data.parquet.ImageDataException;
import org.xnornet.infer.ModelFormatException;
import org.xnornet.registry.LockHeldException;
import org.xnornet.registry.RegistryException;
import org.xnornet.train.CheckpointException;
import org.xnornet.train.RunFolderException;
import org.xnornet.train.TrainingFailedException;

/**
 * The one entry point: {@code xnornet <command> [options]}. Every failure ends with one {@code error: …} line on
 * stderr and an {@link ExitCode}; the stack trace is printed only with {@code --verbose}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler(Main::uncaught);
        int code = execute(args, System.err);
        // In YARN cluster mode the application master runs main and reports success only when it returns: a JVM exit,
        // even with 0, reads as "Shutdown hook called before final status was reported" and the application FAILED.
        // The master sets spark.yarn.app.id for its driver only in cluster mode.
        if (code != ExitCode.OK || System.getProperty("spark.yarn.app.id") == null) {
            System.exit(code);
        }
    }

    /**
     * A throwable no thread caught. An {@link OutOfMemoryError} in a thread of Spark's (its task-result getter, say)
     * kills only that thread and leaves the job waiting for a result that never comes, so it ends the JVM at once,
     * with the error line and {@link ExitCode#OUT_OF_MEMORY}; halt, not exit: shutdown hooks may need the memory
     * that is gone. Anything else is printed as the JVM would.
     */
    private static void uncaught(Thread thread, Throwable t) {
        if (t instanceof OutOfMemoryError) {
            System.out.flush();
            System.err.println("error: " + outOfMemory(t, thread.getName()));
            System.err.flush();
            Runtime.getRuntime().halt(ExitCode.OUT_OF_MEMORY);
        }
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        t.printStackTrace();
    }

    /**
     * What to do about {@code t}, an out-of-memory error in thread {@code thread}; null when it is not known (an error
     * that reached the command through a failed Spark job happened in a task's thread).
     */
    static String outOfMemory(Throwable t, String thread) {
        return "out of memory" + (thread == null ? "" : " in thread '" + thread + "'") + " (" + t.getMessage()
                + ", heap limit " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB): give the JVM a larger heap "
                + "(JAVA_OPTS=-Xmx… for deploy/bin/xnornet; --driver-memory and --executor-memory with spark-submit; "
                + "docs/RELIABILITY.md says what a model needs)";
    }

    /** Runs a command and turns every throwable into its error line and exit code. */
    static int execute(String[] args, PrintStream err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        try {
            return run(args);
        } catch (Throwable t) {
            err.flush();
            System.out.flush();
            if (verbose) {
                t.printStackTrace(err);
            }
            Failure f = failure(t);
            err.println(f.line());
            return f.exitCode();
        }
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println(usage());
            throw new ConfigException("no command given: xnornet <command> [options]");
        }
        if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(usage());
            return ExitCode.OK;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "train-local":
                return TrainLocalCommand.run(rest);
            case "bench":
                return BenchCommand.run(rest);
            case "convert":
                return ConvertCommand.run(rest);
            case "train":
                return TrainCommand.run(rest);
            case "export":
                return ExportCommand.run(rest);
            case "predict":
                return PredictCommand.run(rest);
            case "score":
                return ScoreCommand.run(rest);
            case "retrain":
                return RetrainCommand.run(rest);
            case "registry":
                return RegistryCommand.run(rest);
            case "experiment":
                return ExperimentCommand.run(rest);
            default:
                throw new ConfigException("unknown command '" + args[0] + "'; commands: train, train-local, convert, "
                        + "bench, export, predict, score, retrain, registry, experiment (xnornet help describes them)");
        }
    }

    /** What a failed command ends with: its one error line and its exit code, decided together. */
    record Failure(String line, int exitCode) {
    }

    /**
     * The failure a throwable makes: an executor's lost memory on a cluster ({@link ExecutorOutOfMemory}), else the
     * most telling throwable's message, on one line, and its code.
     */
    static Failure failure(Throwable t) {
        String executor = ExecutorOutOfMemory.diagnose(t);
        Throwable cause = ours(t);
        int code = executor != null ? ExitCode.OUT_OF_MEMORY : exitCode(cause);
        String message = executor != null ? executor : message(cause, code);
        return new Failure("error: " + message.replace('\r', ' ').replace('\n', ' ').strip(), code);
    }

    /** The one line a failure ends with. */
    static String errorLine(Throwable t) {
        return failure(t).line();
    }

    /** The most telling throwable of a chain: the first of ours (Spark wraps executor failures), else the top. */
    static Throwable ours(Throwable t) {
        Throwable known = null;
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            boolean spark = c.getClass().getName().startsWith("org.apache.spark.");
            if (exitCode(c) != ExitCode.INTERNAL && !(c instanceof UncheckedIOException) && !spark) {
                return c;
            }
            known = known == null && exitCode(c) != ExitCode.INTERNAL ? c : known;
        }
        return known != null ? known : t;
    }

    static int exitCode(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return ExitCode.OUT_OF_MEMORY;
        }
        if (t instanceof LockHeldException) {
            return ExitCode.LOCK_HELD;
        }
        if (t instanceof RegistryException) {
            return ExitCode.DATA;
        }
        if (t instanceof RunFolderException || t instanceof OutputRefusedException) {
            return ExitCode.RUN_FOLDER;
        }
        if (t instanceof ImageDataException || t instanceof BadImageException || t instanceof CheckpointException
                || t instanceof ModelFormatException) {
            return ExitCode.DATA;
        }
        if (t instanceof IllegalArgumentException) {
            return ExitCode.USAGE;
        }
        if (t instanceof TrainingFailedException) {
            return ExitCode.TRAINING;
        }
        if (t instanceof IOException || t instanceof UncheckedIOException) {
            return ExitCode.IO;
        }
        if (t.getClass().getName().equals("org.apache.spark.SparkException")) {
            return ExitCode.TRAINING;
        }
        return ExitCode.INTERNAL;
    }

    private static String message(Throwable t, int code) {
        if (code == ExitCode.OUT_OF_MEMORY) {
            return outOfMemory(t, null);
        }
        String m = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            m = m + ": " + u.getCause().getMessage();
        } else if (code == ExitCode.IO) {
            m = "I/O error (" + t.getClass().getSimpleName() + "): " + m;
        }
        if (code == ExitCode.INTERNAL || t.getClass().getName().startsWith("org.apache")) {
            // foreign messages may carry a remote stack trace after their first line
            int nl = m.indexOf('\n');
            m = (code == ExitCode.INTERNAL ? "internal error, " : "") + t.getClass().getName() + ": "
                    + (nl < 0 ? m : m.substring(0, nl)).strip() + " (rerun with --verbose for the stack trace)";
        }
        return m;
    }

    static String usage() {
        return String.join("\n",
                "usage: xnornet <command> [options]   (xnornet <command> --help lists a command's options)",
                "  train         distributed training on Spark: " + TrainCommand.SUMMARY,
                "  train-local   train a model in this process (engine only): " + TrainLocalCommand.SUMMARY,
                "  bench         benchmarks: " + BenchCommand.SUMMARY,
                "  convert       image datasets to Parquet (a Spark job): " + ConvertCommand.SUMMARY,
                "  export        a checkpoint to a packed model (.xnb) and its size report: " + ExportCommand.SUMMARY,
                "  predict       top-k classes of images: " + PredictCommand.SUMMARY,
                "  score         predictions for a Parquet dataset (a Spark job): " + ScoreCommand.SUMMARY,
                "  retrain       scheduled retraining into a model registry: " + RetrainCommand.SUMMARY,
                "  registry      the registry's versions and history; promote, rollback: " + RegistryCommand.SUMMARY,
                "  experiment    a grid of scalings, architectures and seeds at one budget: " + ExperimentCommand.SUMMARY,
                "exit codes: 0 ok, 1 internal error, 2 bad command line or configuration, 3 bad input data (a "
                        + "dataset, image, checkpoint or model file), 4 output refused, 5 training failed, 6 a file "
                        + "could not be read or written, 7 out of memory; retrain: 10 not promoted, 11 nothing new, "
                        + "12 lock held");
    }
}
