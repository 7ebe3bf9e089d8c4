package org.xnornet.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.xnornet.config.CommonKeys;
import org.xnornet.config.Settings;

/**
 * A training run's {@code out} folder on any Hadoop filesystem. {@code run.properties} records which run it holds
 * (id, command, start time and every key that defines the run, the model spec among them); beside it live
 * {@code checkpoints/}, {@code metrics.jsonl} ({@code metrics-from-<iteration>.jsonl} for each resumed sitting) and
 * {@code model.xnc}. Opening refuses, changing nothing, a folder that holds another run (unless {@code overwrite}),
 * a run whose keys differ from the resumed one's, a folder of files that are not a run, and a file; nothing is
 * written until {@link #claim()}.
 */
public final class RunFolder {
    public static final String RUN_FILE = "run.properties";
    public static final String MODEL_PATH = "model.xnc";
    private static final String ID = "run.id";
    private static final String COMMAND = "run.command";
    private static final String STARTED = "run.started";

    private final FileSystem fs;
    private final Path dir;
    private final String runId;
    private final CheckpointStore checkpoints;
    private final CheckpointStore.Loaded resumeFrom;
    /** The run file to write when the run starts (null when resuming), and the earlier run it replaces (or null). */
    private String pendingRunFile;
    private String replacedRun;

    private RunFolder(FileSystem fs, Path dir, String runId, int keep, Configuration conf, boolean resume)
            throws IOException {
        this.fs = fs;
        this.dir = dir;
        this.runId = runId;
        this.checkpoints = new CheckpointStore(new Path(dir, "checkpoints").toString(), conf, keep, runId);
        try {
            this.resumeFrom = resume ? checkpoints.newestValid().orElse(null) : null;
        } catch (CheckpointException e) {
            throw new RunFolderException("cannot resume: " + e.getMessage());
        }
    }

    /**
     * Opens {@code settings}' out folder for a run of {@code command}: a new run in a missing or empty folder (or,
     * with overwrite, in place of an earlier run), or with resume the run already there. {@code notes} hears what
     * was decided (fresh start, resumed checkpoint, replaced run).
     */
    public static RunFolder open(Settings settings, String command, Configuration conf, Consumer<String> notes)
            throws IOException {
        Path dir = new Path(settings.get(CommonKeys.OUT));
        FileSystem fs = dir.getFileSystem(conf);
        boolean resume = settings.get(TrainKeys.RESUME);
        boolean overwrite = settings.get(CommonKeys.OVERWRITE);
        int keep = settings.get(TrainKeys.KEEP_CHECKPOINTS);
        String where = "--out " + dir + " (" + settings.source(CommonKeys.OUT) + ")";
        if (resume && overwrite) {
            throw new RunFolderException("resume and overwrite exclude each other: " + where + " is either continued "
                    + "or replaced");
        }
        if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
            throw new RunFolderException(where + " is a file; expected a folder for the run");
        }
        Path runFile = new Path(dir, RUN_FILE);
        List<String> entries = fs.exists(dir) ? names(fs.listStatus(dir)) : List.of();
        if (!fs.exists(runFile)) {
            if (!entries.isEmpty()) {
                throw new RunFolderException(where + " is not empty and holds no xnornet run (no " + RUN_FILE
                        + "; found " + preview(entries) + "); choose a new or empty folder");
            }
            if (resume) {
                notes.accept("resume: " + dir + " holds no run yet; starting from the beginning");
            }
            return create(fs, dir, settings, command, keep, conf);
        }
        Properties recorded = read(fs, runFile);
        String described = describe(recorded, dir);
        if (resume) {
            List<String> differences = differences(recorded, settings, command);
            if (!differences.isEmpty()) {
                throw new RunFolderException("cannot resume " + described + ": " + String.join("; ", differences)
                        + " (resume with the run's own keys, or start a new run elsewhere)");
            }
            RunFolder folder = new RunFolder(fs, dir, recorded.getProperty(ID), keep, conf, true);
            notes.accept(folder.resumeFrom == null ? "resume: " + described + " has no checkpoint yet; starting from "
                    + "the beginning" : "resuming " + described + " from " + folder.resumeFrom.path() + " (iteration "
                    + folder.resumeFrom.checkpoint().iteration() + ")");
            return folder;
        }
        if (!overwrite) {
            throw new RunFolderException(where + " already holds " + described + "; pass --resume to continue it or "
                    + "--overwrite to replace it");
        }
        RunFolder folder = create(fs, dir, settings, command, keep, conf);
        folder.replacedRun = recorded.getProperty(ID);
        notes.accept("overwrite: " + described + " will be replaced when training starts");
        return folder;
    }

    /**
     * Takes the folder for this run, just before its first iteration: a new run writes its run file (after removing
     * the run it replaces); a resumed run changes nothing. Checks and this step are apart so that a run that fails
     * before training (a bad dataset, say) leaves the folder as it was.
     */
    public void claim() throws IOException {
        if (pendingRunFile == null) {
            return;
        }
        if (replacedRun != null) {
            removeRun(fs, dir, replacedRun, checkpoints);
        } else if (fs.exists(new Path(dir, RUN_FILE))) {
            throw new RunFolderException("--out " + dir + " was taken by another run while this one started: "
                    + describe(read(fs, new Path(dir, RUN_FILE)), dir));
        }
        fs.mkdirs(dir);
        try (OutputStream out = fs.create(new Path(dir, RUN_FILE), false)) {
            out.write(pendingRunFile.getBytes(StandardCharsets.ISO_8859_1));
        }
        pendingRunFile = null;
    }

    /** What a run folder's run file records: which run, by which command, and its keys. */
    public record Recorded(String file, String runId, String command, Map<String, String> keys) {
    }

    /**
     * The run file of the run a model file belongs to: {@code run.properties} beside it (model.xnc) or beside its
     * {@code checkpoints/} folder (a checkpoint); empty when there is none.
     */
    public static Optional<Recorded> recordedFor(String modelFile, Configuration conf) throws IOException {
        Path model = new Path(modelFile);
        FileSystem fs = model.getFileSystem(conf);
        Path dir = model.getParent();
        Path runFile = dir == null ? null : new Path(dir, RUN_FILE);
        if (runFile != null && !fs.exists(runFile) && dir.getName().equals("checkpoints") && dir.getParent() != null) {
            runFile = new Path(dir.getParent(), RUN_FILE);
        }
        if (runFile == null || !fs.exists(runFile)) {
            return Optional.empty();
        }
        Properties p = read(fs, runFile);
        Map<String, String> keys = new java.util.TreeMap<>();
        p.stringPropertyNames().stream().filter(k -> !k.startsWith("run.")).forEach(k -> keys.put(k, p.getProperty(k)));
        return Optional.of(new Recorded(runFile.toString(), p.getProperty(ID), p.getProperty(COMMAND), keys));
    }

    public String runId() {
        return runId;
    }

    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /** The checkpoint a resumed run continues from (empty for a run that starts at iteration 0). */
    public Optional<CheckpointStore.Loaded> resumeFrom() {
        return Optional.ofNullable(resumeFrom);
    }

    /** A new metrics file for a sitting that starts at {@code fromIteration}; never replaces an existing one. */
    public OutputStream newMetricsFile(long fromIteration) throws IOException {
        String base = fromIteration == 0 ? "metrics" : "metrics-from-" + fromIteration;
        Path p = new Path(dir, base + ".jsonl");
        for (int k = 1; fs.exists(p); k++) {
            p = new Path(dir, base + "." + k + ".jsonl");
        }
        return fs.create(p, false);
    }

    /** Writes the final model ({@code model.xnc}, a checkpoint of this run) through the checkpoint writer. */
    public String writeModel(Checkpoint c) throws IOException {
        Path target = new Path(dir, MODEL_PATH);
        CheckpointStore.writeAtomically(fs, target, c.withRunId(runId));
        return target.toString();
    }

    public String path() {
        return dir.toString();
    }

    /**
     * The keys a run recorded in {@code folder}'s run.properties (the model spec, image size, mean, std…), without
     * the run's own id, command and start time; empty if the folder holds no run file.
     */
    public static Optional<Map<String, String>> recordedKeys(String folder, Configuration conf) throws IOException {
        Path runFile = new Path(folder, RUN_FILE);
        FileSystem fs = runFile.getFileSystem(conf);
        if (!fs.exists(runFile)) {
            return Optional.empty();
        }
        Properties p = read(fs, runFile);
        Map<String, String> out = new java.util.TreeMap<>();
        p.stringPropertyNames().stream().filter(k -> !k.startsWith("run.")).forEach(k -> out.put(k, p.getProperty(k)));
        return Optional.of(out);
    }

    private static RunFolder create(FileSystem fs, Path dir, Settings settings, String command, int keep,
            Configuration conf) throws IOException {
        String id = UUID.randomUUID().toString();
        StringBuilder text = new StringBuilder("# xnornet run folder: which run this is. --resume checks these keys; "
                + "--overwrite replaces the run.\n");
        text.append(ID).append('=').append(id).append('\n');
        text.append(COMMAND).append('=').append(command).append('\n');
        text.append(STARTED).append('=').append(Instant.now()).append('\n');
        Properties keys = new Properties();
        settings.runDefining().forEach(keys::setProperty);
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        keys.store(escaped, null);
        escaped.toString(StandardCharsets.ISO_8859_1).lines().filter(l -> !l.startsWith("#"))
                .sorted().forEach(l -> text.append(l).append('\n'));
        RunFolder folder = new RunFolder(fs, dir, id, keep, conf, false);
        folder.pendingRunFile = text.toString();
        return folder;
    }

    private static Properties read(FileSystem fs, Path runFile) throws IOException {
        Properties p = new Properties();
        try (InputStream in = fs.open(runFile)) {
            p.load(in);
        } catch (IllegalArgumentException e) {
            throw new RunFolderException(runFile + " is unreadable (" + e.getMessage() + "); it is not a run file "
                    + "of ours");
        }
        if (p.getProperty(ID, "").isEmpty() || p.getProperty(COMMAND, "").isEmpty()) {
            throw new RunFolderException(runFile + " names no run (" + ID + " or " + COMMAND + " missing); it is not "
                    + "a run file of ours, or it was cut short");
        }
        return p;
    }

    private static String describe(Properties run, Path dir) {
        return "run " + run.getProperty(ID) + " (" + run.getProperty(COMMAND) + ", model "
                + run.getProperty(TrainKeys.MODEL.name(), "?") + ", started " + run.getProperty(STARTED, "?")
                + ") in " + dir;
    }

    /** Every key of the run that this sitting sets otherwise, with both values. */
    private static List<String> differences(Properties recorded, Settings settings, String command) {
        List<String> out = new ArrayList<>();
        if (!recorded.getProperty(COMMAND).equals(command)) {
            out.add("it was started by " + recorded.getProperty(COMMAND) + ", not " + command);
        }
        for (Map.Entry<String, String> e : settings.runDefining().entrySet()) {
            String before = recorded.getProperty(e.getKey());
            if (before == null) {
                out.add("key '" + e.getKey() + "' is not recorded by the run");
            } else if (!before.equals(e.getValue())) {
                out.add("key '" + e.getKey() + "' was '" + before + "', now '" + e.getValue() + "' ("
                        + settings.source(e.getKey()) + ")");
            }
        }
        return out;
    }

    /** Deletes an earlier run's files: its run file, metrics, model and its own checkpoints; nothing else. */
    private static void removeRun(FileSystem fs, Path dir, String id, CheckpointStore store) throws IOException {
        for (CheckpointStore.Entry e : store.list()) {
            if (e.header() != null && e.header().runId().equals(id)) {
                fs.delete(e.path(), false);
            }
        }
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (s.isFile() && (n.equals(MODEL_PATH) || n.startsWith("metrics") && n.endsWith(".jsonl"))) {
                fs.delete(s.getPath(), false);
            }
        }
        fs.delete(new Path(dir, RUN_FILE), false);
    }

    private static List<String> names(FileStatus[] statuses) {
        List<String> out = new ArrayList<>();
        for (FileStatus s : statuses) {
            out.add(s.getPath().getName() + (s.isDirectory() ? "/" : ""));
        }
        java.util.Collections.sort(out);
        return out;
    }

    private static String preview(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names) : String.join(", ", names.subList(0, 5)) + " and "
                + (names.size() - 5) + " more";
    }
}
