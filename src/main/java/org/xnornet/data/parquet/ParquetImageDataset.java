package org.xnornet.data.parquet;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One split of a Parquet image dataset on any Hadoop filesystem: its files (footers read and checked at open,
 * so schema faults fail before any work starts), row groups and classes. Accepts our layout (a root with
 * {@code manifest.json} and a folder per split) and the Hugging Face imagenet-1k layout as downloaded
 * ({@code data/train-*.parquet}, {@code data/validation-*.parquet}); see docs/DATA.md.
 */
public final class ParquetImageDataset implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String location;
    private final String split;
    private final List<ParquetImageFile> files;
    private final ClassList classes;
    private final DatasetManifest manifest;

    private ParquetImageDataset(String location, String split, List<ParquetImageFile> files, ClassList classes,
            DatasetManifest manifest) {
        this.location = location;
        this.split = split;
        this.files = List.copyOf(files);
        this.classes = classes;
        this.manifest = manifest;
    }

    /**
     * Opens split {@code split} ("train", "val") of the dataset at {@code location}. {@code classes} &gt; 0 gives
     * the class count for files without a manifest; 0 takes it from the manifest or the label statistics.
     */
    public static ParquetImageDataset open(String location, String split, int classes, Configuration conf) {
        try {
            Path root = new Path(location);
            FileSystem fs = root.getFileSystem(conf);
            Path manifestPath = new Path(root, DatasetManifest.FILE_NAME);
            DatasetManifest manifest = fs.exists(manifestPath) ? DatasetManifest.read(fs, manifestPath) : null;
            List<Path> paths = resolve(fs, root, split, manifest);
            List<ParquetImageFile> files = new ArrayList<>();
            for (Path p : paths) {
                files.add(ParquetImageFile.open(p.toString(), conf));
            }
            ClassList classList = classes(location, split, files, manifest, classes);
            return new ParquetImageDataset(location, split, files, classList, manifest);
        } catch (IOException e) {
            throw new ImageDataException(location + ": could not list split '" + split + "': " + e.getMessage(), e);
        }
    }

    private static List<Path> resolve(FileSystem fs, Path root, String split, DatasetManifest manifest)
            throws IOException {
        Path dir = new Path(root, split);
        if (manifest != null) {
            if (!manifest.splits().containsKey(split) || !fs.isDirectory(dir)) {
                throw new ImageDataException(root + " has no split '" + split + "' (its manifest lists "
                        + manifest.splits().keySet() + ")");
            }
            return parquetFiles(fs, dir, null);
        }
        if (fs.isDirectory(dir)) {
            return parquetFiles(fs, dir, null);
        }
        if (fs.isDirectory(root)) {
            String prefix = split.equals("val") ? "validation-" : split + "-";
            List<Path> out = parquetFiles(fs, root, prefix);
            Path data = new Path(root, "data");
            if (out.isEmpty() && fs.isDirectory(data)) {
                out = parquetFiles(fs, data, prefix);
            }
            if (out.isEmpty()) {
                throw new ImageDataException(root + " has no manifest.json, no folder '" + split
                        + "' and no files " + prefix + "*.parquet (in it or its data/ folder)");
            }
            return out;
        }
        FileStatus[] matches = fs.globStatus(root);
        if (matches == null || matches.length == 0) {
            throw new ImageDataException(root + " does not exist");
        }
        List<Path> out = new ArrayList<>();
        for (FileStatus s : matches) {
            out.add(s.getPath());
        }
        out.sort(null);
        return out;
    }

    /**
     * The .parquet files of {@code dir} (named {@code prefix}* when given); a split folder's Hive-style partition
     * folders ({@code date=2026-12-01/}, nested too) are read as part of it, as new data arrives in them.
     */
    private static List<Path> parquetFiles(FileSystem fs, Path dir, String prefix) throws IOException {
        List<Path> out = new ArrayList<>();
        collect(fs, dir, prefix, out);
        out.sort(null);
        if (out.isEmpty() && prefix == null) {
            throw new ImageDataException(dir + " holds no .parquet files");
        }
        return out;
    }

    private static void collect(FileSystem fs, Path dir, String prefix, List<Path> out) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            if (s.isFile() && name.endsWith(".parquet") && (prefix == null || name.startsWith(prefix))) {
                out.add(s.getPath());
            } else if (s.isDirectory() && prefix == null && name.indexOf('=') > 0) {
                collect(fs, s.getPath(), null, out);
            }
        }
    }

    private static ClassList classes(String location, String split, List<ParquetImageFile> files,
            DatasetManifest manifest, int given) {
        ImageLayout layout = files.get(0).layout();
        for (ParquetImageFile f : files) {
            if (f.layout() != layout) {
                throw new ImageDataException(f.file() + " is in the " + f.layout() + " layout but "
                        + files.get(0).file() + " is in the " + layout + " layout; a split must use one");
            }
        }
        if (manifest != null) {
            ClassList list = manifest.classList();
            if (given > 0 && given != list.size()) {
                throw new ImageDataException(location + ": " + given + " classes were asked for but its manifest lists "
                        + list.size());
            }
            return list;
        }
        if (given > 0) {
            return ClassList.ofCount(given);
        }
        long max = files.stream().mapToLong(ParquetImageFile::maxLabel).max().orElse(-1);
        if (max == Long.MAX_VALUE || max < 0 || max >= Integer.MAX_VALUE) {
            throw new ImageDataException(location + " split '" + split + "' has no manifest and its footers hold no "
                    + "label statistics: give the number of classes (option classes)");
        }
        return ClassList.ofCount((int) max + 1);
    }

    public String location() {
        return location;
    }

    public String split() {
        return split;
    }

    public List<ParquetImageFile> files() {
        return files;
    }

    public ClassList classes() {
        return classes;
    }

    /** The manifest, or {@code null} for files that came without one (e.g. Hugging Face). */
    public DatasetManifest manifest() {
        return manifest;
    }

    public long rows() {
        return files.stream().mapToLong(ParquetImageFile::rows).sum();
    }

    /** Every row group, in file then row-group order. */
    public List<RowGroupRef> rowGroups() {
        List<RowGroupRef> out = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            for (int g = 0; g < files.get(f).rowGroups(); g++) {
                out.add(new RowGroupRef(f, g, files.get(f).rows(g)));
            }
        }
        return out;
    }

    /** Reads one row group, checking every row's label and class. */
    public List<ImageRecord> read(RowGroupRef ref, Configuration conf) {
        return files.get(ref.file()).readRowGroup(ref.rowGroup(), classes, conf);
    }

    @Override
    public String toString() {
        return location + " [" + split + ": " + files.size() + " files, " + rows() + " images, " + classes.size()
                + " classes" + (manifest == null ? ", " + files.get(0).layout() + " layout" : "") + "]";
    }

}
