package org.xnornet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.xnornet.config.ConfigException;
import org.xnornet.config.KeyGroup;
import org.xnornet.config.Settings;
import org.xnornet.data.image.BadImageException;
import org.xnornet.data.image.DecodedImage;
import org.xnornet.data.image.ImageDecoder;
import org.xnornet.data.parquet.ImageDataException;
import org.xnornet.infer.ImageScorer;
import org.xnornet.infer.InferKeys;
import org.xnornet.infer.PackedModel;
import org.xnornet.infer.Prediction;
import org.xnornet.kernel.Parallel;
import org.xnornet.train.TrainKeys;

/**
 * {@code predict}: scores image files (JPEG, PNG, …; folders walked recursively, their images in sorted order) with
 * a packed model or a checkpoint, in batches, printing each image's path and top-k classes with their probabilities
 * (text, CSV or JSON lines on stdout; notes on stderr). An image that does not decode stops the command (exit 3)
 * unless {@code --skip-bad-images} counts and skips it.
 */
final class PredictCommand {
    static final String COMMAND = "predict";
    static final String SUMMARY = "--model-path <file.xnb | model.xnc> [--top-k 5] [--batch 32] [--format "
            + "text|csv|json] [--skip-bad-images] <image files or folders>...";
    static final List<KeyGroup> KEYS = keys();
    private static final Set<String> IMAGE_SUFFIXES = Set.of("jpg", "jpeg", "png", "bmp", "gif");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PredictCommand() {
    }

    private static List<KeyGroup> keys() {
        List<KeyGroup> k = new ArrayList<>(List.of(InferKeys.PREDICT, new KeyGroup("scoring",
                List.of(TrainKeys.BATCH)), TrainKeys.ENGINE, InferKeys.ENGINE));
        k.addAll(ModelFiles.SOURCE);
        return List.copyOf(k);
    }

    static int run(String[] args) throws IOException, BadImageException {
        CommandOptions.Parsed p = CommandOptions.parse(COMMAND, "Scores images with a packed model (.xnb) or a "
                + "checkpoint: top-k classes per image.", KEYS, "IMAGE...", args, Map.of());
        if (p.help()) {
            return ExitCode.OK;
        }
        Settings s = p.settings();
        if (p.positionals().isEmpty()) {
            throw new ConfigException("predict needs image files or folders after its options: " + SUMMARY);
        }
        if (s.get(TrainKeys.THREADS) > 0) {
            Parallel.setThreads(s.get(TrainKeys.THREADS));
        }
        InferKeys.apply(s);
        List<Path> files = images(p.positionals());
        PackedModel model = ModelFiles.load(s, System.err);
        ImageScorer scorer = new ImageScorer(model, s.get(InferKeys.TOP_K));
        String format = s.get(InferKeys.FORMAT);
        boolean skip = s.get(InferKeys.SKIP_BAD);
        int batch = s.get(TrainKeys.BATCH);
        PrintStream out = System.out;
        if (format.equals("csv")) {
            out.println("path,rank,label,class_id,class_name,probability");
        }
        long scored = 0;
        long skipped = 0;
        for (int from = 0; from < files.size(); from += batch) {
            List<DecodedImage> images = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            for (Path f : files.subList(from, Math.min(files.size(), from + batch))) {
                try {
                    images.add(ImageDecoder.decode(Files.readAllBytes(f), f.toString()));
                    sources.add(f.toString());
                } catch (BadImageException e) {
                    if (!skip) {
                        throw new BadImageException(e.source(), e.reason() + " (--skip-bad-images counts and skips "
                                + "such files)");
                    }
                    System.err.println("skipped " + e.getMessage());
                    skipped++;
                }
            }
            for (Prediction pr : scorer.score(images, sources)) {
                print(out, format, pr);
            }
            scored += images.size();
        }
        out.flush();
        System.err.println("predict: " + scored + " images scored" + (skip ? ", " + skipped + " skipped (undecodable)"
                : ""));
        return ExitCode.OK;
    }

    /** The files to score: files as given, folders walked recursively (their image files, in sorted order). */
    static List<Path> images(List<String> args) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String a : args) {
            Path p = Path.of(a);
            if (Files.isRegularFile(p)) {
                out.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    List<Path> all = walk.filter(Files::isRegularFile).sorted().toList();
                    List<Path> found = all.stream().filter(PredictCommand::isImage).toList();
                    if (found.size() < all.size()) {
                        int other = all.size() - found.size();
                        System.err.println("note: " + p + " holds " + other + (other == 1 ? " file" : " files")
                                + " not named as an image (." + String.join(", .", IMAGE_SUFFIXES.stream().sorted()
                                .toList()) + "), not scored");
                    }
                    out.addAll(found);
                }
            } else {
                throw new ImageDataException(a + " does not exist (predict takes image files and folders)");
            }
        }
        return out;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_SUFFIXES.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static void print(PrintStream out, String format, Prediction p) throws IOException {
        switch (format) {
            case "csv" -> {
                int rank = 1;
                for (Prediction.Ranked r : p.top()) {
                    out.println(csv(p.source()) + "," + rank++ + "," + r.label() + "," + csv(r.classId()) + ","
                            + csv(r.className() == null ? "" : r.className()) + ","
                            + String.format(Locale.ROOT, "%.6f", r.probability()));
                }
            }
            case "json" -> {
                ObjectNode o = JSON.createObjectNode().put("path", p.source());
                var top = o.putArray("top");
                for (Prediction.Ranked r : p.top()) {
                    ObjectNode e = top.addObject().put("label", r.label()).put("class_id", r.classId());
                    if (r.className() != null) {
                        e.put("class_name", r.className());
                    }
                    e.put("probability", r.probability());
                }
                out.println(JSON.writeValueAsString(o));
            }
            default -> {
                StringBuilder b = new StringBuilder(p.source()).append(':');
                for (Prediction.Ranked r : p.top()) {
                    b.append(String.format(Locale.ROOT, "  %s%s %.4f", r.classId(), r.className() == null ? ""
                            : " (" + r.className() + ")", r.probability()));
                }
                out.println(b);
            }
        }
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
