package org.xnornet.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checkpoints in a folder on any Hadoop filesystem: {@code ckpt-<iteration>.xnc}, each written to a hidden
 * temporary name and renamed into place (so a reader never sees half a file), checksummed ({@link Checkpoint}),
 * the newest {@code keep} kept. {@link #newestValid} skips — and reports — corrupt or truncated ones.
 */
public final class CheckpointStore {
    private static final Logger LOG = Logger.getLogger(CheckpointStore.class.getName());
    private static final String PREFIX = "ckpt-";
    private static final String SUFFIX = ".xnc";

    private final Path dir;
    private final Configuration conf;
    private final int keep;

    public CheckpointStore(String dir, Configuration conf, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep-checkpoints must be ≥ 1, was " + keep);
        }
        this.dir = new Path(dir);
        this.conf = conf;
        this.keep = keep;
    }

    /** A checkpoint read back, and where from. */
    public record Loaded(Checkpoint checkpoint, String path) {
    }

    /** Writes {@code c} atomically and deletes all but the newest {@code keep}; returns its path. */
    public String save(Checkpoint c) throws IOException {
        String target = saveAs(c, String.format("%s%09d%s", PREFIX, c.iteration(), SUFFIX));
        FileSystem fs = dir.getFileSystem(conf);
        List<Path> all = list(fs);
        for (int i = 0; i + keep < all.size(); i++) {
            fs.delete(all.get(i), false);
        }
        return target;
    }

    /** Writes {@code c} atomically (temporary name, then rename) as {@code name} in the folder; returns its path. */
    public String saveAs(Checkpoint c, String name) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        fs.mkdirs(dir);
        Path tmp = new Path(dir, "." + name + ".tmp");
        Path target = new Path(dir, name);
        try (OutputStream out = fs.create(tmp, true)) {
            c.write(out);
        }
        fs.delete(target, false);
        if (!fs.rename(tmp, target)) {
            throw new IOException("could not rename " + tmp + " to " + target);
        }
        return target.toString();
    }

    /** The newest checkpoint that reads back intact; corrupt ones are logged with the reason and skipped. */
    public Optional<Loaded> newestValid() throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.exists(dir)) {
            return Optional.empty();
        }
        List<Path> all = list(fs);
        for (int i = all.size() - 1; i >= 0; i--) {
            Path p = all.get(i);
            try (InputStream in = fs.open(p)) {
                return Optional.of(new Loaded(Checkpoint.read(in, p.toString()), p.toString()));
            } catch (IOException e) {
                LOG.warning("skipping checkpoint " + p + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Checkpoint files, oldest first (names sort by iteration). */
    private List<Path> list(FileSystem fs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (s.isFile() && n.startsWith(PREFIX) && n.endsWith(SUFFIX)) {
                out.add(s.getPath());
            }
        }
        out.sort(null);
        return out;
    }
}
