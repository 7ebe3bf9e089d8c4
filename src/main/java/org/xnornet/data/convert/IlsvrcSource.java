package org.xnornet.data.convert;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.xnornet.data.parquet.ClassList;
import org.xnornet.data.parquet.ImageDataException;

/**
 * Lists an ILSVRC2012 tree (any Hadoop filesystem): {@code train/<wnid>/*} gives the classes, labelled in sorted
 * WordNet-id order (0 = n01440764) as every framework does; {@code val/} is labelled by Kaggle's
 * {@code LOC_val_solution.csv}, or by the devkit's {@code ILSVRC2012_validation_ground_truth.txt} together with the
 * devkit's synset order (one WordNet id per line, line i = ILSVRC2012_ID i), or by {@code val/<wnid>/} folders.
 */
public final class IlsvrcSource {
    public static final String LOC_CSV = "LOC_val_solution.csv";
    public static final String DEVKIT_TRUTH = "ILSVRC2012_validation_ground_truth.txt";

    private final ClassList classes;
    private final List<SourceImage> train;
    private final List<SourceImage> val;

    private IlsvrcSource(ClassList classes, List<SourceImage> train, List<SourceImage> val) {
        this.classes = classes;
        this.train = train;
        this.val = val;
    }

    /**
     * Lists {@code root}. {@code valLabels} (null: look for either label file in the root) is a LOC csv or a
     * devkit ground-truth file; the latter needs {@code valSynsets}.
     */
    public static IlsvrcSource list(FileSystem fs, Path root, Path valLabels, Path valSynsets) throws IOException {
        Path trainDir = new Path(root, "train");
        if (!fs.isDirectory(trainDir)) {
            throw new ImageDataException(root + " has no train/ folder (expected train/<wnid>/*.JPEG)");
        }
        List<String> wnids = new ArrayList<>();
        for (FileStatus s : fs.listStatus(trainDir)) {
            if (s.isDirectory()) {
                wnids.add(s.getPath().getName());
            }
        }
        wnids.sort(null);
        if (wnids.isEmpty()) {
            throw new ImageDataException(trainDir + " has no class folders (expected train/<wnid>/)");
        }
        ClassList classes = new ClassList(wnids);
        List<SourceImage> train = new ArrayList<>();
        for (int label = 0; label < wnids.size(); label++) {
            listFiles(fs, new Path(trainDir, wnids.get(label)), "train/" + wnids.get(label) + "/", label,
                    wnids.get(label), train);
        }
        Path valDir = new Path(root, "val");
        List<SourceImage> val = fs.isDirectory(valDir) ? listVal(fs, root, valDir, classes, valLabels, valSynsets)
                : List.of();
        return new IlsvrcSource(classes, train, val);
    }

    private static void listFiles(FileSystem fs, Path dir, String prefix, int label, String wnid, List<SourceImage> out)
            throws IOException {
        List<FileStatus> files = new ArrayList<>(List.of(fs.listStatus(dir)));
        files.sort(null);
        for (FileStatus f : files) {
            if (f.isFile() && !f.getPath().getName().startsWith(".")) {
                out.add(new SourceImage(f.getPath().toString(), prefix + f.getPath().getName(), label, wnid, f.getLen()));
            }
        }
    }

    private static List<SourceImage> listVal(FileSystem fs, Path root, Path valDir, ClassList classes, Path labels,
            Path synsets) throws IOException {
        List<SourceImage> out = new ArrayList<>();
        List<FileStatus> entries = new ArrayList<>(List.of(fs.listStatus(valDir)));
        entries.sort(null);
        if (entries.stream().anyMatch(FileStatus::isDirectory)) {
            for (FileStatus d : entries) {
                if (d.isDirectory()) {
                    String wnid = d.getPath().getName();
                    int label = classes.labelOf(wnid);
                    if (label < 0) {
                        throw new ImageDataException(d.getPath() + ": folder '" + wnid + "' is not a class of train/");
                    }
                    listFiles(fs, d.getPath(), "val/" + wnid + "/", label, wnid, out);
                }
            }
            return out;
        }
        Path labelFile = labels != null ? labels : findLabelFile(fs, root);
        Map<String, String> wnidOf = labelFile.getName().endsWith(".csv") ? readLocCsv(fs, labelFile, classes)
                : readDevkit(fs, labelFile, synsets, classes);
        for (FileStatus f : entries) {
            String name = f.getPath().getName();
            if (!f.isFile() || name.startsWith(".")) {
                continue;
            }
            String wnid = wnidOf.get(stem(name));
            if (wnid == null) {
                throw new ImageDataException(f.getPath() + " has no label in " + labelFile);
            }
            out.add(new SourceImage(f.getPath().toString(), "val/" + name, classes.labelOf(wnid), wnid, f.getLen()));
        }
        return out;
    }

    private static Path findLabelFile(FileSystem fs, Path root) throws IOException {
        for (String name : new String[] {LOC_CSV, DEVKIT_TRUTH}) {
            if (fs.isFile(new Path(root, name))) {
                return new Path(root, name);
            }
        }
        throw new ImageDataException(root + "/val holds images but no labels: give --val-labels (" + LOC_CSV + " or "
                + DEVKIT_TRUTH + " with --val-synsets), or put one of them in " + root);
    }

    /** {@code ImageId,PredictionString} rows; the first token of the prediction string is the WordNet id. */
    static Map<String, String> readLocCsv(FileSystem fs, Path file, ClassList classes) throws IOException {
        List<String> lines = readLines(fs, file);
        if (lines.isEmpty() || !lines.get(0).trim().startsWith("ImageId,PredictionString")) {
            throw new ImageDataException(file + " line 1: expected the header 'ImageId,PredictionString'");
        }
        Map<String, String> out = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            int comma = line.indexOf(',');
            String wnid = comma < 0 ? "" : line.substring(comma + 1).trim().split("\\s+")[0];
            if (comma <= 0 || classes.labelOf(wnid) < 0) {
                throw new ImageDataException(file + " line " + (i + 1) + ": expected '<image id>,<wnid> ...' with a "
                        + "WordNet id of train/, was '" + line + "'");
            }
            out.put(line.substring(0, comma).trim(), wnid);
        }
        return out;
    }

    /** Line i holds the ILSVRC2012_ID (1-based, devkit synset order) of ILSVRC2012_val_{i:08d}. */
    static Map<String, String> readDevkit(FileSystem fs, Path file, Path synsets, ClassList classes)
            throws IOException {
        if (synsets == null) {
            throw new ImageDataException(file + " numbers classes in the devkit's synset order: give that order with "
                    + "--val-synsets (one WordNet id per line, line i = ILSVRC2012_ID i; see docs/DATA.md)");
        }
        List<String> order = readLines(fs, synsets).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (int i = 0; i < order.size(); i++) {
            if (classes.labelOf(order.get(i).split("\\s+")[0]) < 0) {
                throw new ImageDataException(synsets + " line " + (i + 1) + ": '" + order.get(i)
                        + "' is not a WordNet id of train/");
            }
        }
        List<String> lines = readLines(fs, file);
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            int id;
            try {
                id = Integer.parseInt(line);
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id < 1 || id > order.size()) {
                throw new ImageDataException(file + " line " + (i + 1) + ": expected an ILSVRC2012_ID in 1.."
                        + order.size() + ", was '" + line + "'");
            }
            out.put(String.format("ILSVRC2012_val_%08d", i + 1), order.get(id - 1).split("\\s+")[0]);
        }
        return out;
    }

    private static List<String> readLines(FileSystem fs, Path file) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    public ClassList classes() {
        return classes;
    }

    public List<SourceImage> train() {
        return train;
    }

    public List<SourceImage> val() {
        return val;
    }
}
