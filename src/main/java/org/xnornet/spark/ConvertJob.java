package org.xnornet.spark;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.xnornet.data.IdxReader;
import org.xnornet.data.Shuffle;
import org.xnornet.data.convert.AtomicDirectory;
import org.xnornet.data.convert.IlsvrcSource;
import org.xnornet.data.convert.ImageConversion;
import org.xnornet.data.convert.SourceImage;
import org.xnornet.data.image.BadImageException;
import org.xnornet.data.image.DecodedImage;
import org.xnornet.data.image.ImageEncoder;
import org.xnornet.data.parquet.DatasetManifest;
import org.xnornet.data.parquet.HadoopConf;
import org.xnornet.data.parquet.ImageDataException;

/**
 * The {@code convert} jobs: ILSVRC2012 folders or IDX (MNIST/Fashion-MNIST) files into our Parquet layout.
 * The driver only lists sources and shuffles their order by seed; executors read, check (fully decode) and
 * optionally resize the images, and write one file per partition. The dataset appears atomically with its
 * manifest, or not at all.
 */
public final class ConvertJob {
    private static final Logger LOG = Logger.getLogger(ConvertJob.class.getName());
    /** Fashion-MNIST's class names in label order. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private ConvertJob() {
    }

    /** Converts an ILSVRC2012 tree; returns the manifest written. */
    public static DatasetManifest ilsvrc(SparkSession spark, ConvertOptions o) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path src = new Path(o.source());
        IlsvrcSource source = IlsvrcSource.list(src.getFileSystem(conf), src,
                o.valLabels() == null ? null : new Path(o.valLabels()),
                o.valSynsets() == null ? null : new Path(o.valSynsets()));
        Map<String, List<SourceImage>> splits = new LinkedHashMap<>();
        splits.put("train", shuffled(source.train(), o.seed(), o.trainLimit()));
        if (!source.val().isEmpty()) {
            splits.put("val", shuffled(source.val(), o.seed() + 1, o.valLimit()));
        }
        ImageConversion conversion = new ImageConversion(o.resize(), o.quality());
        HadoopConf wire = new HadoopConf(conf);
        return run(spark, o, source.classes().ids(), null, "ilsvrc", splits.keySet(), (split, bad) -> {
            List<SourceImage> items = splits.get(split);
            long bytes = items.stream().mapToLong(SourceImage::bytes).sum();
            JavaRDD<SourceImage> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(items, o.filesFor(bytes));
            return new Work(rdd.mapPartitions(it -> convertFiles(it, conversion, wire, bad)), items.size());
        });
    }

    private static Iterator<Row> convertFiles(Iterator<SourceImage> items, ImageConversion conversion, HadoopConf conf,
            CollectionAccumulator<String> bad) throws IOException {
        List<Row> out = new ArrayList<>();
        while (items.hasNext()) {
            SourceImage s = items.next();
            Path p = new Path(s.uri());
            byte[] bytes;
            try (InputStream in = p.getFileSystem(conf.get()).open(p)) {
                bytes = in.readAllBytes();
            }
            try {
                out.add(RowFactory.create(conversion.convert(bytes, s.path()), s.label(), s.classId(), s.path()));
            } catch (BadImageException e) {
                LOG.warning("skipping bad image " + s.uri() + ": " + e.reason());
                bad.add(SplitWriter.badEntry(s.path(), e.reason()));
            }
        }
        return out.iterator();
    }

    /**
     * Converts IDX files ({@code train-images-idx3-ubyte[.gz]} etc. in the source folder; {@code t10k} is the
     * val split) to PNG rows. Fashion-MNIST class names unless the folder name says mnist (digits).
     */
    public static DatasetManifest idx(SparkSession spark, ConvertOptions o) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path src = new Path(o.source());
        FileSystem fs = src.getFileSystem(conf);
        boolean digits = src.getName().toLowerCase(java.util.Locale.ROOT).matches(".*(^|[^a-z])mnist.*")
                && !src.getName().toLowerCase(java.util.Locale.ROOT).contains("fashion");
        List<String> names = digits ? List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9") : FASHION_MNIST_CLASSES;
        Map<String, String[]> files = new LinkedHashMap<>();
        files.put("train", new String[] {idxFile(fs, src, "train-images-idx3-ubyte"),
            idxFile(fs, src, "train-labels-idx1-ubyte")});
        files.put("val", new String[] {idxFile(fs, src, "t10k-images-idx3-ubyte"),
            idxFile(fs, src, "t10k-labels-idx1-ubyte")});
        HadoopConf wire = new HadoopConf(conf);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            ids.add(Integer.toString(i));
        }
        return run(spark, o, ids, names, digits ? "idx (mnist)" : "idx (fashion-mnist)", files.keySet(), (split, bad) -> {
            String[] f = files.get(split);
            int count;
            try (InputStream in = IdxReader.open(fs, f[1])) {
                count = IdxReader.readLabels(in, f[1]).length;
            }
            int[] order = Shuffle.permutation(count, split.equals("train") ? o.seed() : o.seed() + 1);
            int limit = split.equals("train") ? o.trainLimit() : o.valLimit();
            int n = limit > 0 ? Math.min(limit, count) : count;
            List<Integer> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                rows.add(order[i]);
            }
            int classes = names.size();
            JavaRDD<Integer> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(rows, o.filesFor(n * 400L));
            return new Work(rdd.mapPartitions(it -> convertIdx(it, f, classes, wire)), n);
        });
    }

    private static Iterator<Row> convertIdx(Iterator<Integer> rows, String[] files, int classes, HadoopConf conf)
            throws IOException {
        FileSystem fs = new Path(files[0]).getFileSystem(conf.get());
        int[] dims = new int[3];
        byte[] pixels;
        byte[] labels;
        try (InputStream in = IdxReader.open(fs, files[0])) {
            pixels = IdxReader.readImages(in, files[0], dims);
        }
        try (InputStream in = IdxReader.open(fs, files[1])) {
            labels = IdxReader.readLabels(in, files[1]);
        }
        if (labels.length != dims[0]) {
            throw new ImageDataException(files[1] + " has " + labels.length + " labels but " + files[0] + " has "
                    + dims[0] + " images");
        }
        int size = dims[1] * dims[2];
        String base = new Path(files[0]).getName();
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
            int r = rows.next();
            int label = labels[r] & 0xff;
            if (label >= classes) {
                throw new ImageDataException(files[1] + " row " + r + ": label " + label + " is outside 0.."
                        + (classes - 1));
            }
            byte[] img = java.util.Arrays.copyOfRange(pixels, r * size, (r + 1) * size);
            byte[] png = ImageEncoder.png(new DecodedImage(dims[2], dims[1], 1, img));
            out.add(RowFactory.create(png, label, Integer.toString(label), base + "#" + r));
        }
        return out.iterator();
    }

    private static String idxFile(FileSystem fs, Path dir, String name) {
        try {
            return IdxReader.find(fs, dir, name);
        } catch (IOException e) {
            throw new ImageDataException(e.getMessage(), e);
        }
    }

    /** One split's rows and how many sources they came from. */
    private record Work(JavaRDD<Row> rows, long sources) {
    }

    private interface SplitWork {
        Work plan(String split, CollectionAccumulator<String> bad) throws IOException;
    }

    private static DatasetManifest run(SparkSession spark, ConvertOptions o, List<String> classes,
            List<String> classNames, String kind, Iterable<String> splitNames, SplitWork work) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path out = new Path(o.out());
        AtomicDirectory dir = AtomicDirectory.begin(out.getFileSystem(conf), out, o.overwrite());
        try {
            Map<String, DatasetManifest.Split> splits = new LinkedHashMap<>();
            List<DatasetManifest.BadFile> bad = new ArrayList<>();
            long sources = 0;
            for (String split : splitNames) {
                CollectionAccumulator<String> acc = spark.sparkContext().collectionAccumulator("bad images " + split);
                spark.sparkContext().setJobDescription("convert " + kind + " " + split);
                Work w = work.plan(split, acc);
                splits.put(split, SplitWriter.write(spark, w.rows(), new Path(dir.temp(), split), o,
                        w.sources(), split, acc, bad));
                sources += w.sources();
            }
            if (bad.size() > o.maxBadFraction() * sources) {
                throw new ImageDataException(String.format(java.util.Locale.ROOT,
                        "%d of %d source images (%.3f%%) are undecodable, more than max-bad-fraction %.3f%%; nothing "
                                + "was written. First: %s", bad.size(), sources, 100.0 * bad.size() / sources,
                        100 * o.maxBadFraction(), bad.subList(0, Math.min(10, bad.size()))));
            }
            DatasetManifest manifest = new DatasetManifest(DatasetManifest.SCHEMA_VERSION, classes, classNames, splits,
                    "xnornet convert " + kind, Instant.now().toString(), o.describe(), bad);
            try (var os = out.getFileSystem(conf).create(new Path(dir.temp(), DatasetManifest.FILE_NAME))) {
                os.write(manifest.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            dir.commit();
            return manifest;
        } catch (IOException | RuntimeException e) {
            dir.abort();
            throw e;
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }

    static List<SourceImage> shuffled(List<SourceImage> items, long seed, int limit) {
        int[] order = Shuffle.permutation(items.size(), seed);
        int n = limit > 0 ? Math.min(limit, items.size()) : items.size();
        List<SourceImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(items.get(order[i]));
        }
        return out;
    }
}
