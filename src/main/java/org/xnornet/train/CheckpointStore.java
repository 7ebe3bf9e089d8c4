package org.xnornet.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One run's checkpoints in a folder on any Hadoop filesystem: {@code ckpt-<iteration>.xnc} (with {@code .<k>} added
 * when that name is taken), each stamped with the run's id, written to a hidden temporary name and renamed into place
 * (so a reader never sees half a file), checksummed ({@link Checkpoint}). Retention deletes only this run's
 * checkpoints older than the one just written, beyond the newest {@code keep}; files of other runs and unreadable
 * files are reported once and left alone. {@link #newestValid} picks this run's newest checkpoint that reads intact.
 */
public final class CheckpointStore {
    private static final Logger LOG = Logger.getLogger(CheckpointStore.class.getName());
    private static final Pattern NAME = Pattern.compile("ckpt-\\d+(\\.\\d+)?\\.xnc");

    private final Path dir;
    private final Configuration conf;
    private final int keep;
    private final String runId;
    private final Set<Path> reported = new HashSet<>();

    public CheckpointStore(String dir, Configuration conf, int keep, String runId) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep-checkpoints must be ≥ 1, was " + keep);
        }
        this.dir = new Path(dir);
        this.conf = conf;
        this.keep = keep;
        this.runId = runId;
    }

    /** A checkpoint read back, and where from. */
    public record Loaded(Checkpoint checkpoint, String path) {
    }

    /** A checkpoint file as its header reads: {@code header} null and {@code problem} set when unreadable. */
    public record Entry(Path path, Checkpoint.Header header, String problem) {
        boolean ofRun(String id) {
            return header != null && header.runId().equals(id);
        }
    }

    public String runId() {
        return runId;
    }

    /** Writes {@code c}, stamped with this run's id, atomically; then deletes this run's older surplus; its path. */
    public String save(Checkpoint c) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        fs.mkdirs(dir);
        String base = String.format("ckpt-%09d", c.iteration());
        Path target = new Path(dir, base + ".xnc");
        for (int k = 1; fs.exists(target); k++) {
            target = new Path(dir, base + "." + k + ".xnc");
        }
        writeAtomically(fs, target, c.withRunId(runId));
        List<Entry> older = new ArrayList<>();
        for (Entry e : list()) {
            if (e.ofRun(runId) && e.header().iteration() < c.iteration()) {
                older.add(e);
            } else if (!e.path().equals(target) && !e.ofRun(runId)) {
                report(e);
            }
        }
        for (int i = 0; i + keep - 1 < older.size(); i++) {
            fs.delete(older.get(i).path(), false);
        }
        return target.toString();
    }

    /** The one checkpoint writer: {@code c} to a hidden temporary name beside {@code target}, renamed into place. */
    public static void writeAtomically(FileSystem fs, Path target, Checkpoint c) throws IOException {
        writeAtomically(fs, target, c::write);
    }

    /** What a file's bytes are written by. */
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * The one atomic file writer (checkpoints, exported models): {@code body} to a hidden temporary name beside
     * {@code target}, renamed into place; a failure leaves the target as it was.
     */
    public static void writeAtomically(FileSystem fs, Path target, Body body) throws IOException {
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
            body.write(out);
        } catch (IOException | RuntimeException e) {
            fs.delete(tmp, false);
            throw e;
        }
        if (fs.exists(target) && !fs.delete(target, false)) {
            throw new IOException("cannot replace " + target);
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename " + tmp + " to " + target);
        }
    }

    /**
     * This run's newest checkpoint that reads back intact; empty when the folder holds no checkpoint file at all.
     * When files exist but none of this run reads intact, fails naming each file and why.
     */
    public Optional<Loaded> newestValid() throws IOException {
        List<Entry> all = list();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        FileSystem fs = dir.getFileSystem(conf);
        List<String> problems = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Entry e = all.get(i);
            if (!e.ofRun(runId)) {
                problems.add(e.path().getName() + ": " + why(e));
                continue;
            }
            try (InputStream in = fs.open(e.path())) {
                return Optional.of(new Loaded(Checkpoint.read(in, e.path().toString()), e.path().toString()));
            } catch (IOException ex) {
                problems.add(e.path().getName() + ": " + ex.getMessage());
            }
        }
        java.util.Collections.reverse(problems);
        throw new CheckpointException("no valid checkpoint of run " + runId + " in " + dir + ": "
                + String.join("; ", problems));
    }

    /** Every checkpoint file with its header, oldest first (by iteration, then name). */
    public List<Entry> list() throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        List<Entry> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            if (!s.isFile() || !NAME.matcher(s.getPath().getName()).matches()) {
                continue;
            }
            try (InputStream in = fs.open(s.getPath())) {
                out.add(new Entry(s.getPath(), Checkpoint.readHeader(in, s.getPath().toString()), null));
            } catch (IOException e) {
                out.add(new Entry(s.getPath(), null, e.getMessage()));
            }
        }
        out.sort(Comparator.comparingLong((Entry e) -> e.header() == null ? -1 : e.header().iteration())
                .thenComparing(e -> e.path().getName()));
        return out;
    }

    private void report(Entry e) {
        if (reported.add(e.path())) {
            LOG.warning("leaving " + e.path() + " alone: " + why(e));
        }
    }

    private static String why(Entry e) {
        if (e.header() == null) {
            return "unreadable (" + e.problem() + ")";
        }
        return e.header().runId().isEmpty() ? "written by an earlier version, belongs to no run"
                : "belongs to run " + e.header().runId();
    }
}
