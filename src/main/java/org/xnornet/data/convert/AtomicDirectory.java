package org.xnornet.data.convert;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.xnornet.data.parquet.ImageDataException;

/**
 * Writes a directory so that it is never seen half-made: everything goes into a hidden sibling
 * {@code .<name>.tmp-<uuid>} that is renamed into place at the end (a rename is atomic on HDFS and local
 * filesystems; on object stores readers rely on the manifest, which is written last).
 */
public final class AtomicDirectory {
    private final FileSystem fs;
    private final Path target;
    private final Path temp;
    private final boolean overwrite;

    private AtomicDirectory(FileSystem fs, Path target, Path temp, boolean overwrite) {
        this.fs = fs;
        this.target = target;
        this.temp = temp;
        this.overwrite = overwrite;
    }

    /** Starts writing {@code target}; refuses an existing target unless {@code overwrite}. */
    public static AtomicDirectory begin(FileSystem fs, Path target, boolean overwrite) throws IOException {
        if (fs.exists(target) && !overwrite) {
            throw new ImageDataException(target + " already exists; pass --overwrite to replace it");
        }
        Path temp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        if (!fs.mkdirs(temp)) {
            throw new IOException("could not create " + temp);
        }
        return new AtomicDirectory(fs, target, temp, overwrite);
    }

    /** Where to write until {@link #commit}. */
    public Path temp() {
        return temp;
    }

    /** Moves the finished directory into place (replacing an old one only if overwrite was given). */
    public void commit() throws IOException {
        Path old = null;
        if (fs.exists(target)) {
            if (!overwrite) {
                throw new ImageDataException(target + " appeared while it was being written; the new copy is left at "
                        + temp);
            }
            old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
            if (!fs.rename(target, old)) {
                throw new IOException("could not move the old " + target + " aside to " + old);
            }
        }
        if (!fs.rename(temp, target)) {
            throw new IOException("could not rename " + temp + " to " + target);
        }
        if (old != null) {
            fs.delete(old, true);
        }
    }

    /** Deletes the unfinished directory. */
    public void abort() {
        try {
            fs.delete(temp, true);
        } catch (IOException e) {
            // the temporary directory is hidden and never read; leaving it behind loses nothing
        }
    }
}
