package org.xnornet.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Small files published whole, the registry's one way of writing its pointer, lock and records: the bytes go to a
 * hidden temporary name beside the target, which then becomes the target in one step — {@link #create} only where
 * no file of that name exists (HDFS rename; a hard link on the local filesystem), {@link #replace} over an existing
 * one (HDFS rename with OVERWRITE; an atomic move on the local filesystem). A reader sees the old file or the new
 * one, never a part. Local files are written without Hadoop's {@code .crc} sidecars, which could not move with them
 * atomically. On filesystems without atomic rename (object stores) both are best effort, as docs/REGISTRY.md says.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** The filesystem the registry writes through: the raw local one for {@code file:}, else {@code fs}. */
    static FileSystem unwrap(FileSystem fs) {
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    }

    /** Publishes {@code bytes} as {@code target}; false (and nothing changed) when {@code target} already exists. */
    static boolean create(FileSystem fs, Path target, byte[] bytes) throws IOException {
        Path tmp = write(fs, target, bytes);
        try {
            if (fs instanceof RawLocalFileSystem raw) {
                try {
                    Files.createLink(raw.pathToFile(target).toPath(), raw.pathToFile(tmp).toPath());
                    return true;
                } catch (FileAlreadyExistsException e) {
                    return false;
                }
            }
            return fs.rename(tmp, target);
        } finally {
            fs.delete(tmp, false);
        }
    }

    /** Publishes {@code bytes} as {@code target}, replacing what it held. */
    static void replace(FileSystem fs, Path target, byte[] bytes) throws IOException {
        Path tmp = write(fs, target, bytes);
        try {
            if (fs instanceof RawLocalFileSystem raw) {
                Files.move(raw.pathToFile(tmp).toPath(), raw.pathToFile(target).toPath(),
                        StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else if ("hdfs".equals(fs.getScheme()) || "viewfs".equals(fs.getScheme())) {
                FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(tmp, target, Options.Rename.OVERWRITE);
            } else {
                if (fs.exists(target) && !fs.delete(target, false)) {
                    throw new IOException("cannot replace " + target);
                }
                if (!fs.rename(tmp, target)) {
                    throw new IOException("cannot rename " + tmp + " to " + target);
                }
            }
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, false);
            }
        }
    }

    private static Path write(FileSystem fs, Path target, byte[] bytes) throws IOException {
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream out = fs.create(tmp, false)) {
            out.write(bytes);
        } catch (IOException | RuntimeException e) {
            fs.delete(tmp, false);
            throw e;
        }
        return tmp;
    }
}
