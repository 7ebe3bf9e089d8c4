package org.xnornet.data.image;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Builds four-component JPEGs laid out as Photoshop writes them, with the JDK's JPEG writer: it writes a
 * {@link Raster}'s components unconverted, and its metadata tree takes an {@code app14Adobe} node whose
 * transform flag says how to read them. Colours are given as ink amounts (0 = none, 255 = full) and
 * stored in Adobe's inverted convention; for YCCK the inverted C, M, Y are turned into YCbCr as
 * {@code 255 - stored}, which is what libjpeg's CMYK-to-YCCK conversion does.
 */
public final class AdobeJpegs {
    public static final int CMYK = 0;
    public static final int YCCK = 2;
    private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

    private AdobeJpegs() {
    }

    /** A {@code width x height} JPEG of one ink colour {@code cmyk}, with Adobe transform {@code transform}. */
    public static byte[] solid(int width, int height, int[] cmyk, int transform, boolean subsampled) throws IOException {
        return halves(width, height, cmyk, cmyk, transform, subsampled);
    }

    /** A JPEG whose left half has ink colour {@code left} and right half {@code right}. */
    static byte[] halves(int width, int height, int[] left, int[] right, int transform, boolean subsampled)
            throws IOException {
        int[] storedLeft = transform == YCCK ? ycck(left) : inverted(left);
        int[] storedRight = transform == YCCK ? ycck(right) : inverted(right);
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setPixel(x, y, x < width / 2 ? storedLeft : storedRight);
            }
        }
        return write(raster, transform, subsampled);
    }

    /** Stored values of ink amounts in Adobe's inverted CMYK. */
    static int[] inverted(int[] cmyk) {
        return new int[] {255 - cmyk[0], 255 - cmyk[1], 255 - cmyk[2], 255 - cmyk[3]};
    }

    /** Stored YCCK: JFIF RGB-to-YCbCr of (255 - stored C, M, Y), i.e. of the ink amounts; K stays inverted. */
    static int[] ycck(int[] cmyk) {
        double r = cmyk[0];
        double g = cmyk[1];
        double b = cmyk[2];
        int luma = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
        int cb = (int) Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        int cr = (int) Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
        return new int[] {luma, cb, cr, 255 - cmyk[3]};
    }

    /** The RGB an ink colour should decode to: {@code (255 - C)(255 - K) / 255}, and so on. */
    static int[] expectedRgb(int[] cmyk) {
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = Math.round((255 - cmyk[c]) * (255 - cmyk[3]) / 255f);
        }
        return rgb;
    }

    private static byte[] write(Raster raster, int transform, boolean subsampled) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        IIOMetadata metadata = metadataOf(encode(writer, raster, null, param));
        Element root = (Element) metadata.getAsTree(FORMAT);
        IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
        adobe.setAttribute("version", "100");
        adobe.setAttribute("flags0", "0");
        adobe.setAttribute("flags1", "0");
        adobe.setAttribute("transform", Integer.toString(transform));
        NodeList sequence = root.getElementsByTagName("markerSequence");
        sequence.item(0).insertBefore(adobe, sequence.item(0).getFirstChild());
        if (subsampled) {
            NodeList components = root.getElementsByTagName("componentSpec");
            for (int i : new int[] {0, 3}) {
                ((Element) components.item(i)).setAttribute("HsamplingFactor", "2");
                ((Element) components.item(i)).setAttribute("VsamplingFactor", "2");
            }
        }
        metadata.setFromTree(FORMAT, root);
        return encode(writer, raster, metadata, param);
    }

    private static byte[] encode(ImageWriter writer, Raster raster, IIOMetadata metadata, ImageWriteParam param)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, metadata), param);
        }
        return bytes.toByteArray();
    }

    private static IIOMetadata metadataOf(byte[] jpeg) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg)));
        return reader.getImageMetadata(0);
    }
}
