package org.xnornet.data.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Synthetic images and encodings shared by the image tests. */
final class TestImages {
    private TestImages() {
    }

    /** A smooth image whose every pixel differs from its neighbours: channel c at (x, y) = (7x + 3y + 50c) mod 256. */
    static DecodedImage gradient(int width, int height, int channels) {
        byte[] px = new byte[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    px[(y * width + x) * channels + c] = (byte) (7 * x + 3 * y + 50 * c);
                }
            }
        }
        return new DecodedImage(width, height, channels, px);
    }

    /** A gradient that never wraps, so it survives JPEG compression closely: (x + 2y + 40c) mod 256 kept below 256. */
    static DecodedImage smooth(int width, int height, int channels) {
        byte[] px = new byte[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    px[(y * width + x) * channels + c] = (byte) Math.min(255, 20 + x + 2 * y + 40 * c);
                }
            }
        }
        return new DecodedImage(width, height, channels, px);
    }

    static DecodedImage solid(int width, int height, int... rgb) {
        byte[] px = new byte[width * height * rgb.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) rgb[i % rgb.length];
        }
        return new DecodedImage(width, height, rgb.length, px);
    }

    static byte[] write(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("no ImageIO writer for " + format + " and image type " + image.getType());
        }
        return out.toByteArray();
    }

    static double meanAbsDifference(DecodedImage a, DecodedImage b) {
        double sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            sum += Math.abs((a.pixels()[i] & 0xff) - (b.pixels()[i] & 0xff));
        }
        return sum / a.pixels().length;
    }
}
