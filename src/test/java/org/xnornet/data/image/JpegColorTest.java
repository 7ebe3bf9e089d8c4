package org.xnornet.data.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;

/**
 * The raw-component path ({@code readRaster} plus {@link JpegColor}) is the decoder's fallback when
 * ImageIO's own conversion fails, so for ordinary JPEGs it must agree with ImageIO's conversion.
 */
class JpegColorTest {
    private static DecodedImage viaRaw(byte[] jpeg) throws IOException, BadImageException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try {
            reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg)));
            return JpegColor.toImage(reader.readRaster(0, null), JpegHeader.scan(jpeg, "raw"));
        } finally {
            reader.dispose();
        }
    }

    @Test
    void rawYCbCrAndGreyAgreeWithImageIo() throws Exception {
        for (int channels : new int[] {1, 3}) {
            byte[] jpeg = ImageEncoder.jpeg(TestImages.gradient(48, 40, channels), 0.9f);
            DecodedImage imageIo = ImageDecoder.decode(jpeg, "jfif");
            DecodedImage raw = viaRaw(jpeg);
            assertEquals(imageIo.channels(), raw.channels());
            for (int i = 0; i < raw.pixels().length; i++) {
                int d = Math.abs((raw.pixels()[i] & 0xff) - (imageIo.pixels()[i] & 0xff));
                assertTrue(d <= 1, "sample " + i + " differs by " + d);
            }
        }
    }

    @Test
    void threeComponentsWithoutYCbCrMarkersAreYCbCrAndAdobeZeroIsRgb() throws Exception {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 3, null);
        int[] stored = {200, 40, 90};
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                raster.setPixel(x, y, stored);
            }
        }
        byte[] jpeg = writeRaster(raster);
        JpegHeader header = JpegHeader.scan(jpeg, "raster");
        assertEquals(JpegHeader.NO_ADOBE, header.adobeTransform());
        int[] rgb = new int[3];
        JpegColor.yccToRgb(200, 40, 90, rgb);
        DecodedImage img = ImageDecoder.decode(jpeg, "raster");
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(img.sample(8, 8, c) - rgb[c]) <= 2, "channel " + c);
        }
        DecodedImage asRgb = JpegColor.toImage(raster, new JpegHeader(3, new int[] {1, 2, 3}, 0));
        assertEquals(200, asRgb.sample(3, 3, 0));
        assertEquals(40, asRgb.sample(3, 3, 1));
        assertEquals(90, asRgb.sample(3, 3, 2));
    }

    private static byte[] writeRaster(Raster raster) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
