package org.xnornet.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xnornet.data.image.AdobeJpegs;
import org.xnornet.data.image.DecodedImage;
import org.xnornet.data.image.ImageEncoder;

/**
 * A small ILSVRC2012-style tree written by tests: three classes, train and val, both val label files, and the
 * known quirks — a CMYK JPEG, a grayscale JPEG, a PNG named .JPEG, a truncated JPEG and an empty file.
 */
final class IlsvrcTree {
    static final List<String> CLASSES = List.of("n01440764", "n01443537", "n01484850");
    /** The devkit numbers classes in its own order: ILSVRC2012_ID 1 is the third class here, and so on. */
    static final List<String> DEVKIT_ORDER = List.of("n01484850", "n01440764", "n01443537");
    static final String TRUNCATED = "train/n01440764/n01440764_truncated.JPEG";
    static final String EMPTY = "train/n01443537/n01443537_empty.JPEG";
    static final int TRAIN_SOURCES = 14;
    static final int TRAIN_GOOD = 12;
    /** Val image name → its class. */
    static final Map<String, String> VAL = new LinkedHashMap<>();

    static {
        String[] wnids = {"n01443537", "n01440764", "n01484850", "n01484850", "n01440764", "n01443537"};
        for (int i = 0; i < wnids.length; i++) {
            VAL.put(String.format("ILSVRC2012_val_%08d.JPEG", i + 1), wnids[i]);
        }
    }

    private IlsvrcTree() {
    }

    static Path write(Path root) throws IOException {
        for (int c = 0; c < CLASSES.size(); c++) {
            String wnid = CLASSES.get(c);
            Path dir = Files.createDirectories(root.resolve("train").resolve(wnid));
            for (int i = 1; i <= 3; i++) {
                Files.write(dir.resolve(wnid + "_" + i + ".JPEG"), ImageEncoder.jpeg(picture(96 + 8 * i, 64, 3, c * 10 + i),
                        0.9f));
            }
        }
        Files.write(root.resolve("train/n01440764/n01440764_cmyk.JPEG"),
                AdobeJpegs.solid(48, 40, new int[] {0, 255, 255, 0}, 0, false));
        byte[] whole = ImageEncoder.jpeg(picture(120, 80, 3, 99), 0.9f);
        Files.write(root.resolve(TRUNCATED), Arrays.copyOf(whole, whole.length / 2));
        Files.write(root.resolve("train/n01443537/n01443537_gray.JPEG"),
                ImageEncoder.jpeg(picture(80, 72, 1, 5), 0.9f));
        Files.write(root.resolve(EMPTY), new byte[0]);
        Files.write(root.resolve("train/n01484850/n01484850_png.JPEG"), ImageEncoder.png(picture(70, 90, 3, 7)));

        Path val = Files.createDirectories(root.resolve("val"));
        StringBuilder csv = new StringBuilder("ImageId,PredictionString\n");
        StringBuilder truth = new StringBuilder();
        int k = 0;
        for (Map.Entry<String, String> e : VAL.entrySet()) {
            Files.write(val.resolve(e.getKey()), ImageEncoder.jpeg(picture(100, 75, 3, 50 + k++), 0.9f));
            String id = e.getKey().substring(0, e.getKey().lastIndexOf('.'));
            csv.append(id).append(',').append(e.getValue()).append(" 10 10 50 50 ").append(e.getValue())
                    .append(" 1 2 3 4\n");
            truth.append(DEVKIT_ORDER.indexOf(e.getValue()) + 1).append('\n');
        }
        Files.writeString(root.resolve("LOC_val_solution.csv"), csv);
        Files.writeString(root.resolve("ILSVRC2012_validation_ground_truth.txt"), truth);
        Files.writeString(root.resolve("synsets_devkit_order.txt"), String.join("\n", DEVKIT_ORDER) + "\n");
        return root;
    }

    /** A smooth picture that differs by {@code seed}, so images are told apart. */
    static DecodedImage picture(int width, int height, int channels, int seed) {
        byte[] px = new byte[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int ch = 0; ch < channels; ch++) {
                    px[(y * width + x) * channels + ch] = (byte) ((x * (ch + 1) + y * 2 + seed * 37) & 0xff);
                }
            }
        }
        return new DecodedImage(width, height, channels, px);
    }
}
