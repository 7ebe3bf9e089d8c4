package org.xnornet.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes a {@link DecodedImage} as JPEG or PNG bytes, for writing resized datasets, synthetic test data
 * and benchmarks. Grey images stay single-channel files.
 */
public final class ImageEncoder {
    private ImageEncoder() {
    }

    /** Baseline JPEG (4:2:0 for RGB) at {@code quality} in (0, 1], e.g. 0.9. */
    public static byte[] jpeg(DecodedImage img, float quality) {
        if (!(quality > 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        return write(writer, toBufferedImage(img), param);
    }

    /** Lossless PNG. */
    public static byte[] png(DecodedImage img) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        return write(writer, toBufferedImage(img), writer.getDefaultWriteParam());
    }

    static BufferedImage toBufferedImage(DecodedImage img) {
        int w = img.width();
        int h = img.height();
        if (img.channels() == 1) {
            BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
            System.arraycopy(img.pixels(), 0, dst, 0, w * h);
            return bi;
        }
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
        byte[] src = img.pixels();
        for (int i = 0; i < src.length; i += 3) {
            dst[i] = src[i + 2];
            dst[i + 1] = src[i + 1];
            dst[i + 2] = src[i];
        }
        return bi;
    }

    private static byte[] write(ImageWriter writer, BufferedImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a " + image.getWidth() + "x" + image.getHeight() + " image", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
