package org.xnornet.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.xnornet.testing.fuzz.FuzzHarness;
import org.xnornet.testing.fuzz.FuzzTarget;

/** Mutated JPEGs (RGB, grey, progressive, Adobe CMYK and YCCK), PNGs, GIFs, BMPs and TIFFs decode or are rejected. */
class ImageDecoderFuzzTest {
    static final String SOURCE = "fuzz/x.JPEG";

    @Test
    void mutatedImagesDecodeOrAreRejected() throws IOException {
        FuzzTarget target = FuzzTarget.of("image-decode", seeds(), b -> ImageDecoder.decode(b, SOURCE),
                BadImageException.class).naming(SOURCE)
                .withTokens("\u00ff\u00d8\u00ff", "\u00ff\u00c0\u0000\u0011\u0008", "\u00ff\u00c2", "\u00ff\u00c4",
                        "\u00ff\u00da", "\u00ff\u00d9", "\u00ff\u00dd\u0000\u0004", "\u00ff\u00ee\u0000\u000eAdobe",
                        "IHDR", "IDAT", "PLTE", "tRNS", "IEND", "\u0089PNG\r\n\u001a\n");
        FuzzHarness.run(target, 3000).assertClean();
    }

    static List<byte[]> seeds() throws IOException {
        int[] ink = {10, 200, 40, 30};
        BufferedImage palette = new BufferedImage(6, 3, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(2, 3, new byte[] {(byte) 255, 0, 10}, new byte[] {0, (byte) 200, 20},
                        new byte[] {0, 0, 30}));
        palette.getRaster().setSample(1, 1, 0, 2);
        BufferedImage grey16 = new BufferedImage(5, 4, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(2, 1, 0, 40000);
        BufferedImage rgba = new BufferedImage(5, 4, BufferedImage.TYPE_4BYTE_ABGR);
        rgba.setRGB(1, 2, 0x80102030);
        BufferedImage rgb = ImageEncoder.toBufferedImage(TestImages.gradient(7, 5, 3));
        return List.of(
                ImageEncoder.jpeg(TestImages.smooth(16, 12, 3), 0.9f),
                ImageEncoder.jpeg(TestImages.smooth(9, 8, 1), 0.9f),
                progressiveJpeg(ImageEncoder.toBufferedImage(TestImages.smooth(16, 16, 3))),
                AdobeJpegs.solid(8, 8, ink, AdobeJpegs.CMYK, false),
                AdobeJpegs.halves(16, 16, ink, new int[] {0, 0, 0, 255}, AdobeJpegs.YCCK, true),
                ImageEncoder.png(TestImages.gradient(9, 7, 3)),
                ImageEncoder.png(TestImages.gradient(6, 5, 1)),
                TestImages.write(palette, "png"),
                TestImages.write(grey16, "png"),
                TestImages.write(rgba, "png"),
                TestImages.write(rgb, "gif"),
                TestImages.write(rgb, "bmp"),
                TestImages.write(rgb, "tiff"));
    }

    private static byte[] progressiveJpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
