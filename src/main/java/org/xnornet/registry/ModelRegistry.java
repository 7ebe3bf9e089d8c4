package org.xnornet.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model registry on any Hadoop filesystem (docs/REGISTRY.md):
 * <pre>
 * registry.properties          what this folder is (written once, when the registry is made)
 * CURRENT                      the served version's number, replaced in one step ({@link AtomicFiles#replace})
 * lock                         the run holding the registry ({@link RegistryLock})
 * versions/v000001/ ...        immutable: each is staged under versions/.staging-&lt;run&gt; and renamed into place
 * history/&lt;start&gt;-&lt;run&gt;.properties   one {@link RunRecord} per run and operator action
 * runs/&lt;run&gt;/                  the trainer's run folder of each retraining run (checkpoints, metrics)
 * </pre>
 * A version folder is complete once it has its name: everything is written before the rename. Readers trust only
 * {@code CURRENT} and complete version folders, so a run killed at any point leaves the served model as it was.
 */
public final class ModelRegistry {
    public static final String MODEL = "model.xnc";
    public static final String PACKED = "model.xnb";
    public static final String SETTINGS = "settings.properties";
    public static final String DESCRIPTION = "version.properties";
    public static final String METRICS = "metrics.properties";
    public static final String DATA_SNAPSHOT = "data.tsv";
    public static final String HOLDOUT_SNAPSHOT = "holdout.tsv";
    private static final String MARKER = "registry.properties";
    private static final String FORMAT = "xnornet-model-registry";

    private final FileSystem fs;
    private final Path root;

    private ModelRegistry(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /**
     * The registry at {@code location}; with {@code create}, an absent or empty folder becomes a new registry. A folder
     * that holds other files is refused, as is a registry of another format version.
     */
    public static ModelRegistry open(String location, Configuration conf, boolean create) throws IOException {
        Path given = new Path(location);
        FileSystem fs = AtomicFiles.unwrap(given.getFileSystem(conf));
        Path root = fs.makeQualified(given);
        Path marker = new Path(root, MARKER);
        if (fs.exists(marker)) {
            Properties p = readProperties(fs, marker);
            if (!FORMAT.equals(p.getProperty("format")) || !"1".equals(p.getProperty("format.version"))) {
                throw new RegistryException(marker + " describes format '" + p.getProperty("format") + "' version "
                        + p.getProperty("format.version") + "; this build reads " + FORMAT + " version 1");
            }
            return new ModelRegistry(fs, root);
        }
        if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
            throw new RegistryException(root + " is a file, not a model registry");
        }
        if (fs.exists(root) && fs.listStatus(root).length > 0) {
            throw new RegistryException(root + " holds files but no " + MARKER + ": not a model registry; give an "
                    + "empty or new folder");
        }
        if (!create) {
            throw new RegistryException(root + " is not a model registry (no " + MARKER + "); retrain makes one");
        }
        fs.mkdirs(root);
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("format.version", "1");
        AtomicFiles.create(fs, marker, bytes(p, "xnornet model registry (docs/REGISTRY.md)"));
        return new ModelRegistry(fs, root);
    }

    public FileSystem fs() {
        return fs;
    }

    public Path root() {
        return root;
    }

    /** Takes the registry's lock for {@code run} (see {@link RegistryLock}). */
    public RegistryLock lock(String run, int expirySeconds, Consumer<String> notes) throws IOException {
        return RegistryLock.acquire(fs, new Path(root, "lock"), run, expirySeconds, notes);
    }

    /** The served version, if any. */
    public Optional<Version> current() throws IOException {
        Path pointer = new Path(root, "CURRENT");
        if (!fs.exists(pointer)) {
            return Optional.empty();
        }
        String text = new String(readAll(pointer), StandardCharsets.UTF_8).strip();
        int n;
        try {
            n = Integer.parseInt(text.startsWith("version=") ? text.substring("version=".length()).strip() : text);
        } catch (NumberFormatException e) {
            throw new RegistryException(pointer + " holds '" + text + "'; expected version=<number>");
        }
        return Optional.of(version(n));
    }

    /** Version {@code n}, which must be complete. */
    public Version version(int n) throws IOException {
        Path dir = versionPath(n);
        Path description = new Path(dir, DESCRIPTION);
        if (!fs.exists(description)) {
            throw new RegistryException(root + " has no version " + n + " (no " + description + ")");
        }
        Version v = Version.of(readProperties(fs, description), dir.toString(), description.toString());
        if (v.number() != n) {
            throw new RegistryException(description + " says version " + v.number() + ", its folder is version " + n);
        }
        return v;
    }

    /** Every complete version, oldest first. */
    public List<Version> versions() throws IOException {
        List<Version> out = new ArrayList<>();
        Path dir = new Path(root, "versions");
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (s.isDirectory() && name.matches("v\\d{6,}")) {
                out.add(version(Integer.parseInt(name.substring(1))));
            }
        }
        out.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return out;
    }

    /** The number the next published version gets. */
    public int nextNumber() throws IOException {
        List<Version> all = versions();
        return all.isEmpty() ? 1 : all.get(all.size() - 1).number() + 1;
    }

    public Path versionPath(int n) {
        return new Path(new Path(root, "versions"), Version.folderName(n));
    }

    /** A fresh staging folder for run {@code run}'s version. */
    public Path staging(String run) throws IOException {
        Path dir = new Path(new Path(root, "versions"), ".staging-" + run);
        if (fs.exists(dir)) {
            fs.delete(dir, true);
        }
        fs.mkdirs(dir);
        return dir;
    }

    /** Writes {@code bytes} into a staging folder. */
    public void stage(Path staging, String name, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(new Path(staging, name), false)) {
            out.write(bytes);
        }
    }

    /**
     * Publishes a staging folder as version {@code v}: its description is written last, then the folder is renamed to
     * the version's name (refused if that name exists).
     */
    public Version publish(Path staging, Version v) throws IOException {
        stage(staging, DESCRIPTION, bytes(v.toProperties(), "xnornet registry version: do not edit"));
        Path target = versionPath(v.number());
        if (fs.exists(target) || !fs.rename(staging, target)) {
            throw new RegistryException("could not publish version " + v.number() + " as " + target
                    + (fs.exists(target) ? ": it exists already" : ""));
        }
        return version(v.number());
    }

    /** Makes version {@code n} the served one, in one step. */
    public void setCurrent(int n) throws IOException {
        version(n);
        AtomicFiles.replace(fs, new Path(root, "CURRENT"), ("version=" + n + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes (or replaces) a history record. */
    public void record(RunRecord r) throws IOException {
        Path dir = new Path(root, "history");
        fs.mkdirs(dir);
        AtomicFiles.replace(fs, new Path(dir, r.fileName()), bytes(r.toProperties(), "xnornet registry history"));
    }

    /** Every history record, oldest first. */
    public List<RunRecord> history() throws IOException {
        List<RunRecord> out = new ArrayList<>();
        Path dir = new Path(root, "history");
        if (!fs.exists(dir)) {
            return out;
        }
        List<FileStatus> files = new ArrayList<>(List.of(fs.listStatus(dir)));
        files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        for (FileStatus s : files) {
            String name = s.getPath().getName();
            if (s.isFile() && name.endsWith(".properties") && !name.startsWith(".")) {
                out.add(RunRecord.of(readProperties(fs, s.getPath()), s.getPath().toString()));
            }
        }
        return out;
    }

    /** The trainer's run folder for run {@code run}. */
    public Path runFolder(String run) {
        return new Path(new Path(root, "runs"), run);
    }

    /** A file of a version folder. */
    public byte[] read(Version v, String name) throws IOException {
        return readAll(new Path(v.path(), name));
    }

    /** The data snapshot (or, with {@code holdout}, the holdout snapshot) a version was made with. */
    public DataSnapshot snapshot(Version v, boolean holdout) throws IOException {
        String name = holdout ? HOLDOUT_SNAPSHOT : DATA_SNAPSHOT;
        return DataSnapshot.parse(new String(read(v, name), StandardCharsets.UTF_8), v.path() + "/" + name);
    }

    private byte[] readAll(Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    static Properties readProperties(FileSystem fs, Path p) throws IOException {
        Properties out = new Properties();
        try (InputStream in = fs.open(p)) {
            out.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Properties as UTF-8 text. */
    public static byte[] bytes(Properties p, String comment) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            java.io.Writer w = new java.io.OutputStreamWriter(b, StandardCharsets.UTF_8);
            p.store(w, comment);
            w.flush();
            return b.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
